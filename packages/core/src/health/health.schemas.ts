import { z } from "zod";

export const DependencyStatus = z.object({
  status: z.enum(["up", "down"]),
  latencyMs: z.number().int().nonnegative().nullable().describe("Round trip of the check; null when down"),
  error: z.string().optional().describe("Why the check failed (no connection details)"),
});
export type DependencyStatus = z.infer<typeof DependencyStatus>;

export const HealthReport = z.object({
  status: z.enum(["ok", "degraded"]).describe('"ok" when every dependency is up'),
  checks: z.object({ database: DependencyStatus, redis: DependencyStatus }),
  uptimeSeconds: z.number().int().nonnegative(),
  time: z.string().describe("Server time, ISO 8601"),
});
export type HealthReport = z.infer<typeof HealthReport>;
