import { z } from "zod";
import {
  checkSharedEnv,
  intVar,
  otpSecret,
  parseEnv,
  SharedEnv,
} from "@shop/core/config";

/**
 * The worker's configuration, validated at start-up. Only this file reads process.env. The variables the web app
 * reads too (OTP, queue, SMS, Twilio) come from @shop/core/config, so both check them the same way.
 */
const Env = z
  .object({
    ...SharedEnv,
    DB_POOL_SIZE: intVar(1, 50, 5),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
    WORKER_CONCURRENCY: intVar(1, 100, 5),
    /** How often expired idempotency keys and old sessions are purged. */
    MAINTENANCE_INTERVAL_MS: intVar(1_000, 86_400_000, 3_600_000),
    /** How often pending orders past their payment time are looked for (the backstop of the per-order jobs). */
    ORDER_EXPIRY_SWEEP_MS: intVar(1_000, 3_600_000, 60_000),
    HEARTBEAT_INTERVAL_MS: intVar(100, 60_000, 5_000),
    /**
     * BullMQ job lock: a worker that dies (kill -9, OOM, lost host) holds its active jobs until the lock expires;
     * another worker's stalled check (every WORKER_STALLED_INTERVAL_MS) then puts them back in the queue. Defaults
     * are BullMQ's; lower values recover faster but must stay well above event-loop pauses.
     */
    WORKER_LOCK_DURATION_MS: intVar(500, 600_000, 30_000),
    WORKER_STALLED_INTERVAL_MS: intVar(250, 600_000, 30_000),
  })
  .superRefine(checkSharedEnv)
  .transform(({ OTP_SECRET, ...env }) => ({ ...env, ...otpSecret(OTP_SECRET) }));

export type WorkerEnv = z.infer<typeof Env>;

export const readEnv = (source: NodeJS.ProcessEnv = process.env): WorkerEnv => parseEnv(Env, source);

/** Twilio when fully configured (validated above), otherwise the local outbox. */
export { paymentSetup, smsSenderConfig } from "@shop/core/config";
