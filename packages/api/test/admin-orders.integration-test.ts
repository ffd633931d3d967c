/**
 * The back office's orders through the real REST handler, real Postgres and the Stripe SDK against the local
 * Stripe stub: list filters and pages, the detail with payment events and history, transitions by staff with
 * notes (history rows and audit entries), the refund rule, refunds, CSV export. Each test scopes its assertions
 * to orders of its own customers (a unique phone), so other files' orders never count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderAdmin, createStripeProvider, expireOrder, manualProvider, stripeTestSignature, type PaymentProviders } from "@shop/core";
import { uniqueSuffix } from "@shop/db/testing";
import { startStripeStub, type StripeStub } from "@shop/test-support";
import { restClient } from "./http";
import { createTestDeps, type TestDeps } from "./support";
import { ADDRESS, createProduct, fillCart, signedInUser, stockOf, type TestUser } from "./orders-fixtures";

const WEBHOOK_SECRET = "whsec_adminorderstestsecret0123456789";
let stub: StripeStub;
let deps: TestDeps;
let providers: PaymentProviders;
let api: ReturnType<typeof restClient>;
let admin: TestUser;
let staff: TestUser;
/** Every text the services asked for: "<orderId> <event>". */
const texts: string[] = [];

beforeAll(async () => {
  stub = await startStripeStub({ sign: (payload) => stripeTestSignature(payload, WEBHOOK_SECRET) });
  providers = {
    manual: manualProvider,
    stripe: createStripeProvider({ secretKey: "sk_test_adminorders", webhookSecret: WEBHOOK_SECRET, apiBase: stub.url }),
  };
  deps = createTestDeps({
    payments: {
      providers,
      policy: { methods: ["manual", "stripe"], timeoutMinutes: 30, manualOrdersExpire: false },
      notify: (orderId, event) => texts.push(`${orderId} ${event}`),
    },
  });
  api = restClient(deps);
  admin = await signedInUser(deps, { role: "admin" });
  staff = await signedInUser(deps, { role: "staff" });
});
afterAll(async () => {
  await deps?.close();
  await stub?.close();
});

const phoneOf = async (userId: string) => (await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { phone: true } })).phone;

/** A customer of its own with `count` orders of `quantity` units each (a fresh product per order, price `price`). */
async function customerWithOrders(count: number, options: { method?: string; price?: number; quantity?: number } = {}) {
  const user = await signedInUser(deps, { address: ADDRESS });
  const orders: { id: string; number: string; total: number; productId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const product = await createProduct(deps, { stock: 20, price: (options.price ?? 1_000) + i * 100 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: options.quantity ?? 2 }]);
    const res = await api.call("POST", "/shop/orders", { token: user.token, body: { paymentMethod: options.method ?? "manual" } });
    expect(res.status, res.text).toBe(201);
    orders.push({ id: res.body.id, number: res.body.number, total: res.body.total, productId: product.id });
  }
  return { user, phone: await phoneOf(user.id), orders };
}

const move = (token: string, id: string, status: string, note?: string) =>
  api.call("POST", `/admin/orders/${id}/transitions`, { token, body: note === undefined ? { status } : { status, note } });

const list = (query: string, token = staff.token) => api.call("GET", `/admin/orders?${query}`, { token });

/** A Stripe order paid through the stub and its signed webhook. */
async function paidByCard() {
  const { user, phone, orders } = await customerWithOrders(1, { method: "stripe", price: 1_500 });
  const order = orders[0]!;
  const pay = await api.call("POST", `/shop/orders/${order.id}/pay`, { token: user.token });
  expect(pay.status, pay.text).toBe(200);
  const session = stub.sessions.get(new URL(pay.body.redirectUrl).pathname.split("/").at(-1)!)!;
  const { payload } = stub.pay(session.id);
  const hook = await api.call("POST", "/payments/stripe/webhook", { body: payload, headers: { "stripe-signature": stripeTestSignature(payload, WEBHOOK_SECRET) } });
  expect(hook.status, hook.text).toBe(200);
  return { user, phone, order, session };
}

describe("who may use the back office's orders", () => {
  it("guests get 401, customers 403, staff and admins 200", async () => {
    const customer = await signedInUser(deps);
    expect((await api.call("GET", "/admin/orders")).status).toBe(401);
    expect((await list("", customer.token)).status).toBe(403);
    expect((await list("pageSize=1", staff.token)).status).toBe(200);
    expect((await list("pageSize=1", admin.token)).status).toBe(200);
  });
});

describe("GET /admin/orders", () => {
  it("finds a customer's orders by phone, in E.164 or its digits, with the list's fields", async () => {
    const { user, phone, orders } = await customerWithOrders(2);
    await deps.db.user.update({ where: { id: user.id }, data: { name: "Grace Hopper" } });
    for (const written of [phone, phone.slice(1), `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`]) {
      const res = await list(`phone=${encodeURIComponent(written)}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([orders[1]!.id, orders[0]!.id]);
      expect(res.body).toMatchObject({ total: 2, totalIsExact: true, pages: 1, page: 1, pageSize: 25 });
    }
    const [item] = (await list(`phone=${encodeURIComponent(phone)}&pageSize=1`)).body.items;
    expect(item).toEqual({
      id: orders[1]!.id,
      number: orders[1]!.number,
      status: "pending",
      paymentStatus: "unpaid",
      paymentMethod: "manual",
      currency: "USD",
      total: orders[1]!.total,
      refundedTotal: 0,
      itemCount: 2,
      customer: { id: user.id, name: "Grace Hopper", phone },
      createdAt: expect.any(String),
    });
    expect((await list("phone=12")).status).toBe(400);
    // A phone nobody has: no orders, not everyone's.
    expect((await list("phone=%2B15550000000")).body).toMatchObject({ items: [], total: 0 });
  });

  it("pages with a total, in each sort, without gaps or repeats", async () => {
    const { phone, orders } = await customerWithOrders(5);
    const scope = `phone=${encodeURIComponent(phone)}&pageSize=2`;
    const pages = await Promise.all([1, 2, 3].map((page) => list(`${scope}&page=${page}`)));
    expect(pages.map((p) => p.body.items.length)).toEqual([2, 2, 1]);
    expect(pages[0]!.body).toMatchObject({ total: 5, pages: 3, totalIsExact: true });
    const newest = pages.flatMap((p) => p.body.items.map((o: { id: string }) => o.id));
    expect(newest).toEqual(orders.map((o) => o.id).reverse());
    expect((await list(`${scope}&page=4`)).body.items).toEqual([]);

    const oldest = await list(`phone=${encodeURIComponent(phone)}&sort=oldest`);
    expect(oldest.body.items.map((o: { id: string }) => o.id)).toEqual(orders.map((o) => o.id));
    // Every order gets a price of its own (1000, 1100, ...): the largest total first.
    await deps.db.order.update({ where: { id: orders[0]!.id }, data: { total: 99_999, subtotal: 99_999 } });
    const byTotal = await list(`phone=${encodeURIComponent(phone)}&sort=total_desc`);
    expect(byTotal.body.items.map((o: { total: number }) => o.total)).toEqual([99_999, ...orders.slice(1).map((o) => o.total).reverse()]);
    expect((await list("sort=name")).status).toBe(400);
    expect((await list("page=0")).status).toBe(400);
  });

  it("refuses pages beyond the counting limit with the last page it can serve", async () => {
    const res = await list("page=100000&pageSize=10");
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual({ field: "page", maxPage: 1_000 });
  });

  it("filters by status (one or several) and by payment status", async () => {
    const { phone, orders } = await customerWithOrders(4, { price: 2_000 });
    const [pending, paid, partial, refunded] = orders as [typeof orders[0], typeof orders[0], typeof orders[0], typeof orders[0]];
    for (const o of [paid, partial, refunded]) expect((await move(staff.token, o.id, "paid")).status).toBe(200);
    expect((await move(staff.token, partial.id, "shipped")).status).toBe(200);
    expect((await api.call("POST", `/admin/orders/${partial.id}/refunds`, { token: admin.token, body: { amount: 500, reason: "late" } })).status).toBe(201);
    expect((await api.call("POST", `/admin/orders/${refunded.id}/refunds`, { token: admin.token, body: { reason: "returned" } })).status).toBe(201);

    const ids = async (query: string) => {
      const res = await list(`phone=${encodeURIComponent(phone)}&${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body.items.map((o: { id: string }) => o.id).sort();
    };
    expect(await ids("status=pending")).toEqual([pending.id]);
    expect(await ids("status=paid")).toEqual([paid.id, refunded.id].sort());
    expect(await ids("status=pending,shipped")).toEqual([pending.id, partial.id].sort());
    expect(await ids("paymentStatus=unpaid")).toEqual([pending.id]);
    expect(await ids("paymentStatus=paid")).toEqual([paid.id]);
    expect(await ids("paymentStatus=partially_refunded")).toEqual([partial.id]);
    expect(await ids("paymentStatus=refunded")).toEqual([refunded.id]);
    expect(await ids("paymentMethod=stripe")).toEqual([]);
    expect(await ids("paymentMethod=manual&status=paid&paymentStatus=paid")).toEqual([paid.id]);
    const bad = await list("status=paid,lost&paymentStatus=maybe");
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["paymentStatus", "status"]);
  });

  it("filters by the day placed and by order number, exact or its beginning", async () => {
    const { phone, orders } = await customerWithOrders(3);
    // Placed on days of their own (no other test places orders in 2031) under numbers of their own.
    const prefix = `ZZ${uniqueSuffix().toUpperCase()}`;
    const days = ["2031-03-01T10:00:00Z", "2031-03-02T23:59:59Z", "2031-03-03T00:00:00Z"];
    for (const [i, o] of orders.entries()) {
      await deps.db.order.update({ where: { id: o.id }, data: { createdAt: new Date(days[i]!), number: `${prefix}-${i}` } });
    }
    const ids = async (query: string) => (await list(query)).body.items.map((o: { id: string }) => o.id);
    expect(await ids("createdFrom=2031-03-02&createdTo=2031-03-02")).toEqual([orders[1]!.id]);
    expect(await ids("createdFrom=2031-03-01&createdTo=2031-03-03")).toEqual([orders[2]!.id, orders[1]!.id, orders[0]!.id]);
    expect(await ids("createdFrom=2031-03-02T00:00:00Z&createdTo=2031-03-03T00:00:00Z")).toEqual([orders[1]!.id]);
    expect(await ids(`number=${prefix.toLowerCase()}`)).toEqual([orders[2]!.id, orders[1]!.id, orders[0]!.id]);
    expect(await ids(`number=${prefix}-1`)).toEqual([orders[1]!.id]);
    expect(await ids(`q=${prefix}-2`)).toEqual([orders[2]!.id]);
    expect(await ids(`q=${phone.slice(3)}`)).toEqual([orders[2]!.id, orders[1]!.id, orders[0]!.id]);
    expect((await list("createdFrom=2031-02-30")).status).toBe(400);
    expect((await list("number=SO%25")).status).toBe(400);
  });

  it("finds orders by a part of the customer's name", async () => {
    const { user, orders } = await customerWithOrders(1);
    const name = `Hedy ${uniqueSuffix()} Lamarr`;
    await deps.db.user.update({ where: { id: user.id }, data: { name } });
    const res = await list(`q=${encodeURIComponent(name.split(" ")[1]!)}`);
    expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([orders[0]!.id]);
  });
});

describe("GET /admin/orders/{id}", () => {
  it("shows a card order's payment, its events (not their payload), the history and texts sent", async () => {
    const { user, order, session } = await paidByCard();
    await deps.db.orderNotification.create({ data: { orderId: order.id, event: "paid", status: "sent", sentAt: new Date() } });
    const res = await api.call("GET", `/admin/orders/${order.id}`, { token: staff.token });
    expect(res.status, res.text).toBe(200);
    const detail = res.body;
    expect(detail).toMatchObject({
      id: order.id,
      status: "paid",
      paymentStatus: "paid",
      paymentMethod: "stripe",
      total: 3_000,
      refundedTotal: 0,
      refundable: 3_000,
      allowedTransitions: ["shipped", "cancelled"],
      shippingAddress: ADDRESS,
      customer: { id: user.id, blocked: false },
      items: [expect.objectContaining({ quantity: 2, unitPrice: 1_500 })],
    });
    expect(detail.payments).toEqual([
      expect.objectContaining({ provider: "stripe", status: "paid", amount: 3_000, currency: "USD", providerRef: session.id, paidAt: expect.any(String) }),
    ]);
    expect(detail.paymentEvents).toEqual([
      { id: expect.any(String), provider: "stripe", eventId: expect.any(String), type: "checkout.session.completed", outcome: "paid", receivedAt: expect.any(String) },
    ]);
    expect(res.text).not.toContain("payload");
    // The webhook moved it: the shop itself, no actor.
    expect(detail.history).toEqual([{ from: "pending", to: "paid", note: null, actor: null, at: expect.any(String) }]);
    expect(detail.notifications).toEqual([{ event: "paid", status: "sent", createdAt: expect.any(String), sentAt: expect.any(String) }]);
    expect(detail.refunds).toEqual([]);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await api.call("GET", "/admin/orders/0190a0a0-0000-7000-8000-000000000000", { token: staff.token })).status).toBe(404);
    expect((await api.call("GET", "/admin/orders/not-an-id", { token: staff.token })).status).toBe(404);
  });

  it("records who moved an order in its history: the customer's own cancel, and an expiry as the shop", async () => {
    const { user, orders } = await customerWithOrders(1);
    expect((await api.call("POST", `/shop/orders/${orders[0]!.id}/cancel`, { token: user.token })).status).toBe(200);
    const history = await deps.db.orderStatusHistory.findMany({ where: { orderId: orders[0]!.id } });
    expect(history).toEqual([expect.objectContaining({ fromStatus: "pending", toStatus: "cancelled", actorId: user.id, note: null })]);

    const card = await customerWithOrders(1, { method: "stripe" });
    const expiresAt = (await deps.db.order.findUniqueOrThrow({ where: { id: card.orders[0]!.id } })).expiresAt!;
    expect(await expireOrder(deps.db, providers, card.orders[0]!.id, new Date(expiresAt.getTime() + 1))).toBe("expired");
    const detail = await api.call("GET", `/admin/orders/${card.orders[0]!.id}`, { token: staff.token });
    expect(detail.body.history).toEqual([{ from: "pending", to: "cancelled", note: null, actor: null, at: expect.any(String) }]);
  });
});

describe("POST /admin/orders/{id}/transitions", () => {
  it("staff fulfil an order pending -> paid -> shipped -> delivered with notes: history, audit, manual payment, texts", async () => {
    const { orders } = await customerWithOrders(1);
    const id = orders[0]!.id;
    const paid = await move(staff.token, id, "paid", "cash at the door");
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body).toMatchObject({ status: "paid", paymentStatus: "paid", allowedTransitions: ["shipped", "cancelled"] });
    expect(paid.body.payments).toEqual([expect.objectContaining({ provider: "manual", status: "paid", amount: orders[0]!.total })]);
    expect((await move(staff.token, id, "shipped", "  DHL 00340434161234567890  ")).body.status).toBe("shipped");
    const delivered = await move(staff.token, id, "delivered");
    expect(delivered.body).toMatchObject({ status: "delivered", allowedTransitions: [], deliveredAt: expect.any(String) });

    const staffUser = await deps.db.user.findUniqueOrThrow({ where: { id: staff.id }, select: { name: true } });
    const by = { id: staff.id, name: staffUser.name, role: "staff" };
    expect(delivered.body.history).toEqual([
      { from: "pending", to: "paid", note: "cash at the door", actor: by, at: expect.any(String) },
      { from: "paid", to: "shipped", note: "DHL 00340434161234567890", actor: by, at: expect.any(String) },
      { from: "shipped", to: "delivered", note: null, actor: by, at: expect.any(String) },
    ]);
    const audit = await deps.db.auditLog.findMany({ where: { entityType: "order", entityId: id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId, a.actorRole, a.before, a.after])).toEqual([
      ["order.transition", staff.id, "staff", { status: "pending", refundedTotal: 0 }, { status: "paid", note: "cash at the door" }],
      ["order.transition", staff.id, "staff", { status: "paid", refundedTotal: 0 }, { status: "shipped", note: "DHL 00340434161234567890" }],
      ["order.transition", staff.id, "staff", { status: "shipped", refundedTotal: 0 }, { status: "delivered", note: null }],
    ]);
    expect(audit[1]!.summary).toBe(`${orders[0]!.number}: paid -> shipped (DHL 00340434161234567890)`);
    expect(texts.filter((t) => t.startsWith(id))).toEqual([`${id} placed`, `${id} paid`, `${id} shipped`]);
  });

  it("answers an illegal move with 409 and the statuses allowed next; nothing is recorded", async () => {
    const { orders } = await customerWithOrders(1);
    const id = orders[0]!.id;
    const early = await move(staff.token, id, "delivered");
    expect(early.status).toBe(409);
    expect(early.body.details).toEqual({ from: "pending", to: "delivered", allowed: ["paid", "cancelled"] });
    expect((await move(staff.token, id, "cancelled")).status).toBe(200);
    const late = await move(staff.token, id, "paid");
    expect(late.status).toBe(409);
    expect(late.body.details).toEqual({ from: "cancelled", to: "paid", allowed: [] });
    expect(await deps.db.orderStatusHistory.count({ where: { orderId: id } })).toBe(1);
    expect(await deps.db.auditLog.count({ where: { entityId: id } })).toBe(1);
    expect((await move(staff.token, id, "pending")).status).toBe(400);
  });

  it("staff cancel an unpaid order (stock back) but not a paid one, which an admin cancels with a refund", async () => {
    const { orders } = await customerWithOrders(2, { quantity: 3 });
    const [unpaid, paid] = orders as [typeof orders[0], typeof orders[0]];
    expect(await stockOf(deps, unpaid.productId)).toBe(17);
    expect((await move(staff.token, unpaid.id, "cancelled", "customer phoned")).status).toBe(200);
    expect(await stockOf(deps, unpaid.productId)).toBe(20);

    expect((await move(staff.token, paid.id, "paid")).status).toBe(200);
    const refused = await move(staff.token, paid.id, "cancelled");
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain("administrator");
    expect((await deps.db.order.findUniqueOrThrow({ where: { id: paid.id } })).status).toBe("paid");
    const byAdmin = await move(admin.token, paid.id, "cancelled", "out of stock at the warehouse");
    expect(byAdmin.status, byAdmin.text).toBe(200);
    expect(byAdmin.body).toMatchObject({ status: "cancelled", paymentStatus: "refunded", refundedTotal: paid.total, refundable: 0 });
    expect(byAdmin.body.refunds).toEqual([expect.objectContaining({ amount: paid.total, reason: "order cancelled", createdBy: expect.objectContaining({ id: admin.id }) })]);
    expect(await stockOf(deps, paid.productId)).toBe(20);
  });

  it("of two concurrent moves of one order, one applies and has one history row", async () => {
    const { orders } = await customerWithOrders(1);
    const id = orders[0]!.id;
    expect((await move(staff.token, id, "paid")).status).toBe(200);
    const racing = await Promise.all([move(staff.token, id, "shipped", "a"), move(admin.token, id, "shipped", "b")]);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await deps.db.orderStatusHistory.count({ where: { orderId: id, toStatus: "shipped" } })).toBe(1);
    expect(await deps.db.auditLog.count({ where: { entityId: id, action: "order.transition" } })).toBe(2);
  });
});

describe("POST /admin/orders/{id}/refunds", () => {
  it("is an admin's: staff get 403 and nothing is refunded", async () => {
    const { order } = await paidByCard();
    const res = await api.call("POST", `/admin/orders/${order.id}/refunds`, { token: staff.token, body: { amount: 100, reason: "goodwill" } });
    expect(res.status).toBe(403);
    expect(await deps.db.refund.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("refunds part of a card payment through Stripe, audited, and never more than is left", async () => {
    const { order, session } = await paidByCard();
    const res = await api.call("POST", `/admin/orders/${order.id}/refunds`, {
      token: admin.token,
      body: { amount: 1_000, reason: "one item damaged" },
      headers: { "x-request-id": `refund-${order.id}` },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ amount: 1_000, currency: "USD", provider: "stripe", reason: "one item damaged", orderRefundedTotal: 1_000 });
    expect(stub.refunds.filter((r) => r.payment_intent === session.payment_intent).map((r) => r.amount)).toEqual([1_000]);
    const [entry] = await deps.db.auditLog.findMany({ where: { entityId: order.id, action: "order.refund" } });
    expect(entry).toMatchObject({ actorId: admin.id, actorRole: "admin", requestId: `refund-${order.id}`, before: { refundedTotal: 0 } });
    expect(entry!.after).toMatchObject({ refundedTotal: 1_000, amount: 1_000, refundId: res.body.id });

    const detail = (await api.call("GET", `/admin/orders/${order.id}`, { token: staff.token })).body;
    expect(detail).toMatchObject({ paymentStatus: "partially_refunded", refundedTotal: 1_000, refundable: 2_000 });
    const over = await api.call("POST", `/admin/orders/${order.id}/refunds`, { token: admin.token, body: { amount: 2_001, reason: "again" } });
    expect(over.status).toBe(409);
    const noReason = await api.call("POST", `/admin/orders/${order.id}/refunds`, { token: admin.token, body: { amount: 10 } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues.map((i: { path: string }) => i.path)).toEqual(["reason"]);
  });
});

describe("GET /admin/orders/export", () => {
  const rowsOf = (text: string) => text.trimEnd().split("\n").map((line) => line.split(","));

  it("streams the filtered orders as CSV with the documented columns", async () => {
    const { user, phone, orders } = await customerWithOrders(2);
    await deps.db.user.update({ where: { id: user.id }, data: { name: "=HYPERLINK(evil)" } });
    expect((await move(staff.token, orders[0]!.id, "paid")).status).toBe(200);
    const res = await api.call("GET", `/admin/orders/export?phone=${encodeURIComponent(phone)}&sort=oldest`, {
      token: staff.token,
      headers: { accept: "text/csv" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = rowsOf(res.text);
    expect(header).toEqual([
      "number", "created_at", "status", "payment_status", "payment_method", "customer_name", "customer_phone",
      "item_count", "subtotal", "shipping", "total", "refunded", "currency",
    ]);
    expect(rows).toEqual(
      orders.map((o, i) => [
        o.number, expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), i === 0 ? "paid" : "pending", i === 0 ? "paid" : "unpaid", "manual",
        "'=HYPERLINK(evil)", phone, "2", String(o.total), "0", String(o.total), "0", "USD",
      ]),
    );
    expect((await api.call("GET", "/admin/orders/export?status=lost", { token: staff.token })).status).toBe(400);
    expect((await api.call("GET", "/admin/orders/export", { token: (await signedInUser(deps)).token })).status).toBe(403);
  });

  it("walks a selection larger than one batch without repeating or losing a row", async () => {
    const { phone, orders } = await customerWithOrders(5);
    const small = createOrderAdmin(
      { db: deps.db, catalogCache: undefined as never, orders: deps.services.orders, payments: deps.services.payments, sessions: deps.services.sessions },
      { exportBatchSize: 2 },
    );
    for (const sort of ["newest", "oldest", "total_desc"] as const) {
      const stream = await small.exportCsv({ id: staff.id, role: "staff" }, { phone, sort });
      const text = await new Response(stream).text();
      const numbers = rowsOf(text).slice(1).map((row) => row[0]);
      const expected = sort === "oldest" ? orders : [...orders].reverse(); // totals rise with each order here
      expect(numbers, sort).toEqual(expected.map((o) => o.number));
    }
    const empty = await new Response(await small.exportCsv({ id: staff.id, role: "staff" }, { phone: "+15550000001", sort: "newest" })).text();
    expect(rowsOf(empty)).toHaveLength(1);
  });
});
