/**
 * SMS_OUTBOX_PAGE (issue 12, item 20): /dev/sms was a 404 under `npm start` because the page was tied to
 * NODE_ENV. It now follows this variable; its default stays safe for a real production deployment.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
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

describe("the settings shared with the worker (@shop/core/config)", () => {
  it("refuses in production what the worker refuses: no OTP secret, the development one, a partial or malformed Twilio", async () => {
    const { DEV_OTP_SECRET } = await import("@shop/core/sms");
    await expect(envWith({ NODE_ENV: "production", OTP_SECRET: undefined })).rejects.toThrow(/OTP_SECRET is required in production/);
    await expect(envWith({ NODE_ENV: "production", OTP_SECRET: DEV_OTP_SECRET })).rejects.toThrow(/development default is refused/);
    await expect(envWith({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}` })).rejects.toThrow(/partial Twilio config/);
    await expect(
      envWith({ TWILIO_ACCOUNT_SID: "not-a-sid", TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "+15005550006" }),
    ).rejects.toThrow(/TWILIO_ACCOUNT_SID: must be AC followed by 32 hex digits/);
  });

  it("reads a relative SMS_OUTBOX_PATH from the repository root, as the worker does, and the same default", async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    expect((await envWith({ SMS_OUTBOX_PATH: "tmp/outbox.jsonl" })).SMS_OUTBOX_PATH).toBe(path.join(root, "tmp/outbox.jsonl"));
    expect((await envWith({ SMS_OUTBOX_PATH: undefined })).SMS_OUTBOX_PATH).toBe(path.join(root, ".data/sms-outbox.jsonl"));
    const { readEnv } = await import("../../../apps/worker/src/env");
    expect(readEnv({ NODE_ENV: "test", DATABASE_URL: BASE.DATABASE_URL }).SMS_OUTBOX_PATH).toBe(path.join(root, ".data/sms-outbox.jsonl"));
  });

  it("refuses the development JWT secret in production", async () => {
    const { DEV_JWT_SECRET } = await import("../src/env");
    await expect(envWith({ NODE_ENV: "production", JWT_SECRET: DEV_JWT_SECRET })).rejects.toThrow(/JWT_SECRET is required in production/);
  });
});

describe("back-office settings", () => {
  it("SHOP_TIMEZONE defaults to UTC and takes IANA names only", async () => {
    expect((await envWith({ SHOP_TIMEZONE: undefined })).SHOP_TIMEZONE).toBe("UTC");
    expect((await envWith({ SHOP_TIMEZONE: "Asia/Tashkent" })).SHOP_TIMEZONE).toBe("Asia/Tashkent");
    await expect(envWith({ SHOP_TIMEZONE: "Mars/Olympus" })).rejects.toThrow(/SHOP_TIMEZONE/);
  });

  it("MAX_UPLOAD_BYTES defaults to 10 MiB, above the JSON limit", async () => {
    const env = await envWith({ MAX_UPLOAD_BYTES: undefined });
    expect(env.MAX_UPLOAD_BYTES).toBe(10 * 1_048_576);
    expect(env.MAX_UPLOAD_BYTES).toBeGreaterThan(env.MAX_BODY_BYTES);
  });
});
