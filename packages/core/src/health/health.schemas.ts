import { z } from "zod";

export const DependencyStatus = z.object({
  status: z
    .enum(["up", "down", "not_configured"])
    .describe('"not_configured": this deployment does not use the dependency (Redis in single-process mode); not a failure'),
  latencyMs: z.number().int().nonnegative().nullable().describe("Round trip of the check; null when down or not configured"),
  error: z.string().optional().describe("Why the check failed (no connection details)"),
  detail: z.string().optional().describe("What stands in for a dependency that is not configured"),
});
export type DependencyStatus = z.infer<typeof DependencyStatus>;

export const HealthReport = z.object({
  status: z.enum(["ok", "degraded"]).describe('"ok" when every dependency in use is up'),
  checks: z.object({ database: DependencyStatus, redis: DependencyStatus }),
  uptimeSeconds: z.number().int().nonnegative(),
  time: z.string().describe("Server time, ISO 8601"),
});
export type HealthReport = z.infer<typeof HealthReport>;
