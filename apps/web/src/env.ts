import { z } from "zod";

/**
 * The web app's configuration, validated once. Only this file reads process.env. Read lazily (not at import
 * time) so `next build` needs no database.
 */
const Env = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_500),
  MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(50 * 1_048_576).default(1_048_576),
});

export type Env = z.infer<typeof Env>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment (see .env.example):\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
