/**
 * Unpaid orders expire on time through the real queue: the web app's delayed job per order, consumed by this
 * worker's orders queue; the repeating sweep for an order whose job was lost; and, without Redis, the web
 * process's own timers. Each releases the order's stock exactly once.
 */
import { Queue, QueueEvents } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkout,
  createExpiryQueue,
  createInProcessExpiry,
  createPaymentService,
  createRedis,
  EXPIRE_SWEEP_JOB,
  manualProvider,
  ORDERS_QUEUE,
} from "@shop/core";
import { cartLinesOf, testDb, uniqueSuffix } from "@shop/db/testing";
import { waitFor } from "@shop/test-support";
import { pino } from "pino";
import { startRuntime } from "../src/runtime";
import { consumers } from "../src/consumers";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const db = testDb();
const silent = pino({ level: "silent" });
const payments = createPaymentService({ db, providers: { manual: manualProvider }, methods: ["manual"] });
const ADDRESS = { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" };

afterAll(() => db.$disconnect());

/** A customer's pending order of 3 units of a product with stock 5, expiring `afterMs` from now. */
async function unpaidOrder(afterMs: number) {
  const suffix = uniqueSuffix();
  const user = await db.user.create({ data: { phone: `+1555${String(parseInt(suffix.slice(0, 6), 16) % 10_000_000).padStart(7, "0")}` } });
  const product = await db.product.create({ data: { slug: `expiry-${suffix}`, name: `Expiry ${suffix}`, price: 700, stock: 5 } });
  const cart = await db.cart.create({ data: { userId: user.id } });
  await db.cartItem.createMany({ data: await cartLinesOf(db, cart.id, [{ productId: product.id, quantity: 3 }]) });
  const order = await checkout(
    db,
    { userId: user.id, input: { shippingAddress: ADDRESS } },
    { payment: { methods: ["manual"], timeoutMinutes: afterMs / 60_000, manualOrdersExpire: true } },
  );
  const stock = async () => (await db.product.findUniqueOrThrow({ where: { id: product.id } })).stock;
  const status = async () => (await db.order.findUniqueOrThrow({ where: { id: order.id } })).status;
  expect(await stock()).toBe(2);
  return { order, stock, status };
}

async function worker(prefix: string) {
  return startRuntime({ redisUrl, prefix, logger: silent, consumers: consumers({ db, payments }), concurrency: 2, heartbeatIntervalMs: 1_000 });
}

describe("order expiry", () => {
  it("a delayed job per order, scheduled at checkout, cancels it when its time is up and releases its stock once", async () => {
    const prefix = `t-${uniqueSuffix()}`;
    const runtime = await worker(prefix);
    const scheduler = createExpiryQueue(redisUrl, prefix);
    try {
      const { order, stock, status } = await unpaidOrder(1_500);
      scheduler.schedule(order.id, new Date(order.expiresAt!));
      scheduler.schedule(order.id, new Date(order.expiresAt!)); // a duplicate (one job id per order)
      await new Promise((r) => setTimeout(r, 500));
      expect(await status()).toBe("pending");
      await waitFor("the expiry job", async () => (await status()) === "cancelled", { timeoutMs: 15_000, intervalMs: 100 });
      expect(await stock()).toBe(5);
      // A late extra run (a retry, the sweep) changes nothing.
      expect(await payments.expire(order.id)).toBe("not-due");
      expect(await stock()).toBe(5);
    } finally {
      await scheduler.close();
      await runtime.close(5_000);
      await new Queue(ORDERS_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix }).obliterate({ force: true });
    }
  });

  it("the sweep expires a due order whose job was lost", async () => {
    const prefix = `t-${uniqueSuffix()}`;
    const runtime = await worker(prefix);
    const connection = createRedis(redisUrl, { bullmq: true });
    const queue = new Queue(ORDERS_QUEUE, { connection, prefix });
    const events = new QueueEvents(ORDERS_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix });
    try {
      const { order, stock, status } = await unpaidOrder(1);
      await new Promise((r) => setTimeout(r, 20));
      await events.waitUntilReady();
      const job = await queue.add(EXPIRE_SWEEP_JOB, {}, { jobId: `sweep-${uniqueSuffix()}` });
      const result = (await job.waitUntilFinished(events, 15_000)) as { expired: number };
      expect(result.expired).toBeGreaterThanOrEqual(1);
      expect(await status()).toBe("cancelled");
      expect(await stock()).toBe(5);
      expect(order.expiresAt).not.toBeNull();
    } finally {
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await runtime.close(5_000);
    }
  });

  it("without Redis, the web process's own timer expires the order", async () => {
    const expiry = createInProcessExpiry(
      { expire: (id) => payments.expire(id), sweep: () => payments.sweep() },
      { sweepEveryMs: 60_000, log: (entry, msg) => console.error(msg, entry) },
    );
    try {
      const { order, stock, status } = await unpaidOrder(800);
      expiry.schedule(order.id, new Date(order.expiresAt!));
      await waitFor("the in-process timer", async () => (await status()) === "cancelled", { timeoutMs: 10_000, intervalMs: 100 });
      expect(await stock()).toBe(5);
    } finally {
      await expiry.close();
    }
  });
});
