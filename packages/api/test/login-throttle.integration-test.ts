/**
 * Password guessing against real Redis, through the REST handler and the tRPC handler: failed sign-ins are
 * throttled per account + IP, per IP and per account with doubling waits, counted per call (a tRPC batch is many
 * calls), charged before the password is checked (so concurrency buys nothing), answered the same for
 * registered and unknown numbers, and never a long lockout for the owner, who can always sign in by SMS code.
 */
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "@shop/core";
import { PEER_ADDRESS_HEADER } from "../src/client-address";
import { createTrpcHandler } from "../src/trpc-handler";
import { restClient, type Call } from "./http";
import { latestCode } from "./otp";
import { createTestDeps, uniquePhone, type TestDeps } from "./support";

const PASSWORD = "correct horse battery";
// Cheap hashes: this file is about counting attempts, not about argon2's cost.
const HASHING = { memoryCost: 1_024, timeCost: 1 };

const opened: TestDeps[] = [];
afterAll(() => Promise.all(opened.map((d) => d.close())));

function setup(loginThrottle: NonNullable<Parameters<typeof createTestDeps>[0]>["loginThrottle"] = {}) {
  const deps = createTestDeps({ config: { trustPeerAddressHeader: true }, loginThrottle, otp: { resendCooldownSeconds: 0 } });
  opened.push(deps);
  return { deps, api: restClient(deps) };
}

async function registeredPhone(deps: TestDeps): Promise<string> {
  const phone = uniquePhone();
  await deps.db.user.create({ data: { phone, passwordHash: await hashPassword(PASSWORD, HASHING) } });
  return phone;
}

const from = (ip: string) => ({ [PEER_ADDRESS_HEADER]: ip });
const login = (api: ReturnType<typeof restClient>, phone: string, password: string, ip = "203.0.113.20") =>
  api.call("POST", "/auth/login", { body: { phone, password }, headers: from(ip) });
const statuses = (calls: Call[]) => calls.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c.status]: (acc[c.status] ?? 0) + 1 }), {});

describe("password sign-in throttling", () => {
  it("5 free failures per account and IP, then 429 with a doubling Retry-After, and the right password is refused while it lasts", async () => {
    const { deps, api } = setup();
    const phone = await registeredPhone(deps);
    for (let i = 0; i < 5; i++) expect((await login(api, phone, `wrong ${i}`)).status).toBe(401);
    const held = await login(api, phone, PASSWORD);
    expect(held.status).toBe(429);
    expect(held.headers.get("retry-after")).toBe("1");
    expect(held.body).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("Too many sign-in attempts") });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await login(api, phone, "wrong again")).status).toBe(401);
    expect((await login(api, phone, PASSWORD)).headers.get("retry-after")).toBe("2");
    await new Promise((r) => setTimeout(r, 2_100));
    // Once the wait is over the owner gets in, and that success starts the count again.
    expect((await login(api, phone, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(api, phone, `wrong ${i}`)).status).toBe(401);
  });

  it("200 concurrent guesses from one client: exactly 5 are checked, the right password among them gets nowhere", async () => {
    const { deps, api } = setup();
    const phone = await registeredPhone(deps);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => login(api, phone, i === 150 ? PASSWORD : `guess ${i}`)));
    const count = statuses(results);
    expect(count[200] ?? 0).toBeLessThanOrEqual(1);
    expect((count[401] ?? 0) + (count[200] ?? 0)).toBe(5);
    expect(count[429]).toBe(195);
    // Whether the one right guess was among the five checked or not, nothing else was.
    if (!count[200]) expect(results[150]!.status).toBe(429);
  });

  it("a tRPC batch counts each call: 10 logins in one request are 10 attempts; 11 are refused as a batch", async () => {
    const { deps } = setup();
    const phone = await registeredPhone(deps);
    const trpc = createTrpcHandler({ deps: { ...deps, config: { ...deps.config, trpcMaxBatchSize: 10 } } });
    const batch = (n: number) => {
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), { phone, password: `batched ${i}` }]));
      return trpc(
        new Request(`http://shop.test/api/trpc/${Array(n).fill("auth.login").join(",")}?batch=1`, {
          method: "POST",
          headers: { "content-type": "application/json", ...from("203.0.113.30") },
          body: JSON.stringify(input),
        }),
      );
    };
    const ten = await batch(10);
    const answers = (await ten.json()) as { error?: { data: { httpStatus: number } } }[];
    expect(answers.map((a) => a.error?.data.httpStatus).sort()).toEqual([...Array(5).fill(401), ...Array(5).fill(429)]);
    const eleven = await batch(11);
    expect(eleven.status).toBe(400);
    expect(JSON.stringify(await eleven.json())).toMatch(/batch/i);
  });

  it("throttled answers are the same for a registered and an unknown number", async () => {
    const { deps, api } = setup();
    const known = await registeredPhone(deps);
    const unknown = uniquePhone();
    for (const phone of [known, unknown]) for (let i = 0; i < 5; i++) expect((await login(api, phone, "nope nope")).status).toBe(401);
    const [a, b] = [await login(api, known, "nope nope"), await login(api, unknown, "nope nope")];
    const shape = (c: Call) => ({ status: c.status, retryAfter: c.headers.get("retry-after"), body: { ...c.body, requestId: undefined } });
    expect(shape(a)).toEqual(shape(b));
    expect(a.status).toBe(429);
  });

  it("a stranger rotating addresses makes the owner wait at most 30 s, and an SMS-code sign-in lifts the count at once", async () => {
    const { deps, api } = setup();
    const phone = await registeredPhone(deps);
    // 10 free failures of the account (from 10 addresses), then the account's own wait: short, capped.
    for (let i = 0; i < 10; i++) expect((await login(api, phone, "stranger", `198.51.100.${i + 1}`)).status).toBe(401);
    const owner = await login(api, phone, PASSWORD, "192.0.2.50");
    expect(owner.status).toBe(429);
    expect(Number(owner.headers.get("retry-after"))).toBeLessThanOrEqual(30);
    // The owner signs in with a code instead: that clears the account's counters, and the password works at once.
    expect((await api.call("POST", "/auth/register", { body: { phone }, headers: from("192.0.2.50") })).status).toBe(202);
    const code = await latestCode(deps.queue, phone);
    expect((await api.call("POST", "/auth/verify", { body: { phone, code }, headers: from("192.0.2.50") })).status).toBe(200);
    expect((await login(api, phone, PASSWORD, "192.0.2.50")).status).toBe(200);
  });

  it("after 100 consecutive failures (NIST 800-63B 5.2.2) password sign-in of the account stops for a day", async () => {
    // No account wait before the hard limit here, so the 100 failures can be made quickly from 20 addresses.
    const { deps, api } = setup({ freeFailuresPerAccount: 100 });
    const phone = await registeredPhone(deps);
    for (let i = 0; i < 100; i++) expect((await login(api, phone, "stranger", `198.51.100.${Math.floor(i / 5) + 1}`)).status).toBe(401);
    const after = await login(api, phone, PASSWORD, "192.0.2.60");
    expect(after.status).toBe(429);
    expect(Number(after.headers.get("retry-after"))).toBeGreaterThan(86_000);
  });
});
