import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createRedis } from "@shop/core";
import {
  createMockSender,
  createTwilioSender,
  OTP_SMS_JOB_OPTIONS,
  OTP_SMS_QUEUE,
  readOutbox,
  type SmsSender,
} from "@shop/core/sms";
import { testDb, uniqueSuffix } from "@shop/db/testing";
import { deleteKeys, dumpKeys, startWorker, waitFor } from "@shop/test-support";
import { startRuntime, type Runtime } from "../src/runtime";
import { consumers } from "../src/consumers";
import { otpSentMarkerKey } from "../src/processors/otp-sms.processor";
import { otpFixture, startTwilioStub, TEST_OTP_SECRET, watchJob } from "./support/otp-sms";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const db = testDb();
const redis = createRedis(redisUrl);

/** Retries in milliseconds instead of seconds; everything else is the production contract. */
const FAST_RETRY = { ...OTP_SMS_JOB_OPTIONS, backoff: { type: "exponential", delay: 50 } } as const;

const tempDirs: string[] = [];
async function tempOutbox() {
  const dir = await mkdtemp(path.join(tmpdir(), "shop-otp-"));
  tempDirs.push(dir);
  return path.join(dir, "out", "sms-outbox.jsonl");
}

/** A queue, its events and an in-process worker runtime (started on demand) under a fresh prefix. */
async function harness() {
  const prefix = `t-${uniqueSuffix()}`;
  const queue = new Queue(OTP_SMS_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix });
  const events = new QueueEvents(OTP_SMS_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix });
  await events.waitUntilReady();
  const logLines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void logLines.push(line) });
  let runtime: Runtime | undefined;
  const h = {
    prefix,
    queue,
    events,
    logLines,
    async start(sender: SmsSender, secret = TEST_OTP_SECRET) {
      runtime = await startRuntime({
        redisUrl,
        prefix,
        logger,
        consumers: consumers({ db, otpSms: { sender, secret, ttlSeconds: 300, redis, prefix, logger } }),
        concurrency: 4,
        heartbeatIntervalMs: 1_000,
      });
    },
    async close() {
      await runtime?.close(5_000);
      await events.close();
      await queue.close();
      await deleteKeys(redis, prefix);
    },
  };
  cleanups.push(() => h.close());
  return h;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
  await db.$disconnect();
  redis.disconnect();
});

describe("otp-sms end to end (worker process, mock sender)", () => {
  it("delivers the code to the outbox, keeps it and the phone number out of Redis and logs, and removes the job", async () => {
    const prefix = `t-${uniqueSuffix()}`;
    const outboxPath = await tempOutbox();
    const queue = new Queue(OTP_SMS_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix });
    const { job, code, phone, jobId } = otpFixture();
    await queue.add(OTP_SMS_QUEUE, job, { ...OTP_SMS_JOB_OPTIONS, jobId });

    // While the job waits, nothing under the prefix holds the code or the number, though the sealed payload is there.
    const waiting = JSON.stringify(await dumpKeys(redis, prefix));
    expect(waiting).toContain(job.sealed);
    expect(waiting).not.toContain(code);
    expect(waiting).not.toContain(phone.slice(1));

    const worker = await startWorker({ QUEUE_PREFIX: prefix, OTP_SECRET: TEST_OTP_SECRET, SMS_OUTBOX_PATH: outboxPath, LOG_LEVEL: "debug" });

    try {
      const [message] = await waitFor("the outbox line", async () => {
        const lines = await readOutbox(outboxPath);
        return lines.length > 0 ? lines : undefined;
      }, { detail: worker.output });
      expect(message!.to).toBe(phone);
      expect(message!.body).toContain(code);
      expect(message!.body).toBe(`Your Shop verification code is ${code}. It expires in 5 minutes.`);

      await waitFor("job removal", async () => ((await queue.getJob(jobId)) === undefined ? true : undefined));
      expect(await redis.get(otpSentMarkerKey(prefix, job.challengeId))).toMatch(/^mock-/);
      expect(JSON.stringify(await dumpKeys(redis, prefix))).not.toContain(code);

      expect(worker.output()).toContain('"msg":"otp sms sent"');
      expect(worker.output()).toContain(`"phoneLast4":"${phone.slice(-4)}"`);
      expect(worker.output()).not.toContain(code);
      expect(worker.output()).not.toContain(phone.slice(1));
      expect(worker.output()).not.toContain(job.sealed);
    } finally {
      expect((await worker.stop()).code).toBe(0);
      await queue.close();
      await deleteKeys(redis, prefix);
    }
  });
});

describe("otp-sms with Twilio (local stub of the Messages API)", () => {
  const accountSid = `AC${"a1".repeat(16)}`;
  const authToken = "stub-auth-token-0123456789";
  const from = "+15005550006";
  let stub: Awaited<ReturnType<typeof startTwilioStub>>;
  let sender: SmsSender;

  beforeAll(async () => {
    stub = await startTwilioStub(accountSid, authToken);
    sender = createTwilioSender({ accountSid, authToken, from, baseUrl: stub.baseUrl });
  });
  afterAll(() => stub.close());

  it("sends through the real client: basic auth, form fields, SM sid", async () => {
    const h = await harness();
    await h.start(sender);
    const { job, code, phone, jobId } = otpFixture();
    const outcome = watchJob(h.events, jobId);
    await h.queue.add(OTP_SMS_QUEUE, job, { ...OTP_SMS_JOB_OPTIONS, jobId });

    const result = await outcome;
    expect(result.state).toBe("completed");
    const [request] = stub.delivered(phone);
    expect(stub.requests.filter((r) => r.form.To === phone)).toHaveLength(1);
    expect(request!.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(request!.authorization).toBe(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`);
    expect(request!.form).toMatchObject({ To: phone, From: from });
    expect(request!.form.Body).toContain(code);
    expect(result.returnvalue).toMatchObject({ messageId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    expect(await h.queue.getJob(jobId)).toBeUndefined();
    expect(h.logLines.join("")).not.toContain(code);
  });

  it("retries a 5xx and delivers exactly once", async () => {
    const h = await harness();
    await h.start(sender);
    const { job, phone, jobId } = otpFixture();
    stub.script(phone, [{ status: 503 }]);
    const outcome = watchJob(h.events, jobId);
    await h.queue.add(OTP_SMS_QUEUE, job, { ...FAST_RETRY, jobId });

    expect((await outcome).state).toBe("completed");
    expect(stub.requests.filter((r) => r.form.To === phone).map((r) => r.status)).toEqual([503, 201]);
    expect(stub.delivered(phone)).toHaveLength(1);
    expect(h.logLines.some((l) => l.includes("will retry") && l.includes('"attempt":1'))).toBe(true);
    expect(h.logLines.some((l) => l.includes('"msg":"otp sms sent"') && l.includes('"attempt":2'))).toBe(true);
  });

  it("fails a 400 / 21211 once, without retrying", async () => {
    const h = await harness();
    await h.start(sender);
    const { job, phone, jobId } = otpFixture();
    stub.script(phone, [{ status: 400, code: 21211 }]);
    const outcome = watchJob(h.events, jobId);
    await h.queue.add(OTP_SMS_QUEUE, job, { ...FAST_RETRY, jobId });

    const result = await outcome;
    expect(result.state).toBe("failed");
    expect(result.failedReason).toContain("21211");
    expect(result.failedReason).not.toContain(phone.slice(1));
    const failed = await h.queue.getJob(jobId);
    expect(await failed!.getState()).toBe("failed");
    expect(failed!.attemptsMade).toBe(1);
    // Give a (wrong) retry time to happen: the backoff is 50 ms.
    await new Promise((r) => setTimeout(r, 300));
    expect(stub.requests.filter((r) => r.form.To === phone)).toHaveLength(1);
  });
});

describe("otp-sms idempotency and refusals (mock sender)", () => {
  it("sends once for a duplicated enqueue, and skips a re-enqueue after completion", async () => {
    const h = await harness();
    const outboxPath = await tempOutbox();
    const { job, jobId } = otpFixture();
    const added = await Promise.all([1, 2, 3].map(() => h.queue.add(OTP_SMS_QUEUE, job, { ...OTP_SMS_JOB_OPTIONS, jobId })));
    expect(new Set(added.map((j) => j.id))).toEqual(new Set([jobId]));
    expect((await h.queue.getJobCounts("waiting")).waiting).toBe(1);

    const first = watchJob(h.events, jobId);
    await h.start(createMockSender({ outboxPath }));
    expect((await first).state).toBe("completed");

    // The job is gone (removeOnComplete), so the same id is accepted again; the sent-marker stops a second text.
    const second = watchJob(h.events, jobId);
    await h.queue.add(OTP_SMS_QUEUE, job, { ...OTP_SMS_JOB_OPTIONS, jobId });
    expect(await second).toMatchObject({ state: "completed", returnvalue: { skipped: "already-sent" } });
    expect(await readOutbox(outboxPath)).toHaveLength(1);
  });

  it("fails a code sealed with another secret without retrying or sending", async () => {
    const h = await harness();
    const outboxPath = await tempOutbox();
    await h.start(createMockSender({ outboxPath }));
    const { job, jobId } = otpFixture("some-other-secret-0123456789-abcdefghij");
    const outcome = watchJob(h.events, jobId);
    await h.queue.add(OTP_SMS_QUEUE, job, { ...FAST_RETRY, jobId });

    const result = await outcome;
    expect(result.state).toBe("failed");
    expect(result.failedReason).toMatch(/seal could not be opened/);
    const failed = await h.queue.getJob(jobId);
    expect(failed!.attemptsMade).toBe(1);
    expect(await failed!.getState()).toBe("failed");
    expect(await readOutbox(outboxPath)).toEqual([]);
    expect(await redis.exists(otpSentMarkerKey(h.prefix, job.challengeId))).toBe(0);
  });

  it("does not send a code that expired while the job waited", async () => {
    const h = await harness();
    const outboxPath = await tempOutbox();
    await h.start(createMockSender({ outboxPath }));
    const { job, jobId } = otpFixture();
    const outcome = watchJob(h.events, jobId);
    // Enqueued 301 s ago: past the 300 s validity the harness gives the processor.
    await h.queue.add(OTP_SMS_QUEUE, job, { ...FAST_RETRY, jobId, timestamp: Date.now() - 301_000 });

    expect(await outcome).toMatchObject({ state: "failed", failedReason: "otp expired before delivery" });
    expect((await h.queue.getJob(jobId))!.attemptsMade).toBe(1);
    expect(await readOutbox(outboxPath)).toEqual([]);
  });
});
