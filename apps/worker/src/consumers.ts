import { Queue } from "bullmq";
import { createRedis } from "@shop/core";
import type { Db } from "@shop/db";
import type { QueueConsumer } from "./runtime";
import { MAINTENANCE_QUEUE, PURGE_JOB, maintenanceProcessor } from "./processors/maintenance.processor";

export interface ConsumerDeps {
  db: Db;
}

/** The queues this worker consumes. */
export function consumers({ db }: ConsumerDeps): QueueConsumer[] {
  return [{ queue: MAINTENANCE_QUEUE, processor: maintenanceProcessor(db), concurrency: 1 }];
}

/**
 * Registers the repeatable housekeeping job. A job scheduler is an upsert keyed by id, so every worker
 * replica can call this at boot without creating duplicates.
 */
export async function scheduleMaintenance(redisUrl: string, prefix: string, everyMs: number): Promise<void> {
  const queue = new Queue(MAINTENANCE_QUEUE, {
    connection: createRedis(redisUrl, { bullmq: true, connectionName: "shop-worker-scheduler" }),
    prefix,
  });
  try {
    await queue.upsertJobScheduler(
      PURGE_JOB,
      { every: everyMs },
      { name: PURGE_JOB, opts: { removeOnComplete: 100, removeOnFail: 500 } },
    );
  } finally {
    await queue.close();
  }
}
