import { createHmac, randomBytes, randomInt } from "node:crypto";
import { DomainError } from "../errors/domain-error";
import { rateLimitBucket } from "../infra/rate-limit-bucket";
import { withTimeout } from "../infra/timeout";
import { sealOtpMessage, type OtpSmsJob } from "../sms";
import type { OtpPurpose, OtpStore } from "./otp-store";

export interface OtpConfig {
  /** Server secret for the code/phone HMACs and the sealed job payload. */
  secret: string;
  /** How long a code is valid (s); capped at 600. */
  ttlSeconds: number;
  /** Minimum time between two sends to one phone for one purpose (s). */
  resendCooldownSeconds: number;
  maxSendsPerPhonePerHour: number;
  maxSendsPerIpPerHour: number;
  /** Wrong tries after which a code is dead. */
  maxTries: number;
  /** Wrong codes per phone (per purpose) per hour before verification is refused with 429. */
  maxVerifyFailuresPerPhonePerHour: number;
  maxVerifyFailuresPerIpPerHour: number;
  /** Budget for each store round trip: a hanging Redis becomes a fast 503. */
  storeTimeoutMs: number;
}

export const DEFAULT_OTP_CONFIG: Omit<OtpConfig, "secret"> = {
  ttlSeconds: 300,
  resendCooldownSeconds: 60,
  maxSendsPerPhonePerHour: 5,
  maxSendsPerIpPerHour: 20,
  maxTries: 5,
  maxVerifyFailuresPerPhonePerHour: 10,
  maxVerifyFailuresPerIpPerHour: 50,
  storeTimeoutMs: 2_000,
};

export const MAX_OTP_TTL_SECONDS = 600;
const HOUR_MS = 3_600_000;

/** Hands a sealed SMS job to the delivery path (BullMQ queue, or in-process in zero-setup mode). */
export type OtpDispatch = (job: OtpSmsJob) => Promise<void>;

export interface OtpService {
  /**
   * Charges the limits, stores the code's HMAC and dispatches the SMS when `deliver` is true. With `deliver`
   * false it does everything else identically (limits, state), so a caller can refuse to text unknown numbers
   * without its response or its rate limits telling them apart.
   */
  issue(input: { phone: string; purpose: OtpPurpose; ip: string | null; deliver: boolean }): Promise<{ expiresIn: number; resendIn: number }>;
  /** True for the right, live, unused code; false otherwise. 429 once the failure limits are reached. */
  verify(input: { phone: string; purpose: OtpPurpose; code: string; ip: string | null }): Promise<boolean>;
}

const unavailable = (cause: unknown) =>
  new DomainError("UNAVAILABLE", "Verification codes are temporarily unavailable; try again shortly", { cause, retryAfterSeconds: 5 });

export function createOtpService(deps: { store: OtpStore; dispatch: OtpDispatch; config: OtpConfig }): OtpService {
  const { store, dispatch, config } = deps;
  if (config.secret.length < 32) throw new Error("The OTP secret must be at least 32 characters");
  const ttlSeconds = Math.min(config.ttlSeconds, MAX_OTP_TTL_SECONDS);
  const hmac = (label: string, value: string) => createHmac("sha256", config.secret).update(`${label}\u0000${value}`).digest("hex");
  const phoneKey = (phone: string) => hmac("phone", phone).slice(0, 40);
  const ipKey = (ip: string | null) => {
    const bucket = rateLimitBucket(ip);
    return bucket ? hmac("ip", bucket).slice(0, 40) : null;
  };
  const codeMac = (purpose: OtpPurpose, phone: string, code: string) => hmac("code", `${purpose}|${phone}|${code}`);
  const guarded = <T>(operation: Promise<T>, what: string) =>
    withTimeout(operation, config.storeTimeoutMs, what).catch((error: unknown) => {
      throw unavailable(error);
    });

  return {
    async issue({ phone, purpose, ip, deliver }) {
      const code = randomInt(0, 1_000_000).toString().padStart(6, "0");
      const challengeId = randomBytes(16).toString("base64url");
      const request = {
        purpose,
        phoneKey: phoneKey(phone),
        ipKey: ipKey(ip),
        challengeId,
        mac: codeMac(purpose, phone, code),
        ttlMs: ttlSeconds * 1000,
        cooldownMs: config.resendCooldownSeconds * 1000,
        maxSendsPerPhone: config.maxSendsPerPhonePerHour,
        maxSendsPerIp: config.maxSendsPerIpPerHour,
        windowMs: HOUR_MS,
      };
      const result = await guarded(store.issue(request), "otp store");
      if (!result.ok) {
        const message =
          result.limit === "cooldown" ? "A code was sent recently; wait before asking for another" : "Too many codes requested; try again later";
        throw new DomainError("RATE_LIMITED", message, { retryAfterSeconds: Math.ceil(result.retryAfterMs / 1000) });
      }
      if (deliver) {
        const job: OtpSmsJob = { challengeId, purpose, sealed: sealOtpMessage(config.secret, { challengeId, purpose }, { phone, code }) };
        try {
          await withTimeout(dispatch(job), config.storeTimeoutMs, "sms queue");
        } catch (error) {
          // Nothing half-done: without a queued SMS the code, the cooldown and the counters are given back.
          await withTimeout(store.cancel(request), config.storeTimeoutMs, "otp cancel").catch(() => undefined);
          throw unavailable(error);
        }
      }
      return { expiresIn: ttlSeconds, resendIn: config.resendCooldownSeconds };
    },
    async verify({ phone, purpose, code, ip }) {
      const result = await guarded(
        store.verify({
          purpose,
          phoneKey: phoneKey(phone),
          ipKey: ipKey(ip),
          mac: codeMac(purpose, phone, code),
          maxTries: config.maxTries,
          maxFailuresPerPhone: config.maxVerifyFailuresPerPhonePerHour,
          maxFailuresPerIp: config.maxVerifyFailuresPerIpPerHour,
          windowMs: HOUR_MS,
        }),
        "otp store",
      );
      if (result.ok) return true;
      if (result.limited) {
        throw new DomainError("RATE_LIMITED", "Too many wrong codes; try again later", {
          retryAfterSeconds: Math.ceil(result.retryAfterMs / 1000),
        });
      }
      return false;
    },
  };
}
