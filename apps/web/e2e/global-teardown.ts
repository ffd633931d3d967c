import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { deleteKeys } from "@shop/test-support";
import { STATE_FILE } from "./global-setup";

export default async function globalTeardown() {
  const state = JSON.parse(readFileSync(STATE_FILE, "utf8")) as { pids: number[]; server: string; name: string; redisUrl: string; prefix: string };
  for (const pid of state.pids) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 1_000));
  const url = new URL(state.server);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${state.name}" WITH (FORCE)`);
  await admin.end();
  // The run's Redis keys (OTP state, the otp-sms queue) live under its own prefix.
  const redis = new Redis(state.redisUrl);
  try {
    await deleteKeys(redis, state.prefix);
  } finally {
    redis.disconnect();
  }
}
