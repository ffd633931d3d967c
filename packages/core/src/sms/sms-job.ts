import { z } from "zod";

/** The BullMQ queue the web app enqueues OTP SMS jobs on and the worker consumes. */
export const OTP_SMS_QUEUE = "otp-sms";

/**
 * The phone number and the code travel only inside `sealed` (otp-seal.ts); the rest is what the seal is bound to.
 * `phone` in the clear is only ever present on jobs queued before this shape (openOtpMessage still reads them).
 */
export const OtpSmsJob = z.object({
  challengeId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  purpose: z.enum(["register", "reset"]),
  sealed: z.string().min(1).max(4_096),
  phone: z.e164().optional(),
});
export type OtpSmsJob = z.infer<typeof OtpSmsJob>;
export type OtpPurpose = OtpSmsJob["purpose"];

/**
 * One job per challenge: adding the same challenge twice is a no-op while the first job exists, and the worker's
 * sent-marker covers the time after it was removed. A resend must therefore use a new challenge (new code, new id).
 * The "otp-" prefix keeps ids from being all digits (BullMQ reserves those) and they never contain ':'.
 */
export function otpSmsJobId(challengeId: string): string {
  return `otp-${challengeId}`;
}

/** The one place OTP SMS job options live; the web app passes these to `queue.add`. */
export const OTP_SMS_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: true,
  // Failed jobs stay a day for inspection; their payload names nobody (phone and code are sealed).
  removeOnFail: { age: 86_400 },
} as const satisfies {
  attempts: number;
  backoff: { type: "exponential" | "fixed"; delay: number };
  removeOnComplete: boolean;
  removeOnFail: { age: number };
};
