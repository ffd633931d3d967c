/**
 * Sizes and colours on the seeded Everyday Canvas Sneakers (packages/db/src/seed-data.ts: sizes 38-45 in White
 * and Black, 42 and 43 in Black sold out, 45 in White not made): a shopper sees which combinations they can
 * have, picks one by keyboard and pointer, and buys exactly that variant. axe runs on the page at desktop and
 * phone widths.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { newPhone, signInWithCode, withDb } from "./support";

const SLUG = "everyday-canvas-sneakers";

async function variantStock(title: string): Promise<number> {
  return withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT v.stock FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.slug = $1 AND v.title = $2`,
      [SLUG, title],
    );
    return rows[0].stock as number;
  });
}

const size = (page: Page, value: string) => page.getByRole("group", { name: /^Size/ }).getByRole("radio", { name: new RegExp(`^${value}`) });
const colour = (page: Page, value: string) => page.getByRole("group", { name: /^Colour/ }).getByRole("radio", { name: new RegExp(`^${value}`) });

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`options show what can be bought at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto(`/products/${SLUG}`);
    await size(page, "42").check();
    await expect(colour(page, "Black")).toBeDisabled(); // sold out
    await expect(colour(page, "White")).toBeEnabled();
    await size(page, "45").check();
    // 45 / White was never made, and 45 / Black is what is left: the picker moved to it.
    await expect(colour(page, "White")).toBeDisabled();
    // 42 is still choosable while Black is chosen (42 / Black is sold out): it moves to 42 / White.
    await size(page, "42").check();
    await expect(colour(page, "White")).toBeChecked();
    await expect(page.getByRole("button", { name: "Add to cart" })).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.view);
    await page.screenshot({ path: test.info().outputPath(`variants-${viewport.width}.png`), fullPage: true });
  });
}

test("a shopper picks 41 / Black and buys exactly that variant", async ({ page }) => {
  const before = await variantStock("41 / Black");
  const other = await variantStock("41 / White");
  await page.goto(`/products/${SLUG}`);
  await size(page, "41").check();
  // By keyboard: arrow keys move within the colour group.
  await colour(page, "White").check();
  // The address follows the choice through router.replace, after a server round trip: wait for the one that
  // names the variant chosen last, or the address shared below may still name an earlier one.
  const replaced = page.waitForRequest((request) => /[?&]variant=[0-9a-f-]{36}/.test(request.url()) && request.headers()["rsc"] === "1");
  await colour(page, "White").press("ArrowRight");
  await expect(colour(page, "Black")).toBeChecked();
  await expect(page.getByRole("status").filter({ hasText: /In stock: \d+/ })).toBeVisible();
  const black = /[?&]variant=([0-9a-f-]{36})/.exec((await replaced).url())![1];
  await expect(page).toHaveURL(new RegExp(`\\?variant=${black}$`));
  const shared = page.url();

  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added 1 to your cart" })).toBeVisible();

  // The address names the variant: opened again, the same choice is made.
  await page.goto(shared);
  await expect(size(page, "41")).toBeChecked();
  await expect(colour(page, "Black")).toBeChecked();

  await page.goto("/cart");
  await expect(page.locator(".cart-line")).toContainText("41 / Black");
  await page.getByRole("link", { name: "Sign in to check out" }).click();
  await signInWithCode(page, newPhone(), { name: "Variant Buyer", stay: true });
  await expect(page).toHaveURL(/\/checkout$/);
  await page.getByLabel("Address line 1").fill("1 Size Street");
  await page.getByLabel("City").fill("Springfield");
  await page.getByLabel("Postal code").fill("12345");
  await page.getByLabel("Country", { exact: true }).selectOption({ label: "United States" });
  await page.getByLabel("Pay on delivery / bank transfer").check();
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("row", { name: /Everyday Canvas Sneakers/ })).toContainText("41 / Black");
  expect(await variantStock("41 / Black")).toBe(before - 1);
  expect(await variantStock("41 / White")).toBe(other);
});

test("the catalogue's option facets filter by size, with counts, kept in the address", async ({ page }) => {
  await page.goto("/?category=footwear");
  const facets = page.getByRole("navigation", { name: "Refine by option" });
  const size46 = facets.getByRole("link", { name: /^46 \(\d+\)/ });
  await expect(size46).toBeVisible();
  await size46.click();
  await expect(page).toHaveURL(/[?&]size=46(&|$)/);
  // Only trail running shoes and hiking boots come in 46; the hiking boots' 46 is sold out but still sold.
  await expect(page.locator(".product-card")).toHaveCount(2);
  await expect(facets.getByRole("link", { name: /46/ })).toHaveAttribute("aria-current", "true");
  // A parameter that names no option (a campaign tag) filters nothing.
  await page.goto("/?category=footwear&utm_source=newsletter");
  await expect(page.locator(".product-card")).toHaveCount(6);
});
