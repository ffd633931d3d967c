import type { Processor } from "bullmq";
import { EXPIRE_ORDER_JOB, EXPIRE_SWEEP_JOB, type ExpireOrderJob, type PaymentService } from "@shop/core";

/**
 * The orders queue: one delayed job per unpaid order (expire it if still unpaid) and the repeating sweep. Both
 * are idempotent (a conditional transition releases stock once), so retries and duplicates are harmless.
 */
export function ordersProcessor(payments: Pick<PaymentService, "expire" | "sweep">): Processor<ExpireOrderJob | Record<string, never>, unknown> {
  return async (job) => {
    if (job.name === EXPIRE_ORDER_JOB) {
      const outcome = await payments.expire((job.data as ExpireOrderJob).orderId);
      // Early (this host's clock behind Redis's, say): failing hands the job back to its backoff, to come again.
      if (outcome === "not-yet") throw new Error("the order's time to pay has not passed yet");
      return outcome;
    }
    if (job.name === EXPIRE_SWEEP_JOB) return { expired: await payments.sweep() };
    throw new Error(`unknown orders job ${job.name}`);
  };
}
