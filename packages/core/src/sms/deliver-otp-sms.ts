import { openOtpMessage, type OtpMessage } from "./otp-seal";
import { otpMessageBody } from "./otp-message";
import { OtpSmsJob } from "./sms-job";
import { SmsPermanentError, type SmsSender } from "./sms-sender";

export interface DeliverOtpSmsDeps {
  sender: SmsSender;
  /** The secret the web app sealed the code with. */
  secret: string;
  /** How long the code is valid; only used for the message text. */
  ttlSeconds: number;
  appName?: string;
}

const CODE = /^\d{6}$/;

/**
 * Opens the sealed code and sends it. The one delivery path: the worker's processor and the web app's in-process
 * fallback both call this, so it knows nothing of BullMQ. Throws SmsPermanentError when retrying cannot help.
 */
export async function deliverOtpSms(job: OtpSmsJob, deps: DeliverOtpSmsDeps): Promise<{ messageId: string; phoneLast4: string }> {
  const parsed = OtpSmsJob.safeParse(job);
  if (!parsed.success) {
    // Field names only: the issues' messages could quote the phone number.
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(root)"))].join(", ");
    throw new SmsPermanentError(`invalid otp-sms payload: ${fields}`, { cause: parsed.error });
  }
  const payload = parsed.data;

  let message: OtpMessage;
  try {
    message = openOtpMessage(deps.secret, payload);
  } catch (error) {
    throw new SmsPermanentError("otp seal could not be opened (wrong secret, or altered payload)", { cause: error });
  }
  const { phone, code } = message;
  if (!CODE.test(code)) throw new SmsPermanentError("sealed otp is not a 6-digit code");

  const body = otpMessageBody(code, payload.purpose, {
    appName: deps.appName,
    ttlMinutes: Math.max(1, Math.floor(deps.ttlSeconds / 60)),
  });
  const { id } = await deps.sender.send(phone, body);
  // "+15551234567" → "4567": enough to match logs with a support request, not enough to identify anyone.
  return { messageId: id, phoneLast4: phone.slice(-4) };
}
