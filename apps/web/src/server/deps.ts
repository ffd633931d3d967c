import { createDb } from "@shop/db";
import { createRedis } from "@shop/core";
import type { ApiDeps } from "@shop/api";
import { env } from "../env";

const globalForDeps = globalThis as unknown as { shopDeps?: ApiDeps };

/** One database pool and one Redis connection per server process (kept across dev hot reloads). */
export function deps(): ApiDeps {
  if (globalForDeps.shopDeps) return globalForDeps.shopDeps;
  const e = env();
  const created: ApiDeps = {
    db: createDb(e.DATABASE_URL, { poolSize: e.DB_POOL_SIZE }),
    redis: createRedis(e.REDIS_URL, { failFast: true, connectionName: "shop-web" }),
    config: { healthTimeoutMs: e.HEALTH_TIMEOUT_MS, maxBodyBytes: e.MAX_BODY_BYTES },
  };
  // A down Redis is reported by /health and by the features that need it; it must not crash the server.
  created.redis.on("error", () => {});
  globalForDeps.shopDeps = created;
  return created;
}
