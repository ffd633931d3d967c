/**
 * Facet counts for a list's filters, in ONE statement: how many products match, how many of them are in stock,
 * and how they spread over categories, price bands and option values. Each dimension is counted under every
 * filter but its own (so the sidebar can offer the other sizes while one is chosen). Option values are counted
 * per variant: "Size 42: 12" under colour:black means 12 products sell a black 42 (in stock, with inStock=true).
 */
import { Prisma, type Db } from "@shop/db";
import { PRICE_BAND_EDGES, type CategoryNode, type CategoryTree, type ProductFacets } from "./catalog.schemas";
import { filterConditions, subtree, type ProductFilters } from "./product.repository";

interface Row {
  kind: "total" | "in_stock" | "category" | "price" | "option";
  key: string | null;
  name: string | null;
  value: string | null;
  option_order: number | null;
  value_order: number | null;
  n: number;
}

const nameOf = (key: string) => key.slice(0, key.indexOf(":"));

export async function countFacets(db: Db, filters: ProductFilters, tree: CategoryTree): Promise<ProductFacets> {
  const groups = filters.optionGroups ?? [];
  const selectedNames = groups.map((keys) => nameOf(keys[0]!));
  const inSubtree = Prisma.sql`p.category_id IN (SELECT id FROM subtree)`;
  /** Product-level conditions: the filters without some dimensions. */
  const where = (drop: { category?: boolean; price?: boolean; options?: boolean } = {}, inStock = filters.inStock) => {
    const conditions = filterConditions({
      tsquery: filters.tsquery,
      minPrice: drop.price ? undefined : filters.minPrice,
      maxPrice: drop.price ? undefined : filters.maxPrice,
      inStock,
      optionGroups: drop.options ? undefined : filters.optionGroups,
    });
    if (filters.category && !drop.category) conditions.push(inSubtree);
    return Prisma.join(conditions, " AND ");
  };
  const edges = [...PRICE_BAND_EDGES];

  /** Option values under the product filters and, on the same variant, every option group but `except`. */
  const optionCounts = (except: number | null) => {
    const variantConditions: Prisma.Sql[] = [Prisma.sql`v.is_active`];
    if (filters.inStock === true) variantConditions.push(Prisma.sql`v.stock > 0`);
    groups.forEach((keys, i) => {
      if (i !== except) variantConditions.push(Prisma.sql`v.option_keys && ${keys}::text[]`);
    });
    const keyFilter =
      except === null
        ? selectedNames.length > 0
          ? Prisma.sql`AND split_part(o.key, ':', 1) <> ALL (${selectedNames}::text[])`
          : Prisma.empty
        : Prisma.sql`AND split_part(o.key, ':', 1) = ${selectedNames[except]!}`;
    return Prisma.sql`SELECT 'option' AS kind, o.key, min(po.name) AS name, min(o.value) AS value,
        min(po.position) AS option_order, min(array_position(po.values, o.value)) AS value_order,
        count(DISTINCT p.id)::int AS n
      FROM products p
      JOIN product_variants v ON v.product_id = p.id
      CROSS JOIN LATERAL unnest(v.option_keys, v.option_values) WITH ORDINALITY AS o(key, value, ord)
      JOIN product_options po ON po.product_id = p.id AND po.position = o.ord - 1
      WHERE ${where({ options: true })} AND ${Prisma.join(variantConditions, " AND ")} ${keyFilter}
      GROUP BY o.key`;
  };

  const parts = [
    Prisma.sql`SELECT 'total' AS kind, NULL AS key, NULL AS name, NULL AS value, NULL::int AS option_order, NULL::int AS value_order,
        count(*)::int AS n FROM products p WHERE ${where()}`,
    Prisma.sql`SELECT 'in_stock', NULL, NULL, NULL, NULL, NULL, count(*)::int FROM products p WHERE ${where({}, true)}`,
    Prisma.sql`SELECT 'category', p.category_id::text, NULL, NULL, NULL, NULL, count(*)::int FROM products p
        WHERE ${where({ category: true })} AND p.category_id IS NOT NULL GROUP BY p.category_id`,
    Prisma.sql`SELECT 'price', width_bucket(p.price, ${edges}::int[])::text, NULL, NULL, NULL, NULL, count(*)::int FROM products p
        WHERE ${where({ price: true })} GROUP BY 2`,
    optionCounts(null),
    ...groups.map((_, i) => optionCounts(i)),
  ];
  const rows = await db.$queryRaw<Row[]>`${filters.category ? subtree(filters.category) : Prisma.empty}
    ${Prisma.join(parts, " UNION ALL ")}`;

  const direct = new Map<string, number>();
  const bands = new Map<number, number>();
  const options = new Map<string, { name: string; order: number; values: { value: string; key: string; order: number; count: number }[] }>();
  let total = 0;
  let inStock = 0;
  for (const row of rows) {
    if (row.kind === "total") total = row.n;
    else if (row.kind === "in_stock") inStock = row.n;
    else if (row.kind === "category") direct.set(row.key!, row.n);
    else if (row.kind === "price") bands.set(Number(row.key), row.n);
    else {
      const name = nameOf(row.key!);
      const option = options.get(name) ?? { name: row.name!, order: row.option_order ?? 0, values: [] };
      option.order = Math.min(option.order, row.option_order ?? 0);
      option.values.push({ value: row.value!, key: row.key!, order: row.value_order ?? 0, count: row.n });
      options.set(name, option);
    }
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
        values: option.values
          .sort((a, b) => a.order - b.order || a.value.localeCompare(b.value, "en", { numeric: true }))
          .map((v) => ({ value: v.value, count: v.count, selected: selected.has(v.key) })),
      })),
    priceBands: edges.map((min, i) => ({ min, max: edges[i + 1] ?? null, count: bands.get(i + 1) ?? 0 })),
  };
}
