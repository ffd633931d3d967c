import { expect, test } from "@playwright/test";
import { newPhone, signInWithCode, withDb } from "./support";

test("a protected page sends a guest to /login and back after signing in", async ({ page }) => {
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
  await signInWithCode(page, newPhone(), { name: "Redirected", stay: true });
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
});

test("password sign-in, sign-out, and the forgotten-password flow", async ({ page, context }) => {
  const phone = newPhone();
  await signInWithCode(page, phone, { name: "Pat", password: "first password 1" });
  // Tokens are httpOnly cookies, invisible to page scripts and never in storage.
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === "shop_at")).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(await page.evaluate(() => document.cookie)).not.toContain("shop_");
  expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).not.toMatch(/eyJ/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login/);

  await page.getByRole("tab", { name: "Password" }).click();
  await page.getByLabel("Phone number").fill(phone);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".alert[role=alert]")).toHaveText("Invalid phone number or password");
  await page.getByLabel("Password").fill("first password 1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/login");
  await page.getByRole("tab", { name: "Password" }).click();
  await page.getByRole("button", { name: "Forgot your password?" }).click();
  await page.getByLabel("Phone number").fill(phone);
  const { latestCode } = await import("./support");
  const after = Date.now() - 1_000;
  await page.getByRole("button", { name: "Send reset code" }).click();
  await page.getByLabel("Code", { exact: true }).fill(await latestCode(phone, after));
  await page.getByLabel("New password").fill("second password 2");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status")).toContainText("Password changed");
  await page.getByLabel("Phone number").fill(phone);
  await page.getByLabel("Password").fill("second password 2");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("profile: edit name, email and address", async ({ page }) => {
  await signInWithCode(page, newPhone());
  await page.goto("/profile");
  await page.getByLabel("Name", { exact: true }).fill("Grace Hopper");
  await page.getByLabel("Email").fill(`grace-${Date.now()}@example.com`);
  await page.getByLabel("Address line 1").fill("1 Main St");
  await page.getByLabel("City").fill("Springfield");
  await page.getByLabel("Postal code").fill("12345");
  await page.getByLabel("Country", { exact: true }).selectOption("US");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByLabel("City")).toHaveValue("Springfield");
  await expect(page.getByRole("link", { name: "Grace Hopper" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("profile.png") });
});

test("admin page: 403 for customers, product creation for admins", async ({ page }) => {
  const phone = newPhone();
  await signInWithCode(page, phone);
  expect((await page.goto("/admin/products/new"))?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Administrators only" })).toBeVisible();

  await withDb((db) => db.query("UPDATE users SET role = 'admin' WHERE phone = $1", [phone]));
  await page.reload();
  const name = "Ceramic Table Lamp, Sage Edition";
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel(/^Slug/).fill(`ceramic-table-lamp-sage-${Date.now()}`);
  await page.getByLabel(/^Image URL/).fill("/images/products/ceramic-table-lamp.svg");
  await page.getByLabel("Price").fill("19.99");
  await page.getByLabel("Stock").fill("7");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByRole("status")).toContainText(`Created ${name}`);
  await page.screenshot({ path: test.info().outputPath("admin-new-product.png") });
});
