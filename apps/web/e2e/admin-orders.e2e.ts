/**
 * The back office's orders, customers and audit pages as a shop owner uses them: a customer orders through the
 * storefront (pay on delivery), the owner finds the order, marks it paid, ships and delivers it with notes, and the
 * customer sees it delivered; a paid order is partly refunded; a customer is blocked while signed in elsewhere,
 * and their open session ends and cannot start again. The dashboard counts the new order; axe, a tablet and a
 * phone width check the list and detail pages; staff are not offered what only admins may do.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoViolations, newPhone, signInWithCode, withDb } from "./support";

const PRODUCT = { slug: "glass-french-press", name: "Glass French Press" };
const DESKTOP = { width: 1280, height: 800 };
const TABLET = { width: 820, height: 1180 };
const PHONE = { width: 390, height: 844 };
const ORDER_URL = /\/orders\/([0-9a-f-]{36})$/;

test.use({ viewport: DESKTOP });

/** Errors the shop's pages log or throw (hydration mismatches among them). */
function shopErrors(page: Page, expected?: RegExp): string[] {
  const errors: string[] = [];
  const base = process.env.E2E_BASE_URL!;
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error" || !message.location().url.startsWith(base) || expected?.test(message.text())) return;
    errors.push(`${page.url()}: ${message.text()}`);
  });
  return errors;
}

/** A new account signed in through the UI, then given a back-office role in the database (setup only). */
async function backOfficeUser(browser: Browser, role: "admin" | "staff", name: string) {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const phone = newPhone();
  await signInWithCode(page, phone, { name });
  await withDb((db) => db.query("UPDATE users SET role = $2 WHERE phone = $1", [phone, role]));
  return { context, page, phone };
}

/** A customer in a browser of their own, signed in (a new account: a password lets them sign in without a code). */
async function customer(browser: Browser, name: string, password?: string) {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const phone = newPhone();
  await signInWithCode(page, phone, { name, password });
  return { context, page, phone };
}

/** Signs in on /login by phone and password; the caller checks the outcome. */
async function signInWithPassword(page: Page, phone: string, password: string) {
  await page.goto("/login");
  await page.getByRole("tab", { name: "Password" }).click();
  await page.getByLabel("Phone number").fill(phone);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** One French press, checked out to pay on delivery, through the storefront. Answers the order's id and number. */
async function placeManualOrder(page: Page): Promise<{ id: string; number: string }> {
  await page.goto(`/products/${PRODUCT.slug}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("link", { name: "Cart (1)" })).toBeVisible();
  await page.goto("/checkout");
  await page.getByLabel("Address line 1").fill("12 Back Office Road");
  await page.getByLabel("City").fill("Springfield");
  await page.getByLabel("Postal code").fill("62701");
  await page.getByLabel("Country", { exact: true }).selectOption("US");
  await page.getByRole("group", { name: "Payment" }).getByRole("radio", { name: "Pay on delivery / bank transfer" }).check();
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(ORDER_URL);
  const id = ORDER_URL.exec(page.url())![1]!;
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  const number = /Order (SO-[A-Z0-9-]+)/.exec(heading ?? "")?.[1];
  expect(number, "the order page names the order").toBeTruthy();
  return { id, number: number! };
}

/** The dashboard's count of orders in `status` (its link reads "Pending 3 orders"). */
async function dashboardCount(page: Page, status: string): Promise<number> {
  await page.goto("/admin");
  const text = await page.getByRole("link", { name: new RegExp(`^${status}\\s*\\d+ orders?$`) }).textContent();
  return Number(/(\d+) orders?$/.exec(text ?? "")?.[1] ?? Number.NaN);
}

/** A titled section of a page (its table inside has the same name: the section comes first). */
function section(page: Page, name: string) {
  return page.getByRole("region", { name, exact: true }).first();
}

/** How many orders the dashboard says were paid today (its "Today" sales card). */
async function paidToday(page: Page): Promise<number> {
  await page.goto("/admin");
  const lines = await section(page, "Today").locator("p.small").allTextContents();
  return lines.reduce((sum, line) => sum + Number(/^(\d+) orders?,/.exec(line)?.[1] ?? 0), 0);
}

/** No sideways scrolling of the page at the width set now. */
async function expectNoOverflow(page: Page, what: string) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.scroll, `${what} scrolls sideways at ${widths.view} px`).toBeLessThanOrEqual(widths.view);
}

/** Screenshots at three widths (for a person to look at), no sideways scrolling, and axe at each. */
async function lookAt(page: Page, name: string) {
  for (const [label, size] of [["1280", DESKTOP], ["820", TABLET], ["390", PHONE]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: test.info().outputPath(`${name}-${label}.png`), fullPage: true });
    await expectNoOverflow(page, name);
    await expectNoViolations(page, `${name} at ${label} px`);
  }
  await page.setViewportSize(DESKTOP);
}

/** Presses a status button on the order page and waits for the page to show the new status. */
async function move(page: Page, button: string, status: string, note?: string) {
  if (note) await page.getByLabel("Note for the history (optional)").fill(note);
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `The order is marked ${status.toLowerCase()}.` })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText(status);
}

test("fulfils a pay-on-delivery order from pending to delivered with notes; the customer sees it delivered and the dashboard counted it", async ({ browser }) => {
  const admin = await backOfficeUser(browser, "admin", "Ada Admin");
  const errors = shopErrors(admin.page);
  const pendingBefore = await dashboardCount(admin.page, "Pending");
  const deliveredBefore = await dashboardCount(admin.page, "Delivered");
  const paidTodayBefore = await paidToday(admin.page);

  const shopper = await customer(browser, "Cora Customer");
  const order = await placeManualOrder(shopper.page);

  // The dashboard counts the new order, and its link opens the list filtered by that status.
  expect(await dashboardCount(admin.page, "Pending")).toBe(pendingBefore + 1);
  await admin.page.getByRole("link", { name: /^Pending\s*\d+ orders?$/ }).click();
  await expect(admin.page).toHaveURL(/\/admin\/orders\?status=pending$/);
  await expect(admin.page.getByRole("combobox", { name: /^Status/ })).toHaveValue("pending");
  await expect(admin.page.getByRole("link", { name: order.number })).toBeVisible();

  // Found by the customer's phone; the filter stays in the address.
  await admin.page.goto("/admin/orders");
  await admin.page.getByLabel("Customer phone").fill(shopper.phone);
  await admin.page.getByRole("button", { name: "Apply" }).click();
  await expect(admin.page).toHaveURL(new RegExp(`phone=${encodeURIComponent(shopper.phone).replace("+", "\\+")}`));
  await expect(admin.page.getByText("1 order", { exact: true })).toBeVisible();
  const row = admin.page.getByRole("row").filter({ hasText: order.number });
  await expect(row).toContainText("Cora Customer");
  await expect(row).toContainText("Pending");
  await expect(row).toContainText("Unpaid");
  await lookAt(admin.page, "orders-list");

  await row.getByRole("link", { name: order.number }).click();
  await expect(admin.page).toHaveURL(new RegExp(`/admin/orders/${order.id}$`));
  await expect(admin.page.getByRole("heading", { level: 1 })).toHaveText(`Order ${order.number}`);
  await expect(admin.page.getByTestId("order-status")).toHaveText("Pending");
  await expect(section(admin.page, "Items")).toContainText(PRODUCT.name);
  await expect(section(admin.page, "Shipping to")).toContainText("12 Back Office Road");
  // Pending: it may be paid or cancelled, not shipped yet.
  await expect(admin.page.getByRole("button", { name: "Mark shipped" })).toHaveCount(0);
  await lookAt(admin.page, "order-detail-pending");

  await move(admin.page, "Mark paid", "Paid", "Paid in cash at the counter");
  await expect(admin.page.getByTestId("payment-status")).toHaveText("Paid");
  await expect(section(admin.page, "Payments")).toContainText("On delivery / transfer");
  await move(admin.page, "Mark shipped", "Shipped", "Tracking 1Z999AA10123456784");
  await move(admin.page, "Mark delivered", "Delivered");
  await expect(admin.page.getByText("Delivered: nothing more to do.")).toBeVisible();

  // The history: every move, who made it and its note.
  const history = section(admin.page, "Status history").getByRole("listitem");
  await expect(history.filter({ hasText: "Pending → Paid" })).toContainText("Note: Paid in cash at the counter");
  await expect(history.filter({ hasText: "Pending → Paid" })).toContainText("Ada Admin");
  await expect(history.filter({ hasText: "Paid → Shipped" })).toContainText("Note: Tracking 1Z999AA10123456784");
  await expect(history.filter({ hasText: "Shipped → Delivered" })).toBeVisible();
  await lookAt(admin.page, "order-detail-delivered");

  // The customer sees it on their own order page.
  await shopper.page.goto(`/orders/${order.id}`);
  await expect(shopper.page.locator(".status")).toHaveText("Delivered");
  await expect(shopper.page.locator(".timeline")).toContainText("Delivered");

  expect(await dashboardCount(admin.page, "Delivered")).toBe(deliveredBefore + 1);
  // Top products are recomputed once a minute: not checked here. Today's sales count the order paid.
  expect(await paidToday(admin.page)).toBe(paidTodayBefore + 1);
  await lookAt(admin.page, "dashboard");

  // Each move is in the audit log, with what it changed.
  await admin.page.goto(`/admin/audit?entityType=order&entityId=${order.id}`);
  const entries = admin.page.getByRole("list", { name: "Audit entries, newest first" }).getByRole("listitem");
  await expect(entries).toHaveCount(3);
  await entries.first().locator("summary").click();
  await expect(entries.first().getByRole("heading", { name: "Before" })).toBeVisible();
  await expect(entries.first().locator("pre").first()).toContainText("shipped");
  await expect(entries.first().locator("pre").last()).toContainText("delivered");
  await lookAt(admin.page, "audit");
  expect(errors).toEqual([]);
  await admin.context.close();
  await shopper.context.close();
});

test("refunds part of a paid order, with the reason required and a confirmation", async ({ browser }) => {
  const admin = await backOfficeUser(browser, "admin", "Rita Refunder");
  const errors = shopErrors(admin.page);
  const shopper = await customer(browser, "Paul Paid");
  const order = await placeManualOrder(shopper.page);

  await admin.page.goto(`/admin/orders/${order.id}`);
  // Nothing paid, nothing to refund.
  await expect(admin.page.getByRole("heading", { name: "Refund" })).toHaveCount(0);
  await move(admin.page, "Mark paid", "Paid");
  const refund = admin.page.getByRole("form", { name: "Refund" });
  await expect(refund.getByLabel("Amount (USD)")).not.toHaveValue("");

  // Without a reason: the dialog's confirmation does not send it, and the field says why.
  await refund.getByLabel("Amount (USD)").fill("10");
  await refund.getByRole("button", { name: "Refund…" }).click();
  const dialog = admin.page.getByRole("dialog", { name: `Refund order ${order.number}?` });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Refund $10.00" }).click();
  await expect(dialog).toBeHidden();
  await expect(refund.getByLabel("Reason")).toHaveAccessibleDescription(/Say why the money is given back/);
  await expect(admin.page.getByTestId("payment-status")).toHaveText("Paid");

  // Cancel in the dialog sends nothing either.
  await refund.getByLabel("Reason").fill("Box arrived dented");
  await refund.getByRole("button", { name: "Refund…" }).click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(admin.page.getByTestId("payment-status")).toHaveText("Paid");

  await refund.getByRole("button", { name: "Refund…" }).click();
  await expect(dialog).toContainText("Reason: “Box arrived dented”");
  await dialog.getByRole("button", { name: "Refund $10.00" }).click();
  await expect(admin.page.getByRole("status").filter({ hasText: "Refunded $10.00." })).toBeVisible();
  await expect(admin.page.getByTestId("payment-status")).toHaveText("Partly refunded");
  const refunds = section(admin.page, "Refunds");
  await expect(refunds).toContainText("$10.00");
  await expect(refunds).toContainText("Box arrived dented");
  await expect(refunds).toContainText("Rita Refunder");
  // What is left is offered next; more than that is refused before anything is sent.
  await expect(refund.getByLabel("Amount (USD)")).not.toHaveValue("10.00");
  await lookAt(admin.page, "order-detail-refunded");

  // The list shows the refund and filters by it.
  await admin.page.goto(`/admin/orders?paymentStatus=partially_refunded&number=${order.number}`);
  await expect(admin.page.getByRole("row").filter({ hasText: order.number })).toContainText("Partly refunded");
  // Export CSV downloads exactly the filtered orders.
  const [download] = await Promise.all([admin.page.waitForEvent("download"), admin.page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile(await download.path(), "utf8")).trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^number,created_at,status,payment_status,/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(order.number);
  expect(lines[1]).toContain("partially_refunded");
  expect(lines[1]).toContain("Paul Paid");
  // A filter the API refuses is said next to its field, not as an error page.
  await admin.page.goto("/admin/orders?phone=not-a-phone");
  await expect(admin.page.getByLabel("Customer phone")).toHaveAttribute("aria-invalid", "true");
  await expect(admin.page.getByRole("alert").filter({ hasText: "Some filters could not be used" })).toContainText("Customer phone:");

  // The customer sees the refund on their order.
  await shopper.page.goto(`/orders/${order.id}`);
  await expect(shopper.page.locator(".payment-status")).toHaveText("Paid, $10.00 refunded");
  expect(errors).toEqual([]);
  await admin.context.close();
  await shopper.context.close();
});

test("blocks a customer: their open session ends at once and signing in again is refused with a clear message", async ({ browser }) => {
  const admin = await backOfficeUser(browser, "admin", "Bea Blocker");
  const errors = shopErrors(admin.page);
  const password = "blocked test 123";
  const shopper = await customer(browser, "Mallory Misuse", password);
  await shopper.page.goto("/orders");
  await expect(shopper.page.getByRole("heading", { name: "Your orders" })).toBeVisible();

  // Found by part of the phone number.
  await admin.page.goto("/admin/customers");
  await admin.page.getByRole("searchbox", { name: "Search" }).fill(shopper.phone.slice(-7));
  await admin.page.getByRole("button", { name: "Apply" }).click();
  await admin.page.getByRole("link", { name: "Mallory Misuse" }).click();
  await expect(admin.page.getByRole("heading", { level: 1 })).toHaveText("Mallory Misuse");
  const customerUrl = admin.page.url();
  const customerId = /\/admin\/customers\/([0-9a-f-]{36})$/.exec(customerUrl)?.[1];
  expect(customerId, "the customer's page address").toBeTruthy();
  await expect(admin.page.getByText("1 active of 1")).toBeVisible();
  await lookAt(admin.page, "customer-detail");

  const block = admin.page.getByRole("form", { name: "Block" });
  // A reason is required.
  await block.getByRole("button", { name: "Block…" }).click();
  const dialog = admin.page.getByRole("dialog", { name: "Block Mallory Misuse?" });
  await dialog.getByRole("button", { name: "Block the account" }).click();
  await expect(block.getByLabel("Reason")).toHaveAccessibleDescription(/Say why the account is blocked/);
  await block.getByLabel("Reason").fill("Chargebacks on three orders");
  await block.getByRole("button", { name: "Block…" }).click();
  await dialog.getByRole("button", { name: "Block the account" }).click();
  await expect(admin.page.getByRole("status").filter({ hasText: "Mallory Misuse is blocked and signed out everywhere." })).toBeVisible();
  await expect(admin.page.getByTestId("blocked-badge")).toBeVisible();
  await expect(admin.page.getByText("0 active of 1")).toBeVisible();
  await expect(admin.page.getByText(/Blocked .*: Chargebacks on three orders\. The account cannot sign in\./)).toBeVisible();

  // The customer's open session: the next page they open finds them signed out.
  await shopper.page.reload();
  await expect(shopper.page).toHaveURL(/\/login\?next=%2Forders$/);
  await expect(shopper.page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(shopper.page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // Signing in again is refused, saying why (by password here: a code was texted moments ago, and the API tests
  // refuse sign-in by code too).
  await signInWithPassword(shopper.page, shopper.phone, password);
  await expect(shopper.page.locator(".alert[role=alert]")).toHaveText("This account is blocked; contact the shop");
  await expect(shopper.page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // The audit log has it, with the reason.
  await admin.page.goto(`/admin/audit?action=customer.block&entityId=${customerId}`);
  const entry = admin.page.getByRole("list", { name: "Audit entries, newest first" }).getByRole("listitem");
  await expect(entry).toHaveCount(1);
  await expect(entry.locator("summary")).toContainText("Chargebacks on three orders");
  await entry.locator("summary").click();
  await expect(entry.locator("pre").last()).toContainText("Chargebacks on three orders");

  // Unblocked, they can sign in again.
  await admin.page.goto(customerUrl);
  await admin.page.getByRole("button", { name: "Unblock…" }).click();
  await admin.page.getByRole("dialog", { name: "Unblock Mallory Misuse?" }).getByRole("button", { name: "Unblock" }).click();
  await expect(admin.page.getByRole("status").filter({ hasText: "Mallory Misuse can sign in again." })).toBeVisible();
  await expect(admin.page.getByTestId("blocked-badge")).toHaveCount(0);
  await signInWithPassword(shopper.page, shopper.phone, password);
  await expect(shopper.page.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(errors).toEqual([]);
  await admin.context.close();
  await shopper.context.close();
});

test("staff fulfil orders but are not offered refunds, customers' blocks or the audit log", async ({ browser }) => {
  const staff = await backOfficeUser(browser, "staff", "Sam Staff");
  // The two admin-only pages this test opens answer 403, which the browser logs.
  const errors = shopErrors(staff.page, /status of 403/);
  const shopper = await customer(browser, "Olive Order");
  const order = await placeManualOrder(shopper.page);

  await staff.page.goto("/admin");
  const nav = staff.page.getByRole("navigation", { name: "Back office" });
  await expect(nav.getByRole("link", { name: "Orders" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await staff.page.goto(`/admin/orders/${order.id}`);
  await move(staff.page, "Mark paid", "Paid");
  await expect(staff.page.getByRole("button", { name: "Mark shipped" })).toBeVisible();
  // Cancelling a paid order is a refund: an administrator's.
  await expect(staff.page.getByRole("button", { name: "Cancel order…" })).toHaveCount(0);
  await expect(staff.page.getByText("Cancelling a paid order refunds it, which an administrator does.")).toBeVisible();
  await expect(staff.page.getByRole("heading", { name: "Refund" })).toHaveCount(0);

  // The customer's page is readable, without the role and block forms.
  await section(staff.page, "Customer").getByRole("link", { name: "Olive Order" }).click();
  await expect(staff.page.getByRole("heading", { level: 1 })).toHaveText("Olive Order");
  await expect(staff.page.getByRole("form", { name: "Block" })).toHaveCount(0);
  await expect(staff.page.getByRole("form", { name: "Role" })).toHaveCount(0);

  expect((await staff.page.goto("/admin/audit"))?.status()).toBe(403);
  expect((await staff.page.goto("/admin/reviews"))?.status()).toBe(403);
  expect(errors).toEqual([]);
  await staff.context.close();
  await shopper.context.close();
});

test("hides a review from the shop with a reason, and restores it", async ({ browser }) => {
  const admin = await backOfficeUser(browser, "admin", "Mo Moderator");
  const errors = shopErrors(admin.page);
  const author = await customer(browser, "Rae Reviewer");
  const comment = `Rude words about the barista ${Date.now()}`;
  await author.page.goto(`/products/${PRODUCT.slug}`);
  await author.page.getByLabel("Rating").selectOption("1");
  await author.page.getByLabel("Comment").fill(comment);
  await author.page.getByRole("button", { name: "Submit review" }).click();
  await expect(author.page.getByRole("status").filter({ hasText: "your review is published" })).toBeVisible();

  await admin.page.goto("/admin/reviews");
  await admin.page.getByRole("searchbox", { name: "Search" }).fill(comment);
  await admin.page.getByRole("button", { name: "Apply" }).click();
  const row = admin.page.getByRole("row").filter({ hasText: comment });
  await expect(row).toContainText("Rae Reviewer");
  await expect(row).toContainText("Shown");
  await lookAt(admin.page, "reviews");

  // A reason is required: the dialog stays open and says so.
  await row.getByRole("button", { name: `Hide the review by Rae Reviewer of ${PRODUCT.name}` }).click();
  const dialog = admin.page.getByRole("dialog", { name: "Hide this review?" });
  await dialog.getByRole("button", { name: "Hide review" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Say why the review is hidden.");
  await dialog.getByLabel("Reason (for the shop only)").fill("Abusive language");
  await dialog.getByRole("button", { name: "Hide review" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole("status")).toContainText("Hidden;");
  await expect(row).toContainText("Abusive language");

  // Gone from the shop for everyone else.
  await admin.page.goto(`/products/${PRODUCT.slug}`);
  await expect(admin.page.getByText(comment)).toHaveCount(0);

  await admin.page.goto(`/admin/reviews?q=${encodeURIComponent(comment)}&hidden=true`);
  await admin.page.getByRole("button", { name: `Restore the review by Rae Reviewer of ${PRODUCT.name}` }).click();
  // The page then refreshes its list of hidden reviews, which this one has left (the confirmation may be replaced
  // by the refreshed list before it is seen: wait for the list, not the message).
  await expect(admin.page.getByText("No review matches")).toBeVisible();
  await admin.page.goto(`/products/${PRODUCT.slug}`);
  await expect(admin.page.getByText(comment)).toBeVisible();
  expect(errors).toEqual([]);
  await admin.context.close();
  await author.context.close();
});

test("cancels a pending order only once confirmed, with the note kept in its history", async ({ browser }) => {
  const admin = await backOfficeUser(browser, "admin", "Cal Canceller");
  const errors = shopErrors(admin.page);
  const shopper = await customer(browser, "Nora Notpaid");
  const order = await placeManualOrder(shopper.page);

  await admin.page.goto(`/admin/orders/${order.id}`);
  await admin.page.getByLabel("Note for the history (optional)").fill("Customer asked by phone");
  await admin.page.getByRole("button", { name: "Cancel order…" }).click();
  const dialog = admin.page.getByRole("dialog", { name: `Cancel order ${order.number}?` });
  await expect(dialog).toContainText("The items go back into stock");
  await expect(dialog).toContainText("Note: “Customer asked by phone”");
  // Escape keeps the order, and focus returns to the button that asked.
  await admin.page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(admin.page.getByRole("button", { name: "Cancel order…" })).toBeFocused();
  await expect(admin.page.getByTestId("order-status")).toHaveText("Pending");

  await admin.page.getByRole("button", { name: "Cancel order…" }).click();
  await dialog.getByRole("button", { name: "Yes, cancel the order" }).click();
  await expect(admin.page.getByRole("status").filter({ hasText: "The order is cancelled." })).toBeVisible();
  await expect(admin.page.getByTestId("order-status")).toHaveText("Cancelled");
  await expect(section(admin.page, "Status history").getByRole("listitem").filter({ hasText: "Pending → Cancelled" })).toContainText("Note: Customer asked by phone");
  await expect(admin.page.getByRole("button", { name: "Mark paid" })).toHaveCount(0);

  await shopper.page.goto(`/orders/${order.id}`);
  await expect(shopper.page.locator(".status")).toHaveText("Cancelled");
  expect(errors).toEqual([]);
  await admin.context.close();
  await shopper.context.close();
});
