import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { deleteKeys } from "@shop/test-support";
import { STATE_FILE, stubHandle } from "./global-setup";

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
  // After the processes: nothing calls the stub any more, and it holds no connection open.
  const stub = stubHandle.__shopStripeStub;
  if (stub) await Promise.race([stub.close(), new Promise((r) => setTimeout(r, 5_000))]);
  stubHandle.__shopStripeStub = undefined;
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
