import { createDb } from "@shop/db";
import {
  createExpiryQueue,
  createInProcessExpiry,
  createInProcessNotifier,
  createNotificationQueue,
  deliverOrderNotification,
  type ExpiryScheduler,
  createInProcessDispatch,
  createMemoryLoginThrottleStore,
  createMemoryOtpStore,
  createOtpQueue,
  createRedis,
  createRedisLoginThrottleStore,
  createRedisOtpStore,
  createSmsSender,
  deliverOtpSms,
  SmsPermanentError,
  type LoginThrottleStore,
  type OtpDispatch,
  type OtpStore,
} from "@shop/core";
import { createServices, defaultApiConfig, type ApiDeps } from "@shop/api";
import { imageStorageSetup, paymentSetup, smsSenderConfig } from "@shop/core/config";
import { env, type Env } from "./env";
import { logger } from "./logger";

let current: ApiDeps | undefined;
let peerAddressStamped = false;

/**
 * Said by the web server (web-server.ts) before it serves: every request reaching the app then carries the TCP
 * peer's address under the peer header, set by the server and never taken from the client, so per-IP limits may
 * believe it. Without it (the app run by `next start`, or a test calling deps() in-process) they may not.
 */
export function trustStampedPeerAddress(): void {
  if (current) throw new Error("trustStampedPeerAddress() must be called before the first deps()");
  peerAddressStamped = true;
}

function smsSender(e: Env) {
  const log = (entry: Record<string, unknown>, msg: string) => logger.info(entry, msg);
  return createSmsSender(smsSenderConfig(e), log);
}

/**
 * One database pool, one Redis connection and one set of services per web process. This package is loaded once
 * per process (Next.js keeps it external, see apps/web/next.config.ts), so the pages, the proxy, /api/trpc and
 * the server's own /api/v1 handler all share them.
 */
export function deps(): ApiDeps {
  if (current) return current;
  const e = env();
  const db = createDb(e.DATABASE_URL, { poolSize: e.DB_POOL_SIZE });
  const redis = e.REDIS_URL ? createRedis(e.REDIS_URL, { failFast: true, connectionName: "shop-web" }) : null;
  // A down Redis is reported by /health and by the features that need it; it must not crash the server.
  redis?.on("error", () => {});

  let otpStore: OtpStore;
  let loginThrottleStore: LoginThrottleStore;
  let dispatch: OtpDispatch;
  if (redis && e.REDIS_URL) {
    otpStore = createRedisOtpStore(redis, e.QUEUE_PREFIX);
    loginThrottleStore = createRedisLoginThrottleStore(redis, e.QUEUE_PREFIX);
    dispatch = createOtpQueue(e.REDIS_URL, e.QUEUE_PREFIX).dispatch;
  } else {
    logger.warn(
      "REDIS_URL is not set: single-process mode. OTP state and rate limits live in this process's memory and SMS are sent in-process; run exactly one web process and no worker.",
    );
    otpStore = createMemoryOtpStore();
    loginThrottleStore = createMemoryLoginThrottleStore();
    const sender = smsSender(e);
    dispatch = createInProcessDispatch((job) => deliverOtpSms(job, { sender, secret: e.OTP_SECRET, ttlSeconds: e.OTP_TTL_SECONDS }), {
      isPermanent: (error) => error instanceof SmsPermanentError,
      log: (entry, msg) => logger.warn(entry, msg),
    });
  }

  if (!peerAddressStamped) {
    logger.warn(
      "not started through the web server (apps/web/dist/server.js): the TCP peer of a request is unknown, so per-IP limits count by X-Forwarded-For only behind TRUST_PROXY_HOPS proxies and are off otherwise. Start the web app with `npm start` or `node dist/server.js`.",
    );
  }

  const payment = paymentSetup(e);
  // MEDIA_DIR is already absolute (env.ts), so the local storage writes where /media reads.
  const images = imageStorageSetup(e, (entry, msg) => logger.warn(entry, msg));
  logger.info({ storage: images.storage?.kind ?? "off" }, images.description);
  const texts: { sender?: ReturnType<typeof smsSender> } = {};
  const textSender = () => (texts.sender ??= smsSender(e));
  // Texts about orders: jobs for the worker, or sent from this process (with the same sender as the codes).
  const notifier =
    redis && e.REDIS_URL
      ? createNotificationQueue(e.REDIS_URL, e.QUEUE_PREFIX, (entry, msg) => logger.warn(entry, msg))
      : createInProcessNotifier((job) => deliverOrderNotification(db, textSender(), job), (entry, msg) => logger.warn(entry, msg));
  // Made after the services (in single-process mode it calls them); the checkout's hook reads it late.
  const expiry: { scheduler?: ExpiryScheduler } = {};
  const services = createServices({
    db,
    otpStore,
    loginThrottleStore,
    loginThrottle: {
      freeFailuresPerAccountAndIp: e.LOGIN_FREE_FAILURES_PER_ACCOUNT_AND_IP,
      freeFailuresPerIp: e.LOGIN_FREE_FAILURES_PER_IP,
      freeFailuresPerAccount: e.LOGIN_FREE_FAILURES_PER_ACCOUNT,
      maxDelaySeconds: e.LOGIN_MAX_DELAY_SECONDS,
      maxAccountDelaySeconds: e.LOGIN_MAX_ACCOUNT_DELAY_SECONDS,
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      lockoutSeconds: e.LOGIN_LOCKOUT_SECONDS,
    },
    dispatch,
    tokens: {
      secrets: [e.JWT_SECRET, ...e.JWT_PREVIOUS_SECRETS],
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    },
    otp: {
      secret: e.OTP_SECRET,
      ttlSeconds: e.OTP_TTL_SECONDS,
      resendCooldownSeconds: e.OTP_RESEND_COOLDOWN_SECONDS,
      maxSendsPerPhonePerHour: e.OTP_MAX_SENDS_PER_PHONE_PER_HOUR,
      maxSendsPerIpPerHour: e.OTP_MAX_SENDS_PER_IP_PER_HOUR,
      maxTries: e.OTP_MAX_TRIES,
      maxVerifyFailuresPerPhonePerHour: e.OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_HOUR,
      maxVerifyFailuresPerIpPerHour: e.OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR,
      storeTimeoutMs: 2_000,
    },
    sessions: { refreshTtlSeconds: e.REFRESH_TOKEN_TTL_DAYS * 86_400 },
    phonePolicy: { allowedCountries: e.SMS_ALLOWED_COUNTRIES, defaultCountry: e.PHONE_DEFAULT_COUNTRY },
    catalogCacheTtlMs: e.CATALOG_CACHE_TTL_MS,
    imageStorage: images.storage,
    imageSettings: images.settings,
    dashboard: { timeZone: e.SHOP_TIMEZONE },
    payments: {
      ...payment,
      scheduleExpiry: (orderId, at) => expiry.scheduler?.schedule(orderId, at),
      notify: (orderId, event) => notifier.notify(orderId, event),
      log: (entry, msg) => logger.info(entry, msg),
    },
  });
  // Unpaid orders: a delayed job per order for the worker (which also sweeps), or timers and a sweep here.
  const warn = (entry: Record<string, unknown>, msg: string) => logger.warn(entry, msg);
  expiry.scheduler =
    redis && e.REDIS_URL
      ? createExpiryQueue(e.REDIS_URL, e.QUEUE_PREFIX, warn)
      : createInProcessExpiry({ expire: (id) => services.payments.expire(id), sweep: () => services.payments.sweep() }, { log: warn });

  const created: ApiDeps = {
    db,
    redis,
    services,
    config: {
      ...defaultApiConfig,
      healthTimeoutMs: e.HEALTH_TIMEOUT_MS,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      trustedProxyHops: e.TRUST_PROXY_HOPS,
      trustPeerAddressHeader: peerAddressStamped,
      cartLineCap: e.CART_LINE_CAP,
      cartMaxLines: e.CART_MAX_LINES,
      refreshCookieMaxAgeSeconds: e.REFRESH_TOKEN_TTL_DAYS * 86_400,
      corsOrigins: e.CORS_ORIGINS,
      trpcMaxBatchSize: e.TRPC_MAX_BATCH_SIZE,
      publicOrigin: e.PUBLIC_URL,
    },
  };
  current = created;
  return created;
}
