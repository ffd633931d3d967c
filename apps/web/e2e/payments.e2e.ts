/**
 * Paying for an order as a shopper does: by card on the (stubbed) hosted payment page and back, on delivery, after
 * cancelling on the payment page, and when the payment page could not be opened at checkout. The stub delivers a
 * signed webhook when Pay is pressed, as Stripe does; the order page must follow the order until it is paid.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectNoViolations, newPhone, signInWithCode } from "./support";

const PRODUCT = { slug: "glass-french-press", price: "29.99" };
const STUB = process.env.E2E_STRIPE_URL!;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ORDER_URL = /\/orders\/([0-9a-f-]{36})(\?payment=(done|cancelled|unavailable))?$/;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const HOSTED_PAGE = new RegExp(`^${escape(STUB)}/pay/cs_test_[0-9a-f]+$`);

/**
 * Errors the shop's pages log or throw (hydration mismatches among them); the stub's own page is not ours, and
 * `expected` matches the ones a test provokes.
 */
function shopErrors(page: Page, expected?: RegExp): string[] {
  const errors: string[] = [];
  const base = process.env.E2E_BASE_URL!;
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error" || !message.location().url.startsWith(base)) return;
    if (expected?.test(message.text())) return;
    errors.push(`${page.url()}: ${message.text()}`);
  });
  return errors;
}

/** One French press in the signed-in shopper's cart, and the checkout's address filled in. */
async function toCheckout(page: Page) {
  await page.goto(`/products/${PRODUCT.slug}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("link", { name: "Cart (1)" })).toBeVisible();
  await page.goto("/checkout");
  await page.getByLabel("Address line 1").fill("7 Payment Lane");
  await page.getByLabel("City").fill("Springfield");
  await page.getByLabel("Postal code").fill("62701");
  await page.getByLabel("Country", { exact: true }).selectOption("US");
}

/** Signs in, puts one French press in the cart and checks out with `method`, up to pressing Place order. */
async function placeOrder(page: Page, method: "Card (secure payment page)" | "Pay on delivery / bank transfer", { look = false } = {}) {
  await signInWithCode(page, newPhone(), { name: "Pat Payer" });
  await toCheckout(page);
  const payment = page.getByRole("group", { name: "Payment" });
  // Card is the shop's default when Stripe is configured.
  await expect(payment.getByRole("radio", { name: "Card (secure payment page)" })).toBeChecked();
  await payment.getByRole("radio", { name: method }).check();
  if (look) await lookAt(page, "checkout");
  await page.getByRole("button", { name: "Place order" }).click();
}

async function orderId(page: Page): Promise<string> {
  await expect(page).toHaveURL(ORDER_URL);
  return ORDER_URL.exec(page.url())![1]!;
}

/** Screenshots at both widths (for a person to look at) and axe at both. */
async function lookAt(page: Page, name: string) {
  for (const [width, size] of [["1280", DESKTOP], ["390", PHONE]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.scroll, `${name} scrolls sideways at ${widths.view} px`).toBeLessThanOrEqual(widths.view);
    await expectNoViolations(page, `${name} at ${width} px`);
  }
  await page.setViewportSize(DESKTOP);
}

test.use({ viewport: DESKTOP });

test("pays by card on the hosted payment page and comes back to a paid order", async ({ page }) => {
  const errors = shopErrors(page);
  await placeOrder(page, "Card (secure payment page)", { look: true });
  await expect(page).toHaveURL(HOSTED_PAGE);
  await expect(page.getByRole("heading", { name: `Pay ${PRODUCT.price} USD` })).toBeVisible();
  await page.getByRole("button", { name: "Pay", exact: true }).click();

  await expect(page).toHaveURL(/\?payment=done$/);
  await orderId(page);
  await expect(page.getByRole("status").filter({ hasText: "Payment received, thank you." })).toBeVisible();
  await expect(page.locator(".status")).toHaveText("Paid");
  await expect(page.locator(".payment-status")).toHaveText("Paid");
  await expect(page.locator(".payment-facts")).toContainText("Card (secure payment page)");
  await expect(page.locator(".timeline")).toContainText("Paid");
  await expect(page.getByRole("button", { name: "Pay now" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
  await lookAt(page, "order-paid");

  await page.getByRole("link", { name: "Orders", exact: true }).click();
  await expect(page.locator("table.orders tbody tr").first()).toContainText("Paid");
  expect(errors).toEqual([]);
});

test("pays on delivery: the order waits for its payment, with how to pay and the time left", async ({ page }) => {
  const errors = shopErrors(page);
  await signInWithCode(page, newPhone());
  // Keyboard only: the method is a radio group (arrow keys move the choice).
  await toCheckout(page);
  await page.getByRole("radio", { name: "Card (secure payment page)" }).focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "Pay on delivery / bank transfer" })).toBeChecked();
  await expect(page.getByRole("group", { name: "Payment" })).toHaveAccessibleDescription(/pay when the order is delivered/);
  await page.getByRole("button", { name: "Place order" }).focus();
  await page.keyboard.press("Enter");

  const id = await orderId(page);
  expect(page.url()).toMatch(new RegExp(`/orders/${id}$`));
  await expect(page.locator(".status")).toHaveText("Pending");
  await expect(page.locator(".payment-status")).toHaveText("Awaiting payment");
  await expect(page.locator(".payment-facts")).toContainText("Pay on delivery / bank transfer");
  await expect(page.getByText(/^Thank you for your order\. You pay when it is delivered, or by bank transfer quoting the order number SO-/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Pay now" })).toHaveCount(0);

  // The unpaid order is kept for a while: a fixed time, and a countdown that is not announced every second.
  const countdown = page.getByRole("timer");
  await expect(countdown).toHaveAttribute("aria-live", "off");
  await expect(countdown).toHaveText(/^ \((29|30) min \d\d s left\)$/);
  await expect(page.locator(".time-to-pay time")).toHaveText(/ UTC$/);
  const first = await countdown.textContent();
  await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
  await lookAt(page, "order-manual");
  expect(errors).toEqual([]);
});

test("cancelling on the payment page comes back to the order with a working Pay now", async ({ page }) => {
  const errors = shopErrors(page);
  await placeOrder(page, "Card (secure payment page)");
  await expect(page).toHaveURL(HOSTED_PAGE);
  const session = page.url();
  await page.getByRole("button", { name: "Back to the shop" }).click();

  await expect(page).toHaveURL(/\?payment=cancelled$/);
  await expect(page.getByText("Your payment was not completed, and nothing was charged.")).toBeVisible();
  await expect(page.locator(".status")).toHaveText("Pending");
  await expect(page.locator(".payment-status")).toHaveText("Awaiting payment");
  await expect(page.getByRole("timer")).toHaveText(/left\)$/);
  await lookAt(page, "order-payment-cancelled");

  // The same payment page again (still valid), then paid.
  await page.getByRole("button", { name: "Pay now" }).click();
  await expect(page).toHaveURL(session);
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  await expect(page).toHaveURL(/\?payment=done$/);
  await expect(page.getByRole("status").filter({ hasText: "Payment received, thank you." })).toBeVisible();
  await expect(page.locator(".status")).toHaveText("Paid");
  expect(errors).toEqual([]);
});

test("when the payment page cannot be opened at checkout, the order page offers Pay now and follows the payment until it is confirmed", async ({
  page,
}) => {
  const errors = shopErrors(page, /status of 503/);
  // The payment provider is down for the first attempt only: the API's 503, as tRPC sends it.
  const unavailable = [{ error: { message: "The payment provider did not answer", code: -32603, data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, path: "payments.pay" } } }];
  await page.route("**/api/trpc/payments.pay**", (route) => route.fulfill({ status: 503, contentType: "application/json", json: unavailable }), { times: 1 });
  await placeOrder(page, "Card (secure payment page)");
  await expect(page).toHaveURL(/\?payment=unavailable$/);
  const id = await orderId(page);
  await expect(page.getByText("Your order is placed, but the payment page could not be opened just now.")).toBeVisible();
  await expect(page.locator(".status")).toHaveText("Pending");
  await lookAt(page, "order-payment-unavailable");

  await page.getByRole("button", { name: "Pay now" }).click();
  await expect(page).toHaveURL(HOSTED_PAGE);
  const session = page.url();

  // Back on the shop before the webhook arrived: the page says so and keeps asking.
  await page.goto(`/orders/${id}?payment=done`);
  const banner = page.locator(".payment-banner");
  await expect(banner).toHaveAttribute("role", "status");
  await expect(banner).toHaveText("Thank you! Your payment is being confirmed…");
  await expect(page.locator(".status")).toHaveText("Pending");
  await expect(page.getByRole("button", { name: "Pay now" })).toHaveCount(0);
  await lookAt(page, "order-payment-confirming");

  // The customer pays (elsewhere): the stub completes the session and delivers the signed webhook.
  const paid = await page.request.post(session, { maxRedirects: 0 });
  expect(paid.status()).toBe(303);
  await expect(banner).toHaveText("Payment received, thank you.");
  await expect(page.locator(".status")).toHaveText("Paid");
  await expect(page.locator(".payment-status")).toHaveText("Paid");
  await expect(page.getByRole("button", { name: "Pay now" })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a payment not confirmed within a minute: the page stops asking, says so and offers Pay now again", async ({ page }) => {
  const errors = shopErrors(page);
  await placeOrder(page, "Card (secure payment page)");
  await expect(page).toHaveURL(HOSTED_PAGE);
  // Not paid: back to the shop by its own links.
  await page.goto("/orders");
  await page.locator("table.orders tbody tr").first().getByRole("link").first().click();
  const id = await orderId(page);

  // The page's clock, moved on past the minute the page follows a payment for.
  await page.clock.install();
  await page.goto(`/orders/${id}?payment=done`);
  const banner = page.locator(".payment-banner");
  await expect(banner).toHaveText("Thank you! Your payment is being confirmed…");
  await page.clock.fastForward("01:01");
  await expect(banner).toHaveText(/^Thank you! Your payment is still being confirmed: this can take a few minutes\./);
  await expect(page.getByRole("button", { name: "Pay now" })).toBeVisible();
  expect(errors).toEqual([]);
});
