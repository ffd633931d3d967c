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
