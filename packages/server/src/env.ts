import { z } from "zod";
import {
  checkImageStorageEnv,
  checkSharedEnv,
  ImageStorageEnv,
  mediaDir,
  intVar as int,
  optionalVar,
  listVar as list,
  otpSecret,
  parseEnv,
  SharedEnv,
  secretVar as secret,
} from "@shop/core/config";
import { logger } from "./logger";

/**
 * The web app's configuration, validated once. Only this file reads process.env. Read lazily (not at import
 * time) so `next build` needs no database. Every limit has a safe default; see .env.example. The variables the
 * worker reads too (OTP, queue, SMS, Twilio) come from @shop/core/config, so both check them the same way.
 */

// Development-only fallbacks, so `npm run dev` works without setup; production refuses to start without real ones.
export const DEV_JWT_SECRET = "dev-only-jwt-secret-change-me-0123456789abcdef";

const Env = z
  .object({
    ...SharedEnv,
    // Uploaded images: local disk (MEDIA_DIR) or S3-compatible storage (S3_*), and their limits.
    ...ImageStorageEnv,
    /** Unset = single-process mode (OTP state in memory, SMS sent in-process); only allowed with SHOP_SINGLE_PROCESS=1 in production. */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    SHOP_SINGLE_PROCESS: z.enum(["0", "1"]).default("0"),
    /** Where the web server listens (`-p` / `-H` on its command line win). */
    PORT: int(0, 65_535, 3_000),
    HOSTNAME: z.string().min(1).optional(),
    DB_POOL_SIZE: int(1, 100, 10),
    HEALTH_TIMEOUT_MS: int(50, 30_000, 1_500),
    MAX_BODY_BYTES: int(1_024, 50 * 1_048_576, 1_048_576),
    // A CSV import or an image upload (the back office); JSON bodies keep MAX_BODY_BYTES.
    MAX_UPLOAD_BYTES: int(1_024, 200 * 1_048_576, 10 * 1_048_576),
    /** Where the back office's "today" starts (dashboard sales): an IANA time zone such as Europe/London. */
    SHOP_TIMEZONE: z
      .string()
      .default("UTC")
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, "Unknown time zone: use an IANA name such as Europe/London or UTC"),
    /** Reverse proxies in front of the app that append to X-Forwarded-For; 0 = none (the socket address counts). */
    TRUST_PROXY_HOPS: int(0, 10, 0),
    /**
     * The shop's public address, e.g. https://shop.example.com: canonical links, Open Graph, the sitemap and
     * robots.txt name it. Unset: the request's Host (X-Forwarded-Host/-Proto only behind TRUST_PROXY_HOPS proxies).
     */
    PUBLIC_URL: optionalVar(
      z
        .url({ protocol: /^https?$/ })
        .refine((value) => {
          const url = new URL(value);
          return url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
        }, "must be an origin such as https://shop.example.com (no path: the shop is served from the root)")
        .transform((value) => new URL(value).origin),
    ),
    /** Browser origins allowed to call /api/v1 (comma-separated, e.g. https://shop.example.com; "*" for any). */
    CORS_ORIGINS: list,
    /**
     * Public catalogue reads are cached this long in each web process (0 disables), then served for up to as long
     * again while one background load refreshes them. Writes through this process clear the cache at once.
     */
    CATALOG_CACHE_TTL_MS: int(0, 60_000, 2_000),
    /** Largest quantity of one product in one cart / distinct products in one cart. */
    CART_LINE_CAP: int(1, 10_000, 50),
    CART_MAX_LINES: int(1, 1_000, 100),

    JWT_SECRET: optionalVar(secret),
    /** Older secrets still accepted for verification during a rotation (comma-separated). */
    JWT_PREVIOUS_SECRETS: list,
    JWT_ISSUER: z.string().min(1).default("shop"),
    JWT_AUDIENCE: z.string().min(1).default("shop-api"),
    ACCESS_TOKEN_TTL_SECONDS: int(60, 3_600, 900),
    REFRESH_TOKEN_TTL_DAYS: int(1, 90, 30),

    OTP_RESEND_COOLDOWN_SECONDS: int(10, 600, 60),
    OTP_MAX_SENDS_PER_PHONE_PER_HOUR: int(1, 100, 5),
    OTP_MAX_SENDS_PER_IP_PER_HOUR: int(1, 10_000, 20),
    OTP_MAX_TRIES: int(1, 10, 5),
    OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_HOUR: int(1, 100, 10),
    OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR: int(1, 10_000, 50),
    /** Password sign-in throttling (packages/core/src/auth/login-throttle.ts): free failures, then doubling waits. */
    LOGIN_FREE_FAILURES_PER_ACCOUNT_AND_IP: int(1, 100, 5),
    LOGIN_FREE_FAILURES_PER_IP: int(1, 10_000, 50),
    LOGIN_FREE_FAILURES_PER_ACCOUNT: int(1, 100, 10),
    LOGIN_MAX_DELAY_SECONDS: int(1, 86_400, 900),
    LOGIN_MAX_ACCOUNT_DELAY_SECONDS: int(1, 3_600, 30),
    /** NIST SP 800-63B 5.2.2: at most 100 consecutive failed attempts per account. */
    LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 100, 100),
    LOGIN_LOCKOUT_SECONDS: int(60, 7 * 86_400, 86_400),
    /** Largest number of calls in one /api/trpc batch request (the storefront's own client batches up to 10). */
    TRPC_MAX_BATCH_SIZE: int(10, 100, 10),
    SMS_ALLOWED_COUNTRIES: list.pipe(z.array(z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2 codes, e.g. UZ,KZ"))),
    PHONE_DEFAULT_COUNTRY: z.string().regex(/^[A-Z]{2}$/).optional(),

    /**
     * "1" serves /dev/sms, the mock sender's outbox (everyone's sign-in codes), while no Twilio is configured.
     * Unset: "1" outside production, "0" in production. Only for a shop nobody else can reach (npm start sets it).
     */
    SMS_OUTBOX_PAGE: z.enum(["0", "1"]).optional(),
  })
  .superRefine((e, ctx) => {
    checkSharedEnv(e, ctx);
    checkImageStorageEnv(e, ctx);
    if (e.NODE_ENV !== "production") return;
    if (!e.JWT_SECRET || e.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "JWT_SECRET is required in production (the development default is refused)" });
    }
    if (!e.REDIS_URL && e.SHOP_SINGLE_PROCESS !== "1") {
      ctx.addIssue({ code: "custom", path: ["REDIS_URL"], message: "is required in production (or set SHOP_SINGLE_PROCESS=1 for one process)" });
    }
  });

export type Env = Omit<z.infer<typeof Env>, "OTP_SECRET" | "JWT_SECRET" | "SMS_OUTBOX_PAGE" | "MEDIA_DIR"> & {
  /** Absolute: the web server's working directory (apps/web) does not matter. */
  MEDIA_DIR: string;
  JWT_SECRET: string;
  OTP_SECRET: string;
  SMS_OUTBOX_PAGE: "0" | "1";
};

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const e = parseEnv(Env, process.env);
  logger.level = e.LOG_LEVEL;
  const otp = otpSecret(e.OTP_SECRET);
  if (!e.JWT_SECRET || otp.otpSecretIsDevDefault) {
    logger.warn("JWT_SECRET/OTP_SECRET not set: using development-only secrets");
  }
  cached = {
    ...e,
    JWT_SECRET: e.JWT_SECRET ?? DEV_JWT_SECRET,
    OTP_SECRET: otp.OTP_SECRET,
    SMS_OUTBOX_PAGE: e.SMS_OUTBOX_PAGE ?? (e.NODE_ENV === "production" ? "0" : "1"),
    MEDIA_DIR: mediaDir(e),
  };
  return cached;
}
