/**
 * The product CSV through the REST handler against real Postgres: a 10,000-row file with bad rows of every kind
 * (the dry run lists exactly those and writes nothing; the real run writes exactly the others, one transaction per
 * batch), updates by SKU with their stock adjustments, the streamed export, and export -> import = unchanged.
 * Every product and SKU here carries this file's own word, and the export is filtered by it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProductAdmin, createTtlCache, type Actor, type ProductAdminOptions } from "@shop/core";
import { createInnerContext } from "../src/context";
import { createRestHandler } from "../src/rest";
import { createCaller } from "../src/root";
import { BASE, restClient } from "./http";
import { createTestDeps } from "./support";
import { signedInUser, type TestUser } from "./orders-fixtures";
import { createCategory, createTee, uniqueWord } from "./admin-products-fixtures";

const deps = createTestDeps();
const api = restClient(deps);
afterAll(() => deps.close());

const HEADER = [
  "sku", "product_slug", "product_name", "category_slug", "option1_name", "option1_value", "option2_name", "option2_value",
  "option3_name", "option3_value", "price", "compare_at_price", "stock", "active", "currency", "description", "tags",
];
const SIZES = ["XS", "S", "M", "L", "XL"];
/** RFC 4180 rows, read independently of the code under test (quoted cells, doubled quotes, newlines inside). */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      if (ch === "\r") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const toCsv = (rows: string[][]) => `${[HEADER, ...rows].map((r) => r.map(csvCell).join(",")).join("\n")}\n`;

let admin: TestUser;
let staff: TestUser;
beforeAll(async () => {
  [admin, staff] = await Promise.all([signedInUser(deps, { role: "admin" }), signedInUser(deps, { role: "staff" })]);
});

const post = (path: string, csv: string, token = admin.token, type = "text/csv") =>
  api.call("POST", path, { token, body: csv, headers: { "content-type": type } });

/** The service itself, with limits of the test's choosing (the procedures use the defaults). */
const productAdmin = (options: Partial<ProductAdminOptions> = {}) =>
  createProductAdmin(
    {
      db: deps.db,
      catalogCache: createTtlCache<unknown>({ ttlMs: 0, maxEntries: 10 }),
      orders: deps.services.orders,
      payments: deps.services.payments,
      sessions: deps.services.sessions,
    },
    options,
  );
const dryRun = (csv: string, token?: string) => post("/admin/products/import/dry-run", csv, token);
const runImport = (csv: string) => post("/admin/products/import", csv);

describe("a 10,000-row import with 52 bad rows", () => {
  const word = uniqueWord();
  const PRODUCTS = 2_000;
  let category: { id: string; slug: string };
  let csv: string;
  let rows: string[][];
  /** Spreadsheet row numbers (the header is row 1) of the rows that must be refused. */
  const bad = new Set<number>();
  const poisonSku = `${word}-P1000-M`.toUpperCase();
  const rowOf = (i: number) => i + 2;
  const sku = (p: number, size: string) => `${word}-P${p}-${size}`.toUpperCase();

  beforeAll(async () => {
    category = await createCategory(deps, `Cat ${word}`);
    rows = [];
    for (let p = 0; p < PRODUCTS; p++) {
      for (const size of SIZES) {
        rows.push([
          sku(p, size), `${word}-p${p}`, `Product ${p} ${word}`, category.slug, "Size", size, "", "", "", "",
          String(1_000 + p), "", String(p % 7), "true", "USD", `Line one\nline "two" of ${p}`, "csv|import",
        ]);
      }
    }
    // 48 corruptions of 12 kinds, each on its own product and never on a product's first row (the row the others
    // are compared with), so each spoils exactly its own row; a duplicate SKU also spoils the row it copies.
    const kinds: ((r: string[], i: number) => void)[] = [
      (r) => (r[10] = "-100"),
      (r) => (r[10] = "12.50"),
      (r) => (r[12] = "ten"),
      (r) => (r[3] = `no-such-category-${word}`),
      (r, i) => {
        const copied = (i + 5_003) % rows.length;
        r[0] = rows[copied]![0]!;
        bad.add(rowOf(copied));
      },
      (r) => (r[4] = "Colour"),
      (r) => (r[2] = "A different name"),
      (r) => (r[13] = "maybe"),
      (r) => (r[11] = "5"),
      (r) => (r[0] = ""),
      (r) => r.pop(),
      (r, i) => (r[5] = rows[i - (i % 5)]![5]!),
    ];
    for (let k = 0; k < 48; k++) {
      const product = (k * 37 + 11) % PRODUCTS;
      const i = product * 5 + 1 + (k % 4);
      kinds[k % kinds.length]!(rows[i]!, i);
      bad.add(rowOf(i));
    }
    csv = toCsv(rows);
  });

  const written = async () => ({
    products: await deps.db.product.count({ where: { slug: { startsWith: `${word}-p` } } }),
    variants: await deps.db.productVariant.count({ where: { sku: { startsWith: `${word}-P`.toUpperCase() } } }),
    audits: await deps.db.auditLog.count({ where: { actorId: admin.id, action: "product.import" } }),
  });

  it("the dry run lists exactly the bad rows, each with its column, and writes nothing", async () => {
    expect(rows).toHaveLength(10_000);
    const res = await dryRun(csv);
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    expect(res.body.errors.map((e: { row: number }) => e.row).sort((a: number, b: number) => a - b)).toEqual([...bad].sort((a, b) => a - b));
    expect(bad.size).toBe(52);
    expect(res.body).toMatchObject({
      dryRun: true,
      rows: 10_000,
      counts: { create: 10_000 - 52, update: 0, unchanged: 0, invalid: 52 },
      productsToCreate: PRODUCTS,
      written: null,
    });
    const columns = new Set(res.body.errors.flatMap((e: { errors: { column: string }[] }) => e.errors.map((x) => x.column)));
    for (const column of ["price", "stock", "category_slug", "sku", "option1_name", "product_name", "active", "compare_at_price", "(row)", "option1_value"]) {
      expect(columns, column).toContain(column);
    }
    const negative = res.body.errors.find((e: { errors: { message: string }[] }) => e.errors.some((x) => x.message === "Must not be negative"));
    expect(negative.sku).toMatch(new RegExp(`^${word}-P`, "i"));
    expect(await written()).toEqual({ products: 0, variants: 0, audits: 0 });
  });

  it("the real run writes exactly the good rows, one transaction per batch: a batch failing at write time is rolled back alone", async () => {
    // A row that fails only when written (the database refuses it): its whole batch must roll back, no other.
    await deps.db.$executeRawUnsafe(`CREATE FUNCTION "refuse_${word}"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.sku = '${poisonSku}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await deps.db.$executeRawUnsafe(
      `CREATE TRIGGER "refuse_${word}" BEFORE INSERT ON product_variants FOR EACH ROW EXECUTE FUNCTION "refuse_${word}"()`,
    );
    let res;
    try {
      res = await runImport(csv);
    } finally {
      await deps.db.$executeRawUnsafe(`DROP TRIGGER "refuse_${word}" ON product_variants`);
      await deps.db.$executeRawUnsafe(`DROP FUNCTION "refuse_${word}"()`);
    }
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    const report = res.body;
    expect(report.counts).toEqual({ create: 9_948, update: 0, unchanged: 0, invalid: 52 });
    expect(report.written.failedBatches).toHaveLength(1);
    const failed = report.written.failedBatches[0];
    expect(failed.firstRow).toBeLessThanOrEqual(rowOf(1_000 * 5 + 2));
    expect(failed.lastRow).toBeGreaterThanOrEqual(rowOf(1_000 * 5 + 2));
    expect(failed.message).toMatch(/nothing of it was written/);
    // Batches are whole products of about 500 rows.
    expect(report.written.batches).toBeGreaterThanOrEqual(19);
    expect(failed.rows).toBeLessThanOrEqual(505);

    const inFailed = (r: number) => r >= failed.firstRow && r <= failed.lastRow;
    const goodRows = rows.map((_, i) => rowOf(i)).filter((r) => !bad.has(r));
    const expectedVariants = goodRows.filter((r) => !inFailed(r)).length;
    expect(failed.rows).toBe(goodRows.filter(inFailed).length);
    const now = await written();
    expect(now.variants).toBe(expectedVariants);
    expect(report.written.variantsCreated).toBe(expectedVariants);
    expect(now.audits).toBe(report.written.batches);
    expect(report.written.productsCreated).toBe(now.products);
    // Nothing of the failed batch exists; the rows right outside it do.
    const sample = (r: number) => rows[r - 2]![0]!;
    expect(await deps.db.productVariant.count({ where: { sku: { in: [sample(failed.firstRow), sample(failed.lastRow), poisonSku] } } })).toBe(0);
    expect(await deps.db.productVariant.count({ where: { sku: { in: [sample(failed.firstRow - 1), sample(failed.lastRow + 1)] } } })).toBe(2);
    // Opening stock is in the stock history, reason import.
    const stocked = goodRows.filter((r) => !inFailed(r) && rows[r - 2]![12] !== "0").length;
    expect(report.written.stockAdjustments).toBe(stocked);
    expect(await deps.db.stockAdjustment.count({ where: { reason: "import", actorId: admin.id } })).toBe(stocked);
    // What the shop shows: a product with its options, price range and stock.
    const shop = await api.call("GET", `/shop/products/${word}-p3`);
    expect(shop.status).toBe(200);
    expect(shop.body).toMatchObject({
      name: `Product 3 ${word}`,
      options: [{ name: "Size", values: SIZES }],
      priceRange: { min: 1_003, max: 1_003 },
      stock: 15,
      description: 'Line one\nline "two" of 3',
      tags: ["csv", "import"],
      category: { slug: category.slug },
    });

    // Importing the same file again: the written rows are unchanged, the failed batch's rows are created now.
    const again = await runImport(csv);
    expect(again.body.counts).toEqual({ create: failed.rows, update: 0, unchanged: 9_948 - failed.rows, invalid: 52 });
    expect(again.body.written.failedBatches).toEqual([]);
    expect((await written()).variants).toBe(9_948);
  });

  it("exports them streamed as CSV, one row per variant, and the export imports back unchanged", async () => {
    const res = await api.call("GET", `/admin/products/export?q=${word}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="products-\d{4}-\d{2}-\d{2}\.csv"$/);
    const table = parse(res.text) as string[][];
    expect(table[0]).toEqual(HEADER);
    expect(table).toHaveLength(1 + 9_948);
    const p3 = table.find((r) => r[0] === sku(3, "M"))!;
    expect(p3).toEqual([sku(3, "M"), `${word}-p3`, `Product 3 ${word}`, category.slug, "Size", "M", "", "", "", "", "1003", "", "3", "true", "USD", 'Line one\nline "two" of 3', "csv|import"]);

    const back = await dryRun(res.text);
    expect(back.body).toMatchObject({ rows: 9_948, counts: { create: 0, update: 0, unchanged: 9_948, invalid: 0 }, errors: [] });
    expect((await api.call("GET", `/admin/products/export?q=${word}`, { token: staff.token })).status).toBe(403);
  });
});

describe("updates by SKU", () => {
  it("changes prices, stock (kept as import adjustments from the stock of that moment), names and adds variants", async () => {
    const admin2 = await signedInUser(deps, { role: "admin" });
    const word = uniqueWord();
    const tee = await createTee(deps, { word, stocks: [10, 10, 10] });
    const [s, m, l] = tee.variants as [(typeof tee.variants)[0], (typeof tee.variants)[0], (typeof tee.variants)[0]];
    const exported = await api.call("GET", `/admin/products/export?q=${word}`, { token: admin2.token });
    const table = parse(exported.text) as string[][];
    expect(table).toHaveLength(4);
    const rowsBySku = new Map(table.slice(1).map((r) => [r[0]!, r]));
    rowsBySku.get(s.sku)![10] = "1500"; // price
    rowsBySku.get(s.sku)![11] = "2500"; // compare_at_price
    rowsBySku.get(m.sku)![12] = "4"; // stock 10 -> 4
    for (const r of rowsBySku.values()) r[2] = "Imported tee"; // the product's name, on every row
    rowsBySku.get(l.sku)![13] = "false";
    const xl = [...rowsBySku.get(l.sku)!];
    xl[0] = `${l.sku}-XL`;
    xl[5] = "XL";
    xl[12] = "6";
    xl[13] = "true";
    // A sale happens between the export and the import: the adjustment is from the stock at write time.
    await deps.db.productVariant.update({ where: { id: m.id }, data: { stock: 9 } });

    const file = toCsv([...rowsBySku.values(), xl]);
    const dry = await post("/admin/products/import/dry-run", file, admin2.token);
    expect(dry.body.counts).toEqual({ create: 1, update: 3, unchanged: 0, invalid: 0 });
    const res = await post("/admin/products/import", file, admin2.token);
    expect(res.status, res.text).toBe(200);
    expect(res.body.written).toMatchObject({ batches: 1, productsCreated: 0, variantsCreated: 1, variantsUpdated: 3, stockAdjustments: 2, failedBatches: [] });

    const detail = (await api.call("GET", `/admin/products/${tee.id}`, { token: admin2.token })).body;
    expect(detail.name).toBe("Imported tee");
    expect(detail.options).toEqual([{ name: "Size", values: ["S", "M", "L", "XL"] }]);
    expect(detail.variants.map((v: { sku: string; price: number; compareAtPrice: number | null; stock: number; isActive: boolean }) => [v.sku, v.price, v.compareAtPrice, v.stock, v.isActive])).toEqual([
      [s.sku, 1_500, 2_500, 10, true],
      [m.sku, 2_000, null, 4, true],
      [l.sku, 2_000, null, 10, false],
      [`${l.sku}-XL`, 2_000, null, 6, true],
    ]);
    const adjustments = await deps.db.stockAdjustment.findMany({ where: { productId: tee.id }, select: { variantId: true, delta: true, stockAfter: true, reason: true } });
    expect(adjustments).toEqual(
      expect.arrayContaining([
        { variantId: m.id, delta: -5, stockAfter: 4, reason: "import" },
        { variantId: expect.any(String), delta: 6, stockAfter: 6, reason: "import" },
      ]),
    );
    const [audit] = await deps.db.auditLog.findMany({ where: { actorId: admin2.id, action: "product.import" }, select: { before: true, after: true, summary: true } });
    expect(audit!.before).toMatchObject({ [s.sku]: { price: 2_000, compareAtPrice: null }, [m.sku]: { stock: 9 }, [`product:${tee.slug}`]: { name: tee.name } });
    expect(audit!.after).toMatchObject({ [s.sku]: { price: 1_500, compareAtPrice: 2_500 }, [m.sku]: { stock: 4 }, [`product:${tee.slug}`]: { name: "Imported tee" } });
    expect(audit!.summary).toMatch(/batch 1 of 1/);
    // The shop shows the new price and the deactivated variant is gone from it.
    const shop = await api.call("GET", `/shop/products/${tee.slug}`);
    expect(shop.body.priceRange).toEqual({ min: 1_500, max: 2_000 });
    expect(shop.body.variants.map((v: { sku: string }) => v.sku)).toEqual([s.sku, m.sku, `${l.sku}-XL`]);

    // Not for changing what an import must not change.
    const moved = toCsv([[s.sku, "another-product", "", "", "", "", "", "", "", "", "", "", "", "", "EUR", "", ""]]);
    const refused = await post("/admin/products/import/dry-run", moved, admin2.token);
    expect(refused.body.errors[0].errors.map((e: { column: string }) => e.column)).toEqual(["product_slug"]);
    const currency = await post("/admin/products/import/dry-run", toCsv([[s.sku, "", "", "", "Size", "S", "", "", "", "", "", "", "", "", "EUR", "", ""]]), admin2.token);
    expect(currency.body.errors[0].errors).toEqual([expect.objectContaining({ column: "currency" })]);
  });
});

describe("what is not a product CSV", () => {
  it("is a 400 with a clear message (encoding, syntax, header), 415 for another content-type, 403 for staff", async () => {
    // The raw bytes of a file saved as Latin-1, as a browser would send them.
    const latin1 = new Uint8Array([...new TextEncoder().encode("sku,product_name\nA,Caf"), 0xe9, 0x0a]);
    const handle = createRestHandler({ deps });
    const encoding = await handle(
      new Request(`${BASE}/admin/products/import/dry-run`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin.token}`, "content-type": "text/csv" },
        body: latin1,
      }),
    );
    expect(encoding.status).toBe(400);
    expect(((await encoding.json()) as { message: string }).message).toMatch(/not UTF-8/);
    // The same through the core function the web pages call.
    const actor: Actor = { id: admin.id, role: "admin" };
    await expect(productAdmin().importCsv(actor, latin1, { dryRun: true })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(/not UTF-8/) });

    const unknown = await dryRun("sku,colour\nA,red\n");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ message: expect.stringMatching(/Unknown column "colour"/), details: { field: "body", unknownColumns: ["colour"] } });
    const quote = await dryRun('sku,price\n"A,1\n');
    expect(quote.status).toBe(400);
    expect(quote.body.message).toMatch(/not valid CSV/);
    expect((await dryRun("")).status).toBe(400);
    expect((await post("/admin/products/import/dry-run", "sku\nA\n", admin.token, "application/json")).status).toBe(415);
    expect((await dryRun("sku\nA\n", staff.token)).status).toBe(403);
    expect((await post("/admin/products/import", "sku\nA\n", staff.token)).status).toBe(403);
  });

  it("refuses more rows than the limit before reading any of them against the shop", async () => {
    const products = productAdmin({ importMaxRows: 3 });
    const actor: Actor = { id: admin.id, role: "admin" };
    const file = new TextEncoder().encode("sku\nA\nB\nC\nD\n");
    await expect(products.importCsv(actor, file, { dryRun: true })).rejects.toMatchObject({ code: "VALIDATION", details: { maxRows: 3 } });
  });
});

describe("through tRPC, as the web pages call it", () => {
  it("imports the bytes in ctx.req.rawBytes, and says what to send without them", async () => {
    const word = uniqueWord();
    const caller = (rawBytes?: Uint8Array) =>
      createCaller(createInnerContext(deps, { headers: new Headers({ authorization: `Bearer ${admin.token}` }), rawBytes, rawContentType: "text/csv" }));
    const file = new TextEncoder().encode(`sku,product_slug,product_name,price,stock\n${word}-1,${word}-solo,Solo ${word},990,3\n`);
    const dry = await caller(file).admin.products.importDryRun({});
    expect(dry).toMatchObject({ dryRun: true, counts: { create: 1, invalid: 0 }, productsToCreate: 1 });
    expect(await deps.db.product.count({ where: { slug: `${word}-solo` } })).toBe(0);
    const real = await caller(file).admin.products.import({});
    expect(real.written).toMatchObject({ batches: 1, productsCreated: 1, variantsCreated: 1, stockAdjustments: 1 });
    expect((await api.call("GET", `/shop/products/${word}-solo`)).body).toMatchObject({ price: 990, stock: 3, variants: [{ sku: `${word}-1` }] });
    await expect(caller().admin.products.import({})).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/CSV file as the request body/) });
  });
});

describe("the export stream", () => {
  it("reads the catalogue in pages as it is consumed", async () => {
    const word = uniqueWord();
    await Promise.all([0, 1, 2, 3].map(() => createTee(deps, { word })));
    const products = productAdmin({ exportPageSize: 5 });
    const stream = products.exportCsv({ id: admin.id, role: "admin" }, { q: word, status: "all", lowStockThreshold: 5 });
    const reader = stream.getReader();
    const chunks: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(new TextDecoder().decode(value));
    }
    // The header, then 12 variants in pages of 5, 5 and 2.
    expect(chunks.map((c) => (parse(c) as string[][]).length)).toEqual([1, 5, 5, 2]);
  });
});
