// Smoke test of `npm start` as a newcomer runs it: no DATABASE_URL (the embedded Postgres, PGlite) and, first,
// no REDIS_URL (single-process mode), then with Redis (the worker runs). Each run boots the real start script
// (migrate, demo catalogue, production web app), is used over HTTP as a client would (sign-up by code, an admin
// made with the printed command, concurrent sign-ups, checkouts, one Idempotency-Key, reviews) and stops on Ctrl-C.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePorts, waitFor } from "@shop/test-support";
import { npm, npmOnlyEnv, root } from "./newcomer";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Shop {
  base: string;
  pgPort: number;
  dataDir: string;
  output(): string;
  stop(): Promise<number | null>;
}

async function startShop(mode: { redis: boolean }): Promise<Shop> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "shop-start-"));
  dirs.push(dataDir);
  // Two different ports: the run that got the same one twice started the web server on the database's port.
  const [webPort, pgPort] = (await freePorts(2)) as [number, number];
  const env = npmOnlyEnv({
    PORT: String(webPort),
    EMBEDDED_PG_PORT: String(pgPort),
    SHOP_DATA_DIR: dataDir,
    // A queue prefix of its own so this run's worker never touches other tests' queues.
    QUEUE_PREFIX: `start-${webPort}`,
    // All requests of this test come from 127.0.0.1: room for the concurrent sign-ups below.
    OTP_MAX_SENDS_PER_IP_PER_HOUR: "1000",
    OTP_RESEND_COOLDOWN_SECONDS: "10",
  });
  for (const key of ["DATABASE_URL", "JWT_SECRET", "OTP_SECRET", "SMS_OUTBOX_PATH", "SMS_OUTBOX_PAGE", "LOG_FORMAT"]) delete env[key];
  if (!mode.redis) delete env.REDIS_URL;
  else env.REDIS_URL ??= "redis://127.0.0.1:6379";
  const child = spawn(process.execPath, ["scripts/start.mjs", "--skip-install"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += String(d)));
  child.stderr.on("data", (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await waitFor("npm start to be ready", () => output.includes("Press Ctrl-C to stop") || child.exitCode !== null, {
    timeoutMs: 200_000,
    intervalMs: 250,
  }).catch(() => undefined);
  expect(output, output).toContain("The shop is running");
  return {
    base: `http://127.0.0.1:${webPort}`,
    pgPort,
    dataDir,
    output: () => output,
    async stop() {
      child.kill("SIGINT");
      return exited;
    },
  };
}

const json = async (res: Response) => ({ status: res.status, body: (await res.json().catch(() => null)) as any }); // eslint-disable-line @typescript-eslint/no-explicit-any

function api(shop: Shop) {
  return async (method: string, p: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    json(
      await fetch(`${shop.base}/api/v1${p}`, {
        method,
        headers: {
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      }),
    );
}

/** The code for `phone` from the mock outbox, as a person reads it (the file the banner names). */
async function codeFor(shop: Shop, phone: string): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const line = (await readFile(path.join(shop.dataDir, "sms-outbox.jsonl"), "utf8").catch(() => ""))
      .split("\n")
      .filter((l) => l.includes(phone))
      .at(-1);
    const code = line?.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS for ${phone}\n${shop.output()}`);
}

async function signUp(shop: Shop, phone: string): Promise<string> {
  const call = api(shop);
  const sent = await call("POST", "/auth/register/", { body: { phone } });
  expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  const verified = await call("POST", "/auth/verify/", { body: { phone, code: await codeFor(shop, phone), password: "correct horse battery" } });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  return verified.body.accessToken as string;
}

const phoneNo = (i: number) => `+4474${String((Date.now() + i * 7_919) % 100_000_000).padStart(8, "0")}`;
const statuses = (answers: { status: number }[]) =>
  answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});

async function expectStoppedCleanly(shop: Shop) {
  const code = await shop.stop();
  expect(code, shop.output()).toBe(0);
  expect(shop.output()).toContain("stopped");
  // The embedded database is gone with it.
  await expect(
    new Promise((resolve, reject) => {
      const s = net.connect({ host: "127.0.0.1", port: shop.pgPort });
      s.once("connect", () => (s.destroy(), resolve("open")));
      s.once("error", reject);
    }),
  ).rejects.toThrow();
}

describe("npm start with nothing configured (embedded Postgres, no Redis)", () => {
  it("says what it runs on, signs a user up end to end, and holds up under concurrent requests", { timeout: 400_000 }, async () => {
    const shop = await startShop({ redis: false });
    try {
      const out = shop.output();
      const dbUrl = `postgresql://postgres@127.0.0.1:${shop.pgPort}/postgres`;
      expect(out).toContain("(embedded Postgres)");
      expect(out).toContain(`${shop.base}/swagger`);
      expect(out).toMatch(new RegExp(`Database +embedded PostgreSQL .* at ${dbUrl.replace(/[/.]/g, "\\$&")}`));
      expect(out).toMatch(/Redis +none: single-process mode/);
      expect(out).toContain(`${shop.base}/dev/sms`);
      expect(out).toContain(`DATABASE_URL=${dbUrl} ADMIN_PASSWORD='<choose one>' npm run admin -- +998901234567 --name "Owner"`);
      expect(out).not.toMatch(/will NOT be used/);

      // Healthy: Redis is not part of this mode.
      const health = await json(await fetch(`${shop.base}/api/v1/health`));
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: "ok", checks: { database: { status: "up" }, redis: { status: "not_configured" } } });

      // register → the code (outbox, and the /dev/sms page the banner lists) → verify.
      const call = api(shop);
      const phone = phoneNo(0);
      const token = await signUp(shop, phone);
      const page = await fetch(`${shop.base}/dev/sms`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(phone);
      expect((await call("GET", "/user/profile/", { token })).body).toMatchObject({ phone });

      // The admin command the banner prints works while the shop runs (npm alone, the embedded database).
      const adminPhone = "+998901234567";
      const made = await npm(["run", "admin", "--", adminPhone, "--name", "Owner"], npmOnlyEnv({ DATABASE_URL: dbUrl, ADMIN_PASSWORD: "owner password 1" }));
      expect(made.code, made.output).toBe(0);
      const adminLogin = await call("POST", "/auth/login/", { body: { phone: adminPhone, password: "owner password 1" } });
      expect(adminLogin.status, JSON.stringify(adminLogin.body)).toBe(200);
      const adminToken = adminLogin.body.accessToken as string;

      // Concurrency on the embedded database (pglite-socket interleaved the protocol of parallel connections):
      // 32 sign-ups at once, then 32 buyers racing for 10 units, one Idempotency-Key sent 10 times, 20 reviews.
      const tokens = await Promise.all(Array.from({ length: 32 }, (_, i) => signUp(shop, phoneNo(i + 1))));
      const product = await call("POST", "/shop/products/", { token: adminToken, body: { name: `Race ${randomUUID()}`, price: 1_000, stock: 10 } });
      expect(product.status, JSON.stringify(product.body)).toBe(201);
      const address = { line1: "1 Main St", city: "Tashkent", postalCode: "100000", country: "UZ" };
      const added = await Promise.all(tokens.map((t) => call("POST", "/shop/cart/", { token: t, body: { productId: product.body.id, quantity: 1 } })));
      expect(statuses(added)).toEqual({ 200: 32 });
      const orders = await Promise.all(tokens.map((t) => call("POST", "/shop/orders/", { token: t, body: { shippingAddress: address } })));
      expect(statuses(orders)).toEqual({ 201: 10, 409: 22 });
      const detail = await call("GET", `/shop/products/${product.body.id}/`);
      expect(detail.body.stock).toBe(0);

      const buyer = tokens.find((_, i) => orders[i]!.status === 409)!;
      const restock = await call("POST", "/shop/products/", { token: adminToken, body: { name: `Once ${randomUUID()}`, price: 500, stock: 50 } });
      await call("POST", "/shop/cart/", { token: buyer, body: { productId: restock.body.id, quantity: 2 } });
      await call("DELETE", `/shop/cart/remove/${product.body.id}/`, { token: buyer });
      const key = randomUUID();
      const same = await Promise.all(
        Array.from({ length: 10 }, () => call("POST", "/shop/orders/", { token: buyer, body: { shippingAddress: address }, headers: { "idempotency-key": key } })),
      );
      expect(same.filter((a) => a.status >= 500), JSON.stringify(statuses(same))).toEqual([]);
      const placed = same.filter((a) => a.status === 201);
      expect(placed.length).toBeGreaterThanOrEqual(1);
      expect(new Set(placed.map((a) => a.body.id)).size).toBe(1);
      for (const other of same.filter((a) => a.status !== 201)) expect(other.status).toBe(409);

      const reviews = await Promise.all(
        tokens.slice(0, 20).map((t, i) => call("POST", `/shop/products/${product.body.id}/review/`, { token: t, body: { rating: 1 + (i % 5) } })),
      );
      expect(statuses(reviews)).toEqual({ 201: 20 });
      const rated = await call("GET", `/shop/products/${product.body.id}/reviews/`);
      // 1..5 four times each: an exact average of 3 over 20 reviews.
      expect(rated.body).toMatchObject({ ratingCount: 20, ratingAverage: 3 });
    } finally {
      await expectStoppedCleanly(shop);
    }
  });
});

describe("npm start with REDIS_URL (embedded Postgres, the SMS worker)", () => {
  it("names the Redis in use, and the worker texts the code that signs the user up", { timeout: 300_000 }, async () => {
    const shop = await startShop({ redis: true });
    try {
      expect(shop.output()).toMatch(/Redis +redis:\/\/127\.0\.0\.1:6379\/? \(the SMS worker is running\)/);
      const health = await json(await fetch(`${shop.base}/api/v1/health`));
      expect(health.body).toMatchObject({ status: "ok", checks: { redis: { status: "up" } } });
      await signUp(shop, phoneNo(99));
      // Secrets were generated once and kept for the next start.
      const secrets = JSON.parse(await readFile(path.join(shop.dataDir, "secrets.json"), "utf8")) as Record<string, string>;
      expect(secrets.JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);
      const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${shop.pgPort}/postgres` });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM products");
        expect(rows[0]?.n).toBeGreaterThanOrEqual(50);
      } finally {
        await client.end();
      }
    } finally {
      await expectStoppedCleanly(shop);
    }
  });
});
