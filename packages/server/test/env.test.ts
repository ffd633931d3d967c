/**
 * SMS_OUTBOX_PAGE (issue 12, item 20): /dev/sms was a 404 under `npm start` because the page was tied to
 * NODE_ENV. It now follows this variable; its default stays safe for a real production deployment.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

const BASE = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/shop",
  REDIS_URL: "redis://127.0.0.1:6379",
  JWT_SECRET: "j".repeat(32),
  OTP_SECRET: "o".repeat(32),
};

async function envWith(vars: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries({ ...BASE, ...vars })) vi.stubEnv(key, value);
  vi.resetModules();
  const { env } = await import("../src/env");
  return env();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("SMS_OUTBOX_PAGE", () => {
  it('defaults to "0" in production and "1" elsewhere', async () => {
    expect((await envWith({ NODE_ENV: "production", SMS_OUTBOX_PAGE: undefined })).SMS_OUTBOX_PAGE).toBe("0");
    expect((await envWith({ NODE_ENV: "development", SMS_OUTBOX_PAGE: undefined })).SMS_OUTBOX_PAGE).toBe("1");
    expect((await envWith({ NODE_ENV: "test", SMS_OUTBOX_PAGE: undefined })).SMS_OUTBOX_PAGE).toBe("1");
  });

  it("is what it is set to, and only 0 or 1", async () => {
    expect((await envWith({ NODE_ENV: "production", SMS_OUTBOX_PAGE: "1" })).SMS_OUTBOX_PAGE).toBe("1");
    expect((await envWith({ NODE_ENV: "development", SMS_OUTBOX_PAGE: "0" })).SMS_OUTBOX_PAGE).toBe("0");
    await expect(envWith({ NODE_ENV: "production", SMS_OUTBOX_PAGE: "yes" })).rejects.toThrow(/SMS_OUTBOX_PAGE/);
  });
});
