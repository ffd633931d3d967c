/**
 * The worker process under faults, with Twilio replaced by a local stub of its Messages API:
 * - kill -9 while a send is in flight: the job's lock runs out, another worker retries it, the text goes out once;
 * - Twilio answering 500 then 201: retried, exactly one delivered message;
 * - SIGTERM while a send is in flight: that job completes, the next one is left in the queue, exit 0 in time.
 */
import { Queue, QueueEvents } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "@shop/core";
import { OTP_SMS_JOB_OPTIONS, OTP_SMS_QUEUE } from "@shop/core/sms";
import { uniqueSuffix } from "@shop/db/testing";
import { deleteKeys, startWorker, waitFor, type Collected } from "@shop/test-support";
import { otpSentMarkerKey } from "../../src/processors/otp-sms.processor";
import { otpFixture, startTwilioStub, TEST_OTP_SECRET, watchJob } from "../support/otp-sms";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = createRedis(redisUrl);
const accountSid = `AC${"b2".repeat(16)}`;
const authToken = "fault-stub-auth-token-0123456789";
const GRACE_MS = 5_000;
const LOCK_MS = 1_000;

let stub: Awaited<ReturnType<typeof startTwilioStub>>;
beforeAll(async () => {
  stub = await startTwilioStub(accountSid, authToken);
});
afterAll(async () => {
  await stub.close();
  redis.disconnect();
});

const processes: Collected[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const p of processes.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A queue and its events under a fresh prefix, and a way to start workers on it. */
async function harness() {
  const prefix = `t-${uniqueSuffix()}`;
  const queue = new Queue(OTP_SMS_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix });
  const events = new QueueEvents(OTP_SMS_QUEUE, { connection: createRedis(redisUrl, { bullmq: true }), prefix });
  await events.waitUntilReady();
  cleanups.push(async () => {
    await events.close();
    await queue.close();
    await deleteKeys(redis, prefix);
  });
  return {
    prefix,
    queue,
    events,
    async worker(env: Record<string, string> = {}) {
      const p = await startWorker({
        QUEUE_PREFIX: prefix,
        OTP_SECRET: TEST_OTP_SECRET,
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_FROM: "+15005550006",
        TWILIO_BASE_URL: stub.baseUrl,
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        // Small lock and stalled-check interval: a killed worker's job is retried within seconds, not a minute.
        WORKER_LOCK_DURATION_MS: String(LOCK_MS),
        WORKER_STALLED_INTERVAL_MS: "500",
        ...env,
      });
      processes.push(p);
      return p;
    },
  };
}

const statusesFor = (to: string) => stub.requests.filter((r) => r.form.To === to).map((r) => r.status);

describe("worker killed with SIGKILL mid-job", () => {
  it("the job is retried by the next worker and the SMS is delivered exactly once", async () => {
    const h = await harness();
    const { job, code, phone, jobId } = otpFixture();
    // The first send hangs (a slow provider): the job is active when the worker dies.
    stub.script(phone, [{ status: 201, delayMs: 60_000 }]);
    const first = await h.worker();
    const outcome = watchJob(h.events, jobId);
    await h.queue.add(OTP_SMS_QUEUE, job, { ...OTP_SMS_JOB_OPTIONS, jobId });
    await waitFor("the first send", async () => (stub.received(phone) === 1 ? true : undefined));
    expect(await (await h.queue.getJob(jobId))!.getState()).toBe("active");

    first.child.kill("SIGKILL");
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    await waitFor("the stub to see the dropped request", async () => (statusesFor(phone).length === 1 ? true : undefined));

    const second = await h.worker();
    const result = await Promise.race([
      outcome,
      new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 20_000)),
    ]);
    expect(result, second.output()).toMatchObject({ state: "completed", returnvalue: { messageId: expect.stringMatching(/^SM/) } });
    // The killed attempt got no answer (status 0); the retry was accepted: one message reached the user.
    expect(statusesFor(phone)).toEqual([0, 201]);
    expect(stub.delivered(phone)).toHaveLength(1);
    expect(stub.delivered(phone)[0]!.form.Body).toContain(code);
    expect(await redis.get(otpSentMarkerKey(h.prefix, job.challengeId))).toMatch(/^SM/);
    expect(await h.queue.getJob(jobId)).toBeUndefined();
    expect(second.output()).toContain('"msg":"otp sms sent"');

    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  });
});

describe("Twilio answering 500, then 201", () => {
  it("the worker process retries and delivers exactly one message", async () => {
    const h = await harness();
    const worker = await h.worker();
    const { job, phone, jobId } = otpFixture();
    stub.script(phone, [{ status: 500 }]);
    const outcome = watchJob(h.events, jobId);
    // The production job options (1 s exponential backoff).
    await h.queue.add(OTP_SMS_QUEUE, job, { ...OTP_SMS_JOB_OPTIONS, jobId });

    expect(await outcome).toMatchObject({ state: "completed" });
    expect(statusesFor(phone)).toEqual([500, 201]);
    expect(stub.delivered(phone)).toHaveLength(1);
    expect(worker.output()).toMatch(/"msg":"otp sms send failed, will retry"/);

    // A duplicate enqueue of the same challenge after completion is skipped by the sent-marker.
    const again = watchJob(h.events, jobId);
    await h.queue.add(OTP_SMS_QUEUE, job, { ...OTP_SMS_JOB_OPTIONS, jobId });
    expect(await again).toMatchObject({ state: "completed", returnvalue: { skipped: "already-sent" } });
    expect(stub.delivered(phone)).toHaveLength(1);

    worker.child.kill("SIGTERM");
    expect((await worker.exited).code).toBe(0);
  });
});

describe("worker SIGTERM with a job in flight", () => {
  it("finishes the in-flight send, takes no new job, exits 0 within SHUTDOWN_GRACE_MS", async () => {
    const h = await harness();
    const worker = await h.worker({ WORKER_CONCURRENCY: "1" });
    const inFlight = otpFixture();
    const next = otpFixture();
    stub.script(inFlight.phone, [{ status: 201, delayMs: 1_000 }]);
    const outcome = watchJob(h.events, inFlight.jobId);
    await h.queue.add(OTP_SMS_QUEUE, inFlight.job, { ...OTP_SMS_JOB_OPTIONS, jobId: inFlight.jobId });
    await waitFor("the in-flight send", async () => (stub.received(inFlight.phone) === 1 ? true : undefined));
    // Queued behind it (concurrency 1): must stay in the queue for the next worker.
    await h.queue.add(OTP_SMS_QUEUE, next.job, { ...OTP_SMS_JOB_OPTIONS, jobId: next.jobId });

    const signalled = Date.now();
    worker.child.kill("SIGTERM");
    const { code } = await worker.exited;
    const elapsed = Date.now() - signalled;

    expect(code, worker.output()).toBe(0);
    expect(elapsed).toBeLessThan(GRACE_MS);
    // The provider answered the held request (a worker that quit early would have dropped it: status 0).
    expect(statusesFor(inFlight.phone)).toEqual([201]);
    expect(await Promise.race([outcome, new Promise((r) => setTimeout(() => r("not completed"), 2_000))])).toMatchObject({
      state: "completed",
    });
    expect(stub.received(next.phone)).toBe(0);
    expect(await (await h.queue.getJob(next.jobId))!.getState()).toBe("waiting");
    expect(worker.output()).toContain('"timedOut":false');
  });
});
