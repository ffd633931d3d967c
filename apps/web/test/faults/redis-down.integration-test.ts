/**
 * Redis vanishing under the production server (its own redis-server, never the shared one): sign-up, which needs
 * Redis, answers 503 at once; the catalogue and orders, which do not, keep working; and when Redis comes back the
 * same server process recovers by itself.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@shop/db";
import { startWebServer, type WebServer } from "../web-server";
import { call, createProduct, fillCart, jwtSettings, signedInUser, stockOf, uniquePhone } from "./fixtures";
import { ownRedis, type OwnRedis } from "./redis-server";

const db = createDb(process.env.DATABASE_URL!, { poolSize: 3 });
const jwt = jwtSettings();
let redis: OwnRedis;
let web: WebServer;

beforeAll(async () => {
  redis = await ownRedis();
  await redis.start();
  web = await startWebServer({ ...jwt, REDIS_URL: redis.url, QUEUE_PREFIX: `t-${randomBytes(4).toString("hex")}` });
});
afterAll(async () => {
  await web?.stop();
  await redis?.stop();
  await db.$disconnect();
});

const register = () => call(web.url, "POST", "/auth/register", { body: { phone: uniquePhone() } });

describe("Redis down, then back", () => {
  it("register fails fast with 503, shopping keeps working, and the server recovers without a restart", async () => {
    const user = await signedInUser(db, jwt);
    const product = await createProduct(db, 10);
    await fillCart(db, user.id, [{ productId: product.id, quantity: 3 }]);
    expect((await register()).status).toBe(202);

    await redis.stop();

    // Requests keep arriving while Redis is gone: each one is refused quickly instead of hanging.
    const refused = await Promise.all([1, 2, 3, 4, 5].map(() => register()));
    for (const answer of refused) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.body).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: expect.any(String) });
      expect(answer.ms).toBeLessThan(1_000);
    }

    const products = await call(web.url, "GET", "/shop/products?limit=100");
    expect(products.status).toBe(200);
    expect(products.body.items.map((p: { id: string }) => p.id)).toContain(product.id);

    const placed = await call(web.url, "POST", "/shop/orders", { token: user.token, body: {} });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.items).toMatchObject([{ productId: product.id, quantity: 3 }]);
    expect(await stockOf(db, product.id)).toBe(7);

    const history = await call(web.url, "GET", "/shop/orders", { token: user.token });
    expect(history.status).toBe(200);
    expect(history.body.items.map((o: { id: string }) => o.id)).toEqual([placed.body.id]);

    // Still down: still a fast 503 (the answers above were not a lucky window).
    const stillDown = await register();
    expect(stillDown.status).toBe(503);
    expect(stillDown.ms).toBeLessThan(1_000);

    await redis.start();
    const back = Date.now();
    let last = stillDown;
    while (Date.now() - back < 8_000) {
      last = await register();
      if (last.status === 202) break;
      expect(last.status).toBe(503);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(last.status, JSON.stringify(last.body)).toBe(202);
    expect(Date.now() - back).toBeLessThan(5_000);
    expect(web.child.exitCode).toBeNull(); // the same process, never restarted
  });
});
