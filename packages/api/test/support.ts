/**
 * Real dependencies for API tests: the shared migrated test database, the real Redis (each test file under a
 * prefix of its own, removed afterwards) and a real BullMQ producer on the `otp-sms` queue.
 */
import { randomInt } from "node:crypto";
import { Queue } from "bullmq";
import {
  createOtpQueue,
  createRedis,
  createRedisOtpStore,
  createRedisLoginThrottleStore,
  DEFAULT_LOGIN_THROTTLE_CONFIG,
  type LoginThrottleConfig,
  type LoginThrottleStore,
  DEFAULT_OTP_CONFIG,
  DEFAULT_SESSION_CONFIG,
  OTP_SMS_QUEUE,
  type OtpConfig,
  type OtpDispatch,
  type OtpSmsJob,
  type OtpStore,
  type PhonePolicy,
  type Redis,
} from "@shop/core";
import { testDb, uniqueSuffix } from "@shop/db/testing";
import { deleteKeys } from "@shop/test-support";
import { defaultApiConfig, type ApiConfig, type ApiDeps } from "../src/context";
import { createServices, type PaymentSettings, type ServiceSettings } from "../src/services";

export const TEST_JWT_SECRET = "test-jwt-secret-0123456789abcdef0123456789";
export const TEST_OTP_SECRET = "test-otp-secret-0123456789abcdef0123456789";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const TOKEN_CONFIG = { secrets: [TEST_JWT_SECRET], issuer: "shop", audience: "shop-api", accessTtlSeconds: 900 };

export interface TestDepsOptions {
  otp?: Partial<OtpConfig>;
  config?: Partial<ApiConfig>;
  otpStore?: OtpStore;
  loginThrottleStore?: LoginThrottleStore;
  loginThrottle?: Partial<LoginThrottleConfig>;
  dispatch?: OtpDispatch;
  redis?: Redis | null;
  catalogCacheTtlMs?: number;
  phonePolicy?: PhonePolicy;
  payments?: PaymentSettings;
  imageStorage?: ServiceSettings["imageStorage"];
  imageSettings?: ServiceSettings["imageSettings"];
}

export interface TestDeps extends ApiDeps {
  prefix: string;
  /** The otp-sms queue as a consumer would see it (to read the jobs register enqueued). */
  queue: Queue<OtpSmsJob>;
  close(): Promise<void>;
}

export function createTestDeps(options: TestDepsOptions = {}): TestDeps {
  const prefix = `t-${uniqueSuffix()}`;
  const db = testDb();
  const redis = options.redis === undefined ? createRedis(REDIS_URL, { failFast: true }) : options.redis;
  const producer = createOtpQueue(REDIS_URL, prefix);
  const queue = new Queue<OtpSmsJob>(OTP_SMS_QUEUE, { connection: createRedis(REDIS_URL, { bullmq: true }), prefix });
  const services = createServices({
    db,
    otpStore: options.otpStore ?? createRedisOtpStore(redis ?? createRedis(REDIS_URL), prefix),
    loginThrottleStore: options.loginThrottleStore ?? createRedisLoginThrottleStore(redis ?? createRedis(REDIS_URL), prefix),
    loginThrottle: { ...DEFAULT_LOGIN_THROTTLE_CONFIG, ...options.loginThrottle },
    dispatch: options.dispatch ?? producer.dispatch,
    tokens: TOKEN_CONFIG,
    otp: { ...DEFAULT_OTP_CONFIG, secret: TEST_OTP_SECRET, ...options.otp },
    sessions: DEFAULT_SESSION_CONFIG,
    phonePolicy: options.phonePolicy ?? {},
    catalogCacheTtlMs: options.catalogCacheTtlMs,
    payments: options.payments,
    imageStorage: options.imageStorage,
    imageSettings: options.imageSettings,
  });
  return {
    db,
    redis,
    services,
    config: { ...defaultApiConfig, ...options.config },
    prefix,
    queue,
    async close() {
      const cleaner = createRedis(REDIS_URL);
      await deleteKeys(cleaner, prefix);
      cleaner.disconnect();
      await producer.close();
      await queue.close();
      redis?.disconnect();
      await db.$disconnect();
    },
  };
}

/** A random valid UK mobile number (+44 74xx xxxxxx, 10^8 of them): test files practically never share one. */
export function uniquePhone(): string {
  return `+4474${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
}
