/**
 * Where one-time-code state lives: the HMAC of the current code, its wrong-try count, the resend cooldown and the
 * hourly send / failure counters. Two implementations with the same semantics: Redis (Lua scripts, so each
 * operation is atomic across web processes: a limit is either fully checked and charged or not at all) and an
 * in-process Map for the single-process zero-setup mode. Keys and values never hold a code or a phone number in
 * plain text: both are HMACs made by the OTP service.
 */
import type { Redis } from "ioredis";
import { redisReady } from "../infra/redis";

export type { OtpPurpose } from "../sms/sms-job";
import type { OtpPurpose } from "../sms/sms-job";

export interface IssueRequest {
  purpose: OtpPurpose;
  /** HMAC of the phone number. */
  phoneKey: string;
  /** HMAC of the client IP; null when unknown (then only per-phone limits apply). */
  ipKey: string | null;
  mac: string;
  challengeId: string;
  ttlMs: number;
  cooldownMs: number;
  maxSendsPerPhone: number;
  maxSendsPerIp: number;
  windowMs: number;
}

export type IssueResult = { ok: true } | { ok: false; limit: "cooldown" | "phone" | "ip"; retryAfterMs: number };

export interface VerifyRequest {
  purpose: OtpPurpose;
  phoneKey: string;
  ipKey: string | null;
  mac: string;
  maxTries: number;
  maxFailuresPerPhone: number;
  maxFailuresPerIp: number;
  windowMs: number;
}

export type VerifyResult = { ok: true } | { ok: false; limited: false } | { ok: false; limited: true; retryAfterMs: number };

export interface OtpStore {
  readonly kind: "redis" | "memory";
  issue(request: IssueRequest): Promise<IssueResult>;
  /** Undoes an issue whose SMS could not be queued: removes the code and gives back the cooldown and counters. */
  cancel(request: Pick<IssueRequest, "purpose" | "phoneKey" | "ipKey" | "challengeId">): Promise<void>;
  verify(request: VerifyRequest): Promise<VerifyResult>;
}

const keysFor = (ns: string, purpose: OtpPurpose, phoneKey: string, ipKey: string | null) => ({
  code: `${ns}:otp:code:${purpose}:${phoneKey}`,
  cooldown: `${ns}:otp:cooldown:${purpose}:${phoneKey}`,
  phoneSends: `${ns}:otp:sends:phone:${phoneKey}`,
  // Without an IP the script is handed a key it never touches (flag in ARGV), so KEYS stay declared.
  ipSends: `${ns}:otp:sends:ip:${ipKey ?? "none"}`,
  phoneFailures: `${ns}:otp:failures:${purpose}:${phoneKey}`,
  ipFailures: `${ns}:otp:failures:ip:${ipKey ?? "none"}`,
});

// KEYS: code, cooldown, phoneSends, ipSends
// ARGV: mac, challengeId, ttlMs, cooldownMs, maxPhone, maxIp, windowMs, hasIp
const ISSUE = `
local cool = redis.call('PTTL', KEYS[2])
if cool > 0 then return {1, cool} end
local sends = tonumber(redis.call('GET', KEYS[3]) or '0')
if sends >= tonumber(ARGV[5]) then return {2, redis.call('PTTL', KEYS[3])} end
if ARGV[8] == '1' then
  local ipSends = tonumber(redis.call('GET', KEYS[4]) or '0')
  if ipSends >= tonumber(ARGV[6]) then return {3, redis.call('PTTL', KEYS[4])} end
end
if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[4]) end
if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[7]) end
if ARGV[8] == '1' then
  if redis.call('INCR', KEYS[4]) == 1 then redis.call('PEXPIRE', KEYS[4], ARGV[7]) end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'mac', ARGV[1], 'cid', ARGV[2], 'tries', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {0, 0}
`;

// KEYS: code, cooldown, phoneSends, ipSends; ARGV: challengeId, hasIp
const CANCEL = `
if redis.call('HGET', KEYS[1], 'cid') == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('DEL', KEYS[2])
if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
if ARGV[2] == '1' and tonumber(redis.call('GET', KEYS[4]) or '0') > 0 then redis.call('DECR', KEYS[4]) end
return 0
`;

// KEYS: code, phoneFailures, ipFailures
// ARGV: mac, maxTries, maxPhoneFailures, maxIpFailures, windowMs, hasIp
const VERIFY = `
local failures = tonumber(redis.call('GET', KEYS[2]) or '0')
if failures >= tonumber(ARGV[3]) then return {2, redis.call('PTTL', KEYS[2])} end
if ARGV[6] == '1' then
  local ipFailures = tonumber(redis.call('GET', KEYS[3]) or '0')
  if ipFailures >= tonumber(ARGV[4]) then return {2, redis.call('PTTL', KEYS[3])} end
end
local stored = redis.call('HGET', KEYS[1], 'mac')
if stored and stored == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('DEL', KEYS[2])
  return {0, 0}
end
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[5]) end
if ARGV[6] == '1' then
  if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[5]) end
end
if stored then
  if redis.call('HINCRBY', KEYS[1], 'tries', 1) >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
end
return {1, 0}
`;

const LIMITS = ["cooldown", "phone", "ip"] as const;

export function createRedisOtpStore(redis: Redis, namespace: string, readyTimeoutMs = 1_000): OtpStore {
  const run = async (script: string, keys: string[], args: (string | number)[]) => {
    // A fail-fast client refuses commands while (re)connecting; wait briefly for the socket instead.
    await redisReady(redis, readyTimeoutMs);
    return (await redis.eval(script, keys.length, ...keys, ...args)) as [number, number] | number;
  };
  return {
    kind: "redis",
    async issue(r) {
      const k = keysFor(namespace, r.purpose, r.phoneKey, r.ipKey);
      const [status, ttl] = (await run(ISSUE, [k.code, k.cooldown, k.phoneSends, k.ipSends], [
        r.mac, r.challengeId, r.ttlMs, r.cooldownMs, r.maxSendsPerPhone, r.maxSendsPerIp, r.windowMs, r.ipKey ? "1" : "0",
      ])) as [number, number];
      if (status === 0) return { ok: true };
      return { ok: false, limit: LIMITS[status - 1]!, retryAfterMs: Math.max(ttl, 1) };
    },
    async cancel(r) {
      const k = keysFor(namespace, r.purpose, r.phoneKey, r.ipKey);
      await run(CANCEL, [k.code, k.cooldown, k.phoneSends, k.ipSends], [r.challengeId, r.ipKey ? "1" : "0"]);
    },
    async verify(r) {
      const k = keysFor(namespace, r.purpose, r.phoneKey, r.ipKey);
      const [status, ttl] = (await run(VERIFY, [k.code, k.phoneFailures, k.ipFailures], [
        r.mac, r.maxTries, r.maxFailuresPerPhone, r.maxFailuresPerIp, r.windowMs, r.ipKey ? "1" : "0",
      ])) as [number, number];
      if (status === 0) return { ok: true };
      if (status === 2) return { ok: false, limited: true, retryAfterMs: Math.max(ttl, 1) };
      return { ok: false, limited: false };
    },
  };
}

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/** The same semantics in one process's memory (zero-setup mode without Redis; state is lost on restart). */
export function createMemoryOtpStore(now: () => number = Date.now): OtpStore {
  const codes = new Map<string, Expiring<{ mac: string; cid: string; tries: number }>>();
  const timers = new Map<string, Expiring<number>>();
  const live = <T>(map: Map<string, Expiring<T>>, key: string): Expiring<T> | undefined => {
    const entry = map.get(key);
    if (entry && entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };
  const count = (key: string) => live(timers, key)?.value ?? 0;
  const remaining = (key: string) => Math.max((live(timers, key)?.expiresAt ?? now()) - now(), 1);
  const bump = (key: string, windowMs: number, by = 1) => {
    const entry = live(timers, key);
    if (entry) entry.value += by;
    else if (by > 0) timers.set(key, { value: by, expiresAt: now() + windowMs });
  };
  return {
    kind: "memory",
    async issue(r) {
      const k = keysFor("mem", r.purpose, r.phoneKey, r.ipKey);
      if (live(timers, k.cooldown)) return { ok: false, limit: "cooldown", retryAfterMs: remaining(k.cooldown) };
      if (count(k.phoneSends) >= r.maxSendsPerPhone) return { ok: false, limit: "phone", retryAfterMs: remaining(k.phoneSends) };
      if (r.ipKey && count(k.ipSends) >= r.maxSendsPerIp) return { ok: false, limit: "ip", retryAfterMs: remaining(k.ipSends) };
      if (r.cooldownMs > 0) timers.set(k.cooldown, { value: 1, expiresAt: now() + r.cooldownMs });
      bump(k.phoneSends, r.windowMs);
      if (r.ipKey) bump(k.ipSends, r.windowMs);
      codes.set(k.code, { value: { mac: r.mac, cid: r.challengeId, tries: 0 }, expiresAt: now() + r.ttlMs });
      return { ok: true };
    },
    async cancel(r) {
      const k = keysFor("mem", r.purpose, r.phoneKey, r.ipKey);
      if (live(codes, k.code)?.value.cid === r.challengeId) codes.delete(k.code);
      timers.delete(k.cooldown);
      if (count(k.phoneSends) > 0) bump(k.phoneSends, 0, -1);
      if (r.ipKey && count(k.ipSends) > 0) bump(k.ipSends, 0, -1);
    },
    async verify(r) {
      const k = keysFor("mem", r.purpose, r.phoneKey, r.ipKey);
      if (count(k.phoneFailures) >= r.maxFailuresPerPhone) return { ok: false, limited: true, retryAfterMs: remaining(k.phoneFailures) };
      if (r.ipKey && count(k.ipFailures) >= r.maxFailuresPerIp) return { ok: false, limited: true, retryAfterMs: remaining(k.ipFailures) };
      const stored = live(codes, k.code);
      if (stored && stored.value.mac === r.mac) {
        codes.delete(k.code);
        timers.delete(k.phoneFailures);
        return { ok: true };
      }
      bump(k.phoneFailures, r.windowMs);
      if (r.ipKey) bump(k.ipFailures, r.windowMs);
      if (stored && ++stored.value.tries >= r.maxTries) codes.delete(k.code);
      return { ok: false, limited: false };
    },
  };
}
