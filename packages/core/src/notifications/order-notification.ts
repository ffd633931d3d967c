/**
 * Texts to customers about their orders, through the same SMS senders as sign-in codes (Twilio, or the mock
 * outbox), as a job type of their own. Each (order, event) is claimed in order_notifications before it is sent,
 * so duplicated jobs, retries and both delivery paths send it once; a crash between the send and its record is
 * the one window in which a text could be repeated on retry. Opted-out customers (profile smsNotifications:
 * false) get none.
 */
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import type { Db } from "@shop/db";
import { createRedis } from "../infra/redis";
import type { SmsSender } from "../sms/sms-sender";
import { orderMessage, type OrderEvent } from "./order-messages";

export const ORDER_NOTIFICATIONS_QUEUE = "order-notifications";

export interface OrderNotificationJob {
  orderId: string;
  event: OrderEvent;
}

export const notificationJobId = (job: OrderNotificationJob) => `notify-${job.orderId}-${job.event}`;

export const NOTIFICATION_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: 1_000,
  removeOnFail: 5_000,
} as const;

export type NotificationOutcome = "sent" | "already-sent" | "opted-out" | "no-order";

export async function deliverOrderNotification(db: Db, sender: SmsSender, job: OrderNotificationJob, now = new Date()): Promise<NotificationOutcome> {
  // The claim: only the delivery that inserts the (order, event) row sends. Another one finds it taken (sent,
  // skipped, or being sent right now); a send that fails gives the claim back, so its own retry sends it.
  const claimed = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO order_notifications (id, order_id, event, status, created_at)
    SELECT ${randomUUID()}::uuid, o.id, ${job.event}, 'pending', ${now} FROM orders o WHERE o.id = ${job.orderId}::uuid
    ON CONFLICT (order_id, event) DO NOTHING
    RETURNING id`;
  if (claimed.length === 0) {
    const exists = await db.orderNotification.findUnique({ where: { orderId_event: { orderId: job.orderId, event: job.event } }, select: { id: true } });
    return exists ? "already-sent" : "no-order";
  }
  const claim = claimed[0]!.id;
  const order = await db.order.findUniqueOrThrow({
    where: { id: job.orderId },
    select: {
      number: true,
      total: true,
      currency: true,
      refundedTotal: true,
      paymentMethod: true,
      user: { select: { phone: true, smsNotifications: true } },
    },
  });
  const mark = (status: "sent" | "skipped") => db.orderNotification.update({ where: { id: claim }, data: { status, sentAt: new Date() } });
  if (!order.user.phone || !order.user.smsNotifications) {
    await mark("skipped");
    return "opted-out";
  }
  try {
    await sender.send(order.user.phone, orderMessage(job.event, order));
  } catch (error) {
    await db.orderNotification.delete({ where: { id: claim } }).catch(() => undefined);
    throw error;
  }
  await mark("sent");
  return "sent";
}

export interface OrderNotifier {
  notify(orderId: string, event: OrderEvent): void;
  close(): Promise<void>;
}

type Log = (entry: Record<string, unknown>, message: string) => void;

/** The web app's producer: a job per (order, event), fire and forget (an order never waits for its text). */
export function createNotificationQueue(redisUrl: string, prefix: string, log: Log = () => {}): OrderNotifier {
  const connection = createRedis(redisUrl, { failFast: true, connectionName: "shop-web-notifications" });
  connection.on("error", () => {});
  const queue = new Queue<OrderNotificationJob>(ORDER_NOTIFICATIONS_QUEUE, { connection, prefix });
  queue.on("error", () => {});
  return {
    notify(orderId, event) {
      const job = { orderId, event };
      queue
        .add(ORDER_NOTIFICATIONS_QUEUE, job, { ...NOTIFICATION_JOB_OPTIONS, jobId: notificationJobId(job) })
        .catch((error: unknown) => log({ orderId, event, err: (error as Error).message }, "could not queue the order's text"));
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/** Single-process mode: the same delivery in this process, in the background, retried a few times. */
export function createInProcessNotifier(deliver: (job: OrderNotificationJob) => Promise<unknown>, log: Log = () => {}): OrderNotifier {
  const pending = new Set<Promise<unknown>>();
  return {
    notify(orderId, event) {
      const attempt = async () => {
        for (let i = 0; i < 3; i++) {
          try {
            return await deliver({ orderId, event });
          } catch (error) {
            if (i === 2) log({ orderId, event, err: (error as Error).message }, "the order's text could not be sent");
            await new Promise((r) => setTimeout(r, 500 * 2 ** i));
          }
        }
      };
      const running = attempt().finally(() => pending.delete(running));
      pending.add(running);
    },
    async close() {
      await Promise.allSettled([...pending]);
    },
  };
}
