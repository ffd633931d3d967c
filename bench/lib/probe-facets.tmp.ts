import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fromRoot = (p: string) => pathToFileURL(path.join(root, p)).href;
const requireDb = createRequire(path.join(root, "packages/db/package.json"));
const core: typeof import("../../packages/core/src/index") = await import(fromRoot("packages/core/src/index.ts"));
const dbModule: typeof import("../../packages/db/src/index") = await import(fromRoot("packages/db/src/index.ts"));
const pg = (await import(pathToFileURL(requireDb.resolve("pg")).href)).default as typeof import("pg");
const { PrismaPg } = (await import(pathToFileURL(requireDb.resolve("@prisma/adapter-pg")).href)) as typeof import("@prisma/adapter-pg");
const url = process.env.DATABASE_URL!;
const adapter = new PrismaPg({ ...dbModule.poolConfigFromUrl(url), max: 2 });
const db = new dbModule.PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
let captured: { query: string; params: string; duration: number }[] = [];
db.$on("query", (e) => captured.push({ query: e.query, params: e.params, duration: e.duration }));
const inputs: Record<string, unknown>[] = JSON.parse(process.argv[2]!);
const client = new pg.Client({ connectionString: url });
await client.connect();
for (const input of inputs) {
  const parsed = core.ProductFacetsInput.parse(input);
  await core.productFacets(db, parsed);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await core.productFacets(db, parsed);
    times.push(Math.round(performance.now() - t));
  }
  console.log(JSON.stringify(input), "ms:", times.join(" "), captured.slice(-3).map((c) => c.duration).join(","));
  if (process.env.EXPLAIN) {
    const last = captured.filter((c) => c.query.includes("option")).at(-1)!;
    const plan = await client.query(`EXPLAIN (ANALYZE, COSTS OFF) ${last.query}`, JSON.parse(last.params));
    console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
  }
  captured = [];
}
await client.end();
await db.$disconnect();
