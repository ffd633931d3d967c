// `npm start`: runs the whole shop from a fresh clone. Installs dependencies, uses DATABASE_URL or starts an
// embedded Postgres (PGlite, data in .data/), migrates, loads the demo catalog into an empty database, builds
// and starts the web app and the worker, prints the URLs. Ctrl-C stops everything (the database last).
//
// Flags: --dev (Next.js in development mode and the sources through tsx, reloading on changes, instead of a
// production build), --skip-install, --skip-build.
// Env: PORT (3000), HOST (127.0.0.1), DATABASE_URL, REDIS_URL, SHOP_DATA_DIR (.data), EMBEDDED_PG_PORT (54329),
// JWT_SECRET / OTP_SECRET (generated once into .data/secrets.json when unset), SMS_OUTBOX_PATH,
// LOG_FORMAT (pretty on a terminal, json otherwise).
//
// Redis: REDIS_URL when set (the SMS worker runs too); else single-process mode (OTP state and limits in the web
// process's memory, SMS sent in-process, no worker). A Redis that happens to run on this machine is never used
// unasked; the banner says which mode is on.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fail, loadDotEnv, log, pnpmCommand, redisReachable, root, runOrFail, waitFor } from "./lib.mjs";

const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
loadDotEnv();

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const dataDir = path.resolve(root, process.env.SHOP_DATA_DIR ?? ".data");
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** Secrets for a local shop: the environment's when set, else generated once and kept in .data/secrets.json. */
function localSecrets() {
  const file = path.join(dataDir, "secrets.json");
  let saved = {};
  if (existsSync(file)) saved = JSON.parse(readFileSync(file, "utf8"));
  const secrets = {
    JWT_SECRET: process.env.JWT_SECRET ?? saved.JWT_SECRET ?? randomBytes(32).toString("hex"),
    OTP_SECRET: process.env.OTP_SECRET ?? saved.OTP_SECRET ?? randomBytes(32).toString("hex"),
  };
  if (!process.env.JWT_SECRET || !process.env.OTP_SECRET) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ ...saved, ...secrets }, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/** Long-running children, stopped in reverse start order (database last). */
const children = [];
let stopping = false;

function startChild(name, argv, { cwd, env }) {
  const child = spawn(argv[0], argv.slice(1), {
    cwd,
    env,
    // Own process group: Ctrl-C reaches only this script, which then stops the children in order.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `\x1b[2m${name.padEnd(6)}|\x1b[0m `;
  const relay = (stream, out) => {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) out.write(prefix + formatLine(line) + "\n");
      child.emit("line", lines);
    });
  };
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      log(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest`);
      void shutdown(1);
    }
  });
  children.push({ name, child });
  return child;
}

function waitForLine(child, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    const onLines = (lines) => {
      for (const line of lines) {
        const m = pattern.exec(line);
        if (m) {
          clearTimeout(timer);
          child.off("line", onLines);
          resolve(m);
          return;
        }
      }
    };
    child.on("line", onLines);
    child.once("exit", () => reject(new Error("process exited before it was ready")));
  });
}

async function stopChild({ name, child }, graceMs = 25_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    log(`${name} did not stop within ${graceMs} ms; killing it`);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  const running = children.slice().reverse();
  // Web and worker first (they drain in-flight work), the database after them.
  const db = running.filter((c) => c.name === "pg");
  await Promise.all(running.filter((c) => c.name !== "pg").map((c) => stopChild(c)));
  await Promise.all(db.map((c) => stopChild(c)));
  log("stopped");
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("exit", () => {
  for (const { child } of children) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

const pnpm = pnpmCommand();
if (!args.has("--skip-install")) {
  log("installing dependencies (pnpm install --frozen-lockfile)");
  await runOrFail([...pnpm, "install", "--frozen-lockfile"]);
}

// On a terminal the children's JSON log lines are shown the way a person reads them (pino-pretty); piped or
// with LOG_FORMAT=json they stay JSON, as in production.
const pretty = (process.env.LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json")) === "pretty";
const prettify = pretty ? await prettyLines() : null;
function formatLine(line) {
  if (!prettify || !line.startsWith("{")) return line;
  try {
    const entry = JSON.parse(line);
    if (typeof entry.level !== "number" && typeof entry.level !== "string") return line;
    return prettify(line).replace(/\n$/, "");
  } catch {
    return line;
  }
}
async function prettyLines() {
  const { prettyFactory } = await import("pino-pretty");
  return prettyFactory({
    colorize: true,
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname,service,requestId,method,path,status,ms",
    singleLine: true,
    // A request is one short line: "GET /api/v1/health 200 3 ms".
    messageFormat: (log, messageKey) =>
      log.method ? `${log.method} ${log.path} ${log.status} ${log.ms} ms` : String(log[messageKey] ?? ""),
  });
}

let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  log(`DATABASE_URL is not set: starting the embedded Postgres (PGlite, data in ${path.relative(root, dataDir) || "."}/pglite)`);
  const pg = startChild(
    "pg",
    [process.execPath, "--import", "tsx", "src/embedded.ts", "--data-dir", path.join(dataDir, "pglite"), "--port", String(pgPort)],
    { cwd: path.join(root, "packages/db"), env: process.env },
  );
  try {
    const [line] = await waitForLine(pg, /^\{"event":"ready".*\}$/, 60_000);
    databaseUrl = JSON.parse(line).url;
  } catch (error) {
    fail(`embedded Postgres did not start: ${error.message} (is port ${pgPort} free? set EMBEDDED_PG_PORT)`);
  }
}
const embedded = !process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL || undefined;
const singleProcess = !redisUrl;
const twilio = Boolean(
  process.env.TWILIO_ACCOUNT_SID && process.env.TWILIO_AUTH_TOKEN && (process.env.TWILIO_FROM || process.env.TWILIO_MESSAGING_SERVICE_SID),
);
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  SMS_OUTBOX_PATH: process.env.SMS_OUTBOX_PATH ?? path.join(dataDir, "sms-outbox.jsonl"),
  // The shop this script starts listens on HOST (127.0.0.1 by default): the mock outbox page is for its user.
  SMS_OUTBOX_PAGE: process.env.SMS_OUTBOX_PAGE ?? "1",
  ...localSecrets(),
  ...(redisUrl ? { REDIS_URL: redisUrl } : { SHOP_SINGLE_PROCESS: "1" }),
};
if (!redisUrl) delete env.REDIS_URL;

log("applying migrations");
await runOrFail([...pnpm, "--filter", "@shop/db", "migrate:deploy"], { env });
log("loading the demo catalog if the catalog is empty");
await runOrFail([...pnpm, "--filter", "@shop/db", "seed", "--if-empty"], { env });

if (!singleProcess && !(await redisReachable(redisUrl))) {
  log(`Redis is not reachable at ${redisUrl}: sign-in codes answer 503 until it is; the worker waits for it.`);
}

const webDir = path.join(root, "apps/web");
const workerDir = path.join(root, "apps/worker");
if (!dev && !args.has("--skip-build")) {
  log("building the web app and the worker (turbo caches unchanged builds)");
  await runOrFail([...pnpm, "exec", "turbo", "run", "build", "--filter=@shop/web", "--filter=@shop/worker", "--output-logs=errors-only"], { env });
}
/**
 * A process as it runs: the built JavaScript (dist/) normally; with --dev, the TypeScript sources of the app and
 * of every package it loads (the "@shop/source" export condition, through tsx), restarted when the server-side
 * code under `watch` changes. Pages hot-reload inside Next.js without a restart.
 */
const processCommand = (built, source, watch) =>
  dev
    ? [process.execPath, "--conditions=@shop/source", "--import", "tsx", ...watch.map((dir) => `--watch-path=${path.join(root, dir)}`), source]
    : [process.execPath, built];
const packageSources = (...names) => names.map((name) => `packages/${name}/src`);
const webEnv = { ...env, PORT: String(port), NODE_ENV: dev ? "development" : "production" };
// The web server (apps/web/src/server.ts) in both modes: it answers /api/v1 and stamps each request with its TCP peer.
const webCommand = processCommand("dist/server.js", "src/server.ts", ["apps/web/src/server.ts", ...packageSources("server", "api", "core", "db")]);
startChild("web", [...webCommand, ...(dev ? ["--dev"] : []), "-p", String(port), "-H", host], {
  cwd: webDir,
  env: webEnv,
});
if (!singleProcess) {
  startChild("worker", processCommand("dist/main.js", "src/main.ts", ["apps/worker/src", ...packageSources("core", "db")]), {
    cwd: workerDir,
    env,
  });
}

const base = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
const up = await waitFor(
  async () => {
    try {
      const res = await fetch(`${base}/api/v1/health`);
      return res.status === 200 || res.status === 503;
    } catch {
      return false;
    }
  },
  { timeoutMs: 120_000 },
);
if (!up) {
  log("the web app did not answer within 120 s");
  await shutdown(1);
}
const localRedis = singleProcess && (await redisReachable(DEFAULT_REDIS_URL));
const outboxFile = path.relative(root, env.SMS_OUTBOX_PATH) || env.SMS_OUTBOX_PATH;
const rows = [
  ["Shop", `${base}/`],
  ["REST API", `${base}/api/v1/health`],
  ["Docs", `${base}/swagger  ${base}/redoc`],
  ["Database", embedded ? `embedded PostgreSQL (PGlite, ${path.relative(root, dataDir) || "."}/pglite) at ${databaseUrl}` : redact(databaseUrl)],
  [
    "Redis",
    singleProcess
      ? `none: single-process mode (codes and limits in the web process, no worker)${localRedis ? `; a Redis answers on ${DEFAULT_REDIS_URL}: REDIS_URL=${DEFAULT_REDIS_URL} uses it` : ""}`
      : `${redact(redisUrl)} (the SMS worker is running)`,
  ],
  ["SMS", twilio ? "Twilio" : `mock sender: read codes at ${base}/dev/sms (or ${outboxFile})`],
  ["Admin", `DATABASE_URL=${embedded ? databaseUrl : "<your DATABASE_URL>"} ADMIN_PASSWORD='<choose one>' npm run admin -- +998901234567 --name "Owner"`],
];
console.log(`
  \x1b[1mThe shop is running\x1b[0m${embedded ? " (embedded Postgres)" : ""}
${rows.map(([label, value]) => `    ${label.padEnd(9)} ${value}`).join("\n")}
  Press Ctrl-C to stop.
`);

/** A URL as it may be printed: without its password. */
function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(set)";
  }
}
