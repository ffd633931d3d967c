/**
 * SIGTERM to the production web server while requests are in flight. Every database answer is held back by the
 * proxy, so catalogue reads and checkouts are provably still running when the signal arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@shop/db";
import { startWebServer, type WebServer } from "../web-server";
import { call, createProduct, fillCart, jwtSettings, signedInUser, stockOf } from "./fixtures";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

const db = createDb(process.env.DATABASE_URL!, { poolSize: 3 });
let proxy: TcpProxy;
const servers: WebServer[] = [];
const jwt = jwtSettings();
const GRACE_MS = 10_000;

const start = async (graceMs: number) => {
  // No catalogue cache: the in-flight requests must really wait on the (slowed) database.
  const web = await startWebServer({
    ...jwt,
    DATABASE_URL: proxy.url(process.env.DATABASE_URL!),
    SHUTDOWN_GRACE_MS: String(graceMs),
    CATALOG_CACHE_TTL_MS: "0",
  });
  servers.push(web);
  return web;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How a new connection attempt ends: "ECONNREFUSED" when nothing listens any more. */
const tryConnect = (url: string) =>
  call(url, "GET", "/shop/products").then(
    (a) => `answered ${a.status}`,
    (e: Error) => (e.cause as { code?: string } | undefined)?.code ?? e.message,
  );

beforeAll(async () => {
  const target = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
});
afterAll(async () => {
  for (const web of servers) if (web.child.exitCode === null) web.child.kill("SIGKILL");
  await proxy?.close();
  await db.$disconnect();
});

describe("web server SIGTERM", () => {
  it("finishes in-flight requests, refuses new connections, exits 0 within the grace period", async () => {
    const web = await start(GRACE_MS);
    proxy.setLatency(0);
    const product = await createProduct(db, 50);
    const users = await Promise.all([1, 2, 3, 4].map(() => signedInUser(db, jwt)));
    for (const user of users) await fillCart(db, user.id, [{ productId: product.id, quantity: 2 }]);
    // Warm the routes (module loading, the pool), so the timing below is about the database only.
    expect((await call(web.url, "GET", "/shop/products?limit=5")).status).toBe(200);
    expect((await call(web.url, "GET", "/shop/orders", { token: users[0]!.token })).status).toBe(200);

    proxy.setLatency(400);
    const before = proxy.clientBytes();
    const inFlight = [
      ...users.map((user) => call(web.url, "POST", "/shop/orders", { token: user.token, body: {} })),
      ...[1, 2, 3, 4].map(() => call(web.url, "GET", "/shop/products?limit=100")),
    ];
    // Every request is waiting on the database.
    while (proxy.clientBytes() === before) await sleep(10);
    await sleep(150);

    const signalled = Date.now();
    const exited = web.stop();
    await sleep(100);
    // Still draining (the checkouts queue on one product's row lock, each round trip held 400 ms)...
    expect(web.child.exitCode).toBeNull();
    // ...but no longer accepting connections.
    expect(await tryConnect(web.url)).toBe("ECONNREFUSED");

    const answers = await Promise.all(inFlight);
    const { code } = await exited;
    const elapsed = Date.now() - signalled;
    const context = JSON.stringify({ code, elapsed, answers: answers.map((a) => [a.status, a.ms]) }) + web.output().slice(-3000);
    expect(answers.slice(0, 4).map((a) => a.status), context).toEqual([201, 201, 201, 201]);
    expect(answers.slice(4).map((a) => a.status), context).toEqual([200, 200, 200, 200]);
    expect(answers.slice(4).every((a) => Array.isArray(a.body.items) && a.body.items.length > 0)).toBe(true);
    // The drain really waited: the last checkout answered well after the signal.
    expect(Math.max(...answers.map((a) => a.ms))).toBeGreaterThan(1_000);
    expect(await stockOf(db, product.id)).toBe(50 - 8);
    expect(await db.order.count({ where: { userId: { in: users.map((u) => u.id) } } })).toBe(4);
    expect(code, context).toBe(0);
    expect(elapsed).toBeLessThan(GRACE_MS);
  });

  it("exits 1 once the grace period is over when a request never finishes", async () => {
    const web = await start(1_500);
    expect((await call(web.url, "GET", "/shop/products?limit=5")).status).toBe(200);
    proxy.setLatency(120_000); // the database "hangs"
    const before = proxy.clientBytes();
    const stuck = call(web.url, "GET", "/shop/products?limit=5").then(
      (a) => `answered ${a.status}`,
      () => "connection closed",
    );
    while (proxy.clientBytes() === before) await sleep(10);

    const signalled = Date.now();
    const { code } = await web.stop();
    const elapsed = Date.now() - signalled;
    proxy.setLatency(0);
    expect(code, web.output().slice(-2000)).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(6_000);
    expect(await stuck).toBe("connection closed");
    expect(web.output()).toContain("grace period over");
  });
});
