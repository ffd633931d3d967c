import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { poolConfigFromUrl } from "./connection";

export type Db = PrismaClient;

export interface DbOptions {
  /** Connections in this process's pool. */
  poolSize?: number;
  /** Fail a query that waits longer than this for a connection, instead of hanging (ms). */
  connectionTimeoutMs?: number;
  /** Server-side statement timeout (ms); 0 disables it. */
  statementTimeoutMs?: number;
}

/**
 * A Prisma client on the driver-adapter path (query compiler in WASM, queries through node-postgres).
 * Each call owns its pool: call `$disconnect()` to close it.
 */
export function createDb(url: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg({
    ...poolConfigFromUrl(url),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    application_name: "shop",
  });
  return new PrismaClient({ adapter });
}
