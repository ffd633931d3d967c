/**
 * What a new user met in their first hour (issue 12, items 13 and 15-20), tried again the same way: in chromium, on
 * a desktop window and on a 390 px phone, against the production build.
 */
import { expect, test, type Page } from "@playwright/test";
import { latestCode, newPhone, signInWithCode, withDb } from "./support";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
// Seeded products (packages/db/src/seed-data.ts) whose stock the cart tests set for themselves.
const SKILLET = { slug: "cast-iron-skillet-12" };
const KNIFE = { slug: "chefs-knife-8" };

async function setStock(slug: string, stock: number) {
  await withDb((db) => db.query("UPDATE products SET stock = $2 WHERE slug = $1", [slug, stock]));
  // Past the catalogue read cache (CATALOG_CACHE_TTL_MS, 2 s by default, then up to as long again served stale
  // while it reloads), so pages show the new stock.
  await new Promise((resolve) => setTimeout(resolve, 4_100));
}

async function productName(slug: string): Promise<string> {
  return withDb(async (db) => (await db.query<{ name: string }>("SELECT name FROM products WHERE slug = $1", [slug])).rows[0]!.name);
}

/** Console errors and 4xx/5xx answers of a page, from now on (cancelled link prefetches are not problems). */
function problems(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => m.type() === "error" && seen.push(`console: ${m.text()}`));
  page.on("response", (r) => r.status() >= 400 && seen.push(`${r.status()}: ${r.url()}`));
  return seen;
}

/** Records whether "Loading…" was ever on the page, from the first byte the browser parsed. */
function watchForLoading(page: Page) {
  return page.addInitScript(() => {
    const w = window as unknown as { sawLoading: boolean };
    w.sawLoading = false;
    new MutationObserver(() => {
      if (document.body?.innerText.includes("Loading…")) w.sawLoading = true;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}
const sawLoading = (page: Page) => page.evaluate(() => (window as unknown as { sawLoading: boolean }).sawLoading);

test.describe("the catalogue", () => {
  test("renders its first page on the server: products without JavaScript, no Loading… spinner", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator(".product-card")).toHaveCount(12);
    await expect(page.getByText("Loading…")).toHaveCount(0);
    await context.close();
  });

  test("never shows Loading… on a full page load, and Load more still continues in the browser", async ({ page }) => {
    await watchForLoading(page);
    await page.goto("/?category=electronics");
    await expect(page.locator(".product-card").first()).toBeVisible();
    expect(await sawLoading(page)).toBe(false);
  });

  test("search finds what a shopper types (the placeholder's own example, a category, a typo), best match first, with a count", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await page.goto("/");
    const search = page.getByRole("searchbox", { name: "Search" });
    await expect(search).toHaveAttribute("placeholder", /novel/);
    const novels = await withDb(async (db) =>
      (await db.query<{ name: string }>("SELECT name FROM products WHERE 'novel' = ANY(tags) AND is_active")).rows.map((r) => r.name),
    );
    expect(novels.length).toBeGreaterThan(0);
    for (const [query, expected] of [["novel", novels], ["fiction", novels], ["hedphones", ["Aurora Wireless Noise-Cancelling Headphones"]]] as const) {
      await search.fill(query);
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`q=${query}`));
      await expect(page).not.toHaveURL(/sort=/);
      const names = page.locator(".product-card .product-name");
      await expect(names.first()).toBeVisible();
      const shown = await names.allTextContents();
      expect(shown.length, query).toBeGreaterThan(0);
      for (const name of expected) expect(shown, query).toContain(name);
      await expect(page.getByText(/^(about )?[\d,]+ results?$/)).toBeVisible();
      await expect(page.locator('select[name="sort"]')).toHaveValue("relevance");
    }
  });

  test("the cart page, a sibling, renders on the server too: no Loading… on a full page load", async ({ page }) => {
    await watchForLoading(page);
    await page.goto("/cart");
    await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
    expect(await sawLoading(page)).toBe(false);
  });

  test("Back after Load more and a product page gives the same items at the same scroll position", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await page.goto("/");
    const cards = page.locator(".product-card");
    await expect(cards).toHaveCount(12);
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(cards).toHaveCount(24);
    const names = await cards.locator(".product-name").allTextContents();
    const target = cards.nth(19);
    await target.scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(200);
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(500);
    const targetName = names[19]!;

    await target.locator(".product-link").click();
    await expect(page.getByRole("heading", { level: 1, name: targetName })).toBeVisible();
    await page.goBack();
    await expect(cards).toHaveCount(24);
    expect(await cards.locator(".product-name").allTextContents()).toEqual(names);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled - 5);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolled)).toBeLessThanOrEqual(5);

    // A reload of that history entry too (the query cache is gone: the pages are fetched again along the cursors).
    await page.reload();
    await expect(cards).toHaveCount(24);
    expect(await cards.locator(".product-name").allTextContents()).toEqual(names);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled - 5);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolled)).toBeLessThanOrEqual(5);

    // A new visit of the catalogue starts at the top with one page.
    await page.getByRole("link", { name: "Catalog", exact: true }).click();
    await expect(cards).toHaveCount(12);
  });

  test("on a 390 px phone the first screen shows products; filters wait behind one control", async ({ page }) => {
    await page.setViewportSize(PHONE);
    await page.goto("/");
    const first = page.locator(".product-card").first();
    const box = (await first.boundingBox())!;
    expect(box.y + box.height, "the first product ends inside the first screen").toBeLessThanOrEqual(PHONE.height);
    await expect(page.getByLabel("Min price ($)")).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Audio", exact: true })).toBeVisible();
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.view);
    await page.screenshot({ path: test.info().outputPath("catalog-390.png") });

    await page.getByText("Filters and sort").click();
    await expect(page.getByLabel("Min price ($)")).toBeVisible();
    await page.getByLabel("Sort by").selectOption("price_asc");
    await expect(page).toHaveURL(/sort=price_asc/);
    await expect(page.getByText("Filters and sort (1 set)")).toBeVisible();
    await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Audio", exact: true }).click();
    await expect(page).toHaveURL(/category=audio/);
    await expect(page.locator(".product-card").first()).toBeInViewport();
  });

  test("on a desktop the categories and every filter stay in view next to the products", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await page.goto("/");
    await expect(page.getByText("Filters and sort")).toBeHidden();
    await expect(page.getByLabel("Min price ($)")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Categories" })).toBeVisible();
    await expect(page.locator(".product-card").first()).toBeInViewport({ ratio: 1 });
    // Keyboard users reach the filters too.
    await page.getByRole("searchbox", { name: "Search" }).focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Min price ($)")).toBeFocused();
    await page.screenshot({ path: test.info().outputPath("catalog-1280.png") });
  });

  test("a product without a photo says so instead of showing an empty grey box", async ({ page }) => {
    const slug = `no-photo-${Date.now()}`;
    const name = `Plain Canvas Tote ${slug}`;
    await withDb((db) =>
      db.query("INSERT INTO products (id, slug, name, description, price, currency, stock, updated_at) VALUES (gen_random_uuid(), $1, $2, '', 1500, 'USD', 4, now())", [slug, name]),
    );
    try {
      await page.goto(`/?q=${encodeURIComponent(slug)}`);
      const card = page.locator(".product-card").filter({ hasText: name });
      await expect(card.locator(".no-image")).toContainText("No photo");
      await expect(card.locator(".no-image svg")).toBeVisible();
      await expect(card.getByRole("link")).toHaveAccessibleName(name);
      await card.getByRole("link").click();
      await expect(page.locator(".product-images .no-image")).toContainText("No photo");
    } finally {
      await withDb((db) => db.query("DELETE FROM products WHERE slug = $1", [slug]));
    }
  });

  test("every page has a favicon: no console error, no failed request", async ({ page }) => {
    const seen = problems(page);
    await page.goto("/");
    await expect(page.locator(".product-card").first()).toBeVisible();
    const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(icon).toBeTruthy();
    const response = await page.request.get(icon!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("image/svg+xml");
    await page.waitForLoadState("networkidle");
    expect(seen).toEqual([]);
  });
});

test.describe("the cart: one limit, one message, the box shows the truth", () => {
  test("the product page offers what the cart allows; refused quantities snap back; 0 removes; focus stays in the list", async ({ page }) => {
    await setStock(SKILLET.slug, 42);
    await setStock(KNIFE.slug, 10);
    const skillet = await productName(SKILLET.slug);
    const knife = await productName(KNIFE.slug);
    await page.setViewportSize(DESKTOP);

    await page.goto(`/products/${SKILLET.slug}`);
    const quantity = page.getByLabel("Quantity");
    await expect(quantity.locator("option")).toHaveCount(42);
    await quantity.selectOption("3");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added 3 to your cart" })).toBeVisible();
    // The same rule as the cart: 42 in stock, 3 held, so 39 more.
    await expect(quantity.locator("option")).toHaveCount(39);
    await expect(page.getByText("3 already in your cart; you can add up to 39 more.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Quantity").locator("option")).toHaveCount(39);

    await page.goto(`/products/${KNIFE.slug}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("link", { name: "Cart (4)" })).toBeVisible();

    await page.goto("/cart");
    const box = page.getByRole("spinbutton", { name: `Quantity of ${skillet}`, exact: true });
    await expect(box).toHaveValue("3");
    for (const typed of ["999", "45"]) {
      await box.fill(typed);
      await box.press("Enter");
      await expect(page.locator(".cart-line .alert[role=alert]")).toHaveText("Only 42 in stock: choose 42 or fewer");
      await expect(box).toHaveValue("3");
      await expect(page.getByRole("link", { name: "Cart (4)" })).toBeVisible();
    }
    await box.fill("42");
    await box.press("Enter");
    await expect(page.getByRole("link", { name: "Cart (43)" })).toBeVisible();
    await expect(page.getByRole("button", { name: `Increase quantity of ${skillet}` })).toBeDisabled();

    // Removing a line puts focus on the line that took its place, not on the page body.
    await page.getByRole("button", { name: `Remove ${skillet}` }).click();
    await expect(page.getByRole("link", { name: knife, exact: true })).toBeFocused();
    await expect(page.getByRole("status").filter({ hasText: `Removed ${skillet} from your cart.` })).toBeAttached();

    // 0 + Enter removes the line, like the API's PATCH with 0.
    const knifeBox = page.getByRole("spinbutton", { name: `Quantity of ${knife}`, exact: true });
    await knifeBox.fill("0");
    await knifeBox.press("Enter");
    await expect(page.getByText("Your cart is empty.")).toBeVisible();
    await expect(page.locator(".empty.panel")).toBeFocused();
    await expect(page.getByRole("link", { name: "Cart", exact: true })).toBeVisible();
  });
});

test.describe("signing in by code", () => {
  test("a reload within the resend cooldown keeps the code field and counts the seconds; a second tab is told how long", async ({ browser }) => {
    const phone = newPhone();
    const first = await browser.newContext();
    const page = await first.newPage();
    await page.goto("/login");
    await page.getByLabel("Phone number").fill(phone);
    const sentAfter = Date.now() - 1_000;
    await page.getByRole("button", { name: "Send code" }).click();
    await expect(page.getByLabel("Code", { exact: true })).toBeVisible();

    await page.reload();
    await expect(page.getByLabel("Code", { exact: true })).toBeVisible();
    await expect(page.getByLabel("Phone number")).toHaveValue(phone);
    await expect(page.getByText(/^You can ask for a new code in \d+ seconds?\.$/)).toBeVisible();
    // Nothing but the phone number and times is kept: never the code.
    const code = await latestCode(phone, sentAfter);
    expect(await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage))).not.toContain(code);
    await page.getByLabel("Code", { exact: true }).fill(code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await first.close();

    // Another tab (no memory of the send) asks again within the cooldown: the seconds, and the field for the code.
    const second = await browser.newContext();
    const other = await second.newPage();
    await other.goto("/login");
    await other.getByLabel("Phone number").fill(phone);
    await other.getByRole("button", { name: "Send code" }).click();
    await expect(other.locator(".alert[role=alert]")).toHaveText(
      /^A code was sent recently; wait before asking for another: \d+ seconds? left\. Enter the code you already received\.$/,
    );
    await expect(other.getByLabel("Code", { exact: true })).toBeVisible();
    await second.close();
  });
});

test.describe("orders and the account", () => {
  test("addresses take a country from a list, print in postal order, and cancelling asks first", async ({ page }) => {
    await page.setViewportSize(PHONE);
    await signInWithCode(page, newPhone(), { name: "Ada Lovelace" });

    await page.goto("/profile");
    await expect(page.getByLabel("Country code")).toHaveCount(0);
    const profileCountry = page.getByLabel("Country", { exact: true });
    await expect(profileCountry.locator("option", { hasText: "United Kingdom" })).toHaveAttribute("value", "GB");
    await page.getByLabel("Address line 1").fill("12 St James's Square");
    await page.getByLabel("City").fill("London");
    await page.getByLabel("Postal code").fill("SW1Y 4JH");
    await profileCountry.selectOption({ label: "United Kingdom" });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved.");
    await page.reload();
    await expect(page.getByLabel("Country", { exact: true })).toHaveValue("GB");

    await setStock(KNIFE.slug, 10);
    await page.goto(`/products/${KNIFE.slug}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("link", { name: "Cart (1)" })).toBeVisible();
    await page.goto("/checkout");
    // Prefilled from the profile, as a name in the picker.
    const country = page.getByLabel("Country", { exact: true });
    await expect(country).toHaveValue("GB");
    await expect(country.locator("option:checked")).toHaveText("United Kingdom");
    await page.screenshot({ path: test.info().outputPath("checkout-390.png"), fullPage: true });
    await page.getByLabel("Pay on delivery / bank transfer").check();
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    expect(await page.locator("address").innerText()).toBe("Ada Lovelace\n12 St James's Square\nLondon\nSW1Y 4JH\nUnited Kingdom");

    await page.getByRole("button", { name: "Cancel order" }).click();
    await expect(page.getByText(/^Cancel order SO-.* This cannot be undone\.$/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Yes, cancel the order" })).toBeFocused();
    await page.getByRole("button", { name: "Keep the order" }).click();
    await expect(page.locator(".status")).toHaveText("Pending");
    await expect(page.getByRole("button", { name: "Cancel order" })).toBeFocused();
    await page.getByRole("button", { name: "Cancel order" }).click();
    await page.getByRole("button", { name: "Yes, cancel the order" }).click();
    await expect(page.locator(".status")).toHaveText("Cancelled");
  });

  test("an address saved with a code that is no country still shows, and asks for a real one", async ({ page }) => {
    const phone = newPhone();
    await signInWithCode(page, phone);
    const legacy = { line1: "1 Legacy Lane", city: "London", postalCode: "N1 9GU", country: "UN" };
    await withDb((db) => db.query("UPDATE users SET shipping_address = $2::jsonb WHERE phone = $1", [phone, JSON.stringify(legacy)]));
    await page.goto("/profile");
    await expect(page.getByLabel("Address line 1")).toHaveValue("1 Legacy Lane");
    const country = page.getByLabel("Country", { exact: true });
    await expect(country).toHaveValue("");
    await expect(country).toHaveAccessibleDescription("The saved country “UN” is not a country code: choose the country.");
    await country.selectOption("GB");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved.");
    await page.reload();
    await expect(page.getByLabel("Country", { exact: true })).toHaveValue("GB");
  });

  test("the admin page answers a customer with HTTP 403 and the 403 page", async ({ page }) => {
    await signInWithCode(page, newPhone());
    const response = await page.goto("/admin/products/new");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "Administrators only" })).toBeVisible();
    await expect(page.getByLabel("Price")).toHaveCount(0);
  });

  test("/dev/sms shows the outbox under the production build when SMS_OUTBOX_PAGE=1 and the mock sender is in use", async ({ page }) => {
    const phone = newPhone();
    await page.goto("/login");
    await page.getByLabel("Phone number").fill(phone);
    const sentAfter = Date.now() - 1_000;
    await page.getByRole("button", { name: "Send code" }).click();
    const code = await latestCode(phone, sentAfter);
    const response = await page.goto("/dev/sms");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("row").filter({ hasText: phone })).toContainText(code);
  });
});
