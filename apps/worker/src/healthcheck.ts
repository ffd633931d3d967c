/**
 * The worker container's HEALTHCHECK: exits 0 while a worker's heartbeat key exists in Redis, 1 otherwise.
 * The runtime refreshes the key every HEARTBEAT_INTERVAL_MS with a TTL of three intervals, so the key disappears
 * when the process hangs, loses Redis or stops. Run as `node dist/healthcheck.js` from apps/worker (built by `npm run build`).
 *
 * It parses only the two variables it needs instead of calling readEnv(): a probe should not fail because of an
 * unrelated setting (DATABASE_URL is required there), and the rules below are the same as in env.ts.
 */
import { z } from "zod";
import { createRedis, redisReady } from "@shop/core";
import { heartbeatKey } from "./runtime";

const Env = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]{1,40}$/).default("shop"),
});

/** Well under Docker's default 30 s probe timeout, so a hung Redis gives a clear "unhealthy", not a kill. */
const TIMEOUT_MS = 3_000;

async function check(): Promise<number> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    console.error(`healthcheck: invalid environment: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
    return 1;
  }
  const { REDIS_URL, QUEUE_PREFIX } = parsed.data;
  const key = heartbeatKey(QUEUE_PREFIX);
  const redis = createRedis(REDIS_URL, { failFast: true, connectionName: "shop-worker-healthcheck" });
  // Connection errors are reported through the result below; without a listener ioredis logs each retry.
  redis.on("error", () => undefined);
  try {
    await redisReady(redis, TIMEOUT_MS);
    if ((await redis.exists(key)) === 1) return 0;
    console.error(`healthcheck: no heartbeat at ${key}`);
    return 1;
  } catch (error) {
    console.error(`healthcheck: ${(error as Error).message}`);
    return 1;
  } finally {
    redis.disconnect();
  }
}

process.exit(await check());
