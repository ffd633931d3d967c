/**
 * Zero-setup mode (no Redis): OTP state and limits in this process's memory, SMS sent in-process through the same
 * delivery function the worker uses, into the mock outbox. Postgres is still real.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createInProcessDispatch, createMemoryLoginThrottleStore, createMemoryOtpStore, createMockSender, deliverOtpSms, readOutbox, SmsPermanentError } from "@shop/core";
import { createTestDeps, TEST_OTP_SECRET, uniquePhone } from "./support";
import { restClient } from "./http";

const dir = await mkdtemp(path.join(os.tmpdir(), "shop-outbox-"));
const outbox = path.join(dir, "sms-outbox.jsonl");
const sender = createMockSender({ outboxPath: outbox });
const deps = createTestDeps({
  redis: null,
  otpStore: createMemoryOtpStore(),
  loginThrottleStore: createMemoryLoginThrottleStore(),
  dispatch: createInProcessDispatch((job) => deliverOtpSms(job, { sender, secret: TEST_OTP_SECRET, ttlSeconds: 300 }), {
    isPermanent: (e) => e instanceof SmsPermanentError,
  }),
});
const api = restClient(deps);
afterAll(async () => {
  await deps.close();
  await rm(dir, { recursive: true, force: true });
});

async function codeFromOutbox(phone: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const line = (await readOutbox(outbox).catch(() => [])).filter((m) => m.to === phone).at(-1);
    const code = line?.body.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no SMS for ${phone} in ${outbox}`);
}

describe("single-process mode", () => {
  it("register → outbox line → verify → tokens, without Redis", async () => {
    const phone = uniquePhone();
    const sent = await api.call("POST", "/auth/register/", { body: { phone } });
    expect(sent.status).toBe(202);
    const code = await codeFromOutbox(phone);
    const res = await api.call("POST", "/auth/verify/", { body: { phone, code, password: "memory mode 1" } });
    expect(res.status).toBe(200);
    expect(res.body.tokenType).toBe("Bearer");
    // Single use here too.
    expect((await api.call("POST", "/auth/verify/", { body: { phone, code } })).status).toBe(400);
  });

  it("keeps the cooldown and the per-phone limit", async () => {
    const phone = uniquePhone();
    expect((await api.call("POST", "/auth/register/", { body: { phone } })).status).toBe(202);
    const again = await api.call("POST", "/auth/register/", { body: { phone } });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("health is 200 ok: Redis is not configured in this mode, which is not a failure", async () => {
    const res = await api.call("GET", "/health/");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.checks.database.status).toBe("up");
    expect(res.body.checks.redis).toMatchObject({ status: "not_configured", latencyMs: null, detail: expect.stringContaining("single-process") });
  });
});
