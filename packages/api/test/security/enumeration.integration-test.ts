/**
 * Account enumeration: register, forget-password and login must not tell a registered phone from an unknown one,
 * neither by status and body nor by time. Timing: 100 interleaved samples per side after a warm-up, medians
 * compared (robust to the odd slow request on a loaded 2-core machine), measured once more before failing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@shop/core";
import { restClient, type Call } from "../http";
import { createTestDeps, uniquePhone } from "../support";

// Limits raised so no sample is a 429; the limits themselves are the brute-force suite's business.
const deps = createTestDeps({
  otp: { resendCooldownSeconds: 0, maxSendsPerPhonePerHour: 1_000_000, maxSendsPerIpPerHour: 1_000_000 },
  loginThrottle: { freeFailuresPerAccountAndIp: 1_000_000, freeFailuresPerAccount: 1_000_000, maxFailuresPerAccount: 1_000_000 },
});
const api = restClient(deps);
afterAll(() => deps.close());

const SAMPLES = 100;
const WARMUP = 10;
const MAX_MEDIAN_GAP_MS = 10;
const NOISE_FLOOR_MS = 3;
const PASSWORD = "the real password";

let registered: string[] = [];
beforeAll(async () => {
  registered = Array.from({ length: 2 * (SAMPLES + WARMUP) + 4 }, () => uniquePhone());
  const passwordHash = await hashPassword(PASSWORD);
  await deps.db.user.createMany({ data: registered.map((phone) => ({ phone, passwordHash })) });
});

let next = 0;
const knownPhone = () => registered[next++ % registered.length]!;

/** What a client can compare: status, body without the per-request id, and the header names. */
function observable(res: Call) {
  const { requestId: _ignored, ...body } = (res.body ?? {}) as Record<string, unknown>;
  const headers = [...res.headers.keys()].filter((h) => h !== "x-request-id").sort();
  return { status: res.status, body, headers, retryAfter: res.headers.get("retry-after") };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function timed(fn: () => Promise<Call>): Promise<{ ms: number; res: Call }> {
  const start = performance.now();
  const res = await fn();
  return { ms: performance.now() - start, res };
}

/** Interleaved samples (alternating which side goes first); every response is also checked to be identical. */
async function measure(known: () => Promise<Call>, unknown: () => Promise<Call>) {
  for (let i = 0; i < WARMUP; i++) {
    await known();
    await unknown();
  }
  const a: number[] = [];
  const b: number[] = [];
  let reference: ReturnType<typeof observable> | undefined;
  for (let i = 0; i < SAMPLES; i++) {
    let k: { ms: number; res: Call };
    let u: { ms: number; res: Call };
    if (i % 2) {
      k = await timed(known);
      u = await timed(unknown);
    } else {
      u = await timed(unknown);
      k = await timed(known);
    }
    a.push(k.ms);
    b.push(u.ms);
    for (const { res } of [k, u]) {
      reference ??= observable(res);
      expect(observable(res)).toEqual(reference);
    }
  }
  return { known: median(a), unknown: median(b), reference: reference! };
}

/**
 * Under 10 ms apart, and, where the gap exceeds a 3 ms noise floor, under half the slower median: on a fast
 * machine argon2 takes less than 10 ms, so skipping it for unknown phones must still show up.
 */
const tooFar = (m: { known: number; unknown: number }) => {
  const gap = Math.abs(m.known - m.unknown);
  return gap >= MAX_MEDIAN_GAP_MS || gap >= Math.max(NOISE_FLOOR_MS, Math.max(m.known, m.unknown) / 2);
};

async function expectIndistinguishable(name: string, known: () => Promise<Call>, unknown: () => Promise<Call>, status: number) {
  let m = await measure(known, unknown);
  expect(m.reference.status).toBe(status);
  if (tooFar(m)) m = await measure(known, unknown);
  expect(tooFar(m), `${name}: median ${m.known.toFixed(2)} ms (registered) vs ${m.unknown.toFixed(2)} ms (unknown)`).toBe(false);
}

describe("account enumeration", () => {
  it("register: same status, body and headers for registered and unknown phones, medians < 10 ms apart", async () => {
    await expectIndistinguishable(
      "register",
      () => api.call("POST", "/auth/register", { body: { phone: knownPhone() } }),
      () => api.call("POST", "/auth/register", { body: { phone: uniquePhone() } }),
      202,
    );
  });

  it("forget-password: same answer for registered and unknown phones, medians < 10 ms apart", async () => {
    await expectIndistinguishable(
      "forget-password",
      () => api.call("POST", "/auth/forget-password", { body: { phone: knownPhone() } }),
      () => api.call("POST", "/auth/forget-password", { body: { phone: uniquePhone() } }),
      202,
    );
  });

  it("login: a wrong password and an unknown phone get the same 401, medians < 10 ms apart (argon2 runs for both)", async () => {
    const phone = registered[0]!;
    await expectIndistinguishable(
      "login",
      () => api.call("POST", "/auth/login", { body: { phone, password: "not the password" } }),
      () => api.call("POST", "/auth/login", { body: { phone: uniquePhone(), password: "not the password" } }),
      401,
    );
    // Control: the right password does sign in, so the 401s above were the guessing being refused.
    expect((await api.call("POST", "/auth/login", { body: { phone, password: PASSWORD } })).status).toBe(200);
  });
});
