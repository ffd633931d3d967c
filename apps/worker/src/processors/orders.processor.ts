import type { Processor } from "bullmq";
import { EXPIRE_ORDER_JOB, EXPIRE_SWEEP_JOB, type ExpireOrderJob, type PaymentService } from "@shop/core";

/**
 * The orders queue: one delayed job per unpaid order (expire it if still unpaid) and the repeating sweep. Both
 * are idempotent (a conditional transition releases stock once), so retries and duplicates are harmless.
 */
export function ordersProcessor(payments: Pick<PaymentService, "expire" | "sweep">): Processor<ExpireOrderJob | Record<string, never>, unknown> {
  return async (job) => {
    if (job.name === EXPIRE_ORDER_JOB) return payments.expire((job.data as ExpireOrderJob).orderId);
    if (job.name === EXPIRE_SWEEP_JOB) return { expired: await payments.sweep() };
    throw new Error(`unknown orders job ${job.name}`);
  };
}
