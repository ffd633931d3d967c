import type { Queue } from "bullmq";
import { openOtpMessage, type OtpSmsJob } from "@shop/core";
import { TEST_OTP_SECRET } from "./support";

/** The jobs register/forget-password put on the real otp-sms queue for one phone (opened as the worker does). */
export async function jobsFor(queue: Queue<OtpSmsJob>, phone: string) {
  const jobs = await queue.getJobs(["waiting", "delayed", "active", "prioritized"]);
  return jobs.filter((j) => openOtpMessage(TEST_OTP_SECRET, j.data).phone === phone);
}

/** What the SMS would say: the code opened from the newest job for that phone, as the worker does. */
export async function latestCode(queue: Queue<OtpSmsJob>, phone: string, purpose: OtpSmsJob["purpose"] = "register"): Promise<string> {
  const jobs = (await jobsFor(queue, phone)).filter((j) => j.data.purpose === purpose).sort((a, b) => b.timestamp - a.timestamp);
  const job = jobs[0];
  if (!job) throw new Error(`no ${purpose} job queued for ${phone}`);
  return openOtpMessage(TEST_OTP_SECRET, job.data).code;
}
