import { describe, expect, it } from "vitest";
import { createLoginThrottle, createMemoryLoginThrottleStore, DEFAULT_LOGIN_THROTTLE_CONFIG, waitAfter, type LoginThrottleConfig } from "./login-throttle";

const SECRET = "login-throttle-test-secret-0123456789abcdef";

function throttle(config: Partial<LoginThrottleConfig> = {}) {
  let clock = 1_000_000;
  const now = () => clock;
  const t = createLoginThrottle({ store: createMemoryLoginThrottleStore(now), secret: SECRET, config: { ...DEFAULT_LOGIN_THROTTLE_CONFIG, ...config }, now });
  return { t, advance: (ms: number) => (clock += ms) };
}

async function fail(t: ReturnType<typeof throttle>["t"], phone: string, ip: string | null) {
  const attempt = await t.begin(phone, ip);
  return attempt.allowed ? 0 : attempt.retryAfterSeconds;
}

describe("waitAfter", () => {
  it("is free for the allowance, then doubles from one second up to the cap; the hard limit waits the window", () => {
    const rule = { free: 5, maxDelayMs: 30_000, windowMs: 86_400_000, hardLimit: 100 };
    expect([0, 4, 5, 6, 7, 9, 10, 99].map((n) => waitAfter(n, rule))).toEqual([0, 0, 1_000, 2_000, 4_000, 16_000, 30_000, 30_000]);
    expect(waitAfter(100, rule)).toBe(86_400_000);
    expect(waitAfter(10_000, { ...rule, hardLimit: 0 })).toBe(30_000);
  });
});

describe("login throttle (memory store)", () => {
  it("lets the allowance through, then makes each further attempt wait longer", async () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 5; i++) expect(await fail(t, "+447400000001", "203.0.113.1")).toBe(0);
    expect(await fail(t, "+447400000001", "203.0.113.1")).toBe(1);
    advance(1_000);
    expect(await fail(t, "+447400000001", "203.0.113.1")).toBe(0);
    expect(await fail(t, "+447400000001", "203.0.113.1")).toBe(2);
    // Another account from the same IP, and the same account from another IP, are not held back by that pair.
    expect(await fail(t, "+447400000002", "203.0.113.1")).toBe(0);
    expect(await fail(t, "+447400000001", "203.0.113.2")).toBe(0);
  });

  it("a success gives the attempt back and clears the account's counters", async () => {
    const { t } = throttle();
    for (let i = 0; i < 4; i++) await fail(t, "+447400000003", "203.0.113.3");
    const ok = await t.begin("+447400000003", "203.0.113.3");
    expect(ok.allowed).toBe(true);
    if (ok.allowed) await ok.succeeded();
    for (let i = 0; i < 5; i++) expect(await fail(t, "+447400000003", "203.0.113.3")).toBe(0);
  });

  it("a stranger rotating addresses makes the owner wait at most maxAccountDelaySeconds, until the hard limit", async () => {
    const { t, advance } = throttle({ freeFailuresPerAccount: 10, maxAccountDelaySeconds: 30, maxFailuresPerAccount: 40 });
    const phone = "+447400000004";
    let failures = 0;
    let longest = 0;
    for (let i = 0; failures < 40; i++) {
      const wait = await fail(t, phone, `198.51.100.${i % 250}`);
      if (wait === 0) failures++;
      else {
        longest = Math.max(longest, wait);
        advance(wait * 1_000);
      }
    }
    expect(longest).toBeLessThanOrEqual(30);
    // 40 consecutive failures: locked for the lockout period, whatever the address.
    expect(await fail(t, phone, "192.0.2.99")).toBeGreaterThan(80_000);
    // Proving the phone another way (SMS code) opens it again at once.
    await t.clearAccount(phone);
    expect(await fail(t, phone, "192.0.2.99")).toBe(0);
  });

  it("an IP that fails across many accounts is held back as a whole", async () => {
    const { t } = throttle({ freeFailuresPerIp: 20 });
    for (let i = 0; i < 20; i++) expect(await fail(t, `+4474000001${String(i).padStart(2, "0")}`, "203.0.113.9")).toBe(0);
    expect(await fail(t, "+447400000199", "203.0.113.9")).toBe(1);
    expect(await fail(t, "+447400000199", "203.0.113.10")).toBe(0);
  });

  it("IPv6 clients are counted per /64", async () => {
    const { t } = throttle();
    for (let i = 0; i < 5; i++) expect(await fail(t, "+447400000005", `2001:db8:1:2::${i + 1}`)).toBe(0);
    expect(await fail(t, "+447400000005", "2001:db8:1:2:ffff::1")).toBe(1);
  });
});
