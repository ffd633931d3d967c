import { UnrecoverableError, type Processor } from "bullmq";
import type { Redis } from "@shop/core";
import { deliverOtpSms, OtpSmsJob, SmsPermanentError, type SmsSender } from "@shop/core/sms";
import type { Logger } from "../logger";

export { OTP_SMS_QUEUE } from "@shop/core/sms";

export interface OtpSmsProcessorDeps {
  sender: SmsSender;
  secret: string;
  ttlSeconds: number;
  appName?: string;
  /** Holds the "already sent" markers. */
  redis: Redis;
  /** BullMQ prefix, so markers of separate deployments sharing a Redis never collide. */
  prefix: string;
  logger: Logger;
}

export type OtpSmsResult = { messageId: string } | { skipped: "already-sent" };

const SENT_MARKER_TTL_SECONDS = 86_400;
export const otpSentMarkerKey = (prefix: string, challengeId: string) => `${prefix}:otp-sms:sent:${challengeId}`;

/**
 * Sends one OTP SMS. Delivery is at-least-once: the marker is written only after the provider accepted the
 * message, so a crash (or a lost lock) between the send and the marker write makes the retry send again. The
 * opposite order would lose codes on a failed send, which is worse for sign-up than a rare duplicate text.
 */
export function otpSmsProcessor(deps: OtpSmsProcessorDeps): Processor<OtpSmsJob, OtpSmsResult> {
  return async (job) => {
    const data = (job.data ?? {}) as Partial<OtpSmsJob>;
    // Only a valid challenge id names a marker; an invalid payload is refused by deliverOtpSms below.
    const challengeId = OtpSmsJob.shape.challengeId.safeParse(data.challengeId).data;
    const context = {
      jobId: job.id,
      challengeId,
      purpose: data.purpose,
      sender: deps.sender.name,
      attempt: job.attemptsMade + 1,
    };

    // A code whose validity ran out while the job waited (worker down, long backoff) is useless to the user.
    if (Date.now() - job.timestamp > deps.ttlSeconds * 1_000) {
      deps.logger.warn(context, "otp sms expired before delivery, not sent");
      throw new UnrecoverableError("otp expired before delivery");
    }

    const marker = challengeId ? otpSentMarkerKey(deps.prefix, challengeId) : undefined;
    if (marker && (await deps.redis.exists(marker))) {
      deps.logger.info(context, "otp sms already sent, skipping");
      return { skipped: "already-sent" };
    }

    let messageId: string;
    let phoneLast4: string;
    try {
      ({ messageId, phoneLast4 } = await deliverOtpSms(job.data, deps));
    } catch (error) {
      const message = error instanceof Error ? error.message : "unknown error";
      if (error instanceof SmsPermanentError) {
        deps.logger.warn({ ...context, err: message }, "otp sms rejected, not retrying");
        throw new UnrecoverableError(message);
      }
      deps.logger.warn({ ...context, err: message }, "otp sms send failed, will retry");
      throw new Error(message);
    }

    if (marker) {
      // The message is out: a failing marker write must not fail the job (a retry would text the user again).
      await deps.redis.set(marker, messageId, "EX", SENT_MARKER_TTL_SECONDS, "NX").catch((error: unknown) => {
        deps.logger.warn({ ...context, err: (error as Error).message }, "otp sent-marker write failed");
      });
    }
    deps.logger.info({ ...context, phoneLast4, messageId }, "otp sms sent");
    return { messageId };
  };
}
