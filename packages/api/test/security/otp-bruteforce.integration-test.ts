/**
 * OTP brute force with the default limits: 1,000 scripted guesses against one phone after one register get no
 * success, and 429 + Retry-After once the per-phone failure limit is reached, even for the right code. Guesses go
 * out 25 at a time, so the limit is also shown to hold under concurrency (Lua scripts, atomic in Redis).
 */
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_OTP_CONFIG } from "@shop/core";
import { restClient, type Call } from "../http";
import { latestCode } from "../otp";
import { createTestDeps, uniquePhone } from "../support";

const deps = createTestDeps();
const api = restClient(deps);
afterAll(() => deps.close());

const GUESSES = 1_000;
const BATCH = 25;
const LIMIT = DEFAULT_OTP_CONFIG.maxVerifyFailuresPerPhonePerHour;

/** Every code except the right one, in order, with the right one slipped in at `rightAt`. */
function script(right: string, rightAt: number): string[] {
  const wrong: string[] = [];
  for (let n = 0; wrong.length < GUESSES - 1; n++) {
    const code = String(n).padStart(6, "0");
    if (code !== right) wrong.push(code);
  }
  return [...wrong.slice(0, rightAt), right, ...wrong.slice(rightAt)];
}

async function fire(codes: string[], send: (code: string, i: number) => Promise<Call>): Promise<Call[]> {
  const out: Call[] = [];
  for (let i = 0; i < codes.length; i += BATCH) {
    out.push(...(await Promise.all(codes.slice(i, i + BATCH).map((code, j) => send(code, i + j)))));
  }
  return out;
}

function expectLimited(res: Call, where: string) {
  expect(res.status, `${where}: ${res.text}`).toBe(429);
  expect(res.body).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.any(String) });
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter), `${where} Retry-After ${res.headers.get("retry-after")}`).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(3_600);
}

describe("OTP brute force", () => {
  it("1,000 guesses at /auth/verify: zero successes, at most the limit of plain failures, 429 with Retry-After after", async () => {
    const phone = uniquePhone();
    expect((await api.call("POST", "/auth/register", { body: { phone } })).status).toBe(202);
    const right = await latestCode(deps.queue, phone);
    const codes = script(right, 500);
    const results = await fire(codes, (code) => api.call("POST", "/auth/verify", { body: { phone, code } }));

    expect(results.filter((r) => r.status === 200)).toHaveLength(0);
    const failures = results.filter((r) => r.status === 400);
    expect(failures).toHaveLength(LIMIT);
    for (const r of failures) expect(r.body.message).toBe("Invalid or expired code");
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(GUESSES - LIMIT);
    for (const r of limited) expectLimited(r, "guess");
    // The right code, at guess 500 and once more afterwards, is refused too: it never got through.
    expectLimited(results[500]!, "the right code among the guesses");
    expectLimited(await api.call("POST", "/auth/verify", { body: { phone, code: right } }), "the right code afterwards");
    expect(await deps.db.user.count({ where: { phone } })).toBe(0);
    expect(await deps.db.session.count({ where: { user: { phone } } })).toBe(0);
  });

  it("changing X-Forwarded-For on every guess does not lift the per-phone limit", async () => {
    const phone = uniquePhone();
    await api.call("POST", "/auth/register", { body: { phone } });
    const right = await latestCode(deps.queue, phone);
    const codes = script(right, 300).slice(0, 400);
    const results = await fire(codes, (code, i) =>
      api.call("POST", "/auth/verify", { body: { phone, code }, headers: { "x-forwarded-for": `10.${i >> 8}.${i & 255}.7` } }),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(0);
    expect(results.filter((r) => r.status === 400)).toHaveLength(LIMIT);
    expect(results.filter((r) => r.status === 429)).toHaveLength(codes.length - LIMIT);
  });

  it("1,000 guesses at /auth/reset-password: no password is changed, 429 after the limit", async () => {
    const user = await deps.db.user.create({ data: { phone: uniquePhone(), passwordHash: "unchanged" }, select: { id: true, phone: true } });
    const phone = user.phone!;
    expect((await api.call("POST", "/auth/forget-password", { body: { phone } })).status).toBe(202);
    const right = await latestCode(deps.queue, phone, "reset");
    const results = await fire(script(right, 500), (code) =>
      api.call("POST", "/auth/reset-password", { body: { phone, code, newPassword: "attacker password" } }),
    );
    expect(results.filter((r) => r.status === 204)).toHaveLength(0);
    expect(results.filter((r) => r.status === 400)).toHaveLength(LIMIT);
    for (const r of results.filter((r) => r.status === 429)) expectLimited(r, "reset guess");
    expectLimited(results[500]!, "the right reset code among the guesses");
    const after = await deps.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(after.passwordHash).toBe("unchanged");
  });

  it("asking for new codes does not buy more guesses: sends and failures are counted per phone per hour", async () => {
    // Without the resend cooldown, so only the hourly counters stand in the way.
    const quick = createTestDeps({ otp: { resendCooldownSeconds: 0 } });
    try {
      const client = restClient(quick);
      const phone = uniquePhone();
      const statuses: number[] = [];
      const sends: number[] = [];
      for (let round = 0; round < 8; round++) {
        sends.push((await client.call("POST", "/auth/register", { body: { phone } })).status);
        for (const code of ["111111", "222222", "333333"]) {
          statuses.push((await client.call("POST", "/auth/verify", { body: { phone, code } })).status);
        }
      }
      const perHour = DEFAULT_OTP_CONFIG.maxSendsPerPhonePerHour;
      expect(sends).toEqual([...Array(perHour).fill(202), ...Array(8 - perHour).fill(429)]);
      expect(statuses.filter((s) => s === 200)).toHaveLength(0);
      expect(statuses.filter((s) => s === 400)).toHaveLength(LIMIT);
      expect(statuses.slice(LIMIT).every((s) => s === 429)).toBe(true);
    } finally {
      await quick.close();
    }
  });
});
