/**
 * The database connection of a checkout dies mid-transaction (after the stock was taken and the order row
 * written, before COMMIT). The production server talks to Postgres through a proxy that cuts exactly that one
 * connection; everything else on the shared server is untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@shop/db";
import { startWebServer, type WebServer } from "../web-server";
import { call, cartLines, createProduct, fillCart, jwtSettings, signedInUser, stockOf } from "./fixtures";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

const db = createDb(process.env.DATABASE_URL!, { poolSize: 3 });
const jwt = jwtSettings();
let proxy: TcpProxy;
let web: WebServer;

beforeAll(async () => {
  const target = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  web = await startWebServer({ ...jwt, DATABASE_URL: proxy.url(process.env.DATABASE_URL!), CATALOG_CACHE_TTL_MS: "0" });
});
afterAll(async () => {
  await web?.stop();
  await proxy?.close();
  await db.$disconnect();
});

describe("Postgres connection lost mid-checkout", () => {
  it("rolls everything back, answers a 503 JSON error at once, and the next checkout succeeds", async () => {
    const user = await signedInUser(db, jwt);
    const a = await createProduct(db, 5);
    const b = await createProduct(db, 3);
    await fillCart(db, user.id, [
      { productId: a.id, quantity: 2 },
      { productId: b.id, quantity: 1 },
    ]);
    const cartBefore = await cartLines(db, user.id);
    expect((await call(web.url, "GET", "/shop/orders", { token: user.token })).status).toBe(200);

    // The order's INSERT reaches Postgres and runs; its answer never comes back: the socket is destroyed.
    const rule = proxy.cutAfter("INSERT INTO orders");
    const failed = await call(web.url, "POST", "/shop/orders", { token: user.token, body: {} });
    await rule.cut;

    expect(failed.status, JSON.stringify(failed.body)).toBe(503);
    expect(failed.body).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: expect.any(String) });
    expect(failed.ms).toBeLessThan(5_000);

    expect(await db.order.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.orderItem.count({ where: { productId: { in: [a.id, b.id] } } })).toBe(0);
    expect(await stockOf(db, a.id)).toBe(5);
    expect(await stockOf(db, b.id)).toBe(3);
    expect(await cartLines(db, user.id)).toEqual(cartBefore);

    const placed = await call(web.url, "POST", "/shop/orders", { token: user.token, body: {} });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(await db.order.count({ where: { userId: user.id } })).toBe(1);
    expect(await stockOf(db, a.id)).toBe(3);
    expect(await stockOf(db, b.id)).toBe(2);
    expect(await cartLines(db, user.id)).toEqual([]);
  });
});
