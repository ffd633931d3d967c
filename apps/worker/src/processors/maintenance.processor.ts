import type { Processor } from "bullmq";
import { purgeExpired, type PurgeResult } from "@shop/core";
import type { Db } from "@shop/db";

export const MAINTENANCE_QUEUE = "maintenance";
export const PURGE_JOB = "purge-expired";

/** Housekeeping jobs. The purge is idempotent, so a retried or duplicated run is harmless. */
export function maintenanceProcessor(db: Db): Processor<unknown, PurgeResult> {
  return async (job) => {
    if (job.name !== PURGE_JOB) throw new Error(`unknown maintenance job ${job.name}`);
    return purgeExpired(db);
  };
}
