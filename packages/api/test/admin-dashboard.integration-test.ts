/**
 * The dashboard's numbers, exactly: on a scratch database of its own (the shared one has other files' orders
 * arriving meanwhile) with a fixed clock, in a time zone whose midnight is not UTC's, checked against values worked
 * out by hand and against direct SQL. Its REST face (roles, shape, validation) runs on the shared database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashboardAdmin, type AdminDeps } from "@shop/core";
import { createDb, type Db } from "@shop/db";
import { scratchDatabase, uniqueSuffix, type ScratchDatabase } from "@shop/db/testing";
import { restClient } from "./http";
import { createTestDeps, uniquePhone, type TestDeps } from "./support";
import { ADDRESS, signedInUser } from "./orders-fixtures";

const NOW = new Date("2026-07-15T12:00:00Z");
const actor = { id: "0190a0a0-0000-7000-8000-000000000001", role: "staff" as const };

let scratch: ScratchDatabase;
let db: Db;
let deps: TestDeps;
const products: Record<string, { id: string }> = {};

beforeAll(async () => {
  deps = createTestDeps();
  scratch = await scratchDatabase("admin_dashboard", { migrate: true });
  db = createDb(scratch.url, { poolSize: 4 });
  const customer = await db.user.create({ data: { phone: uniquePhone() }, select: { id: true } });
  const product = (key: string, stock: number, currency = "USD", isActive = true) =>
    db.product.create({ data: { slug: `dash-${key}-${uniqueSuffix()}`, name: `Product ${key}`, price: 100, currency, stock, isActive }, select: { id: true } });
  // Created one after another so their ids (UUIDv7) sort P1 < P2 < ... (the tie-break of top products).
  for (const [key, stock, currency, active] of [
    ["P1", 2, "USD", true],
    ["P2", 0, "USD", true],
    ["P3", 50, "USD", true],
    ["P4", 5, "USD", false],
    ["P5", 6, "EUR", true],
  ] as const) {
    products[key] = await product(key, stock, currency, active);
  }
  let n = 0;
  const order = async (o: {
    status: "pending" | "paid" | "shipped" | "delivered" | "cancelled";
    total: number;
    paidAt?: string;
    currency?: string;
    items: [string, number][];
  }) => {
    const created = await db.order.create({
      data: {
        number: `SO-DASH-${uniqueSuffix()}-${n++}`,
        userId: customer.id,
        status: o.status,
        currency: o.currency ?? "USD",
        subtotal: o.total,
        total: o.total,
        shippingAddress: ADDRESS as object,
        paidAt: o.paidAt ? new Date(o.paidAt) : null,
        createdAt: new Date(o.paidAt ?? NOW),
        items: {
          create: o.items.map(([key, quantity]) => ({
            productId: products[key]!.id,
            productName: `Product ${key} as ordered`,
            productSlug: key.toLowerCase(),
            unitPrice: 100,
            quantity,
            lineTotal: 100 * quantity,
          })),
        },
      },
      select: { id: true },
    });
    return created.id;
  };
  // America/New_York in July is UTC-4: "today" began at 04:00 UTC.
  await order({ status: "paid", total: 1_000, paidAt: "2026-07-15T10:00:00Z", items: [["P1", 2]] }); // today
  await order({ status: "shipped", total: 2_000, paidAt: "2026-07-15T03:00:00Z", items: [["P2", 3]] }); // yesterday in New York, today in UTC
  const c = await order({ status: "delivered", total: 4_000, paidAt: "2026-07-10T12:00:00Z", items: [["P1", 1], ["P3", 5]] });
  await order({ status: "delivered", total: 8_000, currency: "EUR", paidAt: "2026-06-20T12:00:00Z", items: [["P5", 1]] });
  await order({ status: "delivered", total: 16_000, paidAt: "2026-06-01T12:00:00Z", items: [["P3", 40]] }); // before the 30 days
  const f = await order({ status: "cancelled", total: 500, paidAt: "2026-07-14T12:00:00Z", items: [["P4", 10]] }); // paid, then cancelled and refunded
  await order({ status: "pending", total: 700, items: [["P1", 7]] });
  await order({ status: "paid", total: 900, paidAt: "2026-07-15T13:00:00Z", items: [["P1", 9]] }); // after the clock's now
  await db.refund.create({ data: { orderId: f, amount: 500, currency: "USD", provider: "manual", createdAt: new Date("2026-07-15T11:00:00Z") } });
  await db.refund.create({ data: { orderId: c, amount: 300, currency: "USD", provider: "manual", createdAt: new Date("2026-07-01T12:00:00Z") } });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
  await deps?.close();
});

const dashboard = (timeZone: string) =>
  // The dashboard reads only db and clock of its dependencies.
  createDashboardAdmin({ db, clock: () => NOW } as Pick<AdminDeps, "db" | "clock"> as AdminDeps, { timeZone });

describe("dashboard numbers", () => {
  it("sums sales per currency from the start of the shop's day: paid orders minus refunds given", async () => {
    const result = await dashboard("America/New_York").get(actor);
    expect(result.timeZone).toBe("America/New_York");
    expect(result.sales.today).toEqual({
      from: "2026-07-15T04:00:00.000Z",
      to: NOW.toISOString(),
      byCurrency: [{ currency: "USD", orders: 1, gross: 1_000, refunds: 500, net: 500 }],
    });
    expect(result.sales.last7Days.from).toBe("2026-07-09T04:00:00.000Z");
    expect(result.sales.last7Days.byCurrency).toEqual([{ currency: "USD", orders: 4, gross: 7_500, refunds: 500, net: 7_000 }]);
    expect(result.sales.last30Days.from).toBe("2026-06-16T04:00:00.000Z");
    expect(result.sales.last30Days.byCurrency).toEqual([
      { currency: "EUR", orders: 1, gross: 8_000, refunds: 0, net: 8_000 },
      { currency: "USD", orders: 4, gross: 7_500, refunds: 800, net: 6_700 },
    ]);
  });

  it("agrees with direct SQL over the same rows", async () => {
    const result = await dashboard("America/New_York").get(actor);
    const since = new Date(result.sales.last30Days.from);
    const [sql] = await db.$queryRaw<{ gross: number; refunds: number; orders: number }[]>`
      SELECT (SELECT coalesce(sum(total), 0)::int FROM orders WHERE currency = 'USD' AND paid_at BETWEEN ${since} AND ${NOW}) AS gross,
             (SELECT count(*)::int FROM orders WHERE currency = 'USD' AND paid_at BETWEEN ${since} AND ${NOW}) AS orders,
             (SELECT coalesce(sum(amount), 0)::int FROM refunds WHERE currency = 'USD' AND created_at BETWEEN ${since} AND ${NOW}) AS refunds`;
    expect(result.sales.last30Days.byCurrency.find((line) => line.currency === "USD")).toMatchObject(sql!);
    const statuses = await db.$queryRaw<{ status: string; n: number }[]>`SELECT status::text, count(*)::int AS n FROM orders GROUP BY status`;
    expect(result.ordersByStatus).toEqual({ pending: 0, paid: 0, shipped: 0, delivered: 0, cancelled: 0, ...Object.fromEntries(statuses.map((s) => [s.status, s.n])) });
  });

  it("starts the day at UTC midnight when the shop's zone is UTC", async () => {
    const result = await dashboard("UTC").get(actor);
    expect(result.sales.today).toMatchObject({
      from: "2026-07-15T00:00:00.000Z",
      byCurrency: [{ currency: "USD", orders: 2, gross: 3_000, refunds: 500, net: 2_500 }],
    });
  });

  it("counts every order by status", async () => {
    expect((await dashboard("UTC").get(actor)).ordersByStatus).toEqual({ pending: 1, paid: 2, shipped: 1, delivered: 3, cancelled: 1 });
  });

  it("lists active variants at or below the threshold, lowest first; a request may ask for another threshold", async () => {
    const result = await dashboard("UTC").get(actor);
    expect(result.lowStock.threshold).toBe(5);
    expect(result.lowStock.items.map((i) => [i.productId, i.stock])).toEqual([
      [products.P2!.id, 0],
      [products.P1!.id, 2],
    ]);
    expect(result.lowStock.items[0]).toMatchObject({ productName: "Product P2", sku: expect.any(String), variantId: expect.any(String) });
    const wider = await dashboard("UTC").get(actor, { lowStockThreshold: 6 });
    expect(wider.lowStock.items.map((i) => i.productId)).toEqual([products.P2!.id, products.P1!.id, products.P5!.id]);
  });

  it("ranks products by units sold in the 30 days' paid orders, leaving out cancelled ones", async () => {
    const result = await dashboard("America/New_York").get(actor);
    expect(result.topProducts.since).toBe("2026-06-16T04:00:00.000Z");
    expect(result.topProducts.items).toEqual([
      { productId: products.P3!.id, name: "Product P3", units: 5, orders: 1, revenue: 500, currency: "USD" },
      { productId: products.P1!.id, name: "Product P1", units: 3, orders: 2, revenue: 300, currency: "USD" },
      { productId: products.P2!.id, name: "Product P2", units: 3, orders: 1, revenue: 300, currency: "USD" },
      { productId: products.P5!.id, name: "Product P5", units: 1, orders: 1, revenue: 100, currency: "EUR" },
    ]);
  });

  it("reuses the top products for a minute (configurable), never the sales", async () => {
    const cached = createDashboardAdmin({ db, clock: () => NOW } as Pick<AdminDeps, "db" | "clock"> as AdminDeps, { timeZone: "UTC" });
    const before = await cached.get(actor);
    const extra = await db.order.create({
      data: {
        number: `SO-DASH-${uniqueSuffix()}-extra`,
        userId: (await db.user.findFirstOrThrow({ select: { id: true } })).id,
        status: "paid",
        currency: "USD",
        subtotal: 800,
        total: 800,
        shippingAddress: ADDRESS as object,
        paidAt: new Date(NOW.getTime() - 60_000),
        items: { create: [{ productId: products.P2!.id, productName: "Product P2", productSlug: "p2", unitPrice: 100, quantity: 8, lineTotal: 800 }] },
      },
      select: { id: true },
    });
    try {
      const after = await cached.get(actor);
      expect(after.topProducts.items).toEqual(before.topProducts.items);
      expect(after.sales.today.byCurrency[0]!.gross).toBe(before.sales.today.byCurrency[0]!.gross + 800);
      const fresh = await createDashboardAdmin({ db, clock: () => NOW } as Pick<AdminDeps, "db" | "clock"> as AdminDeps, { topProductsCacheMs: 0 }).get(actor);
      expect(fresh.topProducts.items[0]).toMatchObject({ productId: products.P2!.id, units: 11 });
    } finally {
      await db.order.delete({ where: { id: extra.id } });
    }
  });

  it("refuses an unknown time zone when the service is made", () => {
    expect(() => dashboard("Mars/Olympus_Mons")).toThrow(/Unknown time zone/);
  });
});

describe("GET /admin/dashboard", () => {
  it("answers staff and admins, refuses customers and guests, checks its threshold", async () => {
    const api = restClient(deps);
    const [staff, admin, customer] = await Promise.all([
      signedInUser(deps, { role: "staff" }),
      signedInUser(deps, { role: "admin" }),
      signedInUser(deps),
    ]);
    const res = await api.call("GET", "/admin/dashboard", { token: staff.token });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["generatedAt", "lowStock", "ordersByStatus", "sales", "timeZone", "topProducts"]);
    expect(res.body.timeZone).toBe("UTC");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await api.call("GET", "/admin/dashboard?lowStockThreshold=2", { token: admin.token })).body.lowStock.threshold).toBe(2);
    expect((await api.call("GET", "/admin/dashboard?lowStockThreshold=abc", { token: admin.token })).status).toBe(400);
    expect((await api.call("GET", "/admin/dashboard", { token: customer.token })).status).toBe(403);
    expect((await api.call("GET", "/admin/dashboard")).status).toBe(401);
  });
});
