/**
 * The back office's statements at scale: runs the admin order list (the bench's filters), the first export batch,
 * the audit log and the dashboard through their real services with Prisma query logging, saves EXPLAIN (ANALYZE,
 * BUFFERS) of every statement as results/explain-admin-*.txt (a `Seq Scan on orders` fails the check), and times
 * each call in-process (200 warm runs: p50 / p99 without HTTP).
 *   tsx bench/lib/admin-explain.ts <in.json> <outDir>     (DATABASE_URL: the seeded database)
 */
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fromRoot = (p: string) => pathToFileURL(path.join(root, p)).href;
const requireDb = createRequire(path.join(root, "packages/db/package.json"));

type Core = typeof import("../../packages/core/src/index");
type DbModule = typeof import("../../packages/db/src/index");
const core: Core = await import(fromRoot("packages/core/src/index.ts"));
const dbModule: DbModule = await import(fromRoot("packages/db/src/index.ts"));
const pg = (await import(pathToFileURL(requireDb.resolve("pg")).href)).default as typeof import("pg");
const { PrismaPg } = (await import(pathToFileURL(requireDb.resolve("@prisma/adapter-pg")).href)) as typeof import("@prisma/adapter-pg");

const [input, output] = process.argv.slice(2);
const url = process.env.DATABASE_URL!;
const fx = JSON.parse(await readFile(input!, "utf8")) as { phone: string; numberPrefix: string; name: string };

const adapter = new PrismaPg({ ...dbModule.poolConfigFromUrl(url), max: 4 });
const db = new dbModule.PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
let captured: { query: string; params: string; duration: number }[] = [];
let capturing = true;
db.$on("query", (e) => {
  if (capturing) captured.push({ query: e.query, params: e.params, duration: e.duration });
});

// The services read only db (and the dashboard its clock) of their dependencies.
const deps = { db } as unknown as import("../../packages/core/src/index").AdminDeps;
const orders = core.createOrderAdmin(deps);
const timeZone = process.env.SHOP_TIMEZONE ?? "UTC";
const dashboard = core.createDashboardAdmin(deps, { timeZone });
// The same without reusing the top products for a minute: every statement on every call.
const uncached = core.createDashboardAdmin(deps, { timeZone, topProductsCacheMs: 0 });
const audit = core.createAuditAdmin(deps);
const actor = { id: "00000000-0000-7000-8000-000000000000", role: "admin" as const };
const week = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
const list = (q: Record<string, unknown>) => () => orders.list(actor, core.AdminOrderListInput.parse(q));

const calls: [string, () => Promise<unknown>][] = [
  ["dashboard-uncached", () => uncached.get(actor)],
  ["dashboard", () => dashboard.get(actor)],
  ["orders-default", list({})],
  ["orders-status-paid", list({ status: "paid" })],
  ["orders-status-pending-paid-oldest", list({ status: "pending,paid", sort: "oldest" })],
  ["orders-unpaid", list({ paymentStatus: "unpaid" })],
  ["orders-refunded", list({ paymentStatus: "refunded" })],
  ["orders-phone", list({ phone: fx.phone })],
  ["orders-number-prefix", list({ number: fx.numberPrefix })],
  ["orders-last-week", list({ createdFrom: week })],
  ["orders-total-desc", list({ sort: "total_desc" })],
  ["orders-page-40", list({ page: "40" })],
  ["orders-q-name", list({ q: fx.name.split(" ").at(-1) })],
  ["orders-export-first-batch", async () => (await orders.exportCsv(actor, core.AdminOrderExportInput.parse({}))).cancel()],
  ["audit-default", () => audit.list(actor, core.AuditListInput.parse({}))],
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const report: { name: string; file: string; seqScanOnOrders: boolean; statements: number; p50: number; p99: number }[] = [];
const client = new pg.Client({ connectionString: url });
await client.connect();
for (const [name, run] of calls) {
  capturing = true;
  captured = [];
  await run();
  const statements = captured.filter((c) => !/^(BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)/i.test(c.query.trim()));
  capturing = false;
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p50 = Math.round(quantile(times, 0.5) * 10) / 10;
  const p99 = Math.round(quantile(times, 0.99) * 10) / 10;
  let text = `# ${name}: ${statements.length} statement(s); in-process p50 ${p50} ms, p99 ${p99} ms (200 warm runs)\n`;
  let seq = false;
  for (const [i, statement] of statements.entries()) {
    const params = JSON.parse(statement.params || "[]");
    await client.query("BEGIN");
    try {
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.query}`, params);
      const lines = plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
      if (/Seq Scan on orders\b/.test(lines)) seq = true;
      text += `\n## statement ${i + 1}\n${statement.query.trim()}\n-- params: ${statement.params}\n\n${lines}\n`;
    } catch (error) {
      text += `\n## statement ${i + 1}: EXPLAIN failed: ${(error as Error).message}\n${statement.query.trim()}\n`;
    } finally {
      await client.query("ROLLBACK");
    }
  }
  const file = path.join(output!, `explain-admin-${name}.txt`);
  await writeFile(file, text);
  report.push({ name, file: path.relative(root, file), seqScanOnOrders: seq, statements: statements.length, p50, p99 });
  console.log(`${name.padEnd(36)} statements ${statements.length}  seq scan on orders: ${seq ? "YES" : "no "}  p50 ${p50} ms  p99 ${p99} ms`);
}
await client.end();
await db.$disconnect();
await writeFile(path.join(output!, "explain-admin-summary.json"), JSON.stringify({ report }, null, 2));
process.exit(0);
