/**
 * Stock adjustments racing checkouts of the same variant, through the REST handler on the 5-connection test pool:
 * no lost update (every applied change is in the stock and in the history), never negative stock, no 5xx.
 */
import { afterAll, describe, expect, it } from "vitest";
import { restClient, type Call } from "./http";
import { createTestDeps } from "./support";
import { ADDRESS, createProduct, fillCart, signedInUser, stockOf, type TestUser } from "./orders-fixtures";

const deps = createTestDeps();
const api = restClient(deps);
afterAll(() => deps.close());

async function buyers(count: number): Promise<TestUser[]> {
  const out: TestUser[] = [];
  for (let i = 0; i < count; i += 15) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(15, count - i) }, () => signedInUser(deps, { address: ADDRESS })))));
  }
  return out;
}

const statuses = (calls: Call[]) => calls.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c.status]: (acc[c.status] ?? 0) + 1 }), {});

describe("concurrent stock adjustments and checkouts of one variant", () => {
  it.each([1, 2])("round %i: stock = initial + applied changes - units sold, history = applied changes", async () => {
    const initial = 20;
    const product = await createProduct(deps, { stock: initial });
    const variant = await deps.db.productVariant.findFirstOrThrow({ where: { productId: product.id }, select: { id: true } });
    const staff = await signedInUser(deps, { role: "staff" });
    const customers = await buyers(30);
    await Promise.all(customers.map((c) => fillCart(deps, c.id, [{ productId: product.id, quantity: 1 }])));

    // Removals that may or may not find enough stock depending on who goes first, restocks, and counts.
    const changes: Record<string, unknown>[] = [
      { delta: -5, reason: "damaged" },
      { delta: 10, reason: "restock" },
      { delta: -3, reason: "correction" },
      { delta: 2, reason: "returned" },
      { delta: -8, reason: "damaged" },
      { delta: 4, reason: "restock" },
      { delta: -15, reason: "other" },
      { delta: 6, reason: "restock" },
      { setTo: 7, reason: "correction" },
      { delta: -1, reason: "damaged" },
      { delta: 9, reason: "restock" },
      { setTo: 3, reason: "correction" },
    ];
    const calls: Promise<{ kind: "checkout" | "adjust"; res: Call }>[] = [];
    // Interleaved, so adjustments land between checkouts rather than all before or after them.
    for (let i = 0; i < customers.length; i++) {
      calls.push(api.call("POST", "/shop/orders", { token: customers[i]!.token, body: {} }).then((res) => ({ kind: "checkout" as const, res })));
      const change = i % 2 === 0 ? changes[i / 2] : undefined;
      if (change) {
        calls.push(
          api
            .call("POST", `/admin/variants/${variant.id}/stock-adjustments`, { token: staff.token, body: change })
            .then((res) => ({ kind: "adjust" as const, res })),
        );
      }
    }
    const results = await Promise.all(calls);
    const all = results.map((r) => r.res);
    expect(all.filter((r) => r.status >= 500), JSON.stringify(statuses(all))).toEqual([]);

    const checkouts = results.filter((r) => r.kind === "checkout").map((r) => r.res);
    const adjustments = results.filter((r) => r.kind === "adjust").map((r) => r.res);
    expect(checkouts.some((c) => c.status === 201)).toBe(true);
    for (const c of checkouts) expect([201, 409]).toContain(c.status);
    for (const a of adjustments) {
      expect([201, 409], a.text).toContain(a.status);
      if (a.status === 409) expect(a.body.details.available).toBeGreaterThanOrEqual(0);
    }
    const applied = adjustments.filter((a) => a.status === 201 && a.body.adjustment).map((a) => a.body.adjustment);
    const appliedSum = applied.reduce((sum: number, a: { delta: number }) => sum + a.delta, 0);
    const sold = await deps.db.orderItem.aggregate({ where: { variantId: variant.id }, _sum: { quantity: true } });
    const unitsSold = sold._sum.quantity ?? 0;
    expect(unitsSold).toBe(checkouts.filter((c) => c.status === 201).length);

    const stock = await stockOf(deps, product.id);
    expect(stock).toBeGreaterThanOrEqual(0);
    expect(stock).toBe(initial + appliedSum - unitsSold);
    const history = await deps.db.stockAdjustment.findMany({ where: { variantId: variant.id }, select: { id: true, delta: true, stockAfter: true } });
    expect(history.map((h) => h.id).sort()).toEqual(applied.map((a: { id: string }) => a.id).sort());
    expect(history.reduce((sum, h) => sum + h.delta, 0)).toBe(appliedSum);
    expect(history.every((h) => h.stockAfter >= 0)).toBe(true);
    // Each answer's stock is the stock its adjustment left (under its row lock), as the history says.
    for (const a of applied) expect(history.find((h) => h.id === a.id)!.stockAfter).toBe(a.stockAfter);
    expect(await deps.db.auditLog.count({ where: { entityId: variant.id, action: "variant.stock_adjust" } })).toBe(applied.length);
  });
});
