import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
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

/** What a sealed code is bound to: moving it to another challenge, phone or purpose makes it unopenable. */
export function otpAad(job: Pick<OtpSmsJob, "challengeId" | "phone" | "purpose">): string {
  return `${job.challengeId}|${job.phone}|${job.purpose}`;
}

/** AES-256-GCM; returns base64url(iv | ciphertext | tag). */
export function sealOtp(secret: string, code: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(code, "utf8"), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url");
}

/** Returns the code, or throws when the seal was altered, made with another secret or bound to another AAD. */
export function openOtp(secret: string, sealed: string, aad: string): string {
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new Error("sealed OTP is too short");
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
    throw new Error("sealed OTP could not be opened");
  }
}
