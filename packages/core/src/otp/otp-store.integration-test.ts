/** One behaviour, two stores: every case runs against real Redis (Lua) and the in-process Map. */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { deleteKeys } from "@shop/test-support";
import { createRedis } from "../infra/redis";
import { createMemoryOtpStore, createRedisOtpStore, type IssueRequest, type OtpStore, type VerifyRequest } from "./otp-store";

const redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const namespace = `t-otp-${randomBytes(4).toString("hex")}`;
afterAll(async () => {
  await deleteKeys(redis, namespace);
  redis.disconnect();
});

let clock = 1_000_000;
const stores: [string, () => OtpStore][] = [
  ["redis", () => createRedisOtpStore(redis, `${namespace}-${randomBytes(3).toString("hex")}`)],
  ["memory", () => createMemoryOtpStore(() => clock)],
];

const issue = (over: Partial<IssueRequest> = {}): IssueRequest => ({
  purpose: "register",
  phoneKey: "p1",
  ipKey: "ip1",
  mac: "mac-1",
  challengeId: randomBytes(8).toString("hex"),
  ttlMs: 60_000,
  cooldownMs: 0,
  maxSendsPerPhone: 3,
  maxSendsPerIp: 5,
  windowMs: 3_600_000,
  ...over,
});
const verify = (over: Partial<VerifyRequest> = {}): VerifyRequest => ({
  purpose: "register",
  phoneKey: "p1",
  ipKey: "ip1",
  mac: "mac-1",
  maxTries: 3,
  maxFailuresPerPhone: 5,
  maxFailuresPerIp: 100,
  windowMs: 3_600_000,
  ...over,
});

describe.each(stores)("%s OTP store", (_name, make) => {
  it("a stored code verifies once", async () => {
    const store = make();
    expect(await store.issue(issue())).toEqual({ ok: true });
    expect(await store.verify(verify())).toEqual({ ok: true });
    expect(await store.verify(verify())).toEqual({ ok: false, limited: false });
  });

  it("a new code replaces the old one; purposes are separate", async () => {
    const store = make();
    await store.issue(issue({ mac: "old" }));
    await store.issue(issue({ mac: "new" }));
    expect((await store.verify(verify({ mac: "old" }))).ok).toBe(false);
    await store.issue(issue({ purpose: "reset", mac: "reset-mac" }));
    expect((await store.verify(verify({ mac: "reset-mac" }))).ok).toBe(false);
    expect((await store.verify(verify({ mac: "new" }))).ok).toBe(true);
    expect((await store.verify(verify({ purpose: "reset", mac: "reset-mac" }))).ok).toBe(true);
  });

  it("kills the code after maxTries wrong tries", async () => {
    const store = make();
    await store.issue(issue());
    for (let i = 0; i < 3; i++) expect(await store.verify(verify({ mac: "wrong" }))).toEqual({ ok: false, limited: false });
    expect((await store.verify(verify())).ok).toBe(false);
  });

  it("limits failures per phone, then refuses even the right code", async () => {
    const store = make();
    for (let i = 0; i < 5; i++) await store.verify(verify({ mac: "wrong", phoneKey: "p-fail" }));
    await store.issue(issue({ phoneKey: "p-fail" }));
    const limited = await store.verify(verify({ phoneKey: "p-fail" }));
    expect(limited).toMatchObject({ ok: false, limited: true });
    expect((limited as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(3_000_000);
  });

  it("applies the cooldown, the per-phone and the per-IP send limits", async () => {
    const store = make();
    expect(await store.issue(issue({ phoneKey: "c", cooldownMs: 60_000 }))).toEqual({ ok: true });
    expect(await store.issue(issue({ phoneKey: "c", cooldownMs: 60_000 }))).toMatchObject({ ok: false, limit: "cooldown" });
    for (let i = 0; i < 3; i++) expect((await store.issue(issue({ phoneKey: "ph", ipKey: null }))).ok).toBe(true);
    expect(await store.issue(issue({ phoneKey: "ph", ipKey: null }))).toMatchObject({ ok: false, limit: "phone" });
    for (let i = 0; i < 5; i++) expect((await store.issue(issue({ phoneKey: `ip-${i}`, ipKey: "shared" }))).ok).toBe(true);
    expect(await store.issue(issue({ phoneKey: "ip-x", ipKey: "shared" }))).toMatchObject({ ok: false, limit: "ip" });
  });

  it("cancel gives back the code, the cooldown and one count of each counter", async () => {
    const store = make();
    const first = issue({ phoneKey: "k", cooldownMs: 60_000, maxSendsPerPhone: 1 });
    await store.issue(first);
    await store.cancel(first);
    expect((await store.verify(verify({ phoneKey: "k" }))).ok).toBe(false);
    expect(await store.issue(issue({ phoneKey: "k", cooldownMs: 60_000, maxSendsPerPhone: 1 }))).toEqual({ ok: true });
  });
});

describe("memory OTP store", () => {
  it("expires codes and windows with the clock", async () => {
    const store = createMemoryOtpStore(() => clock);
    await store.issue(issue({ phoneKey: "ttl", ttlMs: 1_000 }));
    clock += 1_001;
    expect((await store.verify(verify({ phoneKey: "ttl" }))).ok).toBe(false);
    for (let i = 0; i < 3; i++) await store.issue(issue({ phoneKey: "w", windowMs: 10_000 }));
    expect((await store.issue(issue({ phoneKey: "w", windowMs: 10_000 }))).ok).toBe(false);
    clock += 10_001;
    expect((await store.issue(issue({ phoneKey: "w", windowMs: 10_000 }))).ok).toBe(true);
  });
});
