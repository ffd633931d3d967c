/**
 * What a client talking straight to the production server (dist/server.js, no proxy in front) can and cannot do:
 * it cannot choose its own address (X-Forwarded-For, or our own peer header, sent by the client), it cannot
 * carry unlimited calls in one tRPC batch or an unlimited body to /api/trpc, and the README's curl for a
 * body-less operation works as written.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@shop/db";
import { startWebServer, type WebServer } from "./web-server";
import { call, createProduct, fillCart, jwtSettings, signedInUser, uniquePhone } from "./faults/fixtures";

const db = createDb(process.env.DATABASE_URL!, { poolSize: 3 });
const jwt = jwtSettings();
let web: WebServer;

beforeAll(async () => {
  web = await startWebServer({
    ...jwt,
    QUEUE_PREFIX: `t-${randomBytes(4).toString("hex")}`,
    OTP_MAX_SENDS_PER_IP_PER_HOUR: "3",
    OTP_RESEND_COOLDOWN_SECONDS: "10",
    MAX_BODY_BYTES: "65536",
  });
});
afterAll(async () => {
  await web?.stop();
  await db.$disconnect();
});

const register = (headers: Record<string, string> = {}) =>
  fetch(`${web.url}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ phone: uniquePhone() }),
  });

describe("a direct client (TRUST_PROXY_HOPS=0, the default)", () => {
  it("is counted by its socket address: rotating X-Forwarded-For or sending the peer header itself does not lift the per-IP limit", async () => {
    for (let i = 0; i < 3; i++) expect((await register()).status).toBe(202);
    expect((await register()).status).toBe(429);
    for (let i = 1; i <= 5; i++) {
      const forged = await register({ "x-forwarded-for": `198.51.100.${i}`, "x-shop-peer-address": `203.0.113.${i}` });
      expect(forged.status, `forged address ${i}`).toBe(429);
    }
    // Through tRPC too: the same counter.
    const trpc = await fetch(`${web.url}/api/trpc/session.requestCode`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.77" },
      body: JSON.stringify({ phone: uniquePhone() }),
    });
    expect(trpc.status).toBe(429);
  });
});

describe("/api/trpc", () => {
  const logins = (n: number) => {
    const phone = uniquePhone();
    const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), { phone, password: `guess number ${i}` }]));
    return fetch(`${web.url}/api/trpc/${Array(n).fill("session.login").join(",")}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
  };

  it("refuses a batch of 200 calls (400), and in a batch of 10 logins each call is one throttled attempt", async () => {
    const big = await logins(200);
    expect(big.status).toBe(400);
    const ten = await logins(10);
    const answers = (await ten.json()) as { error?: { data: { httpStatus: number } } }[];
    expect(answers).toHaveLength(10);
    const statuses = answers.map((a) => a.error?.data.httpStatus).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(5).fill(429)]);
  });

  it("has the REST body limit: a 60 MB body is refused with 413 without being read to the end", async () => {
    const chunk = new TextEncoder().encode(`{"0":{"phone":"${"1".repeat(1_000)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 60 * 1_048_576) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const started = Date.now();
    const res = await fetch(`${web.url}/api/trpc/session.login?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit).catch((error: Error) => error);
    // Either the 413 arrives, or the server closed the connection once it had its answer: never a 400 after
    // reading everything.
    if (res instanceof Error) {
      expect(sent).toBeLessThan(60 * 1_048_576);
    } else {
      expect(res.status).toBe(413);
      expect(JSON.stringify(await res.json())).toContain("PAYLOAD_TOO_LARGE");
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    // The declared-length form is refused before any of it is read.
    const declared = await fetch(`${web.url}/api/trpc/session.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone: "+447400000000", password: "x".repeat(100_000) }),
    });
    expect(declared.status).toBe(413);
  });
});

describe("the README's curl for a body-less operation", () => {
  it("POST /shop/orders/{id}/cancel/ with a Bearer token, no body and no content-type cancels (200); without a token it is a 401, not a 415", async () => {
    const user = await signedInUser(db, jwt);
    const product = await createProduct(db, 5);
    await fillCart(db, user.id, [{ productId: product.id, quantity: 1 }]);
    const placed = await call(web.url, "POST", "/shop/orders", { token: user.token, body: {} });
    expect(placed.status).toBe(201);
    const anonymous = await fetch(`${web.url}/api/v1/shop/orders/${placed.body.id}/cancel/`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    const cancelled = await fetch(`${web.url}/api/v1/shop/orders/${placed.body.id}/cancel/`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(cancelled.status, await cancelled.clone().text()).toBe(200);
    expect(((await cancelled.json()) as { status: string }).status).toBe("cancelled");
  });
});
