import { Queue } from "bullmq";
import {
  createRedis,
  deliverOrderNotification,
  EXPIRE_SWEEP_JOB,
  ORDER_NOTIFICATIONS_QUEUE,
  ORDERS_QUEUE,
  type OrderNotificationJob,
  type PaymentService,
  type SmsSender,
} from "@shop/core";
import type { Db } from "@shop/db";
import type { QueueConsumer } from "./runtime";
import { MAINTENANCE_QUEUE, PURGE_JOB, maintenanceProcessor } from "./processors/maintenance.processor";
import { OTP_SMS_QUEUE, otpSmsProcessor, type OtpSmsProcessorDeps } from "./processors/otp-sms.processor";
import { ordersProcessor } from "./processors/orders.processor";

export interface ConsumerDeps {
  db: Db;
  /** main.ts always passes it; tests of other queues may leave it out. */
  otpSms?: OtpSmsProcessorDeps;
  /** The expiry of unpaid orders (main.ts always passes it). */
  payments?: Pick<PaymentService, "expire" | "sweep">;
  /** Texts about orders (main.ts always passes it): the same sender as the codes. */
  texts?: SmsSender;
}

/** The queues this worker consumes. */
export function consumers({ db, otpSms, payments, texts }: ConsumerDeps): QueueConsumer[] {
  const list: QueueConsumer[] = [{ queue: MAINTENANCE_QUEUE, processor: maintenanceProcessor(db), concurrency: 1 }];
  // No per-queue concurrency: the runtime's default (WORKER_CONCURRENCY) applies; sends are I/O-bound.
  if (otpSms) list.push({ queue: OTP_SMS_QUEUE, processor: otpSmsProcessor(otpSms) });
  if (payments) list.push({ queue: ORDERS_QUEUE, processor: ordersProcessor(payments) });
  if (texts) {
    list.push({ queue: ORDER_NOTIFICATIONS_QUEUE, processor: (job) => deliverOrderNotification(db, texts, job.data as OrderNotificationJob) });
  }
  return list;
}

/**
 * Registers the repeatable housekeeping job. A job scheduler is an upsert keyed by id, so every worker
 * replica can call this at boot without creating duplicates.
 */
export async function scheduleMaintenance(redisUrl: string, prefix: string, everyMs: number, expirySweepMs?: number): Promise<void> {
  const queue = new Queue(MAINTENANCE_QUEUE, {
    connection: createRedis(redisUrl, { bullmq: true, connectionName: "shop-worker-scheduler" }),
    prefix,
  });
  const orders = new Queue(ORDERS_QUEUE, { connection: queue.opts.connection, prefix });
  try {
    await queue.upsertJobScheduler(
      PURGE_JOB,
      { every: everyMs },
      { name: PURGE_JOB, opts: { removeOnComplete: 100, removeOnFail: 500 } },
    );
    if (expirySweepMs) {
      await orders.upsertJobScheduler(
        EXPIRE_SWEEP_JOB,
        { every: expirySweepMs },
        { name: EXPIRE_SWEEP_JOB, opts: { removeOnComplete: 100, removeOnFail: 500 } },
      );
    }
  } finally {
    await orders.close();
    await queue.close();
  }
}
