/**
 * Facet counts for a list's filters: how many products match, how many of them are in stock, and how they spread
 * over categories, price bands and option values. Each dimension is counted under every filter but its own (so
 * the sidebar can offer the other sizes while one is chosen). Option values are counted per variant: "Size 42: 12"
 * under colour:black means 12 products sell a black 42 (in stock, with inStock=true).
 *
 * The category dimension drops the category filter, so it counts the whole catalogue (under the other filters)
 * whatever category is chosen. Hence ONE statement counts per category, whatever the category filter: rows of
 * (category, inside the price filter?, price band) and of (category, inside the price filter?, option value).
 * A product has one category and one price, so every dimension for any category is a sum of such rows, made
 * here from the category tree. The rows depend on the other filters only, so every category page of the same
 * search shares them (`memo`: the catalogue cache, cleared by every write that changes what it counts).
 */
import { Prisma, type Db } from "@shop/db";
import { PRICE_BAND_EDGES, type CategoryNode, type CategoryTree, type ProductFacets } from "./catalog.schemas";
import { filterConditions, priceConditions, stockAndOptionConditions, type CategoryKey, type ProductFilters } from "./product.repository";

/** One row of the counting statement (products_facet_idx serves the first part, product_variants_optioned_idx the rest). */
export interface FacetRow {
  kind: "products" | "option";
  category_id: string | null;
  in_price: boolean;
  /** products: width_bucket over PRICE_BAND_EDGES (1 = the first band). */
  band: number | null;
  /** products: matches under every filter but category and price. option: products selling the value. */
  n: number;
  /** products: of them, those in stock (with an in-stock variant matching the option filters). */
  n_in_stock: number | null;
  key: string | null;
  name: string | null;
  value: string | null;
  option_order: number | null;
  value_order: number | null;
}

export type FacetMemo = (key: string, load: () => Promise<FacetRow[]>) => Promise<FacetRow[]>;

const nameOf = (key: string) => key.slice(0, key.indexOf(":"));
const and = (conditions: Prisma.Sql[]) => (conditions.length > 0 ? Prisma.sql`(${Prisma.join(conditions, " AND ")})` : Prisma.sql`true`);

const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Values of one option across products: named values in the order their products list them (S, M, L, XL), then
 * numbers ascending (38 ... 46), so that clothing and shoe sizes under one "Size" do not interleave.
 */
export function compareOptionValues(a: { value: string; order: number }, b: { value: string; order: number }): number {
  const an = NUMBER.test(a.value);
  const bn = NUMBER.test(b.value);
  if (an !== bn) return an ? 1 : -1;
  if (an) return Number(a.value) - Number(b.value);
  return a.order - b.order || a.value.localeCompare(b.value, "en", { numeric: true });
}

/** The counting statement's rows for the filters but the category. */
function countRows(db: Db, filters: Omit<ProductFilters, "category">): Promise<FacetRow[]> {
  const groups = filters.optionGroups ?? [];
  const selectedNames = groups.map((keys) => nameOf(keys[0]!));
  const searched = filterConditions({ tsquery: filters.tsquery }); // is_active and the search
  // A search's matches are read from the table once (the GIN index gives no category or price) and both parts
  // count from that set; without a search both read products_facet_idx alone.
  const searching = filters.tsquery !== undefined;
  const matches = searching
    ? Prisma.sql`WITH p AS MATERIALIZED (SELECT p.id, p.category_id, p.price, p.stock FROM products p WHERE ${and(searched)})`
    : Prisma.empty;
  const from = searching ? Prisma.sql`p` : Prisma.sql`products p`;
  const active = searching ? [] : searched;
  const inPrice = and(priceConditions(filters));
  const edges = [...PRICE_BAND_EDGES];

  // With inStock=true both counts are the in-stock ones. Otherwise every counted product has a variant matching
  // the option filters (in stock or not), which the WHERE asks, and the FILTERs the rest.
  const where = [...active, ...stockAndOptionConditions(filters.inStock === true ? true : undefined, groups)];
  const products = Prisma.sql`SELECT 'products' AS kind, p.category_id::text AS category_id, ${inPrice} AS in_price,
      width_bucket(p.price, ${edges}::int[]) AS band,
      count(*) FILTER (WHERE ${and(stockAndOptionConditions(filters.inStock, undefined))})::int AS n,
      count(*) FILTER (WHERE ${and(stockAndOptionConditions(true, groups))})::int AS n_in_stock,
      NULL::text AS key, NULL::text AS name, NULL::text AS value, NULL::int AS option_order, NULL::int AS value_order
    FROM ${from} WHERE ${and(where)}
    GROUP BY 2, 3, 4`;

  /** Option values under the product filters and, on the same variant, every option filter but `except`. */
  const optionCounts = (except: number | null) => {
    const variant: Prisma.Sql[] = [Prisma.sql`v.is_active`, Prisma.sql`v.option_keys <> '{}'::text[]`];
    if (filters.inStock === true) variant.push(Prisma.sql`v.stock > 0`);
    groups.forEach((keys, i) => {
      if (i !== except) variant.push(Prisma.sql`v.option_keys && ${keys}::text[]`);
    });
    const keyFilter =
      except === null
        ? selectedNames.length > 0
          ? [Prisma.sql`split_part(o.key, ':', 1) <> ALL (${selectedNames}::text[])`]
          : []
        : [Prisma.sql`split_part(o.key, ':', 1) = ${selectedNames[except]!}`];
    return Prisma.sql`SELECT 'option', p.category_id::text, ${inPrice}, NULL::int, count(DISTINCT p.id)::int, NULL::int,
        o.key, min(po.name), min(o.value), min(po.position), min(array_position(po.values, o.value))
      FROM ${from}
      JOIN product_variants v ON v.product_id = p.id AND ${and(variant)}
      CROSS JOIN LATERAL unnest(v.option_keys, v.option_values) WITH ORDINALITY AS o(key, value, ord)
      JOIN product_options po ON po.product_id = p.id AND po.position = o.ord - 1
      WHERE ${and([...active, ...stockAndOptionConditions(filters.inStock, undefined), ...keyFilter])}
      GROUP BY 2, 3, o.key`;
  };

  const parts = [products, optionCounts(null), ...groups.map((_, i) => optionCounts(i))];
  return db.$queryRaw<FacetRow[]>`${matches} ${Prisma.join(parts, " UNION ALL ")}`;
}

/** The ids of the category (by id or slug, as the list's filter matches it) and of everything below it. */
function subtreeIds(tree: CategoryTree, key: CategoryKey): Set<string> {
  const ids = new Set<string>();
  const add = (node: CategoryNode) => {
    ids.add(node.id);
    node.children.forEach(add);
  };
  const visit = (node: CategoryNode) => {
    if (node.id === key.id || node.slug === key.slug) add(node);
    else node.children.forEach(visit);
  };
  tree.items.forEach(visit);
  return ids;
}

export async function countFacets(db: Db, filters: ProductFilters, tree: CategoryTree, memo: FacetMemo = (_, load) => load()): Promise<ProductFacets> {
  const { category, ...others } = filters;
  const rows = await memo(JSON.stringify(others), () => countRows(db, others));
  const inside = category ? subtreeIds(tree, category) : null;
  const inCategory = (id: string | null) => inside === null || (id !== null && inside.has(id));
  const groups = filters.optionGroups ?? [];

  let total = 0;
  let inStock = 0;
  const direct = new Map<string, number>();
  const bands = new Map<number, number>();
  const options = new Map<string, { name: string; order: number; values: Map<string, { value: string; order: number; count: number }> }>();
  for (const row of rows) {
    const here = inCategory(row.category_id);
    if (row.kind === "products") {
      if (row.in_price && here) {
        total += row.n;
        inStock += row.n_in_stock ?? 0;
      }
      if (row.in_price && row.category_id !== null) direct.set(row.category_id, (direct.get(row.category_id) ?? 0) + row.n);
      if (here) bands.set(row.band!, (bands.get(row.band!) ?? 0) + row.n);
      continue;
    }
    if (!row.in_price || !here || row.n === 0) continue;
    const key = row.key!;
    const name = nameOf(key);
    const option = options.get(name) ?? { name: row.name!, order: row.option_order ?? 0, values: new Map() };
    option.order = Math.min(option.order, row.option_order ?? 0);
    if (row.name! < option.name) option.name = row.name!;
    const value = option.values.get(key) ?? { value: row.value!, order: row.value_order ?? 0, count: 0 };
    value.count += row.n;
    value.order = Math.min(value.order, row.value_order ?? 0);
    if (row.value! < value.value) value.value = row.value!;
    option.values.set(key, value);
    options.set(name, option);
  }

  // Sub-category counts add up into their parents; the tree's order is kept.
  const categories: ProductFacets["categories"] = [];
  const walk = (node: CategoryNode, parentId: string | null): number => {
    const at = categories.length;
    categories.push({ id: node.id, slug: node.slug, name: node.name, parentId, count: 0 });
    const count = (direct.get(node.id) ?? 0) + node.children.reduce((sum, child) => sum + walk(child, node.id), 0);
    if (count > 0) categories[at]!.count = count;
    return count;
  };
  for (const root of tree.items) walk(root, null);

  const selected = new Set(groups.flat());
  return {
    total,
    inStock,
    categories: categories.filter((c) => c.count > 0),
    options: [...options.entries()]
      .sort(([a, x], [b, y]) => x.order - y.order || a.localeCompare(b))
      .map(([key, option]) => ({
        name: option.name,
        key,
        values: [...option.values.entries()]
          .sort(([, a], [, b]) => compareOptionValues(a, b))
          .map(([valueKey, v]) => ({ value: v.value, count: v.count, selected: selected.has(valueKey) })),
      })),
    priceBands: PRICE_BAND_EDGES.map((min, i) => ({ min, max: PRICE_BAND_EDGES[i + 1] ?? null, count: bands.get(i + 1) ?? 0 })),
  };
}
