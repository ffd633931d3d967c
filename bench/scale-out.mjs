/**
 * `npm run scale-out`: the shop as more than one process. Seeds its own database (shop_scale, 5,000 products),
 * builds the production web app, starts two web processes (A, B) and two workers on one Postgres and one Redis
 * behind nginx (Debian's package, installed when missing), plus two cache-off web processes (C, D) for the
 * throughput comparison, then checks:
 *   1. per-phone and per-IP code-send limits hold across instances;
 *   2. a session made on one instance works on the other (access token, refresh rotation, reuse detection);
 *   3. 200 buyers racing for a stock of 10 through nginx: exactly 10 orders, 10 x 201;
 *   4. SIGKILL of web A under order load: every Idempotency-Key has exactly one order, nginx kept serving via B;
 *   5. throughput of two web processes against one, cache on and off (informational).
 * Prints PASS/FAIL lines, writes bench/results/scale-out.md; exit code 0 only when checks 1-4 pass.
 * Cleans up its database, its Redis keys (a unique QUEUE_PREFIX), its processes and its temp folder.
 *
 * Flags: --skip-build (use the existing build), --keep-db, --seconds=N (per throughput run, default 8),
 *        --connections=N (throughput runs, default 32).
 * Run throughput-sensitive runs under the shared lock: flock /tmp/bench.lock npm run scale-out
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fillCarts, seedCategories, seedProducts, seedUsers } from "./lib/seed.mjs";
import { ensureNginx, writeNginxConfig } from "./lib/scale-out-nginx.mjs";
import {
  closeAgents,
  orderingClient,
  perIpLimit,
  perPhoneLimit,
  request,
  sessionAcrossInstances,
  sleep,
  tally,
} from "./lib/scale-out-checks.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, "..");

if (!existsSync(path.join(root, "node_modules/autocannon"))) {
  const { log, pnpmCommand, runOrFail } = await import("../scripts/lib.mjs");
  log("installing dependencies (pnpm install --frozen-lockfile)");
  await runOrFail([...pnpmCommand(), "install", "--frozen-lockfile"]);
}
const { Redis } = await import("ioredis");
const { default: pg } = await import("pg");

const flags = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? true];
  }),
);
const PRODUCTS = 5_000;
const CONTENDERS = 200;
const KILL_CLIENTS = 40;
const KILL_SECONDS = 12;
const KILL_AT_MS = 4_000;
const POOL_SIZE = 10;
const TP_SECONDS = Number(flags.seconds ?? 8);
const TP_CONNECTIONS = Number(flags.connections ?? 32);
const LIMITS = { cooldown: 10, perPhone: 2, perIp: 5 };
const DB_NAME = process.env.SCALE_DB_NAME ?? "shop_scale";
const QUEUE_PREFIX = `scale-${randomBytes(4).toString("hex")}`;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

process.env.TURBO_TELEMETRY_DISABLED ??= "1";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const t0 = Date.now();
const log = (msg) => console.log(`\x1b[36m[scale-out ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s]\x1b[0m ${msg}`);
const tmp = mkdtempSync(path.join(os.tmpdir(), "shop-scale-"));
const resultsDir = path.join(benchDir, "results");
mkdirSync(resultsDir, { recursive: true });
const children = [];

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const adminUrl = withDatabase(serverUrl, "postgres");
const DATABASE_URL = withDatabase(serverUrl, DB_NAME);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function runAsync(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out}\n${err}`))));
  });
}

function startProcess(name, cmd, args, options, ready) {
  const logFile = path.join(tmp, `${name}.log`);
  const out = openSync(logFile, "w");
  const child = spawn(cmd, args, { ...options, stdio: ["ignore", out, out] });
  children.push({ name, child });
  return (async () => {
    const deadline = Date.now() + 90_000;
    while (!(await ready().catch(() => false))) {
      if (child.exitCode !== null) throw new Error(`${name} exited early:\n${readFileSync(logFile, "utf8")}`);
      if (Date.now() > deadline) throw new Error(`${name} did not start:\n${readFileSync(logFile, "utf8")}`);
      await sleep(200);
    }
    return child;
  })();
}

async function stopAll() {
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}

async function adminQuery(sql) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function clearRedisPrefix() {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${QUEUE_PREFIX}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

let specCount = 0;
/** autocannon in its own process (bench/lib/load.mjs), as `npm run bench` does. */
async function load(spec) {
  const file = path.join(tmp, `spec-${specCount++}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const out = await runAsync(process.execPath, [path.join(benchDir, "lib/load.mjs"), file], { cwd: root });
  return JSON.parse(out.trim().split("\n").at(-1));
}

const results = { startedAt: new Date().toISOString(), checks: [], throughput: [], notes: [] };
const check = (id, name, { pass, detail }) => {
  results.checks.push({ id, name, pass, detail });
  console.log(`${pass ? "\x1b[32mPASS\x1b[0m" : "\x1b[31mFAIL\x1b[0m"} ${id}. ${name}\n       ${detail}`);
};

let db;
let keepDb = Boolean(flags["keep-db"]);
try {
  const nginxBin = ensureNginx(log);

  log(`database ${DB_NAME}: create + migrate deploy`);
  await adminQuery(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${DB_NAME}"`);
  const migrate = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    cwd: path.join(root, "packages/db"),
    env: { ...process.env, DATABASE_URL },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);
  db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();

  log(`seeding ${PRODUCTS} products, ${CONTENDERS} racers, ${KILL_CLIENTS} ordering clients`);
  const categories = await seedCategories(db);
  await seedProducts(db, { count: PRODUCTS, categories, log });
  const userIds = await seedUsers(db, CONTENDERS + KILL_CLIENTS);
  const contenders = userIds.slice(0, CONTENDERS);
  const killClients = userIds.slice(CONTENDERS);
  const { rows: pool } = await db.query(
    `SELECT id::text, slug FROM products WHERE is_active AND stock > 0 ORDER BY md5(id::text) LIMIT ${1 + KILL_CLIENTS + 200}`,
  );
  const contended = pool[0].id;
  const killProducts = pool.slice(1, 1 + KILL_CLIENTS).map((r) => r.id);
  const detailSlugs = pool.slice(1 + KILL_CLIENTS).map((r) => r.slug);
  await db.query(`UPDATE products SET stock = 10 WHERE id = $1`, [contended]);
  await db.query(`UPDATE products SET stock = 100000 WHERE id = ANY($1::uuid[])`, [killProducts]);
  await db.query(`UPDATE product_variants SET stock = 100000 WHERE product_id = ANY($1::uuid[])`, [killProducts]);
  await fillCarts(db, contenders, [contended]);
  await db.query("VACUUM ANALYZE");

  const secrets = {
    JWT_SECRET: randomBytes(32).toString("hex"),
    OTP_SECRET: randomBytes(32).toString("hex"),
    ACCESS_TOKEN_TTL_SECONDS: "3600",
  };
  log("minting sessions through createSessionService (bench/lib/core-tasks.ts)");
  const usersFile = path.join(tmp, "users.json");
  const tokensFile = path.join(tmp, "tokens.json");
  writeFileSync(usersFile, JSON.stringify({ userIds }));
  await runAsync(
    process.execPath,
    ["--conditions=@shop/source", "--import", "tsx", path.join(benchDir, "lib/core-tasks.ts"), "sessions", usersFile, tokensFile],
    { cwd: path.join(root, "packages/db"), env: { ...process.env, ...secrets, DATABASE_URL } },
  );
  const tokens = JSON.parse(readFileSync(tokensFile, "utf8"));
  const contenderTokens = tokens.slice(0, CONTENDERS);
  const killTokens = tokens.slice(CONTENDERS);

  if (flags["skip-build"] && existsSync(path.join(root, "apps/web/.next/BUILD_ID"))) {
    log("skipping the build (--skip-build)");
  } else {
    log("building the production web app (turbo: cached when unchanged)");
    const { pnpmCommand } = await import("../scripts/lib.mjs");
    const cmd = pnpmCommand();
    await runAsync(cmd[0], [...cmd.slice(1), "exec", "turbo", "run", "build", "--filter=@shop/web", "--output-logs=errors-only"], {
      cwd: root,
      env: process.env,
    });
  }

  const outbox = path.join(tmp, "sms-outbox.jsonl");
  const env = {
    ...process.env,
    ...secrets,
    NODE_ENV: "production",
    DATABASE_URL,
    DB_POOL_SIZE: String(POOL_SIZE),
    REDIS_URL,
    QUEUE_PREFIX,
    SMS_OUTBOX_PATH: outbox,
    TRUST_PROXY_HOPS: "1",
    OTP_RESEND_COOLDOWN_SECONDS: String(LIMITS.cooldown),
    OTP_MAX_SENDS_PER_PHONE_PER_HOUR: String(LIMITS.perPhone),
    OTP_MAX_SENDS_PER_IP_PER_HOUR: String(LIMITS.perIp),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
  };
  const [pA, pB, pC, pD, lbPair, lbSingle, lbPairOff, lbSingleOff] = await Promise.all(Array.from({ length: 8 }, freePort));
  const webDir = path.join(root, "apps/web");
  const web = (name, port, extra = {}) =>
    startProcess(
      name,
      process.execPath,
      [path.join(webDir, "dist", "server.js"), "-p", String(port), "-H", "127.0.0.1"],
      { cwd: webDir, env: { ...env, ...extra } },
      async () => (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status === 200,
    );
  const worker = (name) =>
    startProcess(
      name,
      process.execPath,
      ["--import", "tsx", "src/main.ts"],
      { cwd: path.join(root, "apps/worker"), env: { ...env, LOG_LEVEL: "info" } },
      async () => readFileSync(path.join(tmp, `${name}.log`), "utf8").includes('"worker ready"'),
    );
  log("starting web A, web B (cache on), web C, web D (cache off), two workers");
  const [webA] = await Promise.all([
    web("web-a", pA),
    web("web-b", pB),
    web("web-c", pC, { CATALOG_CACHE_TTL_MS: "0" }),
    web("web-d", pD, { CATALOG_CACHE_TTL_MS: "0" }),
    worker("worker-1"),
    worker("worker-2"),
  ]);

  const nginxDir = path.join(tmp, "nginx");
  const conf = writeNginxConfig(nginxDir, [
    { port: lbPair, upstreams: [pA, pB] },
    { port: lbSingle, upstreams: [pA] },
    { port: lbPairOff, upstreams: [pC, pD] },
    { port: lbSingleOff, upstreams: [pC] },
  ]);
  log(`starting nginx (${conf})`);
  await startProcess("nginx", nginxBin, ["-p", nginxDir, "-c", conf], {}, async () => (await fetch(`http://127.0.0.1:${lbSingleOff}/api/v1/health`)).status === 200);

  const A = `http://127.0.0.1:${pA}`;
  const B = `http://127.0.0.1:${pB}`;
  const LB = `http://127.0.0.1:${lbPair}`;
  const bearer = (t) => ({ authorization: `Bearer ${t}` });

  // ------------------------------------------------------------------ 1 + 2 (2 runs during 1's cooldown waits)
  log("checks 1-2: limits across instances, sessions across instances");
  const phoneOf = (n) => `+4475${String(n).padStart(8, "0")}`;
  const [phoneLimit, ipLimit, session] = await Promise.all([
    perPhoneLimit({ lb: LB, phone: phoneOf(1), from: "127.0.0.2", burst: 6, rounds: LIMITS.perPhone + 1, cooldownSeconds: LIMITS.cooldown, perPhone: LIMITS.perPhone }),
    perIpLimit({ lb: LB, phones: Array.from({ length: LIMITS.perIp + 7 }, (_, i) => phoneOf(100 + i)), from: "127.0.0.3", perIp: LIMITS.perIp }),
    sessionAcrossInstances({ webA: A, webB: B, lb: LB, outbox, phone: phoneOf(500), from: "127.0.0.4" }),
  ]);
  check("1a", "per-phone code limits hold across instances (cooldown + hourly)", phoneLimit);
  check("1b", "per-IP code limit holds across instances (X-Forwarded-For from nginx)", ipLimit);
  check("2", "a session from web A works on web B and through nginx; refresh on B", session);

  // ------------------------------------------------------------------ 3
  log(`check 3: ${CONTENDERS} buyers, stock 10, through nginx`);
  const order = (token) => ({ method: "POST", path: "/api/v1/shop/orders", headers: bearer(token), body: {} });
  const race = await load({ url: LB, requests: contenderTokens.map(order), connections: CONTENDERS, amount: CONTENDERS, timeout: 30 });
  const { rows: sold } = await db.query(
    `SELECT (SELECT stock FROM products WHERE id = $1) AS stock,
            (SELECT count(*)::int FROM order_items WHERE product_id = $1) AS orders`,
    [contended],
  );
  check("3", `${CONTENDERS}-racer checkout through nginx stays exact (stock 10)`, {
    pass: (race.statuses["201"] ?? 0) === 10 && sold[0].orders === 10 && sold[0].stock === 0,
    detail: `HTTP ${JSON.stringify(race.statuses)}, orders in DB ${sold[0].orders}, stock left ${sold[0].stock}, p99 ${race.p99} ms`,
  });

  // ------------------------------------------------------------------ 5 (before 4, which kills web A)
  log(`check 5: throughput, ${TP_CONNECTIONS} connections, ${TP_SECONDS} s each`);
  const listReq = [{ method: "GET", path: "/api/v1/shop/products/?limit=20" }];
  const detailReqs = detailSlugs.map((s) => ({ method: "GET", path: `/api/v1/shop/products/${s}` }));
  for (const [name, requests] of [
    ["list first page", listReq],
    ["product detail", detailReqs],
  ]) {
    for (const [cache, single, pair] of [
      ["on", lbSingle, lbPair],
      ["off", lbSingleOff, lbPairOff],
    ]) {
      const spec = (port) => ({ url: `http://127.0.0.1:${port}`, requests, connections: TP_CONNECTIONS, duration: TP_SECONDS, warmupSeconds: 2 });
      const one = await load(spec(single));
      const two = await load(spec(pair));
      const row = { name, cache, one: one.okRps, two: two.okRps, ratio: Math.round((two.okRps / one.okRps) * 100) / 100, p99One: one.p99, p99Two: two.p99, non2xx: one.non2xx + two.non2xx };
      results.throughput.push(row);
      log(`  ${name}, cache ${cache}: 1 process ${row.one} req/s, 2 processes ${row.two} req/s (x${row.ratio})`);
    }
  }
  const cacheHeaders = {};
  for (const [label, p] of [
    ["GET /api/v1/shop/products", "/api/v1/shop/products/?limit=20"],
    ["GET /api/v1/shop/products/{slug}", `/api/v1/shop/products/${detailSlugs[0]}`],
    ["GET /api/v1/shop/cart (Bearer)", "/api/v1/shop/cart"],
  ]) {
    const r = await request(LB, { path: p, headers: label.includes("Bearer") ? bearer(killTokens[0]) : {} });
    cacheHeaders[label] = `${r.status} ${r.headers?.["cache-control"] ?? "(no Cache-Control)"}`;
  }
  const home = await request(LB, { path: "/" });
  cacheHeaders["GET / (storefront HTML)"] = `${home.status} ${home.headers?.["cache-control"] ?? "(no Cache-Control)"}`;
  const asset = /\/_next\/static\/[^"']+\.js/.exec(home.text ?? "")?.[0];
  if (asset) {
    const r = await request(LB, { path: asset });
    cacheHeaders["GET /_next/static/…js"] = `${r.status} ${r.headers?.["cache-control"] ?? "(no Cache-Control)"}`;
  }
  results.cacheHeaders = cacheHeaders;

  // ------------------------------------------------------------------ 4
  log(`check 4: ${KILL_CLIENTS} clients ordering with Idempotency-Keys for ${KILL_SECONDS} s; SIGKILL web A at ${KILL_AT_MS / 1000} s`);
  const answers = [];
  let killedAt = 0;
  const onAnswer = (r) => answers.push({ t: Date.now(), status: r.status, upstream: r.headers?.["x-upstream"] });
  const started = Date.now();
  const killer = sleep(KILL_AT_MS).then(() => {
    killedAt = Date.now();
    webA.kill("SIGKILL");
    log("  web A killed (SIGKILL)");
  });
  const perClient = await Promise.all(
    killTokens.map((token, i) => orderingClient({ lb: LB, token, productId: killProducts[i], seconds: KILL_SECONDS, from: "127.0.0.5", onAnswer })),
  );
  await killer;
  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  const { rows: placed } = await db.query(
    `SELECT o.user_id::text, o.id::text FROM orders o WHERE o.user_id = ANY($1::uuid[])`,
    [killClients],
  );
  const { rows: keyRows } = await db.query(
    `SELECT user_id::text, key, status, response_body->>'id' AS order_id FROM idempotency_keys WHERE user_id = ANY($1::uuid[])`,
    [killClients],
  );
  const problems = [];
  let confirmed = 0;
  let replays = 0;
  let retried = 0;
  perClient.forEach((keys, i) => {
    const user = killClients[i];
    const dbOrders = placed.filter((r) => r.user_id === user).map((r) => r.id).sort();
    const answered = keys.map((k) => k.orderId).sort();
    confirmed += keys.length;
    replays += keys.filter((k) => k.replayed).length;
    retried += keys.filter((k) => k.attempts > 1).length;
    if (JSON.stringify(dbOrders) !== JSON.stringify(answered)) problems.push(`client ${i}: DB has ${dbOrders.length} orders, client confirmed ${answered.length}`);
    const rowsOfUser = keyRows.filter((r) => r.user_id === user);
    for (const k of keys) {
      const row = rowsOfUser.find((r) => r.key === k.key);
      if (!row || row.status !== "completed" || row.order_id !== k.orderId) problems.push(`client ${i} key ${k.key}: stored ${row?.status}/${row?.order_id}`);
    }
  });
  const afterKill = answers.filter((a) => a.t > killedAt);
  const servedByB = afterKill.filter((a) => a.status >= 200 && a.status < 300 && a.upstream === `127.0.0.1:${pB}`).length;
  const strayAfterKill = afterKill.filter((a) => a.upstream && a.upstream !== `127.0.0.1:${pB}` && !a.upstream.includes(",") && a.status < 500).length;
  check("4", "SIGKILL of web A under order load: one order per Idempotency-Key, nginx kept serving via web B", {
    pass: problems.length === 0 && confirmed > 0 && servedByB > 0 && killedAt > 0 && killedAt - started < KILL_SECONDS * 1000,
    detail:
      `${confirmed} keys confirmed by ${KILL_CLIENTS} clients in ${elapsed} s = ${placed.length} orders in DB; ${retried} keys needed a retry, ` +
      `${replays} answered by replay; HTTP answers to cart adds and orders ${JSON.stringify(tally(answers.map((a) => a.status)))} ` +
      `(502: in flight on A when it died; 409: retries while a dead request's claim waits out the 60 s abandonment); ` +
      `after the kill ${servedByB} 2xx from web B` +
      (strayAfterKill ? `, ${strayAfterKill} non-5xx from elsewhere` : "") +
      (problems.length ? `; PROBLEMS: ${problems.slice(0, 5).join("; ")}` : ""),
  });

  results.finishedAt = new Date().toISOString();
  results.elapsedSeconds = Math.round((Date.now() - t0) / 1000);
  results.machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg().map((l) => l.toFixed(2)).join(" ") };
  const md = markdown(results);
  writeFileSync(path.join(resultsDir, "scale-out.md"), md);
  writeFileSync(path.join(resultsDir, "scale-out.json"), JSON.stringify(results, null, 2));
  console.log(`\n${md}`);
  log("results: bench/results/scale-out.md (and scale-out.json)");
  process.exitCode = results.checks.every((c) => c.pass) ? 0 : 1;
} catch (error) {
  console.error(error);
  process.exitCode = 2;
} finally {
  closeAgents();
  await db?.end().catch(() => {});
  await stopAll();
  if (process.exitCode) {
    for (const { name } of children) {
      const file = path.join(tmp, `${name}.log`);
      if (existsSync(file)) writeFileSync(path.join(resultsDir, `scale-out-${name}.log`), readFileSync(file));
    }
    const nginxErrors = path.join(tmp, "nginx/logs/error.log");
    if (existsSync(nginxErrors)) writeFileSync(path.join(resultsDir, "scale-out-nginx-error.log"), readFileSync(nginxErrors));
  }
  await clearRedisPrefix().catch((e) => console.error("could not clear the run's Redis keys:", e.message));
  if (keepDb) log(`kept database ${DB_NAME} (${DATABASE_URL})`);
  else await adminQuery(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`).catch((e) => console.error("could not drop the database:", e.message));
  rmSync(tmp, { recursive: true, force: true });
}

function markdown(r) {
  const lines = [
    `# Scale-out run (${r.startedAt})`,
    "",
    `Machine: ${r.machine.cpus} CPUs (${r.machine.model}), Node ${r.machine.node}, load average at the end ${r.machine.loadavg}. ` +
      `Two web processes (A, B) and two workers on one PostgreSQL and one Redis behind nginx (round robin); ` +
      `${PRODUCTS} products; ${r.elapsedSeconds} s in all. Produced by \`npm run scale-out\` (bench/scale-out.mjs).`,
    "",
    "## Checks (exit code 0 only when all pass)",
    "",
    "| # | Check | Result | Detail |",
    "|---|---|---|---|",
    ...r.checks.map((c) => `| ${c.id} | ${c.name} | ${c.pass ? "PASS" : "**FAIL**"} | ${c.detail.replaceAll("|", "\\|")} |`),
    "",
    `## Throughput: two web processes against one (informational, ${TP_CONNECTIONS} connections, ${TP_SECONDS} s, through nginx)`,
    "",
    "| Scenario | Catalogue cache | 1 process (req/s) | 2 processes (req/s) | 2 / 1 | p99 1 / 2 (ms) | non-2xx |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...r.throughput.map((t) => `| ${t.name} | ${t.cache} | ${t.one} | ${t.two} | ${t.ratio}x | ${t.p99One} / ${t.p99Two} | ${t.non2xx} |`),
    "",
    `Read these as what ${r.machine.cpus} cores allow, not as what the design allows. A second web process can only use CPU ` +
      "that nobody else uses: PostgreSQL, nginx and the load generator (autocannon, a process of its own) run on the " +
      "same cores. With the catalogue cache on, a request is Node work only, and one web process (one event loop, " +
      "about one core) leaves part of the second core idle, which the second process takes. With the cache off, " +
      "every request also costs PostgreSQL CPU, so one web process plus PostgreSQL, nginx and autocannon already " +
      "fill both cores and a second process mostly adds contention (note the higher p99). Expect close to linear " +
      "gains only with a core per web process and a database on its own machine, until PostgreSQL or the pools " +
      "(DB_POOL_SIZE x processes) become the limit.",
    "",
    "## Cache-Control the API sent (through nginx)",
    "",
    ...Object.entries(r.cacheHeaders ?? {}).map(([k, v]) => `- ${k}: \`${v}\``),
    "",
  ];
  return lines.join("\n");
}
