/**
 * axe-core (WCAG 2.1 A and AA rules) over the storefront's pages in the states a shopper sees them, on a desktop
 * window and on a 390 px phone. A rule that fails names the page, the rule and the offending elements.
 */
import { expect, test } from "@playwright/test";
import { expectNoViolations, newPhone, signInWithCode } from "./support";

const VIEWPORTS = [
  { name: "1280", width: 1280, height: 800 },
  { name: "390", width: 390, height: 844 },
];

for (const viewport of VIEWPORTS) {
  test(`storefront pages pass axe at ${viewport.name} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto("/");
    await expectNoViolations(page, "catalogue");
    if (viewport.width < 761) {
      await page.getByText("Filters and sort").click();
      await expectNoViolations(page, "catalogue, filters open");
    }

    await page.goto("/login");
    await page.getByLabel("Phone number").fill(newPhone());
    await page.getByRole("button", { name: "Send code" }).click();
    await expect(page.getByLabel("Code", { exact: true })).toBeVisible();
    await expectNoViolations(page, "login, code sent");

    await page.goto("/products/aurora-wireless-headphones");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added 1" })).toBeVisible();
    await expectNoViolations(page, "product, added");

    await page.goto("/cart");
    const box = page.getByRole("spinbutton", { name: /^Quantity of / });
    await box.fill("999");
    await box.press("Enter");
    await expect(page.locator(".cart-line .alert")).toBeVisible();
    await expectNoViolations(page, "cart, refused quantity");

    await signInWithCode(page, newPhone(), { name: "Axe Tester" });
    await page.goto("/profile");
    await expectNoViolations(page, "profile");
    await page.goto("/checkout");
    await page.getByLabel("Address line 1").fill("1 Main St");
    await page.getByLabel("City").fill("Springfield");
    await page.getByLabel("Postal code").fill("62701");
    await page.getByLabel("Country", { exact: true }).selectOption("US");
    await page.getByLabel("Pay on delivery / bank transfer").check();
    await expectNoViolations(page, "checkout");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "Cancel order" }).click();
    await expectNoViolations(page, "order, cancel question");

    await page.goto("/admin/products/new");
    await expectNoViolations(page, "403 page");
  });
}
