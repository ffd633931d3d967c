/**
 * How unpaid orders get expired on time: one delayed BullMQ job per order (jobId per order, so a retry of the
 * checkout cannot schedule two), consumed by the worker, with a repeating sweep as the backstop for a job lost
 * with Redis. Without Redis (single-process mode) the same two run in this process: a timer per order and a
 * periodic sweep. Expiring is idempotent (a conditional transition), so a job, the sweep and a restart's
 * second timer cannot release stock twice.
 */
import { Queue } from "bullmq";
import { createRedis } from "../infra/redis";

export const ORDERS_QUEUE = "orders";
export const EXPIRE_ORDER_JOB = "expire-order";
export const EXPIRE_SWEEP_JOB = "expire-due-orders";

export interface ExpireOrderJob {
  orderId: string;
}

export const expireJobId = (orderId: string) => `expire-${orderId}`;

export const EXPIRE_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: 1_000,
  removeOnFail: 5_000,
} as const;

export interface ExpiryScheduler {
  schedule(orderId: string, at: Date): void;
  close(): Promise<void>;
}

type Log = (entry: Record<string, unknown>, message: string) => void;

export function createExpiryQueue(redisUrl: string, prefix: string, log: Log = () => {}): ExpiryScheduler {
  const connection = createRedis(redisUrl, { failFast: true, connectionName: "shop-web-orders-queue" });
  connection.on("error", () => {});
  const queue = new Queue<ExpireOrderJob>(ORDERS_QUEUE, { connection, prefix });
  queue.on("error", () => {});
  return {
    schedule(orderId, at) {
      // Fire and forget: the order is placed whatever Redis does; the worker's sweep expires it if this is lost.
      queue
        .add(EXPIRE_ORDER_JOB, { orderId }, { ...EXPIRE_JOB_OPTIONS, jobId: expireJobId(orderId), delay: Math.max(0, at.getTime() - Date.now()) })
        .catch((error: unknown) => log({ orderId, err: (error as Error).message }, "could not schedule the order's expiry; the sweep will"));
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

const MAX_TIMER_MS = 2_147_483_647;

/** Single-process mode: a timer per order and a sweep every `sweepEveryMs`, both calling `expire`/`sweep`. */
export function createInProcessExpiry(
  { expire, sweep }: { expire: (orderId: string) => Promise<string>; sweep: () => Promise<unknown> },
  { sweepEveryMs = 60_000, log = () => {} }: { sweepEveryMs?: number; log?: Log } = {},
): ExpiryScheduler {
  const timers = new Set<NodeJS.Timeout>();
  const run = (what: string, task: () => Promise<unknown>) => task().catch((error: unknown) => log({ err: (error as Error).message }, `${what} failed; the sweep retries`));
  const sweeper = setInterval(() => run("expiry sweep", sweep), sweepEveryMs);
  sweeper.unref();
  const scheduler: ExpiryScheduler = {
    schedule(orderId, at) {
      // Timers may fire a little early against Date.now(): a "not-yet" answer sets the timer again.
      const timer = setTimeout(() => {
        timers.delete(timer);
        void run("order expiry", async () => {
          if ((await expire(orderId)) === "not-yet") scheduler.schedule(orderId, new Date(Math.max(at.getTime(), Date.now()) + 50));
        });
      }, Math.min(MAX_TIMER_MS, Math.max(0, at.getTime() - Date.now())));
      timer.unref();
      timers.add(timer);
    },
    async close() {
      clearInterval(sweeper);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
  return scheduler;
}
