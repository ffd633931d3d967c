import { createDb } from "@shop/db";
import { readEnv } from "./env";
import { createLogger } from "./logger";
import { startRuntime } from "./runtime";
import { consumers, scheduleMaintenance } from "./consumers";

const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);
const db = createDb(env.DATABASE_URL, { poolSize: env.DB_POOL_SIZE });

await scheduleMaintenance(env.REDIS_URL, env.QUEUE_PREFIX, env.MAINTENANCE_INTERVAL_MS);
const runtime = await startRuntime({
  redisUrl: env.REDIS_URL,
  prefix: env.QUEUE_PREFIX,
  logger,
  consumers: consumers({ db }),
  concurrency: env.WORKER_CONCURRENCY,
  heartbeatIntervalMs: env.HEARTBEAT_INTERVAL_MS,
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "signal received");
    runtime
      .close(env.SHUTDOWN_GRACE_MS)
      .then(() => db.$disconnect())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: String(error) }, "shutdown failed");
          process.exit(1);
        },
      );
  });
}
