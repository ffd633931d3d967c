import { describe, expect, it } from "vitest";
import type { CSV_COLUMNS } from "./product-csv";
import { readCsvFile, readRow } from "./product-csv";
import { planImport, batchesOf, type ImportSnapshot, type SnapshotProduct } from "./product-import";

const bytes = (text: string) => new TextEncoder().encode(text);
const file = (text: string, maxRows = 100) => readCsvFile(bytes(text), { maxRows });

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as Error & { code: string; details?: Record<string, unknown> };
  }
  throw new Error("did not throw");
};

describe("readCsvFile", () => {
  it("refuses what is not a UTF-8 CSV file with a known header", () => {
    expect(failure(() => readCsvFile(new Uint8Array(), { maxRows: 10 })).message).toMatch(/empty/);
    expect(failure(() => readCsvFile(new Uint8Array([0x73, 0x6b, 0x75, 0x0a, 0xff, 0xfe]), { maxRows: 10 })).message).toMatch(/not UTF-8/);
    expect(failure(() => file("sku\nPK\u0003\u0004\0\0")).message).toMatch(/NUL/);
    expect(failure(() => file('sku,price\n"open,1\n')).message).toMatch(/not valid CSV/);
    const unknown = failure(() => file("sku,colour,size\nA,1,2\n"));
    expect(unknown.code).toBe("VALIDATION");
    expect(unknown.details).toMatchObject({ unknownColumns: ["colour", "size"] });
    expect(failure(() => file("price,stock\n1,2\n")).message).toMatch(/no sku column/);
    expect(failure(() => file("sku,sku\nA,B\n")).message).toMatch(/twice/);
    expect(failure(() => file("sku,option1_name\nA,Size\n")).message).toMatch(/go together/);
    expect(failure(() => file(`sku\n${"A\n".repeat(11)}`, 10)).message).toMatch(/at most 10/);
  });

  it("reads a BOM, any column order and case, and numbers rows as a spreadsheet does", () => {
    const read = file("\uFEFFPrice, SKU \n100,A\n\n200,B\n");
    expect(read.columns).toEqual(["price", "sku"]);
    expect(read.records.map((r) => [r.row, r.cells.sku, r.cells.price])).toEqual([
      [2, "A", "100"],
      [3, "B", "200"],
    ]);
  });

  it("reports a row with the wrong number of cells as that row's error", () => {
    const read = file("sku,price\nA,1,extra\nB\n");
    expect(read.records.map((r) => r.shapeError?.message)).toEqual(["The row has 3 cells; the header has 2", "The row has 1 cells; the header has 2"]);
  });
});

describe("readRow", () => {
  const row = (cells: Record<string, string>) => {
    const columns = Object.keys(cells) as (typeof CSV_COLUMNS)[number][];
    return readRow({ row: 2, cells }, columns);
  };

  it("types every column", () => {
    const { fields, errors } = row({
      sku: " TEE-S ",
      product_slug: "tee",
      product_name: "Tee",
      category_slug: "",
      option1_name: "Size",
      option1_value: "S",
      option2_name: "",
      option2_value: "",
      option3_name: "",
      option3_value: "",
      price: "1250",
      compare_at_price: "",
      stock: "7",
      active: "No",
      currency: "eur",
      description: " Soft ",
      tags: "cotton| summer |Cotton",
    });
    expect(errors).toEqual([]);
    expect(fields).toEqual({
      sku: "TEE-S",
      slug: "tee",
      name: "Tee",
      categorySlug: null,
      options: [{ name: "Size", value: "S" }],
      price: 1250,
      compareAtPrice: null,
      stock: 7,
      active: false,
      currency: "EUR",
      description: " Soft ",
      tags: ["cotton", "summer"],
    });
  });

  it("lists every error of the row, each with its column", () => {
    const { errors } = row({
      sku: "bad sku",
      product_slug: "Not A Slug",
      price: "12.50",
      compare_at_price: "-3",
      stock: "lots",
      active: "maybe",
      currency: "euro",
      option1_name: "",
      option1_value: "S",
      option2_name: "Col:our",
      option2_value: "Red",
    });
    expect(errors.map((e) => e.column)).toEqual([
      "sku",
      "product_slug",
      "option1_name",
      "option2_name",
      "price",
      "compare_at_price",
      "stock",
      "active",
      "currency",
    ]);
    expect(errors.find((e) => e.column === "price")!.message).toMatch(/minor units/);
    expect(errors.find((e) => e.column === "compare_at_price")!.message).toMatch(/negative/);
  });

  it("wants compare_at_price above price", () => {
    expect(row({ sku: "A", price: "100", compare_at_price: "100" }).errors).toEqual([
      { column: "compare_at_price", message: "Must be above the price (or empty)" },
    ]);
  });
});

const snapshotOf = (products: SnapshotProduct[], categories: Record<string, string> = {}): ImportSnapshot => ({
  variantsBySku: new Map(products.flatMap((p) => p.variants.map((v) => [v.sku, v] as const))),
  productsById: new Map(products.map((p) => [p.id, p])),
  productsBySlug: new Map(products.map((p) => [p.slug, p])),
  categoriesBySlug: new Map(Object.entries(categories)),
});

const TEE: SnapshotProduct = {
  id: "p1",
  slug: "tee",
  name: "Tee",
  description: "",
  categoryId: null,
  tags: [],
  currency: "USD",
  options: [{ name: "Size", values: ["S", "M"] }],
  variants: [
    { id: "v1", productId: "p1", sku: "TEE-S", values: ["S"], price: 1000, compareAtPrice: null, stock: 5, isActive: true, position: 0 },
    { id: "v2", productId: "p1", sku: "TEE-M", values: ["M"], price: 1000, compareAtPrice: null, stock: 5, isActive: true, position: 1 },
  ],
};

describe("planImport", () => {
  const cols = "sku,product_slug,product_name,option1_name,option1_value,price,stock,category_slug";

  it("classifies rows as create, update and unchanged, and appends new option values", () => {
    const plan = planImport(
      file(`${cols}\nTEE-S,tee,Tee,Size,S,1000,5,\nTEE-M,tee,Tee,Size,M,900,5,\nTEE-L,tee,Tee,Size,L,1100,3,\nMUG,mug,Mug,,,500,,kitchen\n`),
      snapshotOf([TEE], { kitchen: "c1" }),
    );
    expect(plan.errors).toEqual([]);
    expect(plan.counts).toEqual({ create: 2, update: 1, unchanged: 1, invalid: 0 });
    expect(plan.productsToCreate).toBe(1);
    const [tee, mug] = plan.groups;
    expect(tee!.options).toEqual([{ name: "Size", values: ["S", "M", "L"] }]);
    expect(tee!.optionsChanged).toBe(true);
    expect(tee!.rows.find((r) => r.sku === "TEE-M")).toMatchObject({ kind: "update", before: { price: 1000 }, after: { price: 900 } });
    expect(tee!.rows.find((r) => r.sku === "TEE-L")).toMatchObject({ kind: "create", position: 2, values: ["L"] });
    expect(mug).toMatchObject({ existing: null, slug: "mug", categoryId: "c1", options: [] });
    expect(batchesOf(plan.groups, 500).map((b) => b.rows)).toEqual([3]);
  });

  it("reports every bad row: duplicate SKU, unknown category, mismatching product columns, options, missing fields", () => {
    const plan = planImport(
      file(
        `${cols}\n` +
          "DUP,new-a,A,,,100,1,\n" + // 2
          "DUP,new-b,B,,,100,1,\n" + // 3
          "X1,new-c,C,,,100,1,nowhere\n" + // 4
          "N1,new-d,D,Size,S,100,1,\n" + // 5
          "N2,new-d,Other name,Size,M,100,1,\n" + // 6
          "N3,new-d,D,Colour,Red,100,1,\n" + // 7
          "N4,new-d,D,Size,S,100,1,\n" + // 8: same combination as row 5
          "TEE-S,other,Tee,Size,S,100,1,\n" + // 9: SKU of another product
          "TEE-M,tee,Tee,Size,XL,100,1,\n" + // 10: option values of an existing variant
          "NEW,,,,,100,1,\n" + // 11: no slug
          "P1,new-e,E,,,,1,\n" + // 12: no price
          "TEE-X,tee,Tee,Colour,Red,100,1,\n", // 13: wrong option name for the product
      ),
      snapshotOf([TEE]),
    );
    const byRow = Object.fromEntries(plan.errors.map((e) => [e.row, e.errors.map((x) => x.column)]));
    expect(byRow).toEqual({
      2: ["sku"],
      3: ["sku"],
      4: ["category_slug"],
      6: ["product_name"],
      7: ["option1_name"],
      8: ["option1_value"],
      9: ["product_slug"],
      10: ["option1_value"],
      11: ["product_slug"],
      12: ["price"],
      13: ["option1_name"],
    });
    expect(plan.errors.find((e) => e.row === 2)!.errors[0]!.message).toBe("SKU DUP is also on row 3");
    expect(plan.counts).toEqual({ create: 1, update: 0, unchanged: 0, invalid: 11 });
    expect(plan.groups.map((g) => g.slug)).toEqual(["new-d"]);
  });

  it("keeps a product without options to one variant and refuses more than the limits", () => {
    const plan = planImport(file("sku,product_slug,product_name,price\nA,solo,Solo,100\nB,solo,Solo,100\n"), snapshotOf([]));
    expect(plan.errors).toEqual([{ row: 3, sku: "B", errors: [{ column: "sku", message: "Product solo has no options, so it has one variant already" }] }]);
  });

  it("treats an exported file as unchanged and leaves out columns the file does not have", () => {
    const plan = planImport(file("sku,stock\nTEE-S,5\nTEE-M,\n"), snapshotOf([TEE]));
    expect(plan.counts).toEqual({ create: 0, update: 0, unchanged: 2, invalid: 0 });
    expect(batchesOf(plan.groups, 500)).toEqual([]);
  });

  it("batches whole products", () => {
    const rows = Array.from({ length: 5 }, (_, p) => Array.from({ length: 3 }, (__, v) => `S${p}-${v},p${p},P${p},Size,${v},100,1,`).join("\n")).join("\n");
    const plan = planImport(file(`${cols}\n${rows}\n`), snapshotOf([]));
    expect(plan.errors).toEqual([]);
    const batches = batchesOf(plan.groups, 7);
    expect(batches.map((b) => [b.rows, b.firstRow, b.lastRow])).toEqual([
      [6, 2, 7],
      [6, 8, 13],
      [3, 14, 16],
    ]);
  });
});
