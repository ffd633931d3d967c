import { Queue, QueueEvents } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "@shop/core";
import { testDb, uniqueSuffix } from "@shop/db/testing";
import { startWorker } from "@shop/test-support";
import { pino } from "pino";
import { heartbeatKey, startRuntime } from "../src/runtime";
import { consumers } from "../src/consumers";
import { MAINTENANCE_QUEUE, PURGE_JOB } from "../src/processors/maintenance.processor";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const db = testDb();
const redis = createRedis(redisUrl);
const silent = pino({ level: "silent" });

afterAll(async () => {
  await db.$disconnect();
  redis.disconnect();
});

describe("worker process", () => {
  it("boots, beats, and exits 0 on SIGTERM", async () => {
    const prefix = `t-${uniqueSuffix()}`;
    const worker = await startWorker({ QUEUE_PREFIX: prefix, HEARTBEAT_INTERVAL_MS: "200" });
    const ready = worker.logs().find((l) => l.msg === "worker ready")!;
    expect(ready.queues).toContain(MAINTENANCE_QUEUE);
    expect(await redis.get(heartbeatKey(prefix))).not.toBeNull();

    expect(await worker.stop()).toEqual({ code: 0, signal: null });
    expect(worker.logs().some((l) => l.msg === "worker stopped")).toBe(true);
    expect(await redis.get(heartbeatKey(prefix))).toBeNull();
  });
});

describe("maintenance queue", () => {
  it("purges expired idempotency keys and old sessions, keeping live ones", async () => {
    const suffix = uniqueSuffix();
    const user = await db.user.create({
      data: { phone: `+1555${String(parseInt(suffix.slice(0, 6), 16) % 10_000_000).padStart(7, "0")}` },
    });
    const hour = 3_600_000;
    const past = new Date(Date.now() - hour);
    const future = new Date(Date.now() + hour);
    const longAgo = new Date(Date.now() - 30 * 24 * hour);
    const base = { userId: user.id, scope: "orders.create", requestHash: "x".repeat(64) };
    await db.idempotencyKey.createMany({
      data: [
        { ...base, key: `old-${suffix}`, expiresAt: past },
        { ...base, key: `live-${suffix}`, expiresAt: future },
      ],
    });
    await db.session.createMany({
      data: [
        { userId: user.id, expiresAt: longAgo },
        { userId: user.id, expiresAt: future },
      ],
    });

    const prefix = `t-${uniqueSuffix()}`;
    const runtime = await startRuntime({
      redisUrl,
      prefix,
      logger: silent,
      consumers: consumers({ db }),
      concurrency: 1,
      heartbeatIntervalMs: 1_000,
    });
    const connection = createRedis(redisUrl, { bullmq: true });
    const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
    const events = new QueueEvents(MAINTENANCE_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix });
    try {
      await events.waitUntilReady();
      const job = await queue.add(PURGE_JOB, {}, { jobId: `purge-${suffix}` });
      const result = (await job.waitUntilFinished(events, 15_000)) as { idempotencyKeys: number; sessions: number };
      expect(result.idempotencyKeys).toBeGreaterThanOrEqual(1);
      expect(result.sessions).toBeGreaterThanOrEqual(1);
      const keys = await db.idempotencyKey.findMany({ where: { userId: user.id }, select: { key: true } });
      expect(keys.map((k) => k.key)).toEqual([`live-${suffix}`]);
      expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    } finally {
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await runtime.close(5_000);
      await db.user.delete({ where: { id: user.id } });
    }
  });
});
