/**
 * Password sign-in throttling (NIST SP 800-63B 5.2.2; Saleor throttles per IP and per IP + account the same way).
 *
 * Three counters of failed attempts, each with a free allowance and then a wait that doubles with every further
 * failure (1 s, 2 s, 4 s, ...):
 * - account + client IP: the attacker's own budget for one account; waits grow up to `maxDelaySeconds`;
 * - client IP: one client guessing many accounts; waits grow up to `maxDelaySeconds`;
 * - account, from any IP: a distributed guess. Its waits stop at `maxAccountDelaySeconds` (short), so a stranger
 *   cannot keep a customer out for long; only after `maxFailuresPerAccount` consecutive failures (NIST: at most
 *   100) is password sign-in of that account refused for a day. Signing in with an SMS code or resetting the
 *   password clears the account's counters, so the owner is never locked out: the code path stays open.
 *
 * An attempt is counted BEFORE the password is checked (and given back when it succeeds), so concurrent attempts
 * (200 logins in one tRPC batch, or 200 connections) cannot all pass a check that none of them has charged yet.
 * Counters exist for any phone number, registered or not, so a throttled answer says nothing about accounts.
 * Keys are HMACs: neither phone numbers nor IP addresses are stored.
 */
import { createHmac } from "node:crypto";
import type { Redis } from "ioredis";
import { rateLimitBucket } from "../infra/rate-limit-bucket";
import { redisReady } from "../infra/redis";

export interface LoginThrottleConfig {
  /** Failures of one account from one client IP before each further attempt waits. */
  freeFailuresPerAccountAndIp: number;
  /** Failures from one client IP (all accounts) per window before each further attempt waits. */
  freeFailuresPerIp: number;
  /** Failures of one account from all IPs before each further attempt waits. */
  freeFailuresPerAccount: number;
  /** Longest wait imposed by the account + IP and the IP counters (s). */
  maxDelaySeconds: number;
  /** Longest wait imposed by the account counter alone (s): what a stranger can make the owner wait. */
  maxAccountDelaySeconds: number;
  /** Consecutive failures after which the account's password sign-in is refused for `lockoutSeconds`. */
  maxFailuresPerAccount: number;
  lockoutSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE_CONFIG: LoginThrottleConfig = {
  freeFailuresPerAccountAndIp: 5,
  freeFailuresPerIp: 50,
  freeFailuresPerAccount: 10,
  maxDelaySeconds: 900,
  maxAccountDelaySeconds: 30,
  maxFailuresPerAccount: 100,
  lockoutSeconds: 86_400,
};

/** One counter's rule; `windowMs`: how long after its last failure a counter is forgotten. */
interface Rule {
  free: number;
  maxDelayMs: number;
  windowMs: number;
  /** Failures at which the wait becomes `windowMs` (a lockout); 0 = never. */
  hardLimit: number;
}

export type ReserveResult = { ok: true } | { ok: false; retryAfterMs: number };

export interface LoginThrottleStore {
  readonly kind: "redis" | "memory";
  /** Refuses while any counter is waiting; otherwise charges one failure to all of them. Atomic. */
  reserve(keys: string[], rules: Rule[], nowMs: number): Promise<ReserveResult>;
  /** After a successful sign-in: clears `clear`, gives the reserved failure back to `refund`. */
  succeed(clear: string[], refund: string[]): Promise<void>;
  /** Clears counters (the account's, after an SMS-code sign-in or a password reset). */
  clear(keys: string[]): Promise<void>;
}

/** The wait after `failures` failures under `rule`, in ms (0 = none). */
export function waitAfter(failures: number, rule: Rule): number {
  if (rule.hardLimit > 0 && failures >= rule.hardLimit) return rule.windowMs;
  if (failures < rule.free) return 0;
  return Math.min(1_000 * 2 ** Math.min(failures - rule.free, 30), rule.maxDelayMs);
}

export interface LoginThrottle {
  /** Call before checking a password: throws nothing, answers whether to go on. */
  begin(phone: string, ip: string | null): Promise<LoginAttempt>;
  /** The account proved itself another way (SMS code sign-in, password reset): its counters start again. */
  clearAccount(phone: string): Promise<void>;
}

export type LoginAttempt = { allowed: true; succeeded(): Promise<void> } | { allowed: false; retryAfterSeconds: number };

export function createLoginThrottle(deps: {
  store: LoginThrottleStore;
  secret: string;
  config: LoginThrottleConfig;
  now?: () => number;
}): LoginThrottle {
  const { store, config } = deps;
  const now = deps.now ?? Date.now;
  const mac = (label: string, value: string) => createHmac("sha256", deps.secret).update(`login\u0000${label}\u0000${value}`).digest("hex").slice(0, 40);
  const seconds = (s: number) => s * 1_000;
  const accountRule: Rule = {
    free: config.freeFailuresPerAccount,
    maxDelayMs: seconds(config.maxAccountDelaySeconds),
    windowMs: seconds(config.lockoutSeconds),
    hardLimit: config.maxFailuresPerAccount,
  };
  const pairRule: Rule = { free: config.freeFailuresPerAccountAndIp, maxDelayMs: seconds(config.maxDelaySeconds), windowMs: 86_400_000, hardLimit: 0 };
  const ipRule: Rule = { free: config.freeFailuresPerIp, maxDelayMs: seconds(config.maxDelaySeconds), windowMs: 3_600_000, hardLimit: 0 };

  return {
    async begin(phone, ip) {
      const account = `acct:${mac("phone", phone)}`;
      const bucket = rateLimitBucket(ip);
      const keys = [account];
      const rules = [accountRule];
      let pair: string | null = null;
      let ipKey: string | null = null;
      if (bucket) {
        pair = `pair:${mac("pair", `${phone}|${bucket}`)}`;
        ipKey = `ip:${mac("ip", bucket)}`;
        keys.push(pair, ipKey);
        rules.push(pairRule, ipRule);
      }
      const result = await store.reserve(keys, rules, now());
      if (!result.ok) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1_000)) };
      return {
        allowed: true,
        succeeded: () => store.succeed(pair ? [account, pair] : [account], ipKey ? [ipKey] : []),
      };
    },
    clearAccount: (phone) => store.clear([`acct:${mac("phone", phone)}`]),
  };
}

// KEYS: the counters (hashes {n, last}); ARGV: now, then per key: free, maxDelayMs, windowMs, hardLimit.
// Mirrors waitAfter() above.
const RESERVE = `
local now = tonumber(ARGV[1])
local function wait(n, i)
  local free, maxDelay, window, hard = tonumber(ARGV[i]), tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  if hard > 0 and n >= hard then return window end
  if n < free then return 0 end
  local e = math.min(n - free, 30)
  return math.min(1000 * (2 ^ e), maxDelay)
end
local retry = 0
for k = 1, #KEYS do
  local n = tonumber(redis.call('HGET', KEYS[k], 'n') or '0')
  local last = tonumber(redis.call('HGET', KEYS[k], 'last') or '0')
  local left = last + wait(n, 2 + (k - 1) * 4) - now
  if left > retry then retry = left end
end
if retry > 0 then return {1, retry} end
for k = 1, #KEYS do
  local window = tonumber(ARGV[2 + (k - 1) * 4 + 2])
  redis.call('HINCRBY', KEYS[k], 'n', 1)
  redis.call('HSET', KEYS[k], 'last', now)
  redis.call('PEXPIRE', KEYS[k], window)
end
return {0, 0}
`;

// KEYS: clear..., refund...; ARGV: number of keys to clear.
const SUCCEED = `
local clear = tonumber(ARGV[1])
for k = 1, #KEYS do
  if k <= clear then
    redis.call('DEL', KEYS[k])
  elseif tonumber(redis.call('HGET', KEYS[k], 'n') or '0') > 0 then
    redis.call('HINCRBY', KEYS[k], 'n', -1)
  end
end
return 0
`;

const ruleArgs = (rules: Rule[]) => rules.flatMap((r) => [r.free, r.maxDelayMs, r.windowMs, r.hardLimit]);

export function createRedisLoginThrottleStore(redis: Redis, namespace: string, readyTimeoutMs = 1_000): LoginThrottleStore {
  const key = (k: string) => `${namespace}:login:${k}`;
  const run = async (script: string, keys: string[], args: (string | number)[]) => {
    await redisReady(redis, readyTimeoutMs);
    return redis.eval(script, keys.length, ...keys.map(key), ...args);
  };
  return {
    kind: "redis",
    async reserve(keys, rules, nowMs) {
      const [status, retry] = (await run(RESERVE, keys, [nowMs, ...ruleArgs(rules)])) as [number, number];
      return status === 0 ? { ok: true } : { ok: false, retryAfterMs: Math.max(retry, 1) };
    },
    async succeed(clear, refund) {
      if (clear.length + refund.length > 0) await run(SUCCEED, [...clear, ...refund], [clear.length]);
    },
    async clear(keys) {
      if (keys.length) {
        await redisReady(redis, readyTimeoutMs);
        await redis.del(...keys.map(key));
      }
    },
  };
}

/** The same rules in one process's memory (single-process mode without Redis). */
export function createMemoryLoginThrottleStore(now: () => number = Date.now): LoginThrottleStore {
  const counters = new Map<string, { n: number; last: number; expiresAt: number }>();
  const live = (k: string) => {
    const c = counters.get(k);
    if (c && c.expiresAt <= now()) {
      counters.delete(k);
      return undefined;
    }
    return c;
  };
  return {
    kind: "memory",
    async reserve(keys, rules, nowMs) {
      // No await between the check and the charge: atomic within the process.
      let retry = 0;
      keys.forEach((k, i) => {
        const c = live(k);
        if (c) retry = Math.max(retry, c.last + waitAfter(c.n, rules[i]!) - nowMs);
      });
      if (retry > 0) return { ok: false, retryAfterMs: retry };
      keys.forEach((k, i) => {
        const c = live(k) ?? { n: 0, last: 0, expiresAt: 0 };
        counters.set(k, { n: c.n + 1, last: nowMs, expiresAt: nowMs + rules[i]!.windowMs });
      });
      return { ok: true };
    },
    async succeed(clear, refund) {
      for (const k of clear) counters.delete(k);
      for (const k of refund) {
        const c = live(k);
        if (c && c.n > 0) c.n -= 1;
      }
    },
    async clear(keys) {
      for (const k of keys) counters.delete(k);
    },
  };
}
