import { parse } from "pg-connection-string";
import type { PoolConfig } from "pg";

/**
 * Turns a DATABASE_URL into discrete pg fields. The adapter's shadow-database path only honours a
 * different database name when host/port/user/password/database are given separately (see prisma.config.ts).
 */
export function poolConfigFromUrl(url: string): PoolConfig {
  const parsed = parse(url);
  const config: PoolConfig = {
    host: parsed.host ?? "127.0.0.1",
    port: parsed.port ? Number(parsed.port) : 5432,
    database: parsed.database ?? "postgres",
  };
  if (parsed.user) config.user = decodeURIComponent(parsed.user);
  if (parsed.password) config.password = decodeURIComponent(parsed.password);
  if (parsed.ssl) config.ssl = parsed.ssl as PoolConfig["ssl"];
  return config;
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The database name a URL points at. */
export function databaseName(url: string): string {
  return parse(url).database ?? "postgres";
}
