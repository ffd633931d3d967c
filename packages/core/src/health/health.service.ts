import type { Db } from "@shop/db";
import { redisReady, type Redis } from "../infra/redis";
import { withTimeout } from "../infra/timeout";
import type { DependencyStatus, HealthReport } from "./health.schemas";

export interface HealthDeps {
  db: Db;
  /** null in single-process mode (no Redis configured): reported as not configured, which is healthy. */
  redis: Redis | null;
  now?: () => Date;
  /** Per-dependency budget; a check slower than this counts as down. */
  timeoutMs?: number;
  startedAt?: Date;
}

async function probe(check: () => Promise<unknown>, timeoutMs: number, what: string): Promise<DependencyStatus> {
  const started = performance.now();
  try {
    await withTimeout(check(), timeoutMs, what);
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : "unreachable";
    return { status: "down", latencyMs: null, error: reason };
  }
}

const processStartedAt = new Date();

const SINGLE_PROCESS: DependencyStatus = {
  status: "not_configured",
  latencyMs: null,
  detail: "single-process mode: sign-in codes and rate limits live in this process's memory",
};

/** Reports database and Redis reachability; never throws. Both checks run in parallel. */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 1_500;
  const now = (deps.now ?? (() => new Date()))();
  const [database, redis] = await Promise.all([
    probe(() => deps.db.$queryRaw`SELECT 1`, timeoutMs, "database check"),
    deps.redis ? probe(() => redisReady(deps.redis!, timeoutMs).then(() => deps.redis!.ping()), timeoutMs, "redis check") : Promise.resolve(SINGLE_PROCESS),
  ]);
  const startedAt = deps.startedAt ?? processStartedAt;
  return {
    status: database.status === "up" && redis.status !== "down" ? "ok" : "degraded",
    checks: { database, redis },
    uptimeSeconds: Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000)),
    time: now.toISOString(),
  };
}

export interface HealthService {
  /** Redis and the budget come from the API layer: Redis is the app's connection, null in single-process mode. */
  check(options: Omit<HealthDeps, "db">): Promise<HealthReport>;
}

export function createHealthService({ db }: { db: Db }): HealthService {
  return { check: (options) => checkHealth({ ...options, db }) };
}
