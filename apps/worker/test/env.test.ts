import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEV_OTP_SECRET } from "@shop/core/sms";
import { readEnv, smsSenderConfig } from "../src/env";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const base = { DATABASE_URL: "postgresql://u@127.0.0.1:5432/db" };
const sid = `AC${"0".repeat(32)}`;

describe("worker env: OTP and SMS", () => {
  it("defaults to the dev secret, 300 s and the outbox at the repo root, with the mock sender", () => {
    const env = readEnv(base);
    expect(env.OTP_SECRET).toBe(DEV_OTP_SECRET);
    expect(env.otpSecretIsDevDefault).toBe(true);
    expect(env.OTP_TTL_SECONDS).toBe(300);
    expect(env.SMS_OUTBOX_PATH).toBe(path.join(repoRoot, ".data", "sms-outbox.jsonl"));
    expect(smsSenderConfig(env).twilio).toBeUndefined();
  });

  it("requires a real OTP_SECRET in production", () => {
    expect(() => readEnv({ ...base, NODE_ENV: "production" })).toThrow(/OTP_SECRET is required in production/);
    expect(() => readEnv({ ...base, NODE_ENV: "production", OTP_SECRET: DEV_OTP_SECRET })).toThrow(/OTP_SECRET/);
    const env = readEnv({ ...base, NODE_ENV: "production", OTP_SECRET: "p".repeat(40) });
    expect(env.otpSecretIsDevDefault).toBe(false);
  });

  it("refuses short secrets and out-of-range TTLs", () => {
    expect(() => readEnv({ ...base, OTP_SECRET: "short" })).toThrow(/at least 32/);
    expect(() => readEnv({ ...base, OTP_TTL_SECONDS: "30" })).toThrow(/OTP_TTL_SECONDS/);
    expect(() => readEnv({ ...base, OTP_TTL_SECONDS: "601" })).toThrow(/OTP_TTL_SECONDS/);
  });

  it("configures Twilio only when SID, token and a sender are all set", () => {
    const env = readEnv({ ...base, TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "+15005550006" });
    expect(smsSenderConfig(env).twilio).toEqual({
      accountSid: sid,
      authToken: "t",
      from: "+15005550006",
      messagingServiceSid: undefined,
      baseUrl: undefined,
    });
  });

  it("fails a partial Twilio config with a clear message, and ignores empty values", () => {
    expect(() => readEnv({ ...base, TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "t" })).toThrow(
      /partial Twilio config.*TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/,
    );
    expect(() => readEnv({ ...base, TWILIO_FROM: "+15005550006" })).toThrow(/partial Twilio config/);
    expect(smsSenderConfig(readEnv({ ...base, TWILIO_ACCOUNT_SID: "", TWILIO_FROM: "" })).twilio).toBeUndefined();
  });

  it("resolves a relative outbox path from the repo root", () => {
    expect(readEnv({ ...base, SMS_OUTBOX_PATH: "tmp/out.jsonl" }).SMS_OUTBOX_PATH).toBe(path.join(repoRoot, "tmp/out.jsonl"));
  });
});
