import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "@shop/core";
import { testDb, uniqueSuffix } from "@shop/db/testing";
import { pino } from "pino";
import { heartbeatKey, startRuntime } from "../src/runtime";
import { consumers } from "../src/consumers";
import { MAINTENANCE_QUEUE, PURGE_JOB } from "../src/processors/maintenance.processor";

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const db = testDb();
const redis = createRedis(redisUrl);
const silent = pino({ level: "silent" });

afterAll(async () => {
  await db.$disconnect();
  redis.disconnect();
});

/** Collects the child's JSON log lines and resolves when one matches. */
function waitForLog(child: ChildProcess, lines: Record<string, unknown>[], msg: string, timeoutMs = 30_000) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${msg}" log within ${timeoutMs} ms: ${JSON.stringify(lines)}`)), timeoutMs);
    const check = () => {
      const hit = lines.find((l) => l.msg === msg);
      if (hit) {
        clearTimeout(timer);
        child.stdout?.off("data", check);
        resolve(hit);
      }
    };
    child.stdout?.on("data", check);
    check();
  });
}

describe("worker process", () => {
  it("boots, beats, and exits 0 on SIGTERM", async () => {
    const prefix = `t-${uniqueSuffix()}`;
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: workerDir,
      env: { ...process.env, QUEUE_PREFIX: prefix, HEARTBEAT_INTERVAL_MS: "200", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += String(d)));
    child.stdout?.on("data", (d: Buffer) => {
      for (const line of String(d).split("\n").filter(Boolean)) {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          lines.push({ raw: line });
        }
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    const ready = await waitForLog(child, lines, "worker ready").catch((e: Error) => {
      throw new Error(`${e.message}\nstderr: ${stderr}`);
    });
    expect(ready.queues).toContain(MAINTENANCE_QUEUE);
    expect(await redis.get(heartbeatKey(prefix))).not.toBeNull();

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(lines.some((l) => l.msg === "worker stopped")).toBe(true);
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
