/**
 * Embedded PostgreSQL for the zero-setup `npm start`: PGlite (Postgres compiled to WebAssembly) served over the
 * Postgres wire protocol (embedded-server.ts), so Prisma, `pg` and the migrate CLI connect to it like to a server.
 * PGlite is one Postgres session: the server hands it to one connection at a time, for a whole batch or a whole
 * transaction (embedded-session.ts). So it is correct under concurrency, but never parallel: it is for trying the
 * shop, not for production (set DATABASE_URL to a real server there).
 *
 * Contrib extensions the migrations may create are loaded into the instance (pg_trgm).
 *
 * CLI: `tsx src/embedded.ts [--data-dir DIR] [--port N] [--host H] [--max-connections N]
 * [--owner-idle-timeout-ms N] [--max-message-bytes N]` (defaults: EMBEDDED_SERVER_DEFAULTS) prints one JSON line
 * `{"event":"ready","url":...}` when it accepts connections (`--port 0` picks a free port) and shuts down
 * cleanly on SIGINT/SIGTERM, after rolling back what clients left open.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { EMBEDDED_SERVER_DEFAULTS, EmbeddedServer } from "./embedded-server";

export interface EmbeddedPostgresOptions {
  /** Directory holding the database files (created when missing). */
  dataDir: string;
  port?: number;
  host?: string;
  /** Concurrent client connections accepted (web + worker pools + migrate CLI). */
  maxConnections?: number;
  /** A connection holding the session idle (mid-transaction) longer than this is closed; 0: never. */
  ownerIdleTimeoutMs?: number;
  /** Largest single protocol message a client may send (bytes). */
  maxMessageBytes?: number;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export const DEFAULT_EMBEDDED_PORT = 54329;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { pg_trgm } });
  const server = new EmbeddedServer({
    db,
    host,
    port: options.port ?? DEFAULT_EMBEDDED_PORT,
    maxConnections: options.maxConnections ?? EMBEDDED_SERVER_DEFAULTS.maxConnections,
    ownerIdleTimeoutMs: options.ownerIdleTimeoutMs ?? EMBEDDED_SERVER_DEFAULTS.ownerIdleTimeoutMs,
    maxMessageBytes: options.maxMessageBytes ?? EMBEDDED_SERVER_DEFAULTS.maxMessageBytes,
    log: (message) => console.error(`[embedded postgres] ${message}`),
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `postgresql://postgres@${host}:${server.port}/postgres`,
    stop() {
      // Close the socket server first so no statement arrives while PGlite flushes its files.
      stopped ??= server.stop().then(() => db.close());
      return stopped;
    },
  };
}

function intFlag(flag: string, value: string, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "data-dir": { type: "string", default: path.resolve(".data/pglite") },
      port: { type: "string", default: String(DEFAULT_EMBEDDED_PORT) },
      host: { type: "string", default: "127.0.0.1" },
      "max-connections": { type: "string", default: String(EMBEDDED_SERVER_DEFAULTS.maxConnections) },
      "owner-idle-timeout-ms": { type: "string", default: String(EMBEDDED_SERVER_DEFAULTS.ownerIdleTimeoutMs) },
      "max-message-bytes": { type: "string", default: String(EMBEDDED_SERVER_DEFAULTS.maxMessageBytes) },
    },
  });
  const pg = await startEmbeddedPostgres({
    dataDir: path.resolve(values["data-dir"]),
    port: intFlag("port", values.port),
    host: values.host,
    maxConnections: intFlag("max-connections", values["max-connections"], 1),
    ownerIdleTimeoutMs: intFlag("owner-idle-timeout-ms", values["owner-idle-timeout-ms"]),
    maxMessageBytes: intFlag("max-message-bytes", values["max-message-bytes"], 1024),
  });
  console.log(JSON.stringify({ event: "ready", url: pg.url, dataDir: values["data-dir"] }));
  const shutdown = () => {
    pg.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
