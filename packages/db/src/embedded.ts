/**
 * Embedded PostgreSQL for the zero-setup `npm start`: PGlite (Postgres compiled to WebAssembly) served over the
 * Postgres wire protocol by pglite-socket, so Prisma, `pg` and the migrate CLI connect to it like to a server.
 * One PGlite instance executes one statement at a time; pglite-socket queues statements across connections and
 * keeps an open transaction on its own connection, so it is correct but not fast: it is for trying the shop,
 * not for production (set DATABASE_URL to a real server there).
 *
 * CLI: `tsx src/embedded.ts [--data-dir DIR] [--port N] [--host H]` prints one JSON line
 * `{"event":"ready","url":...}` when it accepts connections and shuts down cleanly on SIGINT/SIGTERM.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgresOptions {
  /** Directory holding the database files (created when missing). */
  dataDir: string;
  port?: number;
  host?: string;
  /** Concurrent client connections accepted (web + worker pools + migrate CLI). */
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export const DEFAULT_EMBEDDED_PORT = 54329;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir });
  const server = new PGLiteSocketServer({
    db,
    host,
    port: options.port ?? DEFAULT_EMBEDDED_PORT,
    maxConnections: options.maxConnections ?? 40,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const port = Number(server.getServerConn().split(":").pop());
  let stopped: Promise<void> | undefined;
  return {
    url: `postgresql://postgres@${host}:${port}/postgres`,
    stop() {
      // Close the socket server first so no statement arrives while PGlite flushes its files.
      stopped ??= server.stop().then(() => db.close());
      return stopped;
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "data-dir": { type: "string", default: path.resolve(".data/pglite") },
      port: { type: "string", default: String(DEFAULT_EMBEDDED_PORT) },
      host: { type: "string", default: "127.0.0.1" },
    },
  });
  const pg = await startEmbeddedPostgres({
    dataDir: path.resolve(values["data-dir"]),
    port: Number(values.port),
    host: values.host,
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
