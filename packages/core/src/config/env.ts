/**
 * The configuration both processes read (web and worker): one definition of each shared variable, so the two
 * cannot drift. Each app's own env.ts spreads these fragments into its schema, adds its own variables, and calls
 * checkSharedEnv in its superRefine. Nothing here reads process.env.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DEV_OTP_SECRET } from "../sms/otp-seal";
import type { SmsSenderConfig } from "../sms/choose-sender";
import type { PaymentPolicy } from "../orders/checkout.service";
import { manualProvider } from "../payments/manual";
import type { PaymentProviders } from "../payments/payment.service";
import { createStripeProvider } from "../payments/stripe";
import { DEFAULT_IMAGE_SETTINGS, type ImageSettings } from "../admin/images/images-admin.schemas";
import { createLocalImageStorage } from "../admin/images/local-storage";
import { createS3ImageStorage } from "../admin/images/s3-storage";
import type { ImageStorage } from "../admin/images/storage";

/** The repository root (this file is packages/core/{src,dist}/config/env.*): relative paths in settings start there. */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** Unset and empty (`TWILIO_FROM=` in a .env file) both mean "not configured". */
export const optionalVar = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
export const intVar = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
/** A comma-separated list; unset is empty. */
export const listVar = z
  .string()
  .default("")
  .transform((value) => value.split(",").map((s) => s.trim()).filter(Boolean));
export const secretVar = z.string().min(32, "must be at least 32 characters");

export const RuntimeEnv = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** After SIGTERM/SIGINT, how long in-flight requests or jobs get before the process exits anyway (code 1). */
  SHUTDOWN_GRACE_MS: intVar(100, 120_000, 20_000),
};

export const QueueEnv = {
  /** Key prefix in Redis (BullMQ queues, OTP state, limits); the web app and the worker must use the same one. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]{1,40}$/).default("shop"),
};

export const OtpEnv = {
  /** Key the web app seals OTP codes with and the worker opens them with: both must share it. Required in production. */
  OTP_SECRET: optionalVar(secretVar),
  OTP_TTL_SECONDS: intVar(60, 600, 300),
};

export const TWILIO_VARS = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "TWILIO_MESSAGING_SERVICE_SID", "TWILIO_BASE_URL"] as const;

export const SmsEnv = {
  /** Where the mock sender writes messages when Twilio is not configured; relative paths are from the repo root. */
  SMS_OUTBOX_PATH: optionalVar(z.string())
    .default(".data/sms-outbox.jsonl")
    .transform((p) => path.resolve(REPO_ROOT, p)),
  TWILIO_ACCOUNT_SID: optionalVar(z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hex digits")),
  TWILIO_AUTH_TOKEN: optionalVar(z.string()),
  TWILIO_FROM: optionalVar(z.string()),
  TWILIO_MESSAGING_SERVICE_SID: optionalVar(z.string().regex(/^MG[0-9a-fA-F]{32}$/, "must be MG followed by 32 hex digits")),
  /** Overrides https://api.twilio.com, for local stubs and egress proxies. */
  TWILIO_BASE_URL: optionalVar(z.url({ protocol: /^https?$/ })),
};

export const PaymentEnv = {
  /** Card payments through Stripe Checkout when both are set (the web app opens sessions, the worker closes them). */
  STRIPE_SECRET_KEY: optionalVar(z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, "must be a Stripe secret key (sk_test_... or sk_live_...)")),
  STRIPE_WEBHOOK_SECRET: optionalVar(z.string().regex(/^whsec_[A-Za-z0-9]+$/, "must be a webhook signing secret (whsec_...)")),
  /** Overrides https://api.stripe.com, for local stubs. */
  STRIPE_API_BASE: optionalVar(z.url({ protocol: /^https?$/ })),
  /** How long a pending order waits for payment before it is cancelled and its stock released (0: forever). */
  ORDER_PAYMENT_TIMEOUT_MINUTES: intVar(0, 10_080, 30),
  /**
   * true: manual (pay on delivery / transfer) orders expire unpaid like card ones. Off by default: their money comes
   * days later, at the door or by transfer, and an admin marks them paid or cancels them.
   */
  MANUAL_ORDERS_EXPIRE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
};

/** Every variable both processes read, to spread into each one's schema (then checkSharedEnv in its superRefine). */
export const SharedEnv = { ...RuntimeEnv, ...QueueEnv, ...OtpEnv, ...SmsEnv, ...PaymentEnv };

type TwilioVars = Partial<Record<(typeof TWILIO_VARS)[number], string>>;
type SharedEnvValues = { NODE_ENV: string; OTP_SECRET?: string; STRIPE_SECRET_KEY?: string; STRIPE_WEBHOOK_SECRET?: string } & TwilioVars;

export const twilioConfigured = (env: TwilioVars): boolean =>
  Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && (env.TWILIO_FROM || env.TWILIO_MESSAGING_SERVICE_SID));

/** The rules across shared variables: a real OTP secret in production, and Twilio configured completely or not at all. */
export function checkSharedEnv(env: SharedEnvValues, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV === "production" && (!env.OTP_SECRET || env.OTP_SECRET === DEV_OTP_SECRET)) {
    ctx.addIssue({
      code: "custom",
      path: ["OTP_SECRET"],
      message: "OTP_SECRET is required in production (the development default is refused)",
    });
  }
  if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
    ctx.addIssue({
      code: "custom",
      path: [env.STRIPE_SECRET_KEY ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_SECRET_KEY"],
      message: "Stripe needs both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (unset both for manual payment only)",
    });
  }
  const set = TWILIO_VARS.filter((k) => env[k] !== undefined);
  if (set.length > 0 && !twilioConfigured(env)) {
    ctx.addIssue({
      code: "custom",
      path: ["TWILIO_ACCOUNT_SID"],
      message:
        `partial Twilio config (set: ${set.join(", ")}): Twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and ` +
        "TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID; unset all TWILIO_* variables to use the mock sender",
    });
  }
}

/** OTP_SECRET with the development fallback, and whether it fell back (each process warns at start). */
export function otpSecret(value: string | undefined): { OTP_SECRET: string; otpSecretIsDevDefault: boolean } {
  return { OTP_SECRET: value ?? DEV_OTP_SECRET, otpSecretIsDevDefault: value === undefined || value === DEV_OTP_SECRET };
}

/** Twilio when fully configured (checkSharedEnv refused a partial one), otherwise the local outbox. */
export function smsSenderConfig(env: TwilioVars & { SMS_OUTBOX_PATH: string }): SmsSenderConfig {
  const twilio =
    twilioConfigured(env) && env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
      ? {
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          from: env.TWILIO_FROM,
          messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
          baseUrl: env.TWILIO_BASE_URL,
        }
      : undefined;
  return { twilio, outboxPath: env.SMS_OUTBOX_PATH };
}

/** Parses a process's environment with its schema; every problem in one error, one line each. */
export function parseEnv<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment (see .env.example):\n${problems}`);
  }
  return parsed.data;
}

export interface PaymentEnvValues {
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_API_BASE?: string;
  ORDER_PAYMENT_TIMEOUT_MINUTES: number;
  MANUAL_ORDERS_EXPIRE: boolean;
}

/** The providers and the checkout policy: manual always; Stripe, offered first, when its two secrets are set. */
export function paymentSetup(env: PaymentEnvValues): { providers: PaymentProviders; policy: PaymentPolicy } {
  const stripe =
    env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
      ? createStripeProvider({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE })
      : undefined;
  return {
    providers: { manual: manualProvider, ...(stripe ? { stripe } : {}) },
    policy: {
      methods: stripe ? ["stripe", "manual"] : ["manual"],
      timeoutMinutes: env.ORDER_PAYMENT_TIMEOUT_MINUTES,
      manualOrdersExpire: env.MANUAL_ORDERS_EXPIRE,
    },
  };
}

/** S3_* all together or none (like STRIPE_*): S3_ENDPOINT and S3_FORCE_PATH_STYLE are optional within a set. */
export const S3_REQUIRED_VARS = ["S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PUBLIC_URL"] as const;
export const S3_VARS = [...S3_REQUIRED_VARS, "S3_ENDPOINT", "S3_FORCE_PATH_STYLE"] as const;

const httpBase = z
  .url({ protocol: /^https?$/ })
  .max(200, "at most 200 characters (image URLs are kept in 500)")
  .refine((value) => {
    const url = new URL(value);
    return !url.search && !url.hash && !url.username && !url.password;
  }, "must be a plain base URL (no query, fragment or credentials)");

/**
 * Where the back office stores uploaded images (web app only). Local disk by default, in MEDIA_DIR (default
 * <SHOP_DATA_DIR>/media, relative paths from the repo root like every path setting), served at /media/<key>;
 * S3-compatible storage when S3_* are set; IMAGE_STORAGE=off turns uploads off (503), e.g. for several web servers
 * without a shared disk or bucket.
 */
export const ImageStorageEnv = {
  IMAGE_STORAGE: optionalVar(z.enum(["local", "s3", "off"])),
  SHOP_DATA_DIR: optionalVar(z.string()),
  MEDIA_DIR: optionalVar(z.string()),
  S3_BUCKET: optionalVar(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name (3-63 of a-z 0-9 . -)")),
  S3_REGION: optionalVar(z.string().regex(/^[a-z0-9-]{1,40}$/, "must be a region such as eu-west-1 (or auto)")),
  /** An S3-compatible service (MinIO, R2, Spaces...); unset: AWS S3. */
  S3_ENDPOINT: optionalVar(httpBase),
  S3_ACCESS_KEY_ID: optionalVar(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: optionalVar(z.string().min(1)),
  /** Base URL the bucket's files are public under (bucket website or CDN). */
  S3_PUBLIC_URL: optionalVar(httpBase),
  S3_FORCE_PATH_STYLE: optionalVar(z.enum(["true", "false"])),
  /** Uploads above this many megapixels (decoded) are refused. */
  IMAGE_MAX_MEGAPIXELS: intVar(1, 268, DEFAULT_IMAGE_SETTINGS.maxPixels / 1_000_000),
  /** Widths of the WebP sizes made of each upload (comma-separated). */
  IMAGE_WIDTHS: listVar.pipe(
    z
      .array(z.string().regex(/^\d{2,4}$/, "widths in pixels, e.g. 400,800,1600").transform(Number))
      .max(8, "at most 8 widths")
      .transform((widths) => (widths.length ? [...new Set(widths)].sort((a, b) => a - b) : [...DEFAULT_IMAGE_SETTINGS.widths])),
  ),
  /** The width the shop shows (image URLs point at it; narrower uploads at their own width). */
  IMAGE_DISPLAY_WIDTH: intVar(16, 9_999, DEFAULT_IMAGE_SETTINGS.displayWidth),
  IMAGE_WEBP_QUALITY: intVar(1, 100, DEFAULT_IMAGE_SETTINGS.quality),
  IMAGE_MAX_PER_PRODUCT: intVar(1, 100, DEFAULT_IMAGE_SETTINGS.maxPerProduct),
};

type ImageStorageEnvValues = Partial<Record<(typeof S3_VARS)[number] | "IMAGE_STORAGE" | "SHOP_DATA_DIR" | "MEDIA_DIR", string>> & {
  IMAGE_MAX_MEGAPIXELS: number;
  IMAGE_WIDTHS: number[];
  IMAGE_DISPLAY_WIDTH: number;
  IMAGE_WEBP_QUALITY: number;
  IMAGE_MAX_PER_PRODUCT: number;
};

/** The storage in use: IMAGE_STORAGE, else s3 when S3_BUCKET is set, else local. */
export const imageStorageKind = (env: Pick<ImageStorageEnvValues, "IMAGE_STORAGE" | "S3_BUCKET">): "local" | "s3" | "off" =>
  (env.IMAGE_STORAGE as "local" | "s3" | "off" | undefined) ?? (env.S3_BUCKET ? "s3" : "local");

/** The absolute media folder: MEDIA_DIR, else <SHOP_DATA_DIR or .data>/media; relative paths start at the repo root. */
export const mediaDir = (env: Pick<ImageStorageEnvValues, "SHOP_DATA_DIR" | "MEDIA_DIR">): string =>
  env.MEDIA_DIR ? path.resolve(REPO_ROOT, env.MEDIA_DIR) : path.resolve(REPO_ROOT, env.SHOP_DATA_DIR ?? ".data", "media");

/** S3 configured completely or not at all, and present when IMAGE_STORAGE=s3 asks for it. */
export function checkImageStorageEnv(env: ImageStorageEnvValues, ctx: z.RefinementCtx): void {
  const set = S3_VARS.filter((k) => env[k] !== undefined);
  const missing = S3_REQUIRED_VARS.filter((k) => env[k] === undefined);
  if ((set.length > 0 || env.IMAGE_STORAGE === "s3") && missing.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: [missing[0]!],
      message:
        `partial S3 config (missing: ${missing.join(", ")}): S3 storage needs ${S3_REQUIRED_VARS.join(", ")} (S3_ENDPOINT and ` +
        "S3_FORCE_PATH_STYLE optional); unset every S3_* variable to store images on local disk",
    });
  }
  if (env.IMAGE_WIDTHS.some((w) => w < 16)) {
    ctx.addIssue({ code: "custom", path: ["IMAGE_WIDTHS"], message: "widths must be at least 16 pixels" });
  }
}

/** The image storage (none when IMAGE_STORAGE=off) and the upload settings, from a checked environment. */
export function imageStorageSetup(
  env: ImageStorageEnvValues,
  log?: ImageSettings["log"],
): { storage?: ImageStorage; settings: Partial<ImageSettings>; description: string } {
  const settings: Partial<ImageSettings> = {
    maxPixels: env.IMAGE_MAX_MEGAPIXELS * 1_000_000,
    widths: env.IMAGE_WIDTHS,
    displayWidth: env.IMAGE_DISPLAY_WIDTH,
    quality: env.IMAGE_WEBP_QUALITY,
    maxPerProduct: env.IMAGE_MAX_PER_PRODUCT,
    log,
  };
  const kind = imageStorageKind(env);
  if (kind === "off") return { settings, description: "image uploads off (IMAGE_STORAGE=off)" };
  if (kind === "s3" && env.S3_BUCKET && env.S3_REGION && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY && env.S3_PUBLIC_URL) {
    const storage = createS3ImageStorage({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === "true",
      publicUrl: env.S3_PUBLIC_URL,
    });
    return { storage, settings, description: `images in S3 bucket ${env.S3_BUCKET}${env.S3_ENDPOINT ? ` at ${env.S3_ENDPOINT}` : ""}` };
  }
  const dir = mediaDir(env);
  return { storage: createLocalImageStorage({ dir }), settings, description: `images on local disk in ${dir}` };
}
