/**
 * Texts about orders through the real queue and the mock sender's outbox: one per order and event however often
 * the job runs, none for a customer who opted out.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { createMockSender, createRedis, notificationJobId, ORDER_NOTIFICATIONS_QUEUE, readOutbox } from "@shop/core";
import { testDb, uniqueSuffix } from "@shop/db/testing";
import { pino } from "pino";
import { startRuntime } from "../src/runtime";
import { consumers } from "../src/consumers";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const db = testDb();
const outboxPath = path.join(mkdtempSync(path.join(os.tmpdir(), "order-texts-")), "outbox.jsonl");
const texts = createMockSender({ outboxPath });

afterAll(() => db.$disconnect());

async function orderOf(smsNotifications: boolean) {
  const suffix = uniqueSuffix();
  const phone = `+1555${String(parseInt(suffix.slice(0, 6), 16) % 10_000_000).padStart(7, "0")}`;
  const user = await db.user.create({ data: { phone, smsNotifications } });
  const order = await db.order.create({
    data: {
      number: `SO-T-${suffix}`.slice(0, 32),
      userId: user.id,
      currency: "USD",
      subtotal: 1_999,
      total: 1_999,
      shippingAddress: { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" },
      paymentMethod: "manual",
    },
  });
  return { order, phone };
}

describe("order notifications", () => {
  it("a job per order and event sends one text, even when the same event is queued and processed again", async () => {
    const prefix = `t-${uniqueSuffix()}`;
    const runtime = await startRuntime({ redisUrl, prefix, logger: pino({ level: "silent" }), consumers: consumers({ db, texts }), concurrency: 3, heartbeatIntervalMs: 1_000 });
    const queue = new Queue(ORDER_NOTIFICATIONS_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix });
    const events = new QueueEvents(ORDER_NOTIFICATIONS_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix });
    try {
      await events.waitUntilReady();
      const { order, phone } = await orderOf(true);
      const optedOut = await orderOf(false);
      const job = { orderId: order.id, event: "paid" };
      // The same (order, event) three times under different job ids (as after a lost job id), concurrently.
      const jobs = await Promise.all([
        queue.add(ORDER_NOTIFICATIONS_QUEUE, job, { jobId: notificationJobId(job as never) }),
        queue.add(ORDER_NOTIFICATIONS_QUEUE, job, { jobId: `${notificationJobId(job as never)}-again` }),
        queue.add(ORDER_NOTIFICATIONS_QUEUE, job, { jobId: `${notificationJobId(job as never)}-third` }),
        queue.add(ORDER_NOTIFICATIONS_QUEUE, { orderId: optedOut.order.id, event: "paid" }, { jobId: `optout-${uniqueSuffix()}` }),
      ]);
      const outcomes = await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 15_000)));
      expect(outcomes.slice(0, 3).sort()).toEqual(["already-sent", "already-sent", "sent"]);
      expect(outcomes[3]).toBe("opted-out");
      const sent = (await readOutbox(outboxPath)).filter((m) => m.to === phone);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body).toBe(`Shop: payment of 19.99 USD received for order ${order.number}. Thank you!`);
      expect((await readOutbox(outboxPath)).some((m) => m.to === optedOut.phone)).toBe(false);
      const rows = await db.orderNotification.findMany({ where: { orderId: { in: [order.id, optedOut.order.id] } }, orderBy: { status: "asc" } });
      expect(rows.map((r) => r.status).sort()).toEqual(["sent", "skipped"]);
    } finally {
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await runtime.close(5_000);
    }
  });
});
