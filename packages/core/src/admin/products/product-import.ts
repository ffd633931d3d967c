/**
 * The CSV import: rows (product-csv.ts) against the shop as it is (a snapshot of the SKUs, products and categories
 * the file names) to a plan that says, for every row, create, update, unchanged or why not; then the good rows
 * written in batches, ONE transaction per batch, each with its stock adjustments and one audit entry.
 *
 * Rules a shop owner can rely on:
 *   - a row is a variant, found by SKU; an unknown SKU creates a variant of the product named by product_slug (a new
 *     product when the slug is new), a known one updates that variant and its product;
 *   - an empty price, stock or active cell leaves that value as it is; an empty compare_at_price, category_slug,
 *     description or tags cell means none (so an exported file imports back unchanged);
 *   - the rows of one product agree on the product's columns (name, category, currency, description, tags and the
 *     option names); a row that disagrees with the product's first row is an error, not a silent winner;
 *   - option values of an existing variant and the currency of an existing product are not changed by an import;
 *   - stock in the file is the count on hand: a change is kept as a stock adjustment with reason "import".
 */
import type { Db, Prisma } from "@shop/db";
import { MAX_OPTION_VALUES, MAX_VARIANTS, optionKey } from "../../catalog/catalog.schemas";
import { isUniqueViolation, isTransientDbError } from "../../infra/db-errors";
import { uuidv7 } from "../../infra/uuid";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/audit-record";
import type { CellError, CsvColumn, CsvFile, RowFields } from "./product-csv";
import { readRow } from "./product-csv";
import type { ImportReport } from "./products-admin.schemas";

export interface SnapshotVariant {
  id: string;
  productId: string;
  sku: string;
  values: string[];
  price: number;
  compareAtPrice: number | null;
  stock: number;
  isActive: boolean;
  position: number;
}

export interface SnapshotProduct {
  id: string;
  slug: string;
  name: string;
  description: string;
  categoryId: string | null;
  tags: string[];
  currency: string;
  options: { name: string; values: string[] }[];
  variants: SnapshotVariant[];
}

/** The part of the shop a file names. */
export interface ImportSnapshot {
  variantsBySku: Map<string, SnapshotVariant>;
  productsById: Map<string, SnapshotProduct>;
  productsBySlug: Map<string, SnapshotProduct>;
  categoriesBySlug: Map<string, string>;
}

type Changes = Record<string, unknown>;

export interface PlannedRow {
  row: number;
  sku: string;
  kind: "create" | "update" | "unchanged";
  /** null: a new variant. */
  variantId: string | null;
  values: string[];
  price: number;
  compareAtPrice: number | null;
  isActive: boolean;
  /** The stock to set (a new variant's opening stock, or a changed count); undefined: leave it. */
  stock?: number;
  position: number;
  before: Changes;
  after: Changes;
}

export interface ProductGroup {
  /** The existing product, or null for one the import creates. */
  existing: SnapshotProduct | null;
  slug: string;
  name: string;
  description: string;
  categoryId: string | null;
  tags: string[];
  currency: string;
  options: { name: string; values: string[] }[];
  /** Option values the good rows add to an existing product. */
  optionsChanged: boolean;
  /** The product's own changed fields (existing products), before and after. */
  before: Changes;
  after: Changes;
  rows: PlannedRow[];
}

export interface RowErrors {
  row: number;
  sku: string | null;
  errors: CellError[];
}

export interface ImportPlan {
  rows: number;
  errors: RowErrors[];
  /** Products with at least one good row, in the order the file first names them. */
  groups: ProductGroup[];
  counts: ImportReport["counts"];
  productsToCreate: number;
}

interface Draft {
  key: string;
  existing: SnapshotProduct | null;
  slug: string;
  /** The first row of the product in the file: the one the others must agree with. */
  reference: number;
  optionNames: string[] | null;
  options: { name: string; values: string[] }[];
  combos: Set<string>;
  variantCount: number;
  nextPosition: number;
  good: { index: number; planned: PlannedRow }[];
}

const PRODUCT_COLUMNS: CsvColumn[] = ["product_name", "category_slug", "currency", "description", "tags", "option1_name", "option2_name", "option3_name"];

const comboOf = (values: readonly string[]) => values.map((v) => v.toLowerCase()).join("\u0000");
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** What each row of the file does, or why it cannot: pure, so the dry run and the real run agree exactly. */
export function planImport(file: CsvFile, snapshot: ImportSnapshot): ImportPlan {
  const { columns, records } = file;
  const has = (column: CsvColumn) => columns.includes(column);
  const read = records.map((record) => readRow(record, columns));
  const errors: CellError[][] = read.map((r) => [...r.errors]);
  const fields: RowFields[] = read.map((r) => r.fields);
  const fail = (i: number, column: string, message: string) => errors[i]!.push({ column, message });

  // The same SKU twice: neither row can be trusted to be the one meant.
  const bySku = new Map<string, number[]>();
  fields.forEach((f, i) => {
    if (f.sku !== "") bySku.set(f.sku, [...(bySku.get(f.sku) ?? []), i]);
  });
  for (const [sku, rows] of bySku) {
    if (rows.length < 2) continue;
    for (const i of rows) {
      const others = rows.filter((j) => j !== i).map((j) => records[j]!.row);
      fail(i, "sku", `SKU ${sku} is also on row${others.length > 1 ? "s" : ""} ${others.join(", ")}`);
    }
  }

  // Which product each row belongs to.
  const drafts = new Map<string, Draft>();
  const draftOf: (Draft | null)[] = fields.map((f, i) => {
    if (f.sku === "" || errors[i]!.some((e) => e.column === "sku" || e.column === "product_slug")) return null;
    const variant = snapshot.variantsBySku.get(f.sku);
    let product: SnapshotProduct | null = null;
    let slug: string;
    if (variant) {
      product = snapshot.productsById.get(variant.productId)!;
      if (f.slug !== undefined && f.slug !== product.slug) {
        fail(i, "product_slug", `SKU ${f.sku} belongs to product ${product.slug}; a variant cannot move to another product`);
        return null;
      }
      slug = product.slug;
    } else {
      if (f.slug === undefined) {
        fail(i, "product_slug", "Required for a new SKU: the product to add it to, or a new product's slug");
        return null;
      }
      slug = f.slug;
      product = snapshot.productsBySlug.get(slug) ?? null;
    }
    const key = product ? `id:${product.id}` : `new:${slug}`;
    let draft = drafts.get(key);
    if (!draft) {
      draft = {
        key,
        existing: product,
        slug,
        reference: i,
        optionNames: product ? product.options.map((o) => o.name) : null,
        options: product ? product.options.map((o) => ({ name: o.name, values: [...o.values] })) : [],
        combos: new Set(product ? product.variants.map((v) => comboOf(v.values)) : []),
        variantCount: product ? product.variants.length : 0,
        nextPosition: product ? Math.max(-1, ...product.variants.map((v) => v.position)) + 1 : 0,
        good: [],
      };
      drafts.set(key, draft);
    }
    return draft;
  });

  // The product's columns: each row agrees with the product's first row, and with the shop for what cannot change.
  const raw = (i: number, column: CsvColumn) => {
    const value = records[i]!.cells[column] ?? "";
    return column === "description" ? value : value.trim();
  };
  fields.forEach((f, i) => {
    const draft = draftOf[i];
    if (!draft) return;
    if (draft.reference !== i) {
      for (const column of PRODUCT_COLUMNS) {
        if (!has(column)) continue;
        // An existing product's option names are checked against the product itself (below), more precisely.
        if (draft.existing && /^option\d_name$/.test(column)) continue;
        const mine = raw(i, column);
        const theirs = raw(draft.reference, column);
        // An empty name or currency only means "not given"; elsewhere empty is a value (no category, no tags).
        if ((column === "product_name" || column === "currency") && (mine === "" || theirs === "")) continue;
        const caseless = column === "currency" || (column.endsWith("_name") && column !== "product_name");
        const equal = caseless ? mine.toLowerCase() === theirs.toLowerCase() : mine === theirs;
        if (!equal) fail(i, column, `Differs from row ${records[draft.reference]!.row}, the first row of product ${draft.slug}`);
      }
    }
    if (f.categorySlug && !snapshot.categoriesBySlug.has(f.categorySlug)) fail(i, "category_slug", `Unknown category "${f.categorySlug}"`);
    const names = f.options?.map((o) => o.name);
    if (draft.existing) {
      if (f.currency !== undefined && f.currency !== draft.existing.currency) {
        fail(i, "currency", `Product ${draft.slug} is sold in ${draft.existing.currency}; an import does not change a product's currency`);
      }
      const expected = draft.existing.options.map((o) => o.name.toLowerCase());
      if (names && !sameList(names.map((n) => n.toLowerCase()), expected)) {
        fail(i, "option1_name", expected.length === 0 ? `Product ${draft.slug} has no options` : `Product ${draft.slug} has the options ${draft.existing.options.map((o) => o.name).join(", ")}`);
      }
    } else {
      if (f.name === undefined) fail(i, "product_name", "Required for a new product");
      if (draft.reference === i) draft.optionNames = names ?? [];
    }
  });

  // Each good row against its product as the rows before it left it (combinations, limits), in file order.
  fields.forEach((f, i) => {
    const draft = draftOf[i];
    if (!draft || errors[i]!.length > 0) return;
    const variant = snapshot.variantsBySku.get(f.sku);
    const before: Changes = {};
    const after: Changes = {};
    if (variant) {
      if (f.options && !sameList(f.options.map((o) => o.value.toLowerCase()), variant.values.map((v) => v.toLowerCase()))) {
        fail(i, "option1_value", `Option values of an existing variant are not changed by an import (SKU ${f.sku} is ${variant.values.join(" / ") || "the default variant"}): edit the variant in the back office`);
        return;
      }
      const price = f.price ?? variant.price;
      const compareAtPrice = f.compareAtPrice !== undefined ? f.compareAtPrice : variant.compareAtPrice;
      if (compareAtPrice !== null && compareAtPrice <= price) {
        fail(i, "compare_at_price", `Must be above the price (${price})`);
        return;
      }
      const isActive = f.active ?? variant.isActive;
      const stock = f.stock !== undefined && f.stock !== variant.stock ? f.stock : undefined;
      const note = (field: string, from: unknown, to: unknown) => {
        if (from !== to) {
          before[field] = from;
          after[field] = to;
        }
      };
      note("price", variant.price, price);
      note("compareAtPrice", variant.compareAtPrice, compareAtPrice);
      note("isActive", variant.isActive, isActive);
      if (stock !== undefined) note("stock", variant.stock, stock);
      draft.good.push({
        index: i,
        planned: {
          row: records[i]!.row,
          sku: f.sku,
          kind: Object.keys(after).length > 0 ? "update" : "unchanged",
          variantId: variant.id,
          values: variant.values,
          price,
          compareAtPrice,
          isActive,
          stock,
          position: variant.position,
          before,
          after,
        },
      });
      return;
    }
    if (f.price === undefined) {
      fail(i, "price", "Required for a new variant");
      return;
    }
    const names = draft.optionNames ?? [];
    const given = f.options ?? [];
    if (given.length !== names.length) {
      fail(i, "option1_name", names.length === 0 ? "The product has no options" : `Give a value for each option: ${names.join(", ")}`);
      return;
    }
    const options = draft.options.length === names.length ? draft.options.map((o) => ({ name: o.name, values: [...o.values] })) : names.map((name) => ({ name, values: [] as string[] }));
    const values = given.map((g, k) => {
      const option = options[k]!;
      const known = option.values.find((v) => v.toLowerCase() === g.value.toLowerCase());
      if (known !== undefined) return known;
      option.values.push(g.value);
      return g.value;
    });
    const tooMany = options.findIndex((o) => o.values.length > MAX_OPTION_VALUES);
    if (tooMany >= 0) {
      fail(i, `option${tooMany + 1}_value`, `${options[tooMany]!.name} would have more than ${MAX_OPTION_VALUES} values`);
      return;
    }
    if (draft.combos.has(comboOf(values))) {
      if (names.length === 0) fail(i, "sku", `Product ${draft.slug} has no options, so it has one variant already`);
      else fail(i, "option1_value", `Product ${draft.slug} already has a variant ${values.join(" / ")}`);
      return;
    }
    if (draft.variantCount + 1 > MAX_VARIANTS) {
      fail(i, "sku", `Product ${draft.slug} would have more than ${MAX_VARIANTS} variants`);
      return;
    }
    const isActive = f.active ?? true;
    const stock = f.stock ?? 0;
    draft.options = options;
    draft.combos.add(comboOf(values));
    draft.variantCount += 1;
    const position = draft.nextPosition++;
    Object.assign(after, { created: true, price: f.price, compareAtPrice: f.compareAtPrice ?? null, stock, isActive });
    draft.good.push({
      index: i,
      planned: { row: records[i]!.row, sku: f.sku, kind: "create", variantId: null, values, price: f.price, compareAtPrice: f.compareAtPrice ?? null, isActive, stock, position, before, after },
    });
  });

  const groups: ProductGroup[] = [];
  for (const draft of drafts.values()) {
    if (draft.good.length === 0) continue;
    // Every good row of a product agrees on its columns: the first one speaks for all.
    const first = fields[draft.good[0]!.index]!;
    const categoryId = (slug: string | null | undefined) => (slug ? (snapshot.categoriesBySlug.get(slug) ?? null) : null);
    const existing = draft.existing;
    const group: ProductGroup = {
      existing,
      slug: draft.slug,
      name: first.name ?? existing?.name ?? "",
      description: first.description ?? existing?.description ?? "",
      categoryId: first.categorySlug !== undefined ? categoryId(first.categorySlug) : (existing?.categoryId ?? null),
      tags: first.tags ?? existing?.tags ?? [],
      currency: existing?.currency ?? first.currency ?? "USD",
      options: draft.options.length > 0 || !draft.optionNames ? draft.options : draft.optionNames.map((name) => ({ name, values: [] })),
      optionsChanged: existing ? !existing.options.every((o, k) => sameList(o.values, draft.options[k]?.values ?? [])) : false,
      before: {},
      after: {},
      rows: draft.good.map((g) => g.planned),
    };
    if (existing) {
      const note = (field: string, from: unknown, to: unknown) => {
        if (JSON.stringify(from) !== JSON.stringify(to)) {
          group.before[field] = from;
          group.after[field] = to;
        }
      };
      note("name", existing.name, group.name);
      note("description", existing.description, group.description);
      note("categoryId", existing.categoryId, group.categoryId);
      note("tags", existing.tags, group.tags);
      const carrier = group.rows[0]!;
      if (Object.keys(group.after).length > 0 && carrier.kind === "unchanged") carrier.kind = "update";
    }
    groups.push(group);
  }

  const rowErrors: RowErrors[] = [];
  errors.forEach((list, i) => {
    if (list.length > 0) rowErrors.push({ row: records[i]!.row, sku: fields[i]!.sku || null, errors: list });
  });
  const planned = groups.flatMap((g) => g.rows);
  return {
    rows: records.length,
    errors: rowErrors,
    groups,
    counts: {
      create: planned.filter((r) => r.kind === "create").length,
      update: planned.filter((r) => r.kind === "update").length,
      unchanged: planned.filter((r) => r.kind === "unchanged").length,
      invalid: rowErrors.length,
    },
    productsToCreate: groups.filter((g) => !g.existing).length,
  };
}

/** The SKUs, products and categories a file names, read in a few set-based statements. */
export async function loadSnapshot(db: Db, file: CsvFile): Promise<ImportSnapshot> {
  const skus = [...new Set(file.records.map((r) => (r.cells.sku ?? "").trim()).filter((s) => s !== ""))];
  const slugs = [...new Set(file.records.map((r) => (r.cells.product_slug ?? "").trim()).filter((s) => s !== ""))];
  const categorySlugs = [...new Set(file.records.map((r) => (r.cells.category_slug ?? "").trim()).filter((s) => s !== ""))];
  type ProductRow = Omit<SnapshotProduct, "variants" | "options"> & { options: { name: string; values: string[] }[] | null };
  const products = await db.$queryRaw<ProductRow[]>`
    SELECT p.id::text AS id, p.slug, p.name, p.description, p.category_id::text AS "categoryId", coalesce(p.tags, '{}') AS tags,
           p.currency::text AS currency,
           (SELECT json_agg(json_build_object('name', o.name, 'values', o.values) ORDER BY o.position)
              FROM product_options o WHERE o.product_id = p.id) AS options
    FROM products p
    WHERE p.slug = ANY(${slugs}::text[])
       OR p.id IN (SELECT v.product_id FROM product_variants v WHERE v.sku = ANY(${skus}::text[]))`;
  const ids = products.map((p) => p.id);
  const variants = await db.$queryRaw<SnapshotVariant[]>`
    SELECT v.id::text AS id, v.product_id::text AS "productId", v.sku, v.option_values AS values, v.price,
           v.compare_at_price AS "compareAtPrice", v.stock, v.is_active AS "isActive", v.position
    FROM product_variants v WHERE v.product_id = ANY(${ids}::uuid[])
    ORDER BY v.product_id, v.position, v.id`;
  const categories = await db.$queryRaw<{ id: string; slug: string }[]>`
    SELECT id::text AS id, slug FROM categories WHERE slug = ANY(${categorySlugs}::text[])`;
  const productsById = new Map<string, SnapshotProduct>();
  for (const p of products) productsById.set(p.id, { ...p, options: p.options ?? [], variants: [] });
  for (const v of variants) productsById.get(v.productId)?.variants.push(v);
  return {
    variantsBySku: new Map(variants.map((v) => [v.sku, v])),
    productsById,
    productsBySlug: new Map([...productsById.values()].map((p) => [p.slug, p])),
    categoriesBySlug: new Map(categories.map((c) => [c.slug, c.id])),
  };
}

export interface ImportBatch {
  groups: ProductGroup[];
  rows: number;
  firstRow: number;
  lastRow: number;
}

/** Good rows in batches of about `size` rows; a product's rows always share a batch (it is created whole). */
export function batchesOf(groups: readonly ProductGroup[], size: number): ImportBatch[] {
  const batches: ImportBatch[] = [];
  let current: ProductGroup[] = [];
  let rows = 0;
  const flush = () => {
    if (current.length === 0) return;
    const all = current.flatMap((g) => g.rows.map((r) => r.row));
    batches.push({ groups: current, rows, firstRow: Math.min(...all), lastRow: Math.max(...all) });
    current = [];
    rows = 0;
  };
  for (const group of groups) {
    // Only the rows that write something count towards (and go into) a batch.
    const writes = group.rows.filter((r) => r.kind !== "unchanged").length;
    if (writes === 0) continue;
    if (rows > 0 && rows + writes > size) flush();
    current.push(group);
    rows += writes;
  }
  flush();
  return batches;
}

export interface BatchResult {
  productsCreated: number;
  variantsCreated: number;
  variantsUpdated: number;
  stockAdjustments: number;
}

/** Writes one batch in the given transaction: products, options, variants, stock adjustments, one audit entry. */
export async function writeBatch(tx: Prisma.TransactionClient, actor: Actor, batch: ImportBatch, label: string): Promise<BatchResult> {
  const now = new Date();
  const result: BatchResult = { productsCreated: 0, variantsCreated: 0, variantsUpdated: 0, stockAdjustments: 0 };
  const newVariants: { id: string; productId: string; names: string[]; row: PlannedRow }[] = [];
  const updates: { productId: string; row: PlannedRow }[] = [];
  const auditBefore: Changes = {};
  const auditAfter: Changes = {};

  // New products and their options are inserted set-based, before their variants (below).
  const newProducts: Prisma.ProductCreateManyInput[] = [];
  const newOptions: Prisma.ProductOptionCreateManyInput[] = [];
  for (const group of batch.groups) {
    const writes = group.rows.filter((r) => r.kind !== "unchanged");
    let productId: string;
    if (!group.existing) {
      productId = uuidv7(now);
      const active = writes.filter((r) => r.isActive);
      const prices = (active.length > 0 ? active : writes).map((r) => r.price);
      newProducts.push({
        id: productId,
        slug: group.slug,
        name: group.name,
        description: group.description,
        price: Math.min(...prices),
        maxPrice: Math.max(...prices),
        currency: group.currency,
        stock: Math.min(active.reduce((sum, r) => sum + (r.stock ?? 0), 0), 2_147_483_647),
        categoryId: group.categoryId,
        tags: group.tags,
        isActive: active.length > 0,
        variantCount: active.length,
      });
      newOptions.push(...group.options.map((o, position) => ({ productId, name: o.name, values: o.values, position })));
      result.productsCreated += 1;
      auditAfter[`product:${group.slug}`] = { created: true, name: group.name };
    } else {
      productId = group.existing.id;
      if (Object.keys(group.after).length > 0) {
        await tx.product.update({
          where: { id: productId },
          data: { name: group.name, description: group.description, categoryId: group.categoryId, tags: group.tags },
          select: { id: true },
        });
        auditBefore[`product:${group.slug}`] = group.before;
        auditAfter[`product:${group.slug}`] = group.after;
      }
      if (group.optionsChanged) {
        for (const [position, option] of group.options.entries()) {
          await tx.productOption.update({ where: { productId_position: { productId, position } }, data: { values: option.values }, select: { id: true } });
        }
      }
    }
    for (const row of writes) {
      if (row.kind === "create") newVariants.push({ id: uuidv7(now), productId, names: group.options.map((o) => o.name), row });
      // A row may be an update for its product's columns alone: its variant is then left as it is.
      else if (Object.keys(row.after).length > 0) updates.push({ productId, row });
      if (Object.keys(row.before).length > 0) auditBefore[row.sku] = row.before;
      auditAfter[row.sku] = row.after;
    }
  }

  if (newProducts.length > 0) await tx.product.createMany({ data: newProducts });
  if (newOptions.length > 0) await tx.productOption.createMany({ data: newOptions });
  if (newVariants.length > 0) {
    await tx.productVariant.createMany({
      data: newVariants.map(({ id, productId, names, row }) => {
        return {
          id,
          productId,
          sku: row.sku,
          title: row.values.join(" / "),
          optionValues: row.values,
          optionKeys: names.map((name, k) => optionKey(name, row.values[k]!)),
          price: row.price,
          compareAtPrice: row.compareAtPrice,
          stock: row.stock ?? 0,
          isActive: row.isActive,
          position: row.position,
        };
      }),
    });
    result.variantsCreated = newVariants.length;
  }

  const adjustments: { variantId: string; productId: string; delta: number; stockAfter: number }[] = newVariants
    .filter((v) => (v.row.stock ?? 0) > 0)
    .map((v) => ({ variantId: v.id, productId: v.productId, delta: v.row.stock!, stockAfter: v.row.stock! }));

  if (updates.length > 0) {
    const rows = updates.map((u) => u.row);
    // One statement for the batch's updates. Each row's stock is read under its lock in the same statement, so
    // the adjustment records the change from the stock of that moment (a checkout may have sold some since the plan).
    const changed = await tx.$queryRaw<{ id: string; product_id: string; old_stock: number; new_stock: number }[]>`
      WITH u AS (
        SELECT * FROM unnest(${rows.map((r) => r.variantId!)}::uuid[], ${rows.map((r) => r.price)}::integer[],
                             ${rows.map((r) => r.compareAtPrice)}::integer[], ${rows.map((r) => r.isActive)}::boolean[],
                             ${rows.map((r) => r.stock ?? null)}::integer[]) AS u(id, price, compare_at_price, is_active, stock)
      ), old AS (
        SELECT v.id, v.stock FROM product_variants v JOIN u ON u.id = v.id ORDER BY v.id FOR UPDATE OF v
      )
      UPDATE product_variants v
      SET price = u.price, compare_at_price = u.compare_at_price, is_active = u.is_active,
          stock = coalesce(u.stock, v.stock), updated_at = now()
      FROM u JOIN old ON old.id = u.id
      WHERE v.id = u.id
      RETURNING v.id::text AS id, v.product_id::text AS product_id, old.stock AS old_stock, v.stock AS new_stock`;
    if (changed.length !== rows.length) throw new Error("A variant of this batch was deleted meanwhile");
    result.variantsUpdated = changed.length;
    for (const c of changed) {
      if (c.old_stock !== c.new_stock) adjustments.push({ variantId: c.id, productId: c.product_id, delta: c.new_stock - c.old_stock, stockAfter: c.new_stock });
    }
  }
  if (adjustments.length > 0) {
    await tx.stockAdjustment.createMany({
      data: adjustments.map((a) => ({ ...a, reason: "import", note: label.slice(0, 500), actorId: actor.id, createdAt: now })),
    });
    result.stockAdjustments = adjustments.length;
  }
  await recordAudit(tx, actor, {
    action: "product.import",
    entityType: "product",
    entityId: null,
    summary:
      `${label}: rows ${batch.firstRow}-${batch.lastRow}, ${result.productsCreated} products and ${result.variantsCreated} variants created, ` +
      `${result.variantsUpdated} variants updated, ${result.stockAdjustments} stock changes`,
    before: auditBefore,
    after: auditAfter,
  });
  return result;
}

/** What a batch that failed to write says to the person importing (never the database's own words). */
export function batchFailure(error: unknown): string {
  if (isUniqueViolation(error, "sku")) return "A SKU of this batch was taken meanwhile by another product: run the import again to see which";
  if (isUniqueViolation(error, "slug")) return "A product slug of this batch was taken meanwhile: run the import again to see which";
  if (isTransientDbError(error)) return "The database was busy: run the import again (the rows written stay unchanged)";
  if (error instanceof Error && error.message === "A variant of this batch was deleted meanwhile") return error.message;
  return "The database refused this batch: nothing of it was written";
}
