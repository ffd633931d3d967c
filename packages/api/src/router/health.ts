import { z } from "zod";
import { HealthReport } from "@shop/core";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const healthRouter = createTRPCRouter({
  check: publicProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/health",
        tags: ["system"],
        summary: "Database and Redis reachability",
        description:
          "200 when the database and Redis are reachable, 503 (same body) when either is down. In single-process mode " +
          '(no Redis configured) Redis is reported as "not_configured" and the answer is 200.',
        protect: false,
        successDescription: "Every dependency is up (503 with the same body when one is down)",
      },
    })
    .input(z.void())
    .output(HealthReport)
    .query(async ({ ctx }) => {
      const report = await ctx.services.health.check({ redis: ctx.redis, timeoutMs: ctx.config.healthTimeoutMs });
      if (report.status !== "ok") ctx.http.status = 503;
      return report;
    }),
});
