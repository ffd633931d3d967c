/**
 * Orders through the real REST handler against real Postgres: checkout, history, cancel, admin lifecycle and
 * Idempotency-Key. Every test makes its own users and products, so the file can run next to any other.
 */
import { afterAll, describe, expect, it } from "vitest";
import { checkout, claimIdempotencyKey, CREATE_ORDER_SCOPE, ORDER_NUMBER_PATTERN, requestHash } from "@shop/core";
import { restClient } from "./http";
import { createTestDeps } from "./support";
import { ADDRESS, cartLines, createProduct, fillCart, signedInUser, stockOf } from "./orders-fixtures";

const deps = createTestDeps();
const api = restClient(deps);
afterAll(() => deps.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ordersOf = (userId: string) => deps.db.order.count({ where: { userId } });

/** A user with one product in the cart, checked out: the order body and its product. */
async function placedOrder(options: { quantity?: number; stock?: number } = {}) {
  const user = await signedInUser(deps, { address: ADDRESS });
  const product = await createProduct(deps, { stock: options.stock ?? 10 });
  await fillCart(deps, user.id, [{ productId: product.id, quantity: options.quantity ?? 2 }]);
  const res = await api.call("POST", "/shop/orders", { token: user.token, body: {} });
  expect(res.status).toBe(201);
  return { user, product, order: res.body };
}

/** What an order item copies of a product's default variant (no options). */
const defaultVariant = (slug: string) => ({ variantId: expect.any(String), sku: slug, variantTitle: "", options: [] });

describe("POST /shop/orders (checkout)", () => {
  it("turns the cart into an order: 201, copied names and prices, totals, stock decremented, cart emptied", async () => {
    const user = await signedInUser(deps);
    const a = await createProduct(deps, { stock: 5, price: 1_250, name: "Walnut desk" });
    const b = await createProduct(deps, { stock: 3, price: 999, name: "Desk lamp" });
    await fillCart(deps, user.id, [
      { productId: a.id, quantity: 2 },
      { productId: b.id, quantity: 1 },
    ]);

    const res = await api.call("POST", "/shop/orders", { token: user.token, body: { shippingAddress: ADDRESS, note: "  Leave at the door  " } });

    expect(res.status).toBe(201);
    const order = res.body;
    expect(Object.keys(order).sort()).toEqual(
      [
        "id", "number", "status", "currency", "subtotal", "shippingTotal", "total", "shippingAddress", "note", "items",
        "createdAt", "updatedAt", "paidAt", "shippedAt", "deliveredAt", "cancelledAt", "paymentMethod", "expiresAt",
        "refundedTotal",
      ].sort(),
    );
    expect(order.number).toMatch(ORDER_NUMBER_PATTERN);
    expect(order.number.slice(3, 11)).toBe(new Date(order.createdAt).toISOString().slice(0, 10).replaceAll("-", ""));
    expect(order).toMatchObject({
      status: "pending",
      currency: "USD",
      subtotal: 2 * 1_250 + 999,
      shippingTotal: 0,
      total: 2 * 1_250 + 999,
      shippingAddress: ADDRESS,
      note: "Leave at the door",
      paidAt: null,
      shippedAt: null,
      deliveredAt: null,
      cancelledAt: null,
    });
    const expectedItems = [
      { productId: a.id, productName: "Walnut desk", productSlug: a.slug, ...defaultVariant(a.slug), unitPrice: 1_250, quantity: 2, lineTotal: 2_500 },
      { productId: b.id, productName: "Desk lamp", productSlug: b.slug, ...defaultVariant(b.slug), unitPrice: 999, quantity: 1, lineTotal: 999 },
    ].sort((x, y) => (x.productId < y.productId ? -1 : 1));
    expect(order.items).toEqual(expectedItems);
    expect(res.headers.get("cache-control")).toContain("no-store");

    expect(await stockOf(deps, a.id)).toBe(3);
    expect(await stockOf(deps, b.id)).toBe(2);
    expect(await cartLines(deps, user.id)).toEqual([]);

    // Later catalogue edits never rewrite the order.
    await deps.db.product.update({ where: { id: a.id }, data: { price: 9_999, name: "Renamed desk" } });
    const detail = await api.call("GET", `/shop/orders/${order.id}`, { token: user.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual(order);
  });

  it("falls back to the profile's default shipping address", async () => {
    const user = await signedInUser(deps, { address: { ...ADDRESS, line1: "1 Profile Road" } });
    const product = await createProduct(deps, { stock: 1 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);

    const res = await api.call("POST", "/shop/orders", { token: user.token, body: {} });

    expect(res.status).toBe(201);
    expect(res.body.shippingAddress).toEqual({ ...ADDRESS, line1: "1 Profile Road" });
    expect(res.body.note).toBeNull();
  });

  it("without any shipping address answers 400 naming shippingAddress and changes nothing", async () => {
    const user = await signedInUser(deps);
    const product = await createProduct(deps, { stock: 4 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);

    const res = await api.call("POST", "/shop/orders", { token: user.token, body: {} });

    expect(res.status).toBe(400);
    expect(res.body.message).toContain("shippingAddress");
    expect(res.body.details).toEqual({ field: "shippingAddress" });
    expect(await stockOf(deps, product.id)).toBe(4);
    expect(await cartLines(deps, user.id)).toHaveLength(1);
    expect(await ordersOf(user.id)).toBe(0);
  });

  it("with an empty cart (no cart row, or a cart without lines) answers 400", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const noCart = await api.call("POST", "/shop/orders", { token: user.token, body: {} });
    expect(noCart.status).toBe(400);
    expect(noCart.body.details).toEqual({ field: "cart" });

    await fillCart(deps, user.id, []);
    const emptyCart = await api.call("POST", "/shop/orders", { token: user.token, body: {} });
    expect(emptyCart.status).toBe(400);
    expect(await ordersOf(user.id)).toBe(0);
  });

  it("when 2 of 3 lines are short answers 409 listing both, and nothing changes", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const plenty = await createProduct(deps, { stock: 5 });
    const few = await createProduct(deps, { stock: 1 });
    const none = await createProduct(deps, { stock: 0 });
    await fillCart(deps, user.id, [
      { productId: plenty.id, quantity: 2 },
      { productId: few.id, quantity: 3 },
      { productId: none.id, quantity: 2 },
    ]);

    const res = await api.call("POST", "/shop/orders", { token: user.token, body: {} });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe("CONFLICT");
    expect(res.body.details.lines).toEqual(
      expect.arrayContaining([
        { productId: few.id, variantId: expect.any(String), requested: 3, available: 1 },
        { productId: none.id, variantId: expect.any(String), requested: 2, available: 0 },
      ]),
    );
    expect(res.body.details.lines).toHaveLength(2);
    expect([await stockOf(deps, plenty.id), await stockOf(deps, few.id), await stockOf(deps, none.id)]).toEqual([5, 1, 0]);
    expect(await cartLines(deps, user.id)).toHaveLength(3);
    expect(await ordersOf(user.id)).toBe(0);
  });

  it("treats an inactive product as out of stock", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 7 });
    await deps.db.product.update({ where: { id: product.id }, data: { isActive: false } });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);

    const res = await api.call("POST", "/shop/orders", { token: user.token, body: {} });

    expect(res.status).toBe(409);
    expect(res.body.details.lines).toEqual([{ productId: product.id, variantId: expect.any(String), requested: 1, available: 0 }]);
    expect(await stockOf(deps, product.id)).toBe(7);
  });

  it.each([
    ["status", { status: "paid" }],
    ["userId", { userId: "0195a8f0-0000-7000-8000-000000000000" }],
    ["total", { total: 1 }],
    ["items", { items: [{ productId: "x", quantity: 1, unitPrice: 0 }] }],
  ])("refuses a body with %s (400) and places no order", async (_field, extra) => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 2 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);

    const res = await api.call("POST", "/shop/orders", { token: user.token, body: { ...extra } });

    expect(res.status).toBe(400);
    expect(await ordersOf(user.id)).toBe(0);
    expect(await stockOf(deps, product.id)).toBe(2);
  });

  it("refuses a note over 500 characters and needs a signed-in user", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    expect((await api.call("POST", "/shop/orders", { token: user.token, body: { note: "x".repeat(501) } })).status).toBe(400);
    expect((await api.call("POST", "/shop/orders", { body: {} })).status).toBe(401);
  });

  it("retries with a fresh order number when the generated one is taken", async () => {
    const { order: existing } = await placedOrder();
    const user = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 3 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);
    const numbers = [existing.number, "SO-20261201-RETRY1"];
    const generated: string[] = [];

    const order = await checkout(deps.db, { userId: user.id, input: {} }, {
      orderNumber: () => {
        const next = numbers.shift() ?? `SO-20261201-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
        generated.push(next);
        return next;
      },
    });

    expect(generated[0]).toBe(existing.number);
    expect(order.number).toBe("SO-20261201-RETRY1");
    // The clash rolled back the first attempt: stock went down once, for the one order.
    expect(await stockOf(deps, product.id)).toBe(2);
    expect(await ordersOf(user.id)).toBe(1);
  });
});

describe("GET /shop/orders and /shop/orders/{id}", () => {
  it("lists only the caller's orders, newest first, across pages", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const other = await placedOrder();
    const product = await createProduct(deps, { stock: 10 });
    const placed: string[] = [];
    for (const quantity of [1, 2, 3]) {
      await fillCart(deps, user.id, [{ productId: product.id, quantity }]);
      const res = await api.call("POST", "/shop/orders", { token: user.token, body: {} });
      expect(res.status).toBe(201);
      placed.push(res.body.id);
      await sleep(5); // distinct created_at; ties are covered by the next test
    }

    const first = await api.call("GET", "/shop/orders?limit=2", { token: user.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((o: { id: string }) => o.id)).toEqual([placed[2], placed[1]]);
    expect(first.body.items[0]).toEqual({
      id: placed[2],
      number: expect.stringMatching(ORDER_NUMBER_PATTERN),
      status: "pending",
      currency: "USD",
      total: 3 * 1_250,
      itemCount: 3,
      createdAt: expect.any(String),
    });
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const second = await api.call("GET", `/shop/orders?limit=2&cursor=${first.body.nextCursor}`, { token: user.token });
    expect(second.status).toBe(200);
    expect(second.body.items.map((o: { id: string }) => o.id)).toEqual([placed[0]]);
    expect(second.body.nextCursor).toBeNull();

    const all = await api.call("GET", "/shop/orders", { token: user.token });
    expect(all.body.items).toHaveLength(3);
    expect(all.body.items.map((o: { id: string }) => o.id)).not.toContain(other.order.id);
  });

  it("pages through orders that share a timestamp without skipping or repeating one", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 10 });
    for (let i = 0; i < 4; i++) {
      await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);
      expect((await api.call("POST", "/shop/orders", { token: user.token, body: {} })).status).toBe(201);
    }
    await deps.db.order.updateMany({ where: { userId: user.id }, data: { createdAt: new Date("2026-12-01T10:00:00.000Z") } });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await api.call(
        "GET",
        `/shop/orders?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
        { token: user.token },
      );
      seen.push(...page.body.items.map((o) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);

    const ids = (await deps.db.order.findMany({ where: { userId: user.id }, select: { id: true } })).map((o) => o.id);
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it("answers 400 for a bad limit or cursor and 401 without a token", async () => {
    const user = await signedInUser(deps);
    expect((await api.call("GET", "/shop/orders?limit=0", { token: user.token })).status).toBe(400);
    expect((await api.call("GET", "/shop/orders?limit=101", { token: user.token })).status).toBe(400);
    const bad = await api.call("GET", "/shop/orders?cursor=bm90LWEtY3Vyc29y", { token: user.token });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual({ field: "cursor" });
    expect((await api.call("GET", "/shop/orders")).status).toBe(401);
    const empty = await api.call("GET", "/shop/orders", { token: user.token });
    expect(empty.body).toEqual({ items: [], nextCursor: null });
  });

  it("shows an order to its owner only: another user's, an unknown or a malformed id is 404", async () => {
    const { user, order } = await placedOrder();
    const stranger = await signedInUser(deps);

    const own = await api.call("GET", `/shop/orders/${order.id}`, { token: user.token });
    expect(own.status).toBe(200);
    expect(own.body).toEqual(order);

    const theirs = await api.call("GET", `/shop/orders/${order.id}`, { token: stranger.token });
    expect(theirs.status).toBe(404);
    expect(theirs.text).not.toContain(order.number);
    expect((await api.call("GET", "/shop/orders/not-an-id", { token: user.token })).status).toBe(404);
    expect((await api.call("GET", "/shop/orders/0195a8f0-0000-7000-8000-000000000000", { token: user.token })).status).toBe(404);
    expect((await api.call("GET", `/shop/orders/${order.id}`)).status).toBe(401);
  });
});

describe("cancelling and the order lifecycle", () => {
  it("cancels a pending order and restores its stock; a second cancel is 409; someone else's is 404", async () => {
    const { user, product, order } = await placedOrder({ quantity: 3, stock: 5 });
    expect(await stockOf(deps, product.id)).toBe(2);
    const stranger = await signedInUser(deps);

    const foreign = await api.call("POST", `/shop/orders/${order.id}/cancel`, { token: stranger.token });
    expect(foreign.status).toBe(404);
    expect(await stockOf(deps, product.id)).toBe(2);

    const res = await api.call("POST", `/shop/orders/${order.id}/cancel`, { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("cancelled");
    expect(res.body.cancelledAt).toEqual(expect.any(String));
    expect(await stockOf(deps, product.id)).toBe(5);

    const again = await api.call("POST", `/shop/orders/${order.id}/cancel`, { token: user.token });
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual({ from: "cancelled", to: "cancelled" });
    expect(await stockOf(deps, product.id)).toBe(5);
    expect((await api.call("POST", "/shop/orders/garbage/cancel", { token: user.token })).status).toBe(404);
  });

  it("skips products deleted since the order when restoring stock", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const kept = await createProduct(deps, { stock: 4 });
    const gone = await createProduct(deps, { stock: 4 });
    await fillCart(deps, user.id, [
      { productId: kept.id, quantity: 1 },
      { productId: gone.id, quantity: 1 },
    ]);
    const placed = await api.call("POST", "/shop/orders", { token: user.token, body: {} });
    expect(placed.status).toBe(201);
    await deps.db.product.delete({ where: { id: gone.id } });

    const res = await api.call("POST", `/shop/orders/${placed.body.id}/cancel`, { token: user.token });

    expect(res.status).toBe(200);
    expect(await stockOf(deps, kept.id)).toBe(4);
    expect(res.body.items.map((i: { productId: string | null }) => i.productId)).toContain(null);
  });

  it("lets an admin move an order pending -> paid -> shipped -> delivered, setting each timestamp", async () => {
    const { user, order } = await placedOrder();
    const admin = await signedInUser(deps, { role: "admin" });
    const move = (status: string, token = admin.token) =>
      api.call("PATCH", `/shop/orders/${order.id}/status`, { token, body: { status } });

    expect((await move("paid", user.token)).status).toBe(403);
    expect((await api.call("PATCH", `/shop/orders/${order.id}/status`, { body: { status: "paid" } })).status).toBe(401);
    const skip = await move("shipped");
    expect(skip.status).toBe(409);
    expect(skip.body.details).toEqual({ from: "pending", to: "shipped" });

    const paid = await move("paid");
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: "paid", paidAt: expect.any(String), shippedAt: null });
    const shipped = await move("shipped");
    expect(shipped.body).toMatchObject({ status: "shipped", paidAt: paid.body.paidAt, shippedAt: expect.any(String) });
    const delivered = await move("delivered");
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ status: "delivered", deliveredAt: expect.any(String), cancelledAt: null });

    for (const status of ["cancelled", "pending", "paid", "delivered"]) {
      const illegal = await move(status);
      expect(illegal.status).toBe(409);
      expect(illegal.body.details).toEqual({ from: "delivered", to: status });
    }
    // The customer sees the same order.
    expect((await api.call("GET", `/shop/orders/${order.id}`, { token: user.token })).body).toEqual(delivered.body);
  });

  it("restores stock when an admin cancels a paid order; the customer can no longer cancel a paid one", async () => {
    const { user, product, order } = await placedOrder({ quantity: 2, stock: 6 });
    const admin = await signedInUser(deps, { role: "admin" });
    expect((await api.call("PATCH", `/shop/orders/${order.id}/status`, { token: admin.token, body: { status: "paid" } })).status).toBe(200);

    const byCustomer = await api.call("POST", `/shop/orders/${order.id}/cancel`, { token: user.token });
    expect(byCustomer.status).toBe(409);
    expect(byCustomer.body.details).toEqual({ from: "paid", to: "cancelled" });
    expect(await stockOf(deps, product.id)).toBe(4);

    const cancelled = await api.call("PATCH", `/shop/orders/${order.id}/status`, { token: admin.token, body: { status: "cancelled" } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", paidAt: expect.any(String), cancelledAt: expect.any(String) });
    expect(await stockOf(deps, product.id)).toBe(6);
  });

  it("answers the admin 404 for an unknown order and 400 for an unknown status or extra field", async () => {
    const { order } = await placedOrder();
    const admin = await signedInUser(deps, { role: "admin" });
    const patch = (id: string, body: unknown) => api.call("PATCH", `/shop/orders/${id}/status`, { token: admin.token, body });
    expect((await patch("0195a8f0-0000-7000-8000-000000000000", { status: "paid" })).status).toBe(404);
    expect((await patch("nope", { status: "paid" })).status).toBe(404);
    expect((await patch(order.id, { status: "lost" })).status).toBe(400);
    expect((await patch(order.id, { status: "paid", total: 0 })).status).toBe(400);
  });
});

describe("Idempotency-Key on POST /shop/orders", () => {
  const withKey = (key: string) => ({ "idempotency-key": key });

  it("replays the first response for the same key and body: same body, Idempotent-Replayed, one order", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 10 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 2 }]);
    const key = `checkout-${crypto.randomUUID()}`;

    const first = await api.call("POST", "/shop/orders", { token: user.token, body: { note: "hi" }, headers: withKey(key) });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    // Even with a full cart again, the retry does not order a second time.
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 2 }]);
    const replay = await api.call("POST", "/shop/orders", { token: user.token, body: { note: "hi" }, headers: withKey(key) });

    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.text).toBe(first.text);
    expect(await ordersOf(user.id)).toBe(1);
    expect(await stockOf(deps, product.id)).toBe(8);

    const row = await deps.db.idempotencyKey.findUniqueOrThrow({
      where: { userId_scope_key: { userId: user.id, scope: CREATE_ORDER_SCOPE, key } },
      select: { status: true, responseStatus: true, requestHash: true, expiresAt: true },
    });
    expect(row).toMatchObject({ status: "completed", responseStatus: 201, requestHash: requestHash({ note: "hi" }) });
    const ttl = row.expiresAt.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(23.9 * 3_600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it("answers 422 for the same key with a different body, and keys are per user", async () => {
    const { user } = await placedOrderWithKey("shared-key-1", { note: "first" });
    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);

    const res = await api.call("POST", "/shop/orders", { token: user.token, body: { note: "second" }, headers: withKey("shared-key-1") });
    expect(res.status).toBe(422);
    expect(await ordersOf(user.id)).toBe(1);
    expect(await stockOf(deps, product.id)).toBe(5);

    // The same key from someone else is their own key.
    const other = await placedOrderWithKey("shared-key-1", { note: "first" });
    expect(other.response.headers.get("idempotent-replayed")).toBeNull();
  });

  it("refuses a malformed key with 400", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    for (const key of ["x".repeat(256), "clé-é", "tab\there"]) {
      const res = await api.call("POST", "/shop/orders", { token: user.token, body: {}, headers: withKey(key) });
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(res.body.details).toEqual({ header: "Idempotency-Key" });
    }
    expect(await deps.db.idempotencyKey.count({ where: { userId: user.id } })).toBe(0);
  });

  it("keeps a 400 for the key (replayed), but frees it after a 409 out of stock so the same retry can succeed", async () => {
    // 400: replayed even once the cause is gone; a new attempt needs a new key.
    const user = await signedInUser(deps);
    const product = await createProduct(deps, { stock: 1 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 2 }]);
    const noAddress = await api.call("POST", "/shop/orders", { token: user.token, body: {}, headers: withKey("k-400") });
    expect(noAddress.status).toBe(400);
    await deps.db.user.update({ where: { id: user.id }, data: { shippingAddress: ADDRESS } });
    const replayed = await api.call("POST", "/shop/orders", { token: user.token, body: {}, headers: withKey("k-400") });
    expect(replayed.status).toBe(400);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.body).toMatchObject({ code: noAddress.body.code, message: noAddress.body.message, details: noAddress.body.details });

    // 409: nothing stored; after a restock the same key and body place the order.
    const short = await api.call("POST", "/shop/orders", { token: user.token, body: {}, headers: withKey("k-409") });
    expect(short.status).toBe(409);
    expect(await deps.db.idempotencyKey.count({ where: { userId: user.id, key: "k-409" } })).toBe(0);
    await deps.db.product.update({ where: { id: product.id }, data: { stock: 5 } });
    const retried = await api.call("POST", "/shop/orders", { token: user.token, body: {}, headers: withKey("k-409") });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect(await stockOf(deps, product.id)).toBe(3);
  });

  it("answers 409 while a request with the key is in progress, and takes over one abandoned for over 60 s", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);
    const claim = (key: string, createdAt: Date) =>
      deps.db.idempotencyKey.create({
        data: {
          userId: user.id,
          scope: CREATE_ORDER_SCOPE,
          key,
          requestHash: requestHash({}),
          status: "in_progress",
          createdAt,
          expiresAt: new Date(createdAt.getTime() + 24 * 3_600_000),
        },
      });

    await claim("running", new Date());
    const busy = await api.call("POST", "/shop/orders", { token: user.token, body: {}, headers: withKey("running") });
    expect(busy.status).toBe(409);
    expect(busy.headers.get("retry-after")).toBe("1");
    expect(await ordersOf(user.id)).toBe(0);

    await claim("crashed", new Date(Date.now() - 61_000));
    const takenOver = await api.call("POST", "/shop/orders", { token: user.token, body: {}, headers: withKey("crashed") });
    expect(takenOver.status).toBe(201);
    expect(await ordersOf(user.id)).toBe(1);
    const replay = await api.call("POST", "/shop/orders", { token: user.token, body: {}, headers: withKey("crashed") });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(takenOver.body);
  });

  it("rolls the checkout back when its claim was taken over meanwhile (the slow request loses)", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);
    const request = { userId: user.id, scope: CREATE_ORDER_SCOPE, key: "slow", requestHash: requestHash({}) };
    const claim = await claimIdempotencyKey(deps.db, request);
    expect(claim.kind).toBe("claimed");
    // Another request found the claim abandoned and took it over (the row got a new claim id).
    const takeover = await claimIdempotencyKey(deps.db, request, { now: new Date(Date.now() + 61_000) });
    expect(takeover.kind).toBe("claimed");

    const slow = checkout(deps.db, { userId: user.id, input: {}, idempotencyClaimId: (claim as { claimId: string }).claimId });

    await expect(slow).rejects.toMatchObject({ code: "CONFLICT", details: { header: "Idempotency-Key" } });
    expect(await ordersOf(user.id)).toBe(0);
    expect(await stockOf(deps, product.id)).toBe(5);
    expect(await cartLines(deps, user.id)).toHaveLength(1);
  });

  it("treats an expired key that was not purged yet as unused", async () => {
    const user = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);
    await deps.db.idempotencyKey.create({
      data: {
        userId: user.id,
        scope: CREATE_ORDER_SCOPE,
        key: "old",
        requestHash: requestHash({ note: "another body" }),
        status: "completed",
        responseStatus: 201,
        responseBody: { stale: true },
        createdAt: new Date(Date.now() - 25 * 3_600_000),
        expiresAt: new Date(Date.now() - 3_600_000),
      },
    });

    const res = await api.call("POST", "/shop/orders", { token: user.token, body: {}, headers: withKey("old") });

    expect(res.status).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(await ordersOf(user.id)).toBe(1);
  });
});

async function placedOrderWithKey(key: string, body: Record<string, unknown>) {
  const user = await signedInUser(deps, { address: ADDRESS });
  const product = await createProduct(deps, { stock: 5 });
  await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);
  const response = await api.call("POST", "/shop/orders", { token: user.token, body, headers: { "idempotency-key": key } });
  expect(response.status).toBe(201);
  return { user, response };
}
