import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DEV_OTP_SECRET, type SmsSenderConfig } from "@shop/core/sms";

/** The repository root, from this file's location (apps/worker/src), so the default does not depend on the cwd. */
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Unset and empty (`TWILIO_FROM=` in a .env file) both mean "not configured". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const TWILIO_VARS = [
  "TWILIO_ACCOUNT_SID",
  "TWILIO_AUTH_TOKEN",
  "TWILIO_FROM",
  "TWILIO_MESSAGING_SERVICE_SID",
  "TWILIO_BASE_URL",
] as const;

type TwilioVars = Partial<Record<(typeof TWILIO_VARS)[number], string>>;
const twilioComplete = (env: TwilioVars) =>
  Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && (env.TWILIO_FROM || env.TWILIO_MESSAGING_SERVICE_SID));

/** The worker's configuration, validated at start-up. Only this file reads process.env. */
const Env = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(5),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  /** BullMQ key prefix in Redis; the web app must use the same one to enqueue jobs. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]{1,40}$/).default("shop"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /** How long in-flight jobs get to finish after SIGINT/SIGTERM before the process exits anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  /** How often expired idempotency keys and old sessions are purged. */
  MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /**
   * BullMQ job lock: a worker that dies (kill -9, OOM, lost host) holds its active jobs until the lock expires;
   * another worker's stalled check (every WORKER_STALLED_INTERVAL_MS) then puts them back in the queue. Defaults
   * are BullMQ's; lower values recover faster but must stay well above event-loop pauses.
   */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(250).max(600_000).default(30_000),
  /** Key the web app seals OTP codes with; both sides must share it. Required in production. */
  OTP_SECRET: optional(z.string().min(32, "OTP_SECRET must be at least 32 characters")),
  OTP_TTL_SECONDS: z.coerce.number().int().min(60).max(600).default(300),
  /** Where the mock sender writes messages when Twilio is not configured; relative paths are from the repo root. */
  SMS_OUTBOX_PATH: optional(z.string())
    .default(".data/sms-outbox.jsonl")
    .transform((p) => path.resolve(repoRoot, p)),
  TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hex digits")),
  TWILIO_AUTH_TOKEN: optional(z.string()),
  TWILIO_FROM: optional(z.string()),
  TWILIO_MESSAGING_SERVICE_SID: optional(z.string().regex(/^MG[0-9a-fA-F]{32}$/, "must be MG followed by 32 hex digits")),
  /** Overrides https://api.twilio.com, for local stubs and egress proxies. */
  TWILIO_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
})
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && (!env.OTP_SECRET || env.OTP_SECRET === DEV_OTP_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["OTP_SECRET"],
        message: "OTP_SECRET is required in production (the development default is refused)",
      });
    }
    const set = TWILIO_VARS.filter((k) => env[k] !== undefined);
    if (set.length > 0 && !twilioComplete(env)) {
      ctx.addIssue({
        code: "custom",
        path: ["TWILIO_ACCOUNT_SID"],
        message:
          `partial Twilio config (set: ${set.join(", ")}): Twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and ` +
          "TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID; unset all TWILIO_* variables to use the mock sender",
      });
    }
  })
  .transform(({ OTP_SECRET, ...env }) => ({
    ...env,
    OTP_SECRET: OTP_SECRET ?? DEV_OTP_SECRET,
    /** True when OTP_SECRET fell back to the development value (the worker warns at start). */
    otpSecretIsDevDefault: OTP_SECRET === undefined || OTP_SECRET === DEV_OTP_SECRET,
  }));

export type WorkerEnv = z.infer<typeof Env>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment (see .env.example):\n${problems}`);
  }
  return parsed.data;
}

/** Twilio when fully configured (validated above), otherwise the local outbox. */
export function smsSenderConfig(env: WorkerEnv): SmsSenderConfig {
  const twilio =
    twilioComplete(env) && env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
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
