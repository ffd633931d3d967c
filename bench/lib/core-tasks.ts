/**
 * Bench steps that need the real domain code (run with tsx from packages/db, which resolves its imports):
 *   sessions <in.json> <out.json>   real sessions via createSessionService for the given user ids
 *   explain  <in.json> <outDir>     runs the core functions behind scenarios 1-5 with Prisma query logging,
 *                                   then EXPLAIN (ANALYZE, BUFFERS) of every captured statement
 * Input JSON carries DATABASE_URL-independent data; the database comes from DATABASE_URL.
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

const [command, input, output] = process.argv.slice(2);
const url = process.env.DATABASE_URL!;
const args = JSON.parse(await readFile(input!, "utf8"));

function tokenService() {
  return core.createTokenService({
    secrets: [process.env.JWT_SECRET!],
    issuer: process.env.JWT_ISSUER ?? "shop",
    audience: process.env.JWT_AUDIENCE ?? "shop-api",
    accessTtlSeconds: Number(process.env.ACCESS_TOKEN_TTL_SECONDS ?? 3600),
  });
}

async function sessions() {
  const db = dbModule.createDb(url, { poolSize: 10 });
  const service = core.createSessionService({ db, tokens: tokenService() });
  const ids: string[] = args.userIds;
  const tokens: string[] = new Array(ids.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < ids.length) {
        const i = next++;
        const pair = await service.create({ id: ids[i]!, role: "customer" }, { userAgent: "shop-bench", ip: "127.0.0.1" });
        tokens[i] = pair.accessToken;
      }
    }),
  );
  await db.$disconnect();
  await writeFile(output!, JSON.stringify(tokens));
}

interface Captured {
  query: string;
  params: string;
  duration: number;
}

async function explain() {
  const { PrismaPg } = (await import(pathToFileURL(requireDb.resolve("@prisma/adapter-pg")).href)) as typeof import("@prisma/adapter-pg");
  const adapter = new PrismaPg({ ...dbModule.poolConfigFromUrl(url), max: 2 });
  const db = new dbModule.PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  let captured: Captured[] = [];
  db.$on("query", (e) => captured.push({ query: e.query, params: e.params, duration: e.duration }));
  const take = async (name: string, run: () => Promise<unknown>) => {
    captured = [];
    const started = performance.now();
    await run();
    // Wall time of the core call (query compiler, round trips, mapping): informational, from a cold cache.
    const ms = Math.round((performance.now() - started) * 10) / 10;
    return { name, ms, statements: captured.filter((c) => !/^(BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)/i.test(c.query.trim())) };
  };
  const list = (q: Record<string, unknown>) => core.listProducts(db, core.ListProductsInput.parse(q));
  const sessionService = core.createSessionService({ db, tokens: tokenService() });
  const scenarios = [
    await take("list-first", () => list({ limit: 20 })),
    await take("list-deep", () => list({ limit: 20, cursor: args.deepCursor })),
    // Searches rank by relevance unless a sort is given.
    await take("search-common", () => list({ limit: 20, q: args.searchCommon })),
    await take("search-common-newest", () => list({ limit: 20, q: args.searchCommon, sort: "newest" })),
    await take("search-common-word", () => list({ limit: 20, q: args.searchCommonWord })),
    await take("search-rare", () => list({ limit: 20, q: args.searchRare })),
    await take("search-prefix", () => list({ limit: 20, q: args.searchPrefix })),
    await take("search-typo", () => list({ limit: 20, q: args.searchTypo })),
    await take("search-category", () => list({ limit: 20, q: args.searchTypo, category: args.category })),
    await take("search-category-price-asc", () => list({ limit: 20, q: args.searchCommonWord, category: args.category, sort: "price_asc" })),
    await take("category-price-asc", () => list({ limit: 20, category: args.category, sort: "price_asc" })),
    await take("category-leaf-price-asc", () => list({ limit: 20, category: args.leafCategory, sort: "price_asc" })),
    await take("detail", () => core.getProduct(db, args.detailSlug)),
    // The facets scenario's three kinds of request: a category, a search, a category with a size in stock.
    await take("facets-category", () => core.productFacets(db, core.ProductFacetsInput.parse({ category: args.category }))),
    await take("facets-search", () => core.productFacets(db, core.ProductFacetsInput.parse({ q: args.searchCommonWord }))),
    await take("facets-category-size-in-stock", () =>
      core.productFacets(db, core.ProductFacetsInput.parse({ category: args.category, options: "size:m", inStock: true })),
    ),
    await take("cart-add", async () => {
      const user = await sessionService.authenticate(args.cartToken);
      return core.addToCart(db, { userId: user.id }, { productId: args.cartProductId, quantity: 1 });
    }),
  ];
  await db.$disconnect();

  // EXPLAIN each statement with its own parameters, inside a transaction that is rolled back (ANALYZE executes).
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const report: { name: string; file: string; seqScanOnProducts: boolean; statements: number; ms: number }[] = [];
  const sql: Record<string, string[]> = {};
  for (const scenario of scenarios) {
    let text = `# ${scenario.name}: ${scenario.statements.length} statement(s)\n`;
    let seq = false;
    sql[scenario.name] = scenario.statements.map((s) => s.query);
    for (const [i, statement] of scenario.statements.entries()) {
      const params = JSON.parse(statement.params || "[]");
      // The result-count estimate: EXPLAIN itself, planned and never executed, so there is no scan to check.
      if (/^\s*EXPLAIN\b/i.test(statement.query)) {
        const plan = await client.query(statement.query, params);
        const json = JSON.stringify(plan.rows[0]?.["QUERY PLAN"]).slice(0, 2000);
        text += `\n## statement ${i + 1} (Prisma reported ${statement.duration} ms): planning only, not executed\n${statement.query.trim()}\n-- params: ${statement.params}\n\n${json}\n`;
        continue;
      }
      await client.query("BEGIN");
      try {
        const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.query}`, params);
        const lines = plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
        if (/Seq Scan on products\b/.test(lines)) seq = true;
        text += `\n## statement ${i + 1} (Prisma reported ${statement.duration} ms)\n${statement.query.trim()}\n-- params: ${statement.params}\n\n${lines}\n`;
      } catch (error) {
        text += `\n## statement ${i + 1}: EXPLAIN failed: ${(error as Error).message}\n${statement.query.trim()}\n`;
      } finally {
        await client.query("ROLLBACK");
      }
    }
    const file = path.join(output!, `explain-${scenario.name}.txt`);
    await writeFile(file, text);
    report.push({
      name: scenario.name,
      file: path.relative(root, file),
      seqScanOnProducts: seq,
      statements: scenario.statements.length,
      ms: scenario.ms,
    });
  }
  await client.end();
  await writeFile(path.join(output!, "explain-summary.json"), JSON.stringify({ report, sql }, null, 2));
}

if (command === "sessions") await sessions();
else if (command === "explain") await explain();
else throw new Error(`unknown command ${command}`);
process.exit(0);
