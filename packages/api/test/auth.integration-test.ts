/**
 * The account flows through the REST handler, against real Postgres, real Redis and the real otp-sms BullMQ
 * queue. Codes are read the way the worker reads them: by opening the sealed job payload.
 */
import { decodeJwt } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { dumpKeys, scanKeys } from "@shop/test-support";
import { createTestDeps, uniquePhone } from "./support";
import { restClient } from "./http";
import { jobsFor, latestCode } from "./otp";
import { PEER_ADDRESS_HEADER } from "../src/client-address";

const deps = createTestDeps({ otp: { resendCooldownSeconds: 0, maxSendsPerIpPerHour: 1_000 } });
const api = restClient(deps);
afterAll(() => deps.close());

const INVALID_CODE = "Invalid or expired code";

async function signUp(phone = uniquePhone(), extra: Record<string, unknown> = {}) {
  expect((await api.call("POST", "/auth/register/", { body: { phone } })).status).toBe(202);
  const code = await latestCode(deps.queue, phone);
  const res = await api.call("POST", "/auth/verify/", { body: { phone, code, ...extra } });
  expect(res.status, res.text).toBe(200);
  return { phone, tokens: res.body as { accessToken: string; refreshToken: string } };
}

describe("POST /auth/register", () => {
  it("answers 202 {detail, expiresIn, resendIn} and queues one sealed SMS job with a deterministic id", async () => {
    const phone = uniquePhone();
    const res = await api.call("POST", "/auth/register/", { body: { phone } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ detail: expect.any(String), expiresIn: 300, resendIn: 0 });
    const [job, ...more] = await jobsFor(deps.queue, phone);
    expect(more).toHaveLength(0);
    expect(job?.id).toBe(`otp-${job?.data.challengeId}`);
    // Neither the code nor the number is in the job (Redis keeps failed jobs for a day): both are sealed.
    expect(job?.data).toEqual({ challengeId: expect.any(String), purpose: "register", sealed: expect.any(String) });
    const code = await latestCode(deps.queue, phone);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(job?.data)).not.toContain(code);
    expect(JSON.stringify(job?.data)).not.toContain(phone.slice(1));
  });

  it("normalises common phone formats to E.164", async () => {
    const phone = uniquePhone(); // +4474xxxxxxxx
    const local = `0${phone.slice(3, 7)} ${phone.slice(7, 10)} ${phone.slice(10)}`;
    const spaced = `+44 (0)${phone.slice(3, 7)}-${phone.slice(7)}`;
    for (const written of [spaced]) {
      expect((await api.call("POST", "/auth/register", { body: { phone: written } })).status).toBe(202);
    }
    expect((await jobsFor(deps.queue, phone)).length).toBe(1);
    // Without a default country a national number is ambiguous: refused, not guessed.
    expect((await api.call("POST", "/auth/register", { body: { phone: local } })).status).toBe(400);
  });

  it("is identical for registered and unknown numbers", async () => {
    const { phone: known } = await signUp();
    const a = await api.call("POST", "/auth/register/", { body: { phone: known } });
    const b = await api.call("POST", "/auth/register/", { body: { phone: uniquePhone() } });
    expect(a.status).toBe(b.status);
    expect(a.text).toBe(b.text);
  });

  it("rejects invalid numbers and unknown fields with 400 listing the field", async () => {
    const bad = await api.call("POST", "/auth/register/", { body: { phone: "12345" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "BAD_REQUEST", message: "Invalid phone number" });
    const extra = await api.call("POST", "/auth/register/", { body: { phone: uniquePhone(), role: "admin" } });
    expect(extra.status).toBe(400);
    expect(extra.body.issues).toEqual([expect.objectContaining({ path: "(root)" })]);
  });

  it("keeps neither the code nor the phone in plain text in Redis", async () => {
    const phone = uniquePhone();
    await api.call("POST", "/auth/register/", { body: { phone } });
    const code = await latestCode(deps.queue, phone);
    const raw = deps.redis!;
    const dump = Object.entries(await dumpKeys(raw, `${deps.prefix}:otp`)).flatMap(([key, value]) => [key, JSON.stringify(value)]);
    expect(dump.length).toBeGreaterThan(0);
    const all = dump.join("\n");
    expect(all).not.toContain(code);
    expect(all).not.toContain(phone.slice(1));
  });
});

describe("POST /auth/verify", () => {
  it("creates the account with password and name, and returns a Bearer token pair", async () => {
    const phone = uniquePhone();
    await api.call("POST", "/auth/register/", { body: { phone } });
    const code = await latestCode(deps.queue, phone);
    const res = await api.call("POST", "/auth/verify/", { body: { phone, code, password: "correct horse", name: "Ada" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: "Bearer", expiresIn: 900 });
    expect(res.headers.get("cache-control")).toBe("no-store");
    const user = await deps.db.user.findUniqueOrThrow({ where: { phone } });
    expect(user.name).toBe("Ada");
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const claims = decodeJwt(res.body.accessToken);
    expect(claims).toMatchObject({ sub: user.id, role: "customer", typ: "access", iss: "shop", aud: "shop-api" });
    expect(claims.exp! - claims.iat!).toBe(900);
    // Only the SHA-256 of the refresh token is stored.
    const stored = await deps.db.refreshToken.findMany({ where: { session: { userId: user.id } } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]?.tokenHash).not.toContain(res.body.refreshToken);
    // 256 random bits, base64url.
    expect(Buffer.from(res.body.refreshToken, "base64url")).toHaveLength(32);
  });

  it("signs an existing user in without touching their password", async () => {
    const { phone } = await signUp(undefined, { password: "first password" });
    const before = await deps.db.user.findUniqueOrThrow({ where: { phone } });
    const again = await signUp(phone, { password: "other password", name: "Mallory" });
    expect(again.tokens.accessToken).toBeTruthy();
    const after = await deps.db.user.findUniqueOrThrow({ where: { phone } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.name).toBe(before.name);
  });

  it("a code works once; wrong, used and foreign-purpose codes get one generic 400", async () => {
    const phone = uniquePhone();
    await api.call("POST", "/auth/register/", { body: { phone } });
    const code = await latestCode(deps.queue, phone);
    const wrong = code === "000000" ? "000001" : "000000";
    const r1 = await api.call("POST", "/auth/verify/", { body: { phone, code: wrong } });
    expect(r1.status).toBe(400);
    expect(r1.body.message).toBe(INVALID_CODE);
    expect((await api.call("POST", "/auth/verify/", { body: { phone, code } })).status).toBe(200);
    const reused = await api.call("POST", "/auth/verify/", { body: { phone, code } });
    expect(reused.status).toBe(400);
    expect(reused.body.message).toBe(INVALID_CODE);
    // A register code cannot reset a password, and a code of one phone is worthless for another.
    await api.call("POST", "/auth/register/", { body: { phone } });
    const fresh = await latestCode(deps.queue, phone);
    const other = uniquePhone();
    expect((await api.call("POST", "/auth/verify/", { body: { phone: other, code: fresh } })).body.message).toBe(INVALID_CODE);
    const reset = await api.call("POST", "/auth/reset-password/", { body: { phone, code: fresh, newPassword: "new password 1" } });
    expect(reset.status).toBe(400);
    expect(reset.body.message).toBe(INVALID_CODE);
  });

  it("a code is dead after 5 wrong tries, even the right one", async () => {
    const phone = uniquePhone();
    await api.call("POST", "/auth/register/", { body: { phone } });
    const code = await latestCode(deps.queue, phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 5; i++) expect((await api.call("POST", "/auth/verify/", { body: { phone, code: wrong } })).status).toBe(400);
    const late = await api.call("POST", "/auth/verify/", { body: { phone, code } });
    expect(late.status).toBe(400);
    expect(late.body.message).toBe(INVALID_CODE);
  });

  it("an expired code is refused", async () => {
    const short = createTestDeps({ otp: { ttlSeconds: 1, resendCooldownSeconds: 0 } });
    try {
      const client = restClient(short);
      const phone = uniquePhone();
      const sent = await client.call("POST", "/auth/register/", { body: { phone } });
      expect(sent.body.expiresIn).toBe(1);
      const code = await latestCode(short.queue, phone);
      await new Promise((r) => setTimeout(r, 1_200));
      expect((await client.call("POST", "/auth/verify/", { body: { phone, code } })).body.message).toBe(INVALID_CODE);
    } finally {
      await short.close();
    }
  });
});

describe("limits", () => {
  it("a resend within the cooldown is 429 with Retry-After, and sends nothing", async () => {
    const strict = createTestDeps();
    try {
      const client = restClient(strict);
      const phone = uniquePhone();
      expect((await client.call("POST", "/auth/register/", { body: { phone } })).status).toBe(202);
      const again = await client.call("POST", "/auth/register/", { body: { phone } });
      expect(again.status).toBe(429);
      expect(Number(again.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
      expect(Number(again.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect(again.body).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.any(String) });
      expect(await jobsFor(strict.queue, phone)).toHaveLength(1);
      // The cooldown is per purpose: a reset code may still be requested.
      expect((await client.call("POST", "/auth/forget-password/", { body: { phone } })).status).toBe(202);
    } finally {
      await strict.close();
    }
  });

  it("at most 5 sends per phone per hour", async () => {
    const phone = uniquePhone();
    for (let i = 0; i < 5; i++) expect((await api.call("POST", "/auth/register/", { body: { phone } })).status).toBe(202);
    const sixth = await api.call("POST", "/auth/register/", { body: { phone } });
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(3_000);
    expect(await jobsFor(deps.queue, phone)).toHaveLength(5);
  });

  it("at most 20 sends per client IP per hour (configurable); a direct client cannot rotate X-Forwarded-For", async () => {
    // TRUST_PROXY_HOPS=0 (the default): the TCP peer, stamped by the web server, is the client.
    const perIp = createTestDeps({ otp: { resendCooldownSeconds: 0 }, config: { trustPeerAddressHeader: true } });
    try {
      const client = restClient(perIp);
      const socket = { [PEER_ADDRESS_HEADER]: "203.0.113.77" };
      for (let i = 0; i < 20; i++) {
        expect((await client.call("POST", "/auth/register/", { body: { phone: uniquePhone() }, headers: socket })).status).toBe(202);
      }
      expect((await client.call("POST", "/auth/register/", { body: { phone: uniquePhone() }, headers: socket })).status).toBe(429);
      // The same socket claiming other addresses stays limited (SMS pumping through a forged header).
      for (let i = 0; i < 5; i++) {
        const forged = { ...socket, "x-forwarded-for": `198.51.100.${i + 1}` };
        expect((await client.call("POST", "/auth/register/", { body: { phone: uniquePhone() }, headers: forged })).status).toBe(429);
      }
      // Another client is unaffected.
      const other = { [PEER_ADDRESS_HEADER]: "203.0.113.78" };
      expect((await client.call("POST", "/auth/register/", { body: { phone: uniquePhone() }, headers: other })).status).toBe(202);
    } finally {
      await perIp.close();
    }
  });

  it("behind one trusted proxy (TRUST_PROXY_HOPS=1) the address the proxy appended counts, not the proxy's own", async () => {
    const proxied = createTestDeps({ otp: { resendCooldownSeconds: 0 }, config: { trustPeerAddressHeader: true, trustedProxyHops: 1 } });
    try {
      const client = restClient(proxied);
      // Every request arrives from the proxy's socket; the proxy appends the client it saw.
      const via = (clientIp: string, claimed?: string) => ({
        [PEER_ADDRESS_HEADER]: "10.0.0.2",
        "x-forwarded-for": claimed ? `${claimed}, ${clientIp}` : clientIp,
      });
      for (let i = 0; i < 20; i++) {
        expect((await client.call("POST", "/auth/register/", { body: { phone: uniquePhone() }, headers: via("203.0.113.90") })).status).toBe(202);
      }
      // What the client itself put in front of the proxy's entry changes nothing.
      const forged = via("203.0.113.90", "198.51.100.200");
      expect((await client.call("POST", "/auth/register/", { body: { phone: uniquePhone() }, headers: forged })).status).toBe(429);
      // Other clients behind the same proxy are not limited with it.
      expect((await client.call("POST", "/auth/register/", { body: { phone: uniquePhone() }, headers: via("203.0.113.91") })).status).toBe(202);
    } finally {
      await proxied.close();
    }
  });

  it("wrong codes per phone per hour are limited: then 429, even with the right code", async () => {
    const phone = uniquePhone();
    let code = "";
    for (let round = 0; round < 2; round++) {
      await api.call("POST", "/auth/register/", { body: { phone } });
      code = await latestCode(deps.queue, phone);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
      for (let i = 0; i < 5; i++) await api.call("POST", "/auth/verify/", { body: { phone, code: wrong } });
    }
    await api.call("POST", "/auth/register/", { body: { phone } });
    code = await latestCode(deps.queue, phone);
    const res = await api.call("POST", "/auth/verify/", { body: { phone, code } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("an SMS country allowlist refuses other countries with 400 and sends nothing", async () => {
    const uzOnly = createTestDeps({ phonePolicy: { allowedCountries: ["UZ", "KZ"] } });
    try {
      const client = restClient(uzOnly);
      const gb = uniquePhone();
      const refused = await client.call("POST", "/auth/register/", { body: { phone: gb } });
      expect(refused.status).toBe(400);
      expect(refused.body.details).toMatchObject({ allowedCountries: ["UZ", "KZ"] });
      expect(await jobsFor(uzOnly.queue, gb)).toHaveLength(0);
      expect((await client.call("POST", "/auth/register/", { body: { phone: "+998 90 123 45 67" } })).status).toBe(202);
    } finally {
      await uzOnly.close();
    }
  });
});

describe("Redis unavailable", () => {
  it("register answers 503 quickly when the OTP store is down, and nothing is queued", async () => {
    const { createRedis, createRedisOtpStore } = await import("@shop/core");
    const dead = createRedis("redis://127.0.0.1:1", { failFast: true });
    dead.on("error", () => {});
    const down = createTestDeps({ otpStore: createRedisOtpStore(dead, "down") });
    try {
      const client = restClient(down);
      const phone = uniquePhone();
      const started = performance.now();
      const res = await client.call("POST", "/auth/register/", { body: { phone } });
      expect(performance.now() - started).toBeLessThan(2_500);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: expect.any(String) });
      expect(await jobsFor(down.queue, phone)).toHaveLength(0);
    } finally {
      dead.disconnect();
      await down.close();
    }
  });

  it("when the queue refuses the job, the code, cooldown and counters are given back", async () => {
    let refuse = true;
    const flaky = createTestDeps({
      dispatch: async () => {
        if (refuse) throw new Error("connection is closed");
      },
    });
    try {
      const client = restClient(flaky);
      const phone = uniquePhone();
      const res = await client.call("POST", "/auth/register/", { body: { phone } });
      expect(res.status).toBe(503);
      // No cooldown was left behind: an immediate retry is accepted.
      refuse = false;
      expect((await client.call("POST", "/auth/register/", { body: { phone } })).status).toBe(202);
      const keys = await scanKeys(flaky.redis!, `${flaky.prefix}:otp:sends:phone:*`);
      expect(keys).toHaveLength(1);
      expect(await flaky.redis!.get(keys[0]!)).toBe("1");
    } finally {
      await flaky.close();
    }
  });
});

describe("POST /auth/login", () => {
  it("signs in with phone and password; unknown phone and wrong password get the same 401", async () => {
    const { phone } = await signUp(undefined, { password: "s3cret-pass" });
    const ok = await api.call("POST", "/auth/login/", { body: { phone: phone.replace("+44", "+44 "), password: "s3cret-pass" } });
    expect(ok.status).toBe(200);
    expect(ok.body.tokenType).toBe("Bearer");
    const wrong = await api.call("POST", "/auth/login/", { body: { phone, password: "not-it-at-all" } });
    const unknown = await api.call("POST", "/auth/login/", { body: { phone: uniquePhone(), password: "s3cret-pass" } });
    const garbage = await api.call("POST", "/auth/login/", { body: { phone: "not a phone", password: "s3cret-pass" } });
    for (const r of [wrong, unknown, garbage]) {
      expect(r.status).toBe(401);
      expect(r.body.message).toBe("Invalid phone number or password");
    }
    const { requestId: _a, ...w } = wrong.body;
    const { requestId: _b, ...u } = unknown.body;
    expect(w).toEqual(u);
  });

  it("an OTP-only account (no password) cannot sign in with any password", async () => {
    const { phone } = await signUp();
    expect((await api.call("POST", "/auth/login/", { body: { phone, password: "" } })).status).toBe(400);
    expect((await api.call("POST", "/auth/login/", { body: { phone, password: "anything123" } })).status).toBe(401);
  });
});

describe("refresh, logout, reset", () => {
  it("refresh rotates; reusing a rotated token revokes the whole family", async () => {
    const { tokens } = await signUp();
    const r1 = await api.call("POST", "/auth/refresh/", { body: { refreshToken: tokens.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(tokens.refreshToken);
    expect((await api.call("GET", "/user/profile/", { token: r1.body.accessToken })).status).toBe(200);
    // The old token again: reuse. 401, and the new pair dies with the family.
    const reuse = await api.call("POST", "/auth/refresh/", { body: { refreshToken: tokens.refreshToken } });
    expect(reuse.status).toBe(401);
    expect((await api.call("POST", "/auth/refresh/", { body: { refreshToken: r1.body.refreshToken } })).status).toBe(401);
    expect((await api.call("GET", "/user/profile/", { token: r1.body.accessToken })).status).toBe(401);
  });

  it("two concurrent refreshes with one token: at most one wins", async () => {
    const { tokens } = await signUp();
    const results = await Promise.all(
      [1, 2, 3].map(() => api.call("POST", "/auth/refresh/", { body: { refreshToken: tokens.refreshToken } })),
    );
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
  });

  it("logout revokes the session: its access and refresh tokens are rejected afterwards", async () => {
    const { tokens } = await signUp();
    const other = await api.call("POST", "/auth/refresh/", { body: { refreshToken: tokens.refreshToken } });
    const { accessToken, refreshToken } = other.body;
    expect((await api.call("POST", "/auth/logout/", { body: { refreshToken } })).status).toBe(401);
    const out = await api.call("POST", "/auth/logout/", { token: accessToken, body: { refreshToken } });
    expect(out.status).toBe(204);
    expect(out.text).toBe("");
    expect((await api.call("GET", "/user/profile", { token: accessToken })).status).toBe(401);
    expect((await api.call("POST", "/auth/refresh", { body: { refreshToken } })).status).toBe(401);
  });

  it("forget-password answers the same for every number but texts only registered ones", async () => {
    const { phone } = await signUp(undefined, { password: "old password" });
    const unknown = uniquePhone();
    const a = await api.call("POST", "/auth/forget-password/", { body: { phone } });
    const b = await api.call("POST", "/auth/forget-password/", { body: { phone: unknown } });
    expect(a.status).toBe(202);
    expect(a.text).toBe(b.text);
    expect((await jobsFor(deps.queue, phone)).filter((j) => j.data.purpose === "reset")).toHaveLength(1);
    expect(await jobsFor(deps.queue, unknown)).toHaveLength(0);
  });

  it("reset-password sets the new password and revokes every session", async () => {
    const { phone, tokens } = await signUp(undefined, { password: "old password" });
    const second = await api.call("POST", "/auth/login/", { body: { phone, password: "old password" } });
    await api.call("POST", "/auth/forget-password/", { body: { phone } });
    const code = await latestCode(deps.queue, phone, "reset");
    const weak = await api.call("POST", "/auth/reset-password/", { body: { phone, code, newPassword: "short" } });
    expect(weak.status).toBe(400);
    expect(weak.body.issues).toEqual([expect.objectContaining({ path: "newPassword" })]);
    const res = await api.call("POST", "/auth/reset-password/", { body: { phone, code, newPassword: "brand new password" } });
    expect(res.status).toBe(204);
    for (const access of [tokens.accessToken, second.body.accessToken]) {
      expect((await api.call("GET", "/user/profile/", { token: access })).status).toBe(401);
    }
    expect((await api.call("POST", "/auth/refresh/", { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
    expect((await api.call("POST", "/auth/login/", { body: { phone, password: "old password" } })).status).toBe(401);
    expect((await api.call("POST", "/auth/login/", { body: { phone, password: "brand new password" } })).status).toBe(200);
    // The code was single use.
    expect((await api.call("POST", "/auth/reset-password/", { body: { phone, code, newPassword: "another one 123" } })).status).toBe(400);
  });
});

describe("/user/profile", () => {
  it("401 without a valid token", async () => {
    for (const token of [undefined, "garbage", "a.b.c"]) {
      const res = await api.call("GET", "/user/profile/", { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: "UNAUTHORIZED", message: expect.any(String) });
    }
  });

  it("GET returns the caller's profile; PATCH changes name, email and address only", async () => {
    const { phone, tokens } = await signUp(undefined, { name: "Grace" });
    const me = await api.call("GET", "/user/profile/", { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      phone,
      name: "Grace",
      email: null,
      role: "customer",
      shippingAddress: null,
      smsNotifications: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const address = { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" };
    const email = `grace-${Date.now()}@example.com`;
    const patched = await api.call("PATCH", "/user/profile", {
      token: tokens.accessToken,
      body: { email: email.toUpperCase(), shippingAddress: address },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Grace", email, shippingAddress: address });
    const cleared = await api.call("PATCH", "/user/profile/", { token: tokens.accessToken, body: { name: null } });
    expect(cleared.body.name).toBeNull();
    // Texts about orders can be turned off (and on again).
    const quiet = await api.call("PATCH", "/user/profile/", { token: tokens.accessToken, body: { smsNotifications: false } });
    expect(quiet.body).toMatchObject({ smsNotifications: false, name: null, email });
    // Only true or false: nothing is coerced into one (the fuzz suite found [null] read as true).
    for (const value of [[null], "false", 0, null]) {
      const res = await api.call("PATCH", "/user/profile/", { token: tokens.accessToken, body: { smsNotifications: value } });
      expect(res.status, JSON.stringify(value)).toBe(400);
    }
    expect((await api.call("GET", "/user/profile/", { token: tokens.accessToken })).body.smsNotifications).toBe(false);
  });

  it("phone, role, id and unknown fields are refused with 400 and change nothing", async () => {
    const { phone, tokens } = await signUp();
    for (const body of [{ role: "admin" }, { phone: uniquePhone() }, { id: "x" }, { name: "ok", isAdmin: true }, { shippingAddress: { line1: "x" } }]) {
      const res = await api.call("PATCH", "/user/profile/", { token: tokens.accessToken, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues?.length).toBeGreaterThan(0);
    }
    const user = await deps.db.user.findUniqueOrThrow({ where: { phone } });
    expect(user.role).toBe("customer");
    expect(user.name).toBeNull();
  });

  it("an email another account uses is accepted like any other: the answer says nothing about other accounts", async () => {
    const email = `shared-${Date.now()}@example.com`;
    const a = await signUp();
    const b = await signUp();
    const first = await api.call("PATCH", "/user/profile/", { token: a.tokens.accessToken, body: { email } });
    const second = await api.call("PATCH", "/user/profile/", { token: b.tokens.accessToken, body: { email } });
    const fresh = await api.call("PATCH", "/user/profile/", { token: b.tokens.accessToken, body: { email: `fresh-${Date.now()}@example.com` } });
    expect([first.status, second.status, fresh.status]).toEqual([200, 200, 200]);
    expect(second.body.email).toBe(email);
    // Each account still has its own.
    expect((await api.call("GET", "/user/profile/", { token: a.tokens.accessToken })).body.email).toBe(email);
  });
});
