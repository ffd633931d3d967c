import { Worker, type Job, type Processor } from "bullmq";
import { createRedis, type Redis } from "@shop/core";
import type { Logger } from "./logger";

/** One queue this process consumes. Processors are added here as features land (OTP SMS first). */
export interface QueueConsumer {
  queue: string;
  processor: Processor;
  concurrency?: number;
}

export interface RuntimeOptions {
  redisUrl: string;
  logger: Logger;
  consumers: QueueConsumer[];
  concurrency: number;
  heartbeatIntervalMs: number;
  /** BullMQ key prefix: separates deployments (and test runs) sharing one Redis. */
  prefix: string;
  /** Job lock and stalled-job check (ms): how fast the jobs of a crashed worker are retried. BullMQ's defaults. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface Runtime {
  workers: Worker[];
  /** Stops taking new jobs, waits for in-flight ones (at most graceMs), closes connections. */
  close(graceMs: number): Promise<{ timedOut: boolean }>;
}

/** Redis key refreshed on every heartbeat; its TTL says a worker is alive (used by health checks). */
export const heartbeatKey = (prefix: string) => `${prefix}:worker:heartbeat`;

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const beatKey = heartbeatKey(options.prefix);
  // BullMQ needs its own connections with maxRetriesPerRequest null; one shared connection serves the heartbeat.
  const redis: Redis = createRedis(options.redisUrl, { bullmq: true, connectionName: "shop-worker" });
  redis.on("error", (error) => logger.warn({ err: error.message }, "redis connection error"));

  const workers = options.consumers.map((consumer) => {
    const worker = new Worker(consumer.queue, consumer.processor, {
      connection: createRedis(options.redisUrl, { bullmq: true, connectionName: `shop-worker-${consumer.queue}` }),
      concurrency: consumer.concurrency ?? options.concurrency,
      prefix: options.prefix,
      autorun: true,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    });
    worker.on("completed", (job: Job) => logger.info({ queue: consumer.queue, jobId: job.id }, "job completed"));
    worker.on("failed", (job: Job | undefined, error: Error) =>
      logger.warn(
        { queue: consumer.queue, jobId: job?.id, attempt: job?.attemptsMade, err: error.message },
        "job failed",
      ),
    );
    worker.on("error", (error) => logger.error({ queue: consumer.queue, err: error.message }, "worker error"));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  const ttlMs = options.heartbeatIntervalMs * 3;
  const beat = async () => {
    try {
      await redis.set(beatKey, new Date().toISOString(), "PX", ttlMs);
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "heartbeat failed");
    }
  };
  await beat();
  const timer = setInterval(beat, options.heartbeatIntervalMs);
  timer.unref();
  logger.info({ queues: options.consumers.map((c) => c.queue), heartbeatKey: beatKey }, "worker ready");

  let closing: Promise<{ timedOut: boolean }> | undefined;
  return {
    workers,
    close(graceMs) {
      closing ??= (async () => {
        clearInterval(timer);
        logger.info({ graceMs }, "shutting down: no new jobs, waiting for in-flight ones");
        // worker.close() waits for active jobs; force-close only when the grace period runs out, and the
        // interrupted jobs go back to the queue as stalled (at-least-once delivery).
        let timedOut = false;
        const graceful = Promise.all(workers.map((w) => w.close()));
        const deadline = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
        if ((await Promise.race([graceful, deadline])) === "timeout") {
          timedOut = true;
          logger.warn("grace period over, forcing close");
          await Promise.all(workers.map((w) => w.close(true)));
        }
        await redis.del(beatKey).catch(() => undefined);
        redis.disconnect();
        logger.info({ timedOut }, "worker stopped");
        return { timedOut };
      })();
      return closing;
    },
  };
}
