/**
 * Payments through the real REST handler, real Postgres and the official Stripe SDK pointed at a local stub of
 * Stripe's API; webhook payloads are signed with the SDK's own test-header helper. Covers: a session per order
 * (the same one while valid), signature checks on the raw body, each event applied once (replays and 20
 * concurrent deliveries), amount checks, expiry releasing stock once, and a payment that arrives too late.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeProvider, expireOrder, manualProvider, stripeTestSignature, type PaymentProviders } from "@shop/core";
import { startStripeStub, type StripeStub } from "@shop/test-support";
import { restClient } from "./http";
import { createTestDeps, type TestDeps } from "./support";
import { ADDRESS, createProduct, fillCart, signedInUser, stockOf } from "./orders-fixtures";

const WEBHOOK_SECRET = "whsec_paymentstestsecret0123456789";
let stub: StripeStub;
let deps: TestDeps;
let providers: PaymentProviders;
let api: ReturnType<typeof restClient>;
/** Every text the services asked for, in order. */
const texts: string[] = [];

beforeAll(async () => {
  stub = await startStripeStub({ sign: (payload) => stripeTestSignature(payload, WEBHOOK_SECRET) });
  providers = {
    manual: manualProvider,
    stripe: createStripeProvider({ secretKey: "sk_test_paymentsintegration", webhookSecret: WEBHOOK_SECRET, apiBase: stub.url }),
  };
  deps = createTestDeps({
    payments: {
      providers,
      policy: { methods: ["stripe", "manual"], timeoutMinutes: 30, manualOrdersExpire: false },
      notify: (orderId, event) => texts.push(`${orderId} ${event}`),
    },
  });
  api = restClient(deps);
});
afterAll(async () => {
  await deps.close();
  await stub.close();
});

const webhook = (payload: string, signature = stripeTestSignature(payload, WEBHOOK_SECRET)) =>
  api.call("POST", "/payments/stripe/webhook", { body: payload, headers: { "stripe-signature": signature } });

/** A signed-in customer's order of `quantity` units of a fresh product with `stock`, paid by `method`. */
async function placed({ method = "stripe", quantity = 2, stock = 10 }: { method?: string; quantity?: number; stock?: number } = {}) {
  const user = await signedInUser(deps, { address: ADDRESS });
  const product = await createProduct(deps, { stock, price: 1_500 });
  await fillCart(deps, user.id, [{ productId: product.id, quantity }]);
  const res = await api.call("POST", "/shop/orders", { token: user.token, body: { paymentMethod: method } });
  expect(res.status, res.text).toBe(201);
  return { user, product, order: res.body };
}

async function opened(options: Parameters<typeof placed>[0] = {}) {
  const p = await placed(options);
  const pay = await api.call("POST", `/shop/orders/${p.order.id}/pay`, { token: p.user.token });
  expect(pay.status, pay.text).toBe(200);
  const session = stub.sessions.get(new URL(pay.body.redirectUrl).pathname.split("/").at(-1)!)!;
  return { ...p, pay: pay.body, session };
}

const statusOf = async (orderId: string) => (await deps.db.order.findUniqueOrThrow({ where: { id: orderId } })).status;

describe("checkout and POST /shop/orders/{id}/pay", () => {
  it("records the method and when the order expires; GET /shop/payment-methods lists what is offered", async () => {
    const { order } = await placed();
    expect(order).toMatchObject({ paymentMethod: "stripe", refundedTotal: 0, status: "pending" });
    const minutes = (Date.parse(order.expiresAt) - Date.parse(order.createdAt)) / 60_000;
    expect(minutes).toBeCloseTo(30, 5);
    expect((await api.call("GET", "/shop/payment-methods")).body).toEqual({ methods: ["stripe", "manual"] });
    // Manual orders are exempt from expiry by this configuration.
    expect((await placed({ method: "manual" })).order.expiresAt).toBeNull();
  });

  it("refuses a method the shop does not offer, naming the offered ones", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 1 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);
    const res = await api.call("POST", "/shop/orders", { token: user.token, body: { paymentMethod: "paypal" } });
    expect(res.status).toBe(400);
  });

  it("opens one Stripe Checkout Session with an idempotency key and the order's amount, and hands the same one out again", async () => {
    const { order, user, pay, session } = await opened();
    expect(pay).toMatchObject({ provider: "stripe", status: "open", orderExpiresAt: order.expiresAt });
    expect(session).toMatchObject({ amount_total: 3_000, currency: "usd", client_reference_id: order.id });
    expect(session.success_url).toContain(`/orders/${order.id}`);
    const create = stub.calls.filter((c) => c.path === "/v1/checkout/sessions" && c.form.client_reference_id === order.id);
    expect(create).toHaveLength(1);
    expect(create[0]!.idempotencyKey).toBe(`order-${order.id}-payment-1`);
    expect(create[0]!.authorization).toBe("Bearer sk_test_paymentsintegration");

    const again = await api.call("POST", `/shop/orders/${order.id}/pay`, { token: user.token });
    expect(again.body.redirectUrl).toBe(pay.redirectUrl);
    expect(stub.calls.filter((c) => c.path === "/v1/checkout/sessions" && c.form.client_reference_id === order.id)).toHaveLength(1);
  });

  it("opens a new session once the old one expired, and never for someone else's order or a paid one", async () => {
    const { order, user, pay } = await opened();
    await deps.db.payment.updateMany({ where: { orderId: order.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const fresh = await api.call("POST", `/shop/orders/${order.id}/pay`, { token: user.token });
    expect(fresh.body.redirectUrl).not.toBe(pay.redirectUrl);
    expect(await deps.db.payment.count({ where: { orderId: order.id, status: "open" } })).toBe(1);

    const stranger = await signedInUser(deps);
    expect((await api.call("POST", `/shop/orders/${order.id}/pay`, { token: stranger.token })).status).toBe(404);
    expect((await api.call("POST", `/shop/orders/${order.id}/pay`)).status).toBe(401);
  });

  it("answers manual orders with no payment page", async () => {
    const { order, user } = await placed({ method: "manual" });
    const res = await api.call("POST", `/shop/orders/${order.id}/pay`, { token: user.token });
    expect(res.body).toMatchObject({ provider: "manual", status: "manual", redirectUrl: null });
  });
});

describe("POST /payments/stripe/webhook", () => {
  it("a tampered payload or a missing signature is a 400 and changes nothing", async () => {
    const { order, session } = await opened();
    const { payload } = stub.pay(session.id);
    const tampered = payload.replace(`"amount_total":3000`, `"amount_total":1`);
    expect((await webhook(tampered, stripeTestSignature(payload, WEBHOOK_SECRET))).status).toBe(400);
    expect((await webhook(payload, stripeTestSignature(payload, "whsec_someoneelse0123456789"))).status).toBe(400);
    expect((await api.call("POST", "/payments/stripe/webhook", { body: payload })).status).toBe(400);
    expect(await statusOf(order.id)).toBe("pending");
    expect(await deps.db.paymentEvent.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("a completed session marks the order paid once; a replay answers duplicate and changes nothing", async () => {
    const { order, session } = await opened();
    const { payload, event } = stub.pay(session.id);
    const first = await webhook(payload);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ received: true, duplicate: false });
    const paid = await deps.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(paid.status).toBe("paid");
    const payment = await deps.db.payment.findFirstOrThrow({ where: { orderId: order.id } });
    expect(payment).toMatchObject({ status: "paid", providerPaymentRef: session.payment_intent });

    const replay = await webhook(payload);
    expect(replay.body).toEqual({ received: true, duplicate: true });
    expect((await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).paidAt).toEqual(paid.paidAt);
    const events = await deps.db.paymentEvent.findMany({ where: { eventId: event.id } });
    expect(events.map((e) => e.outcome)).toEqual(["paid"]);
  });

  it("20 concurrent deliveries of one event: one is applied, 19 are duplicates", async () => {
    const { order, session } = await opened();
    const { payload } = stub.pay(session.id);
    const answers = await Promise.all(Array.from({ length: 20 }, () => webhook(payload)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    expect(await statusOf(order.id)).toBe("paid");
    expect(await deps.db.paymentEvent.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("a paid amount or currency other than the order's leaves the order payable", async () => {
    const { order, session } = await opened();
    const { payload } = stub.pay(session.id, { amount_total: 100 });
    expect((await webhook(payload)).status).toBe(200);
    expect(await statusOf(order.id)).toBe("pending");
    const recorded = await deps.db.paymentEvent.findFirstOrThrow({ where: { orderId: order.id } });
    expect(recorded.outcome).toMatch(/^rejected: paid 100 USD, expected 3000 USD/);
  });

  it("an expired session leaves the order payable; an expiry event after the payment changes nothing", async () => {
    const first = await opened();
    expect((await webhook(stub.event("checkout.session.expired", { ...first.session, status: "expired" }).payload)).status).toBe(200);
    expect(await statusOf(first.order.id)).toBe("pending");
    expect((await deps.db.payment.findFirstOrThrow({ where: { orderId: first.order.id } })).status).toBe("expired");
    expect((await api.call("POST", `/shop/orders/${first.order.id}/pay`, { token: first.user.token })).status).toBe(200);

    const second = await opened();
    await webhook(stub.pay(second.session.id).payload);
    await webhook(stub.event("checkout.session.expired", { ...second.session, status: "expired" }).payload);
    expect(await statusOf(second.order.id)).toBe("paid");
    expect((await deps.db.payment.findFirstOrThrow({ where: { orderId: second.order.id } })).status).toBe("paid");
  });

  it("events of other kinds are recorded and ignored", async () => {
    const res = await webhook(JSON.stringify({ id: `evt_other_${Date.now()}`, object: "event", type: "customer.created", data: { object: { object: "customer" } } }));
    expect(res.body).toEqual({ received: true, duplicate: false });
  });
});

describe("expiry of unpaid orders", () => {
  it("cancels the order once its time is up, closes its Stripe session and releases its stock exactly once", async () => {
    const { order, product, session } = await opened({ quantity: 3, stock: 5 });
    expect(await stockOf(deps, product.id)).toBe(2);
    // Not yet due: nothing happens.
    expect(await expireOrder(deps.db, providers, order.id)).toBe("not-yet");
    await deps.db.order.update({ where: { id: order.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const outcomes = await Promise.all([1, 2, 3].map(() => expireOrder(deps.db, providers, order.id)));
    expect(outcomes.filter((o) => o === "expired")).toHaveLength(1);
    expect(await statusOf(order.id)).toBe("cancelled");
    expect(await stockOf(deps, product.id)).toBe(5);
    expect(stub.sessions.get(session.id)!.status).toBe("expired");
    expect(await expireOrder(deps.db, providers, order.id)).toBe("not-due");
    expect(await stockOf(deps, product.id)).toBe(5);
  });

  it("with the clock moved past the order's time (not the order moved), the same holds", async () => {
    const { order, product } = await opened({ quantity: 4, stock: 4 });
    expect(await stockOf(deps, product.id)).toBe(0);
    const justBefore = new Date(Date.parse(order.expiresAt) - 1);
    const justAfter = new Date(Date.parse(order.expiresAt) + 1);
    expect(await expireOrder(deps.db, providers, order.id, justBefore)).toBe("not-yet");
    expect(await stockOf(deps, product.id)).toBe(0);
    const outcomes = await Promise.all([justAfter, justAfter].map((now) => expireOrder(deps.db, providers, order.id, now)));
    expect(outcomes.sort()).toEqual(["expired", "not-due"]);
    expect(await stockOf(deps, product.id)).toBe(4);
  });

  it("leaves an order whose session was just paid to the payment's webhook", async () => {
    const { order, session } = await opened();
    const { payload } = stub.pay(session.id);
    await deps.db.order.update({ where: { id: order.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await expireOrder(deps.db, providers, order.id)).toBe("paid-meanwhile");
    await webhook(payload);
    expect(await statusOf(order.id)).toBe("paid");
  });

  it("refunds a payment that arrives after the order was cancelled, once", async () => {
    const { order, user, session } = await opened();
    const { payload } = stub.pay(session.id);
    expect((await api.call("POST", `/shop/orders/${order.id}/cancel`, { token: user.token })).status).toBe(200);
    expect((await webhook(payload)).status).toBe(200);
    await webhook(payload);
    const refunds = await deps.db.refund.findMany({ where: { orderId: order.id } });
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 3_000, currency: "USD", provider: "stripe" });
    expect(stub.refunds.filter((r) => r.payment_intent === session.payment_intent)).toHaveLength(1);
    expect((await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).refundedTotal).toBe(3_000);
  });
});

describe("refunds (admin)", () => {
  const paidOrder = async () => {
    const o = await opened();
    await webhook(stub.pay(o.session.id).payload);
    expect(await statusOf(o.order.id)).toBe("paid");
    return o;
  };

  it("refunds in parts through Stripe, never more than was paid, and concurrent refunds cannot pass the limit", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const { order, session } = await paidOrder();
    const part = await api.call("POST", `/shop/orders/${order.id}/refunds`, { token: admin.token, body: { amount: 1_000, reason: "one item damaged" } });
    expect(part.status, part.text).toBe(201);
    expect(part.body).toMatchObject({ amount: 1_000, provider: "stripe", orderRefundedTotal: 1_000, reason: "one item damaged" });
    expect(stub.refunds.filter((r) => r.payment_intent === session.payment_intent).map((r) => r.amount)).toEqual([1_000]);
    const calls = stub.calls.filter((c) => c.path === "/v1/refunds" && c.form.payment_intent === session.payment_intent);
    expect(calls.map((c) => c.idempotencyKey?.startsWith("refund-"))).toEqual([true]);

    const over = await api.call("POST", `/shop/orders/${order.id}/refunds`, { token: admin.token, body: { amount: 2_001 } });
    expect(over.status).toBe(409);
    const racing = await Promise.all([1, 2, 3].map(() => api.call("POST", `/shop/orders/${order.id}/refunds`, { token: admin.token, body: { amount: 1_500 } })));
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    const after = await deps.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(after.refundedTotal).toBe(2_500);
    expect((await deps.db.refund.aggregate({ where: { orderId: order.id }, _sum: { amount: true } }))._sum.amount).toBe(2_500);
    expect((await api.call("POST", `/shop/orders/${order.id}/refunds`, { token: (await signedInUser(deps)).token, body: {} })).status).toBe(403);
  });

  it("an admin cancelling a paid order refunds what is left and restores the stock", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const { order, product, session } = await paidOrder();
    const stockBefore = await stockOf(deps, product.id);
    const res = await api.call("PATCH", `/shop/orders/${order.id}/status`, { token: admin.token, body: { status: "cancelled" } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: "cancelled", refundedTotal: 3_000 });
    expect(await stockOf(deps, product.id)).toBe(stockBefore + 2);
    expect(stub.refunds.filter((r) => r.payment_intent === session.payment_intent).map((r) => r.amount)).toEqual([3_000]);
  });

  it("an admin marking a manual order paid records its payment, which can then be refunded by hand", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const { order } = await placed({ method: "manual" });
    expect((await api.call("PATCH", `/shop/orders/${order.id}/status`, { token: admin.token, body: { status: "paid" } })).status).toBe(200);
    const payment = await deps.db.payment.findFirstOrThrow({ where: { orderId: order.id } });
    expect(payment).toMatchObject({ provider: "manual", status: "paid", amount: 3_000 });
    const refund = await api.call("POST", `/shop/orders/${order.id}/refunds`, { token: admin.token, body: {} });
    expect(refund.body).toMatchObject({ amount: 3_000, provider: "manual", orderRefundedTotal: 3_000 });
  });
});

describe("200 racers check out and then pay", () => {
  it("exactly the 10 units in stock are sold, each order paid once, nothing oversold", async () => {
    const product = await createProduct(deps, { stock: 10, price: 2_000 });
    const buyers = await Promise.all(Array.from({ length: 200 }, () => signedInUser(deps, { address: ADDRESS })));
    await Promise.all(buyers.map((b) => fillCart(deps, b.id, [{ productId: product.id, quantity: 1 }])));
    const placedOrders = await Promise.all(
      buyers.map((b) => api.call("POST", "/shop/orders", { token: b.token, body: { paymentMethod: "stripe" } }).then((res) => ({ b, res }))),
    );
    const winners = placedOrders.filter((p) => p.res.status === 201);
    expect(winners).toHaveLength(10);
    expect(placedOrders.filter((p) => p.res.status === 409)).toHaveLength(190);
    const sessions = await Promise.all(
      winners.map(async ({ b, res }) => {
        const pay = await api.call("POST", `/shop/orders/${res.body.id}/pay`, { token: b.token });
        expect(pay.status, pay.text).toBe(200);
        return stub.sessions.get(new URL(pay.body.redirectUrl).pathname.split("/").at(-1)!)!;
      }),
    );
    // Every payment's webhook, each delivered twice at once.
    const payloads = sessions.map((s) => stub.pay(s.id).payload);
    const answers = await Promise.all([...payloads, ...payloads].map((p) => webhook(p)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(10);
    const orders = await deps.db.order.findMany({ where: { id: { in: winners.map((w) => w.res.body.id) } } });
    expect(orders.map((o) => o.status)).toEqual(Array(10).fill("paid"));
    expect(await stockOf(deps, product.id)).toBe(0);
    expect(await deps.db.payment.count({ where: { orderId: { in: orders.map((o) => o.id) }, status: "paid" } })).toBe(10);
  });
});

describe("texts to the customer", () => {
  it("are asked for when an order is placed, paid, shipped, refunded and cancelled, once each", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const { order, session } = await opened();
    const { payload } = stub.pay(session.id);
    await webhook(payload);
    await webhook(payload);
    await api.call("PATCH", `/shop/orders/${order.id}/status`, { token: admin.token, body: { status: "shipped" } });
    await api.call("POST", `/shop/orders/${order.id}/refunds`, { token: admin.token, body: { amount: 500 } });
    const expired = await opened();
    await deps.db.order.update({ where: { id: expired.order.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await deps.services.payments.expire(expired.order.id);
    const of = (id: string) => texts.filter((t) => t.startsWith(id)).map((t) => t.split(" ")[1]);
    expect(of(order.id)).toEqual(["placed", "paid", "shipped", "refunded"]);
    expect(of(expired.order.id)).toEqual(["placed", "cancelled"]);
  });
});
