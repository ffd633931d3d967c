/**
 * Checkout under contention, through the REST handler on the 5-connection test pool (the realistic squeeze):
 * no overselling, no deadlocks, no 5xx, idempotent retries and cancels that restore stock exactly once.
 * Also run against the embedded Postgres (project api:embedded), so it must not need a second database or
 * hold one connection's transaction open while another connection works (PGlite has one session).
 */
import { afterAll, describe, expect, it } from "vitest";
import { restClient, type Call } from "./http";
import { createTestDeps } from "./support";
import { ADDRESS, createProduct, fillCart, signedInUser, stockOf, type TestUser } from "./orders-fixtures";

const deps = createTestDeps();
const api = restClient(deps);
afterAll(() => deps.close());

async function users(count: number): Promise<TestUser[]> {
  const out: TestUser[] = [];
  // In batches: fixtures are not what this file measures.
  for (let i = 0; i < count; i += 25) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(25, count - i) }, () => signedInUser(deps, { address: ADDRESS })))));
  }
  return out;
}

const statuses = (calls: Call[]) => calls.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c.status]: (acc[c.status] ?? 0) + 1 }), {});

describe("200 concurrent checkouts of a product with 10 in stock", () => {
  // Twice, with fresh data, to catch flakiness.
  it.each([1, 2])("round %i: exactly 10 orders, 190 conflicts, zero 5xx, stock 0", async () => {
    const product = await createProduct(deps, { stock: 10 });
    const buyers = await users(200);
    await Promise.all(buyers.map((buyer) => fillCart(deps, buyer.id, [{ productId: product.id, quantity: 1 }])));

    const results = await Promise.all(buyers.map((buyer) => api.call("POST", "/shop/orders", { token: buyer.token, body: {} })));

    const count = statuses(results);
    expect(results.filter((r) => r.status >= 500), JSON.stringify(count)).toEqual([]);
    expect(count).toEqual({ 201: 10, 409: 190 });
    for (const conflict of results.filter((r) => r.status === 409)) {
      expect(conflict.body.details.lines).toEqual([{ productId: product.id, variantId: expect.any(String), requested: 1, available: 0 }]);
    }
    expect(await stockOf(deps, product.id)).toBe(0);
    const sold = await deps.db.orderItem.aggregate({ where: { productId: product.id }, _sum: { quantity: true }, _count: true });
    expect(sold._sum.quantity).toBe(10);
    expect(sold._count).toBe(10);
    const winners = results.filter((r) => r.status === 201).map((r) => r.body.id);
    expect(await deps.db.order.count({ where: { id: { in: winners } } })).toBe(10);
    // The winners' carts are empty, the others' carts untouched.
    const lines = await deps.db.cartItem.count({ where: { productId: product.id } });
    expect(lines).toBe(190);
  });
});

describe("multi-line carts in every order", () => {
  it("never deadlocks: 40 concurrent checkouts of the same 3 products, added to carts in different orders", async () => {
    const products = await Promise.all([0, 1, 2].map(() => createProduct(deps, { stock: 1_000 })));
    const buyers = await users(40);
    await Promise.all(
      buyers.map((buyer, i) => {
        const lines = products.map((p) => ({ productId: p.id, quantity: 1 + (i % 3) }));
        return fillCart(deps, buyer.id, i % 2 ? lines.reverse() : lines);
      }),
    );

    const results = await Promise.all(buyers.map((buyer) => api.call("POST", "/shop/orders", { token: buyer.token, body: {} })));

    expect(statuses(results)).toEqual({ 201: 40 });
    const ordered = buyers.reduce((sum, _b, i) => sum + 1 + (i % 3), 0);
    for (const product of products) expect(await stockOf(deps, product.id)).toBe(1_000 - ordered);
  });
});

describe("Idempotency-Key under concurrency", () => {
  it("20 concurrent checkouts with one key place exactly one order; every answer is that 201 or a 409", async () => {
    const [buyer] = await users(1);
    const product = await createProduct(deps, { stock: 50 });
    await fillCart(deps, buyer!.id, [{ productId: product.id, quantity: 2 }]);
    const headers = { "idempotency-key": `double-click-${crypto.randomUUID()}` };

    const results = await Promise.all(
      Array.from({ length: 20 }, () => api.call("POST", "/shop/orders", { token: buyer!.token, body: { note: "once" }, headers })),
    );

    const created = results.filter((r) => r.status === 201);
    expect(created.length, JSON.stringify(statuses(results))).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    for (const r of created) expect(r.body).toEqual(created[0]!.body);
    expect(created.filter((r) => r.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    expect(await deps.db.order.count({ where: { userId: buyer!.id } })).toBe(1);
    expect(await stockOf(deps, product.id)).toBe(48);

    // Once settled, every retry is the replay.
    const later = await api.call("POST", "/shop/orders", { token: buyer!.token, body: { note: "once" }, headers });
    expect(later.status).toBe(201);
    expect(later.body).toEqual(created[0]!.body);
  });

  it("20 concurrent checkouts of one cart without a key still place one order (the cart lines are locked)", async () => {
    const [buyer] = await users(1);
    const product = await createProduct(deps, { stock: 50 });
    await fillCart(deps, buyer!.id, [{ productId: product.id, quantity: 2 }]);

    const results = await Promise.all(Array.from({ length: 20 }, () => api.call("POST", "/shop/orders", { token: buyer!.token, body: {} })));

    expect(statuses(results)).toEqual({ 201: 1, 400: 19 });
    expect(await stockOf(deps, product.id)).toBe(48);
  });
});

describe("concurrent cancels", () => {
  it("two concurrent cancels of one order restore the stock once", async () => {
    const [buyer] = await users(1);
    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, buyer!.id, [{ productId: product.id, quantity: 3 }]);
    const placed = await api.call("POST", "/shop/orders", { token: buyer!.token, body: {} });
    expect(placed.status).toBe(201);
    expect(await stockOf(deps, product.id)).toBe(2);

    const results = await Promise.all([0, 1].map(() => api.call("POST", `/shop/orders/${placed.body.id}/cancel`, { token: buyer!.token })));

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await stockOf(deps, product.id)).toBe(5);
  });

  it("a customer cancel racing two admin cancels applies once and restores the stock once", async () => {
    const [buyer] = await users(1);
    const admin = await signedInUser(deps, { role: "admin" });
    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, buyer!.id, [{ productId: product.id, quantity: 2 }]);
    const placed = await api.call("POST", "/shop/orders", { token: buyer!.token, body: {} });
    const path = `/shop/orders/${placed.body.id}`;

    const results = await Promise.all([
      api.call("POST", `${path}/cancel`, { token: buyer!.token }),
      api.call("PATCH", `${path}/status`, { token: admin.token, body: { status: "cancelled" } }),
      api.call("PATCH", `${path}/status`, { token: admin.token, body: { status: "cancelled" } }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await stockOf(deps, product.id)).toBe(5);
  });
});
