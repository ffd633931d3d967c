// `npm test`: installs dependencies, makes sure PostgreSQL and Redis answer (starting the local services when
// they are installed but down), then typechecks, lints, builds and runs every Vitest suite. The test database
// is created and migrated by the Vitest global setup (tooling/vitest/src/global-setup.ts).
//
// Env: TEST_DATABASE_URL or DATABASE_URL (server to create the test database on; default the local server),
// REDIS_URL (default redis://127.0.0.1:6379). Extra arguments are passed to `vitest run`.
import { existsSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import {
  fail,
  hostPort,
  log,
  pnpmCommand,
  redisReachable,
  root,
  run,
  runOrFail,
  tcpReachable,
  waitFor,
} from "./lib.mjs";

const vitestArgs = process.argv.slice(2);
const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const isLocal = (host) => ["127.0.0.1", "localhost", "::1"].includes(host);

function tryStart(description, argv) {
  log(`${description} is down; trying: ${argv.join(" ")}`);
  const r = spawnSync(argv[0], argv.slice(1), { stdio: "inherit" });
  return r.status === 0;
}

async function ensurePostgres() {
  const { host, port } = hostPort(pgUrl, 5432);
  if (await tcpReachable(host, port)) return;
  if (isLocal(host) && existsSync("/etc/postgresql")) {
    for (const version of readdirSync("/etc/postgresql")) {
      tryStart("PostgreSQL", ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"]);
    }
    if (await waitFor(() => tcpReachable(host, port), { timeoutMs: 30_000 })) return;
  }
  fail(
    `PostgreSQL is not reachable at ${host}:${port}. Start it, or set TEST_DATABASE_URL to a server where the ` +
      "tests may create a database (e.g. apt-get install -y postgresql).",
  );
}

async function ensureRedis() {
  if (await redisReachable(redisUrl)) return;
  const { host, port } = hostPort(redisUrl, 6379);
  if (isLocal(host) && spawnSync("redis-server", ["--version"]).status === 0) {
    tryStart("Redis", [
      "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", String(port),
      "--save", "", "--appendonly", "no",
    ]);
    if (await waitFor(() => redisReachable(redisUrl), { timeoutMs: 15_000 })) return;
  }
  fail(`Redis is not reachable at ${redisUrl}. Start it, or set REDIS_URL (e.g. apt-get install -y redis-server).`);
}

/** Debian's chromium for the Playwright suites (browser downloads are impossible here); installed when missing. */
function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return chromium;
  const canApt = process.getuid?.() === 0 && spawnSync("apt-get", ["--version"]).status === 0;
  if (canApt) {
    log("chromium is missing; installing Debian's chromium package (apt-get)");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
    if (existsSync(chromium)) return chromium;
  }
  fail(`chromium is not installed at ${chromium}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
}

const started = Date.now();
const pnpm = pnpmCommand();
log("installing dependencies (pnpm install --frozen-lockfile)");
await runOrFail([...pnpm, "install", "--frozen-lockfile"]);
await ensurePostgres();
await ensureRedis();
log("services reachable: PostgreSQL and Redis");
const chromium = ensureChromium();

const env = { ...process.env, REDIS_URL: redisUrl, TEST_DATABASE_URL: pgUrl, CHROMIUM_PATH: chromium };
delete env.DATABASE_URL; // the global setup points the tests at their own database on that server

log("typecheck, lint and build");
await runOrFail([...pnpm, "exec", "turbo", "run", "typecheck", "typecheck:root", "lint", "build", "--output-logs=errors-only"], { env });

log("running every Vitest suite (unit and integration, real PostgreSQL and Redis)");
const vitest = await run([...pnpm, "exec", "vitest", "run", ...vitestArgs], { env });
log("running the Playwright end-to-end suites (production build, worker, Debian chromium)");
const e2e = await run([...pnpm, "--filter", "@shop/web", "e2e"], { env });
const code = vitest || e2e;
log(`${code === 0 ? "all suites passed" : `FAILED (vitest exit ${vitest}, playwright exit ${e2e})`} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(code);
