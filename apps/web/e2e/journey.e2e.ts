/**
 * The shopping journey in one browser session: a guest browses, searches, filters and fills a cart; signs in by
 * SMS code (the guest cart is merged); checks out once even when the first answer is lost and the button is
 * double-clicked; sees the order and the stock change; reviews the product; cancels the order.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { newPhone, signInWithCode, withDb } from "./support";

const DOCS_SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/screenshots");
const VIEWPORT = { width: 1280, height: 800 };
// A seeded product (packages/db/src/seed-data.ts) that both the search "wireless" and the category "Audio" find.
const PRODUCT = "Aurora Wireless Noise-Cancelling Headphones";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const money = (cents: number) => usd.format(cents / 100);
const cents = (text: string) => Math.round(Number(text.replace(/[^0-9.]/g, "")) * 100);

/** Waits until the images in view have loaded, so screenshots show them. */
async function imagesInView(page: Page) {
  await page.waitForFunction(() =>
    Array.from(document.images)
      .filter((img) => img.getBoundingClientRect().top < window.innerHeight)
      .every((img) => img.complete && img.naturalWidth > 0),
  );
}

async function shot(page: Page, name: string, docs = false) {
  await imagesInView(page);
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  if (docs) {
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, `${name}.png`) });
  }
}

async function noHorizontalScroll(page: Page, url: string, name: string) {
  await page.goto(url);
  await imagesInView(page);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.scroll, `${url} scrolls sideways at ${widths.view} px`).toBeLessThanOrEqual(375);
  await page.screenshot({ path: test.info().outputPath(`${name}-375.png`), fullPage: true });
}

test.describe.serial("shopping journey", () => {
  let context: BrowserContext;
  let page: Page;
  const phone = newPhone();
  let productUrl = "";
  let price = 0;
  let stockBefore = 0;
  let orderId = "";
  let orderNumber = "";

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: VIEWPORT });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context.close();
  });

  test("a guest browses, searches, filters by category and adds 2 to the cart", async () => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "All products" })).toBeVisible();
    const cards = page.locator(".product-card");
    await expect(cards).toHaveCount(12);
    await expect(cards.first().locator(".price")).toHaveText(/^\$\d/);
    await shot(page, "catalog", true);

    // "Load more" follows the cursor: the next page is appended, nothing repeats.
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(cards).toHaveCount(24);
    const names = await cards.locator(".product-name").allTextContents();
    expect(new Set(names).size).toBe(24);

    await page.getByRole("searchbox", { name: "Search" }).fill("wireless");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/\?q=wireless$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("results for “wireless”");
    await expect(page.getByRole("link", { name: PRODUCT })).toBeVisible();

    // The category link keeps the search: both filters in the (shareable) URL.
    await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Audio", exact: true }).click();
    await expect(page).toHaveURL(/\/\?q=wireless&category=audio$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Audio");
    await expect(page.getByRole("link", { name: "Audio", exact: true })).toHaveAttribute("aria-current", "page");

    // A filter nothing passes: the empty state.
    await page.getByLabel("Min price ($)").fill("100000");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/minPrice=100000/);
    await expect(page.getByRole("heading", { name: "No products match" })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("link", { name: PRODUCT })).toBeVisible();

    await page.getByRole("link", { name: PRODUCT }).click();
    await expect(page).toHaveURL(/\/products\/aurora-wireless-headphones$/);
    productUrl = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { level: 1, name: PRODUCT })).toBeVisible();
    await expect(page.locator(".rating-summary")).toHaveText("No reviews yet");
    await expect(page.getByRole("link", { name: "Sign in to write a review" })).toHaveAttribute(
      "href",
      `/login?next=${encodeURIComponent(productUrl)}`,
    );
    price = cents((await page.locator(".price.big").textContent()) ?? "");
    expect(price).toBeGreaterThan(0);
    stockBefore = Number(/^In stock: (\d+)$/.exec((await page.getByText(/^In stock: \d+$/).textContent()) ?? "")?.[1]);
    expect(stockBefore).toBeGreaterThanOrEqual(2);

    await page.getByLabel("Quantity").selectOption("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added 2 to your cart" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Cart (2)" })).toBeVisible();
    await shot(page, "product", true);

    // An unknown product is the 404 page.
    const missing = await page.goto("/products/no-such-product");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

    // Protected pages send guests to sign in and back.
    for (const protectedPath of ["/orders", "/checkout"]) {
      await page.goto(protectedPath);
      await expect(page).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(protectedPath)}$`));
    }
  });

  test("the guest cart is editable and survives signing in by SMS code", async () => {
    await page.goto("/cart");
    const quantity = page.getByRole("spinbutton", { name: `Quantity of ${PRODUCT}`, exact: true });
    await expect(quantity).toHaveValue("2");
    await expect(page.locator(".subtotal")).toContainText(money(2 * price));

    await page.getByRole("button", { name: `Increase quantity of ${PRODUCT}` }).click();
    await expect(quantity).toHaveValue("3");
    await expect(page.locator(".subtotal")).toContainText(money(3 * price));
    await expect(page.getByRole("link", { name: "Cart (3)" })).toBeVisible();
    await page.getByRole("button", { name: `Decrease quantity of ${PRODUCT}` }).click();
    await expect(quantity).toHaveValue("2");
    await expect(page.getByRole("link", { name: "Cart (2)" })).toBeVisible();

    await page.getByRole("link", { name: "Sign in to check out" }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fcheckout$/);
    await signInWithCode(page, phone, { name: "Journey Tester", stay: true });
    await expect(page).toHaveURL(/\/checkout$/);

    // The merge happened on the server: the signed-in cart holds the guest's 2 units.
    await page.goto("/cart");
    await expect(page.getByRole("spinbutton", { name: `Quantity of ${PRODUCT}`, exact: true })).toHaveValue("2");
    await expect(page.getByRole("link", { name: "Cart (2)" })).toBeVisible();
    await expect(page.locator(".subtotal")).toContainText(money(2 * price));
    await shot(page, "cart");
  });

  test("checkout places exactly one order, even after a lost answer and a double-click", async () => {
    await page.getByRole("link", { name: "Checkout", exact: true }).click();
    await expect(page).toHaveURL(/\/checkout$/);
    await expect(page.locator(".order-summary")).toContainText(`${PRODUCT} × 2`);
    await page.getByLabel("Address line 1").fill("12 Journey Road");
    await page.getByLabel("City").fill("Springfield");
    await page.getByLabel("Postal code").fill("12345");
    await page.getByLabel("Country", { exact: true }).selectOption({ label: "United States" });
    await page.getByLabel("Pay on delivery / bank transfer").check();
    await shot(page, "checkout");

    const sentKeys: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/trpc/orders.create")) sentKeys.push(request.headers()["idempotency-key"] ?? "");
    });
    // The first request reaches the server (the order is placed) but its answer never arrives.
    await page.route("**/api/trpc/orders.create**", async (route) => {
      await route.fetch();
      await route.abort("failed");
    }, { times: 1 });
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "did not answer" })).toBeVisible();

    // The retry carries the same key: the server replays the first order instead of placing another.
    const answer = page.waitForResponse((response) => response.url().includes("/api/trpc/orders.create"));
    await page.getByRole("button", { name: "Place order" }).dblclick();
    expect((await answer).headers()["idempotent-replayed"]).toBe("true");
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    orderId = page.url().split("/").pop()!;
    expect(sentKeys).toHaveLength(2);
    expect(sentKeys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sentKeys[1]).toBe(sentKeys[0]);

    const heading = page.getByRole("heading", { level: 1, name: /^Order SO-/ });
    await expect(heading).toBeVisible();
    orderNumber = ((await heading.textContent()) ?? "").replace("Order ", "");
    await expect(page.locator(".status")).toHaveText("Pending");
    await expect(page.getByRole("row", { name: /^Total/ })).toContainText(money(2 * price));
    await expect(page.getByRole("row", { name: new RegExp(PRODUCT) })).toContainText("2");
    await expect(page.locator("address")).toContainText("12 Journey Road");
    await expect(page.getByRole("link", { name: "Cart", exact: true })).toBeVisible();
    await shot(page, "order-detail");

    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await expect(page).toHaveURL(/\/orders$/);
    const rows = page.locator("table.orders tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(orderNumber);
    await expect(rows.first()).toContainText(money(2 * price));
    await expect(rows.first()).toContainText("Pending");
    await shot(page, "orders");

    // The server saw the header: the key is recorded, completed, for this user's one order.
    const recorded = await withDb(async (db) => {
      const orders = await db.query("SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE u.phone = $1", [phone]);
      const keys = await db.query(
        "SELECT k.status FROM idempotency_keys k JOIN users u ON u.id = k.user_id WHERE u.phone = $1 AND k.key = $2",
        [phone, sentKeys[0]],
      );
      return { orders: orders.rows.map((r: { id: string }) => r.id), keys: keys.rows.map((r: { status: string }) => r.status) };
    });
    expect(recorded).toEqual({ orders: [orderId], keys: ["completed"] });

    await page.goto(productUrl);
    await expect(page.getByText(`In stock: ${stockBefore - 2}`, { exact: true })).toBeVisible();
  });

  test("a review updates the product's rating summary", async () => {
    await page.goto(productUrl);
    await expect(page.locator(".rating-summary")).toHaveText("No reviews yet");
    await page.getByLabel("Rating").selectOption("4");
    await page.getByLabel("Comment").fill("Comfortable for long flights; the case is sturdy.");
    await page.getByRole("button", { name: "Submit review" }).click();
    await expect(page.getByRole("status").filter({ hasText: "your review is published" })).toBeVisible();
    await expect(page.locator(".rating-summary")).toHaveText("★★★★☆ 4 out of 5 (1 review)");
    const review = page.locator(".review").first();
    await expect(review).toContainText("Comfortable for long flights");
    await expect(review).toContainText("Journey Tester");
    await expect(review).toContainText("Verified purchase");

    await page.reload();
    await expect(page.locator(".rating-summary")).toHaveText("★★★★☆ 4 out of 5 (1 review)");
    // One review per customer: once written, the page shows it instead of offering the form again.
    await expect(page.getByRole("status").filter({ hasText: "You reviewed this product on" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Submit review" })).toHaveCount(0);
  });

  test("a pending order can be cancelled and its stock comes back", async () => {
    await page.goto(`/orders/${orderId}`);
    await page.getByRole("button", { name: "Cancel order" }).click();
    await page.getByRole("button", { name: "Yes, cancel the order" }).click();
    await expect(page.locator(".status")).toHaveText("Cancelled");
    await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
    await page.goto(productUrl);
    await expect(page.getByText(`In stock: ${stockBefore}`, { exact: true })).toBeVisible();
  });

  test("another customer's order is a 404", async ({ browser }) => {
    const other = await browser.newContext({ viewport: VIEWPORT });
    const stranger = await other.newPage();
    await signInWithCode(stranger, newPhone());
    const response = await stranger.goto(`/orders/${orderId}`);
    expect(response?.status()).toBe(404);
    await expect(stranger.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(stranger.getByText(orderNumber)).toHaveCount(0);
    await other.close();
  });

  test("pages fit a 375 px wide screen without sideways scrolling", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await noHorizontalScroll(page, "/", "catalog");
    await noHorizontalScroll(page, productUrl, "product");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("link", { name: "Cart (1)" })).toBeVisible();
    // The page offers only what is left (stock minus the 1 in the cart). Stock sold meanwhile: the API's 409
    // sentence is shown, the cart is unchanged.
    await expect(page.getByLabel("Quantity").locator("option")).toHaveCount(stockBefore - 1);
    await page.getByLabel("Quantity").selectOption(String(stockBefore - 1));
    await withDb((db) => db.query("UPDATE products SET stock = 2 WHERE slug = 'aurora-wireless-headphones'"));
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.locator(".alert[role=alert]")).toHaveText("Only 2 in stock, and your cart already holds 1: add 1 or fewer");
    await expect(page.getByRole("link", { name: "Cart (1)" })).toBeVisible();
    await withDb((db) => db.query("UPDATE products SET stock = $1 WHERE slug = 'aurora-wireless-headphones'", [stockBefore]));
    await noHorizontalScroll(page, "/cart", "cart");
    await noHorizontalScroll(page, "/checkout", "checkout");
    await page.goto("/cart");
    await page.getByRole("button", { name: `Remove ${PRODUCT}` }).click();
    await expect(page.getByText("Your cart is empty.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Cart", exact: true })).toBeVisible();
    await noHorizontalScroll(page, "/orders", "orders");
    await noHorizontalScroll(page, `/orders/${orderId}`, "order-detail");
  });
});
