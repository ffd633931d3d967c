/**
 * Global setup of the `<workspace>:embedded` projects: the suites that load the database hardest run a second
 * time against the embedded Postgres `npm start` uses when DATABASE_URL is unset (PGlite behind our wire-protocol
 * server), so it is held to the same results as the real server.
 *
 * The server runs as its own process through the same CLI start.mjs runs (`src/embedded.ts`), with a data
 * directory in a temp dir, migrated with `prisma migrate deploy` through it. PGlite has one database, so these
 * projects share it; their files own their data (unique fixtures) like every integration file. The URL reaches
 * the test files through `provide`/`inject` (see embedded-env.ts), because process.env of this main process may
 * already name the real test database for the `:integration` projects of the same run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import type { TestProject } from "vitest/node";
import { migrateDeploy } from "@shop/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    embeddedDatabaseUrl: string;
  }
}

const READY_TIMEOUT_MS = 60_000;

let running: Promise<{ url: string; stop: () => Promise<void> }> | undefined;

function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  return (async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "shop-embedded-run-"));
    // The sources, like every test (no build needed): the package's directory, then its src/embedded.ts.
    const dbDir = path.dirname(createRequire(import.meta.url).resolve("@shop/db/package.json"));
    const cli = path.join(dbDir, "src", "embedded.ts");
    const child = spawn(process.execPath, ["--import", "tsx", cli, "--data-dir", path.join(dataDir, "pglite"), "--port", "0"], {
      cwd: dbDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the embedded server did not start:\n${output}`)), READY_TIMEOUT_MS);
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split("\n").find((l) => l.startsWith('{"event":"ready"'));
        if (line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { url: string }).url);
        }
      });
      // Its own log lines (a rollback after a disconnect, …) are worth seeing next to a failing test.
      child.stderr!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        process.stderr.write(chunk);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the embedded server exited (${code}):\n${output}`));
      });
    });
    await migrateDeploy(url);
    return { url, stop: () => stopServer(child, dataDir) };
  })();
}

async function stopServer(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
  await rm(dataDir, { recursive: true, force: true });
}

export default async function setup(project: TestProject) {
  // One server for every embedded project of the run (they all run their global setups in this process).
  const first = running === undefined;
  running ??= startServer();
  const server = await running;
  project.provide("embeddedDatabaseUrl", server.url);
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
  if (!first) return;
  return async () => {
    running = undefined;
    await server.stop();
  };
}
