import { Queue } from "bullmq";
import { createRedis } from "../infra/redis";
import { OTP_SMS_JOB_OPTIONS, OTP_SMS_QUEUE, otpSmsJobId, type OtpSmsJob } from "../sms";
import type { OtpDispatch } from "./otp.service";

export interface OtpQueue {
  dispatch: OtpDispatch;
  close(): Promise<void>;
}

/**
 * The producer side of the `otp-sms` queue. Its connection fails fast (no offline queue): while Redis is down an
 * add is refused at once, so register answers 503 instead of hanging.
 */
export function createOtpQueue(redisUrl: string, prefix: string): OtpQueue {
  const connection = createRedis(redisUrl, { failFast: true, connectionName: "shop-web-otp-queue" });
  connection.on("error", () => {});
  const queue = new Queue<OtpSmsJob>(OTP_SMS_QUEUE, { connection, prefix });
  queue.on("error", () => {});
  return {
    async dispatch(job) {
      await queue.add(OTP_SMS_QUEUE, job, { ...OTP_SMS_JOB_OPTIONS, jobId: otpSmsJobId(job.challengeId) });
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

export interface InProcessDispatchOptions {
  attempts?: number;
  backoffMs?: number;
  /** Errors that must not be retried (invalid number, bad payload). */
  isPermanent?: (error: unknown) => boolean;
  log?: (entry: Record<string, unknown>, message: string) => void;
}

/**
 * Zero-setup mode (no Redis): runs the same delivery function in this process, in the background, with the
 * queue's retry policy. Only for a single process: a restart loses pending messages.
 */
export function createInProcessDispatch(deliver: (job: OtpSmsJob) => Promise<unknown>, options: InProcessDispatchOptions = {}): OtpDispatch {
  const attempts = options.attempts ?? OTP_SMS_JOB_OPTIONS.attempts;
  const backoffMs = options.backoffMs ?? OTP_SMS_JOB_OPTIONS.backoff.delay;
  return async (job) => {
    const run = async (attempt: number): Promise<void> => {
      try {
        await deliver(job);
      } catch (error) {
        const permanent = options.isPermanent?.(error) ?? false;
        options.log?.({ jobId: otpSmsJobId(job.challengeId), attempt, permanent, err: (error as Error).message }, "otp sms delivery failed");
        if (permanent || attempt >= attempts) return;
        setTimeout(() => void run(attempt + 1), backoffMs * 2 ** (attempt - 1)).unref();
      }
    };
    setImmediate(() => void run(1));
  };
}
