import { createPaymentService, createRedis, deliverOrderNotification } from "@shop/core";
import { createSmsSender } from "@shop/core/sms";
import { createDb } from "@shop/db";
import { paymentSetup, readEnv, smsSenderConfig } from "./env";
import { createLogger } from "./logger";
import { startRuntime, type Runtime } from "./runtime";
import { consumers, scheduleMaintenance } from "./consumers";

const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);
const db = createDb(env.DATABASE_URL, { poolSize: env.DB_POOL_SIZE });
const redis = createRedis(env.REDIS_URL, { connectionName: "shop-worker-otp" });
redis.on("error", (error) => logger.warn({ err: error.message }, "redis connection error"));

if (env.otpSecretIsDevDefault) {
  logger.warn("OTP_SECRET is not set: using the development secret; set the same OTP_SECRET for web and worker");
}
const smsConfig = smsSenderConfig(env);
const sender = createSmsSender(smsConfig, (obj, msg) => logger.info(obj, msg));
logger.info(
  { sender: sender.name, ...(sender.name === "mock" ? { outboxPath: smsConfig.outboxPath } : {}) },
  "sms sender selected",
);

// Handlers go in before anything starts: without a listener, a SIGTERM arriving between "worker ready" and their
// registration would kill the process with no graceful close (seen under load in the process test).
let runtime: Promise<Runtime> | undefined;
let stopping = false;
function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "signal received");
  Promise.resolve(runtime)
    .then((started) => started?.close(env.SHUTDOWN_GRACE_MS))
    .then(() => {
      redis.disconnect();
      return db.$disconnect();
    })
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: String(error) }, "shutdown failed");
        process.exit(1);
      },
    );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => shutdown(signal));

const payment = paymentSetup(env);
// Texts about expired orders are sent from here directly (the worker is where the jobs would go anyway).
const payments = createPaymentService({
  db,
  providers: payment.providers,
  methods: payment.policy.methods,
  notify: (orderId, event) => {
    deliverOrderNotification(db, sender, { orderId, event }).catch((error: unknown) =>
      logger.warn({ orderId, event, err: (error as Error).message }, "the order's text could not be sent"),
    );
  },
  log: (o, m) => logger.info(o, m),
});

await scheduleMaintenance(env.REDIS_URL, env.QUEUE_PREFIX, env.MAINTENANCE_INTERVAL_MS, env.ORDER_EXPIRY_SWEEP_MS);
if (!stopping) {
  runtime = startRuntime({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    logger,
    consumers: consumers({
      db,
      otpSms: {
        sender,
        secret: env.OTP_SECRET,
        ttlSeconds: env.OTP_TTL_SECONDS,
        redis,
        prefix: env.QUEUE_PREFIX,
        logger,
      },
      payments,
      texts: sender,
    }),
    concurrency: env.WORKER_CONCURRENCY,
    heartbeatIntervalMs: env.HEARTBEAT_INTERVAL_MS,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  });
  await runtime;
}
