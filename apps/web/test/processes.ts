/** The settings the web server and the worker (startWorker of @shop/test-support) must share in a test. */
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface SharedSettings {
  QUEUE_PREFIX: string;
  OTP_SECRET: string;
  JWT_SECRET: string;
  SMS_OUTBOX_PATH: string;
  REDIS_URL: string;
}

/** A queue prefix and outbox of this test file's own, so parallel files never see each other's jobs. */
export async function sharedSettings(): Promise<SharedSettings> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "shop-web-"));
  return {
    QUEUE_PREFIX: `t-${randomBytes(4).toString("hex")}`,
    OTP_SECRET: randomBytes(24).toString("hex"),
    JWT_SECRET: randomBytes(24).toString("hex"),
    SMS_OUTBOX_PATH: path.join(dir, "sms-outbox.jsonl"),
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  };
}
