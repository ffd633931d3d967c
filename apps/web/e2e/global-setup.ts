/**
 * Prepares the end-to-end run: a fresh database (shop_e2e_<pid>) migrated and seeded with the demo catalogue,
 * a local Stripe stub (its hosted payment page and webhook deliveries), then the production web server and the
 * worker as real processes sharing a queue prefix, secrets, the stub and a mock SMS outbox. Their coordinates go
 * to the tests through environment variables (and a state file for teardown).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { stripeTestSignature } from "@shop/core";
import { freePort, startStripeStub, waitFor, type StripeStub } from "@shop/test-support";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const root = path.resolve(webDir, "../..");
export const STATE_FILE = path.join(webDir, "test-results", "e2e-state.json");

/** The stub lives in Playwright's main process for the whole run; teardown closes it through this handle. */
export const stubHandle = globalThis as typeof globalThis & { __shopStripeStub?: StripeStub };

function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function globalSetup() {
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `shop_e2e_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl(server, "postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const DATABASE_URL = databaseUrl(server, name);

  const dbDir = path.join(root, "packages/db");
  for (const args of [["scripts/prisma.mjs", "migrate", "deploy"], ["--import", "tsx", "src/seed.ts"]]) {
    const run = spawnSync(process.execPath, args, { cwd: dbDir, env: { ...process.env, DATABASE_URL }, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  }

  const outDir = path.join(webDir, "test-results");
  mkdirSync(outDir, { recursive: true });
  const port = await freePort();
  // Letters and digits only after the prefixes (the shop's env validation).
  const STRIPE_WEBHOOK_SECRET = `whsec_e2e${randomBytes(16).toString("hex")}`;
  const stub = await startStripeStub({ sign: (payload) => stripeTestSignature(payload, STRIPE_WEBHOOK_SECRET) });
  stubHandle.__shopStripeStub = stub;
  const env = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: `e2e-${randomBytes(4).toString("hex")}`,
    JWT_SECRET: randomBytes(32).toString("hex"),
    OTP_SECRET: randomBytes(32).toString("hex"),
    SMS_OUTBOX_PATH: path.join(outDir, `sms-outbox-${process.pid}.jsonl`),
    // Uploaded images of this run, on local disk like `npm start` keeps them (served at /media/).
    MEDIA_DIR: path.join(outDir, `media-${process.pid}`),
    // The journey signs in several times from one address.
    OTP_RESEND_COOLDOWN_SECONDS: "10",
    OTP_MAX_SENDS_PER_IP_PER_HOUR: "1000",
    // As `npm start` runs it: the production build, the mock sender, and the outbox page a person reads codes on.
    SMS_OUTBOX_PAGE: "1",
    // Card payments through the stub: the web app opens sessions, the worker closes them when orders expire.
    STRIPE_SECRET_KEY: `sk_test_e2e${randomBytes(16).toString("hex")}`,
    STRIPE_WEBHOOK_SECRET,
    STRIPE_API_BASE: stub.url,
    LOG_LEVEL: "warn",
    // Manual orders keep no deadline by default; the payments spec also checks the countdown of one that has.
    MANUAL_ORDERS_EXPIRE: "true",
  } as NodeJS.ProcessEnv;
  const log = openSync(path.join(outDir, "e2e-servers.log"), "w");
  const web = spawn(process.execPath, [path.join(webDir, "dist", "server.js"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: webDir,
    env,
    stdio: ["ignore", log, log],
    detached: true,
  });
  const worker = spawn(process.execPath, [path.join(root, "apps/worker/dist/main.js")], {
    cwd: path.join(root, "apps/worker"),
    env,
    stdio: ["ignore", log, log],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  stub.webhookUrl = `${baseUrl}/api/v1/payments/stripe/webhook`;
  writeFileSync(STATE_FILE, JSON.stringify({ pids: [web.pid, worker.pid], server, name, redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX }));
  await waitFor("the web server (and its Redis)", async () => (await fetch(`${baseUrl}/api/v1/health`)).status === 200, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });

  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_DATABASE_URL = DATABASE_URL;
  process.env.E2E_OUTBOX = env.SMS_OUTBOX_PATH;
  process.env.E2E_STRIPE_URL = stub.url;
}
