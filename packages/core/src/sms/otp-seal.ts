import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import type { OtpSmsJob } from "./sms-job";

/**
 * Development-only secret, shared by the web app and the worker so local runs work without configuration.
 * Production configs must refuse it.
 */
export const DEV_OTP_SECRET = "dev-only-otp-secret-not-for-production-use";

const HKDF_INFO = "shop otp-sms v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SECRET_LENGTH = 32;

function deriveKey(secret: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`OTP secret must be at least ${MIN_SECRET_LENGTH} characters`);
  return Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), HKDF_INFO, 32));
}

/** AES-256-GCM; returns base64url(iv | ciphertext | tag). */
export function seal(secret: string, plaintext: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url");
}

/** Returns the plaintext, or throws when the seal was altered, made with another secret or bound to another AAD. */
export function open(secret: string, sealed: string, aad: string): string {
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new Error("sealed payload is too short");
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const ciphertext = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(secret), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // Node's message ("Unsupported state or unable to authenticate data") says nothing useful to a caller.
    throw new Error("sealed payload could not be opened");
  }
}

/** What the SMS needs and Redis must not hold in the clear: the number and the code. */
export interface OtpMessage {
  phone: string;
  code: string;
}

const OtpMessage = z.object({ phone: z.e164(), code: z.string() }).strict();

/** What a sealed message is bound to: moving it to another challenge or purpose makes it unopenable. */
export function otpAad(job: Pick<OtpSmsJob, "challengeId" | "purpose">): string {
  return `v2|${job.challengeId}|${job.purpose}`;
}

/** The job's `sealed` field: phone and code together, so the queued job (and a failed one kept for a day) names nobody. */
export function sealOtpMessage(secret: string, job: Pick<OtpSmsJob, "challengeId" | "purpose">, message: OtpMessage): string {
  return seal(secret, JSON.stringify(message), otpAad(job));
}

/**
 * Opens a job's message. Jobs queued by a web app from before phones were sealed (`phone` in the clear, only the
 * code sealed, bound to `challengeId|phone|purpose`) are still opened, so workers can be upgraded first; drop that
 * branch once no such job can be queued (they expire with the code, OTP_TTL_SECONDS at most).
 */
export function openOtpMessage(secret: string, job: OtpSmsJob): OtpMessage {
  if (job.phone !== undefined) {
    return { phone: job.phone, code: open(secret, job.sealed, `${job.challengeId}|${job.phone}|${job.purpose}`) };
  }
  const parsed = OtpMessage.safeParse(JSON.parse(open(secret, job.sealed, otpAad(job))));
  if (!parsed.success) throw new Error("sealed otp message has the wrong shape");
  return parsed.data;
}
