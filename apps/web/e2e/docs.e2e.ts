import { expect, test } from "@playwright/test";

// Anything not served by this machine is refused: the docs must work with no internet at all.
test.beforeEach(async ({ page }) => {
  await page.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/)/, (route) => route.abort("internetdisconnected"));
});

test("Swagger UI renders the shop's endpoints offline", async ({ page }) => {
  const failed: string[] = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  await page.goto("/swagger");
  await expect(page.locator(".swagger-ui .info .title")).toContainText("Shop API");
  await expect(page.getByText("/auth/register", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("/health", { exact: false }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("swagger.png"), fullPage: false });
  expect(failed).toEqual([]);
});

test("ReDoc renders the shop's endpoints offline", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/redoc");
  await expect(page.getByRole("heading", { name: /Shop API/ }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Send a sign-up code by SMS" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("redoc.png"), fullPage: false });
  expect(errors).toEqual([]);
});
