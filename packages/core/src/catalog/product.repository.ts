import { Prisma, type Db } from "@shop/db";
import type { ListSort } from "./catalog.schemas";
import { categoryAncestors } from "./category.repository";
import { cursorValues, PRODUCT_SORT_KEYS, type ProductCursor, type SortKey } from "./cursor";

/** A category filter: a slug, or a UUID that may be an id or (unusually) a slug. */
export interface CategoryKey {
  slug: string;
  id?: string;
}

export interface ProductFilters {
  /** tsquery text (search-query.ts buildTsQuery); matched against products.search_vector. */
  tsquery?: string;
  category?: CategoryKey;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  /**
   * Option filters (catalog.schemas.ts parseOptionsFilter): one active variant must carry one key of every group
   * (and have stock, with inStock=true).
   */
  optionGroups?: string[][];
}

export interface ProductPageQuery extends ProductFilters {
  /** `relevance` needs `tsquery`. */
  sort: ListSort;
  /** Rows to fetch (the caller asks for one more than a page to learn whether another page exists). */
  take: number;
  after: ProductCursor | null;
  /** Count matches up to one more than this (so the caller knows when there are more); null: no count. */
  countLimit: number | null;
}

export interface ProductPageRow {
  id: string;
  slug: string;
  name: string;
  price: number;
  max_price: number;
  variant_count: number;
  currency: string;
  stock: number;
  created_at: Date;
  rating_average: string;
  rating_count: number;
  /** The relevance score under sort=relevance, else null. */
  score: number | null;
  image_url: string | null;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
}

export interface ProductPage {
  rows: ProductPageRow[];
  /** Matching products (every page, the cursor ignored), counted up to countLimit + 1; null without countLimit. */
  counted: number | null;
}

/*
 * Which index serves which sort. The keyset WHERE compares exactly the index columns as one row value, so each
 * page starts at the cursor inside the index instead of skipping rows:
 *   newest      (created_at DESC, id DESC)                          products_created_at_id_idx
 *               with inStock=true: products_in_stock_created_idx    (same columns, WHERE stock > 0)
 *   price_asc   (price, id)                                         products_price_id_idx, forwards
 *   price_desc  (price, id)                                         products_price_id_idx, backwards
 *   rating      (rating_average DESC, rating_count DESC, id DESC)   products_rating_average_rating_count_id_idx
 *   relevance   (score DESC, id DESC), score computed per match     none: every match is ranked (see scoreOf)
 * With a category, the same columns prefixed by category_id (products_category_id_*_idx), once per category of
 * the subtree. The search goes through the GIN index products_search_vector_idx when its words are rare; for
 * common words the planner walks the sort index and stops after one page. Checked with EXPLAIN ANALYZE at 100k
 * products (bench/run.mjs keeps checking it): no sequential scan of products.
 */
function orderBy(sort: ListSort, alias: string): Prisma.Sql {
  const { direction, keys } = PRODUCT_SORT_KEYS[sort];
  // Inside the query that computes it, `score` is the output column (the rank is computed once per row).
  const column = (key: SortKey) => Prisma.raw(key.column === "score" && alias === "p" ? "score" : `${alias}.${key.column}`);
  return Prisma.join(
    keys.map((key) => Prisma.sql`${column(key)} ${Prisma.raw(direction)}`),
    ", ",
  );
}

// ts_rank is a float4 in 0..1: scaled to an integer so the cursor holds it exactly and compares it exactly.
const SCORE_SCALE = 1_000_000;

/**
 * Relevance: weights D (description) 0.1, C (category path) 0.2, B (tags) 0.4, A (name) 1.0, normalised by
 * document length (1 + log), so a word in the name outranks the same word in a long description. Every match
 * is ranked (no index order to follow), which is why the service asks for relevance only when the planner
 * expects a bounded number of matches (ListProductsOptions.relevanceLimit).
 */
function scoreOf(tsquery: string): Prisma.Sql {
  return Prisma.sql`(ts_rank('{0.1, 0.2, 0.4, 1.0}'::real[], p.search_vector, ${tsquery}::tsquery, 1) * ${SCORE_SCALE})::integer`;
}

/** The keyset condition: the rows after `cursor` in its order, as one row comparison on the sort's index columns. */
function afterCursor(cursor: ProductCursor, tsquery: string | undefined): Prisma.Sql {
  const { direction, keys } = PRODUCT_SORT_KEYS[cursor.sort];
  const values = cursorValues(cursor);
  const columns = keys.map((key) => {
    if (key.column !== "score") return Prisma.raw(`p.${key.column}`);
    if (tsquery === undefined) throw new Error("sort=relevance needs a search");
    return scoreOf(tsquery);
  });
  const bound = keys.map((key, i) => Prisma.sql`${values[i]}::${Prisma.raw(key.cast)}`);
  return Prisma.sql`(${Prisma.join(columns, ", ")}) ${Prisma.raw(direction === "DESC" ? "<" : ">")} (${Prisma.join(bound, ", ")})`;
}

/**
 * The category and all its descendants, any depth, archived ones left out (a filter by an archived category finds
 * nothing). UNION (not UNION ALL) also ends a cycle in bad data.
 */
function subtree(key: CategoryKey): Prisma.Sql {
  const root = key.id
    ? Prisma.sql`id = ${key.id}::uuid OR slug = ${key.slug}`
    : Prisma.sql`slug = ${key.slug}`;
  return Prisma.sql`WITH RECURSIVE subtree(id) AS (
      SELECT id FROM categories WHERE (${root}) AND archived_at IS NULL
      UNION
      SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id WHERE c.archived_at IS NULL
    )`;
}

/** A product has an active variant (in stock, if asked) with one of the keys of every group. */
function variantMatch(groups: string[][], inStock: boolean): Prisma.Sql {
  const each = groups.map((keys) => Prisma.sql`v.option_keys && ${keys}::text[]`);
  return Prisma.sql`EXISTS (SELECT 1 FROM product_variants v
      WHERE v.product_id = p.id AND v.is_active AND ${Prisma.join(each, " AND ")}${inStock ? Prisma.sql` AND v.stock > 0` : Prisma.empty})`;
}

/** The conditions every listed product meets, whatever the page (the cursor is not one of them). */
export function filterConditions(filters: ProductFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`p.is_active`];
  if (filters.tsquery !== undefined) {
    // products.search_vector is kept by triggers (migration 20261202070000_catalog_search), never re-tokenised
    // at read time; the GIN index products_search_vector_idx serves rare words and prefixes.
    where.push(Prisma.sql`p.search_vector @@ ${filters.tsquery}::tsquery`);
  }
  where.push(...priceConditions(filters), ...stockAndOptionConditions(filters.inStock, filters.optionGroups));
  return where;
}

/** The minPrice/maxPrice filter (none: an empty list). */
export function priceConditions({ minPrice, maxPrice }: Pick<ProductFilters, "minPrice" | "maxPrice">): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (minPrice !== undefined) where.push(Prisma.sql`p.price >= ${minPrice}::integer`);
  if (maxPrice !== undefined) where.push(Prisma.sql`p.price <= ${maxPrice}::integer`);
  return where;
}

/** The inStock filter and the option filters (an in-stock variant must match, with inStock=true). */
export function stockAndOptionConditions(inStock: boolean | undefined, optionGroups: string[][] | undefined): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (inStock === true) where.push(Prisma.sql`p.stock > 0`);
  if (inStock === false) where.push(Prisma.sql`p.stock = 0`);
  if (optionGroups && optionGroups.length > 0) where.push(variantMatch(optionGroups, inStock === true));
  return where;
}

/**
 * One page of active products in ONE statement: the inner query picks the page on the indexes, the outer one adds
 * the category and the first image for just those rows. With countLimit, the same statement also counts the
 * matches up to countLimit + 1 (the caller asks only when the planner expects few, so that count reads few rows).
 */
export async function findProductPage(db: Db, query: ProductPageQuery): Promise<ProductPage> {
  if (query.sort === "relevance" && query.tsquery === undefined) throw new Error("sort=relevance needs a search");
  const filters = filterConditions(query);
  const where = query.after ? [...filters, afterCursor(query.after, query.tsquery)] : filters;
  const relevance = query.sort === "relevance" && query.tsquery !== undefined;

  const columns = Prisma.sql`p.id, p.slug, p.name, p.price, p.max_price, p.variant_count, p.currency, p.stock, p.created_at, p.rating_average,
    p.rating_count, p.category_id${relevance ? Prisma.sql`, ${scoreOf(query.tsquery!)} AS score` : Prisma.empty}`;
  let page: Prisma.Sql;
  let count: Prisma.Sql | null = null;
  const inSubtree = Prisma.sql`p.category_id IN (SELECT id FROM subtree)`;
  if (query.category && !relevance) {
    // The top `take` of each category of the subtree on its category_id-prefixed index, then the top `take` of
    // those: bounded work whatever the category's size (a plain IN (subtree) filter made the planner walk the
    // whole sort index for a small category: 200-300 ms at 100k products).
    page = Prisma.sql`SELECT x.* FROM subtree s CROSS JOIN LATERAL (
        SELECT ${columns} FROM products p
        WHERE p.category_id = s.id AND ${Prisma.join(where, " AND ")}
        ORDER BY ${orderBy(query.sort, "p")}
        LIMIT ${query.take}
      ) x
      ORDER BY ${orderBy(query.sort, "x")}
      LIMIT ${query.take}`;
  } else {
    // Relevance follows no index order: ranking the matches of the whole subtree at once (GIN, then the
    // category filter) beats ranking them once per category.
    const all = query.category ? [...where, inSubtree] : where;
    page = Prisma.sql`SELECT ${columns} FROM products p
      WHERE ${Prisma.join(all, " AND ")}
      ORDER BY ${orderBy(query.sort, "p")}
      LIMIT ${query.take}`;
  }
  if (query.countLimit !== null) {
    // No ORDER BY: the caller counts only when the planner expects few matches, so the plan that finds them all
    // fastest is the right one (the GIN index for a search, a category index for a category).
    const all = query.category ? [...filters, inSubtree] : filters;
    count = Prisma.sql`SELECT 1 FROM products p WHERE ${Prisma.join(all, " AND ")} LIMIT ${query.countLimit + 1}`;
  }

  const selectList = Prisma.sql`page.id::text AS id, page.slug, page.name, page.price, page.max_price, page.variant_count, page.currency, page.stock, page.created_at,
           page.rating_average::text AS rating_average, page.rating_count,${relevance ? Prisma.sql` page.score,` : Prisma.empty}
           (SELECT i.url FROM product_images i WHERE i.product_id = page.id ORDER BY i.position LIMIT 1) AS image_url,
           c.id::text AS category_id, c.slug AS category_slug, c.name AS category_name`;
  const prefix = query.category ? subtree(query.category) : Prisma.empty;
  type Row = Omit<ProductPageRow, "score"> & { score?: number; counted?: number };
  const result = (rows: Row[], counted: number | null): ProductPage => ({
    rows: rows.filter((r) => r.id !== null).map(({ counted: _, score, ...row }) => ({ ...row, score: score ?? null })),
    counted,
  });

  if (count && query.tsquery !== undefined) {
    // A search the planner expects few matches for: the GIN index is read ONCE, into `matches` (at most
    // countLimit + 1 rows), which gives both the count and the page (ranked or sorted in memory). Counting and
    // paging separately read the same posting lists twice, the larger part of a search's time at 100k products.
    const all = query.category ? [...filters, inSubtree] : filters;
    const matchColumns = Prisma.sql`p.id, p.slug, p.name, p.price, p.max_price, p.variant_count, p.currency, p.stock, p.created_at, p.rating_average,
      p.rating_count, p.category_id, p.search_vector`;
    const pageWhere = query.after ? Prisma.sql`WHERE ${afterCursor(query.after, query.tsquery)}` : Prisma.empty;
    const rows = await db.$queryRaw<Row[]>`${prefix}${query.category ? Prisma.sql`,` : Prisma.sql`WITH`} matches AS MATERIALIZED (
      SELECT ${matchColumns} FROM products p WHERE ${Prisma.join(all, " AND ")} LIMIT ${query.countLimit! + 1}
    )
    SELECT n.counted, ${selectList}
    FROM (SELECT count(*)::integer AS counted FROM matches) n
    LEFT JOIN (SELECT ${columns} FROM matches p ${pageWhere} ORDER BY ${orderBy(query.sort, "p")} LIMIT ${query.take}) page ON true
    LEFT JOIN categories c ON c.id = page.category_id
    ORDER BY ${orderBy(query.sort, "page")}`;
    const counted = rows[0]?.counted ?? 0;
    // More matches than the planner expected: `matches` holds only some of them, so the page must come from all.
    if (counted <= query.countLimit!) return result(rows, counted);
    return { ...(await findProductPage(db, { ...query, countLimit: null })), counted };
  }

  const rows = count
    ? // LEFT JOIN from the count: one row even when the page is empty (a cursor past the last match).
      await db.$queryRaw<Row[]>`${prefix}
    SELECT n.counted, ${selectList}
    FROM (SELECT count(*)::integer AS counted FROM (${count}) counted) n
    LEFT JOIN (${page}) page ON true
    LEFT JOIN categories c ON c.id = page.category_id
    ORDER BY ${orderBy(query.sort, "page")}`
    : await db.$queryRaw<Row[]>`${prefix}
    SELECT ${selectList}
    FROM (${page}) page
    LEFT JOIN categories c ON c.id = page.category_id
    ORDER BY ${orderBy(query.sort, "page")}`;
  return result(rows, count ? (rows[0]?.counted ?? 0) : null);
}

/**
 * The planner's estimate of how many active products match (EXPLAIN, nothing executed: a planning round trip,
 * a fraction of a millisecond of server time). Decides whether counting exactly and ranking are cheap.
 */
export async function estimateProductCount(db: Db, filters: ProductFilters): Promise<number> {
  const where = filterConditions(filters);
  if (filters.category) where.push(Prisma.sql`p.category_id IN (SELECT id FROM subtree)`);
  const rows = await db.$queryRaw<{ "QUERY PLAN": unknown }[]>`EXPLAIN (FORMAT JSON)
    ${filters.category ? subtree(filters.category) : Prisma.empty}
    SELECT 1 FROM products p WHERE ${Prisma.join(where, " AND ")}`;
  const raw = rows[0]?.["QUERY PLAN"];
  const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan?: { "Plan Rows"?: number } }[] | undefined;
  const estimate = plan?.[0]?.Plan?.["Plan Rows"];
  return typeof estimate === "number" && Number.isFinite(estimate) ? Math.round(estimate) : 0;
}

export interface VariantDetailRow {
  id: string;
  sku: string;
  title: string;
  /** One per option, in option order. */
  values: string[];
  price: number;
  compareAtPrice: number | null;
  stock: number;
  imageUrl: string | null;
}

export interface ProductDetailRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  price: number;
  maxPrice: number;
  currency: string;
  stock: number;
  tags: string[];
  ratingAverage: Prisma.Decimal;
  ratingCount: number;
  createdAt: Date;
  updatedAt: Date;
  images: { url: string; alt: string; position: number }[];
  options: { name: string; values: string[] }[];
  /** The active variants, in display order. */
  variants: VariantDetailRow[];
  category: { id: string; slug: string; name: string } | null;
}

export interface ProductDetail {
  row: ProductDetailRow;
  /** The category's ancestors, root first, the category itself last; [] without a category. */
  categoryPath: { id: string; slug: string; name: string }[];
}

interface ProductDetailSqlRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  price: number;
  max_price: number;
  currency: string;
  stock: number;
  tags: string[];
  rating_average: string;
  rating_count: number;
  created_at: Date;
  updated_at: Date;
  images: { url: string; alt: string; position: number }[];
  options: { name: string; values: string[] }[];
  variants: VariantDetailRow[];
  category_path: { id: string; slug: string; name: string }[] | null;
}

/**
 * An active product by slug, or by id-or-slug when `id` is given (only ever a UUID), with its images, options,
 * active variants and category path, in ONE statement: the detail page is read far more often than written, and
 * sequential Prisma queries cost a trip through the query compiler and the pool each. bench/baseline-server.mjs
 * runs the same SQL (the benchmark checks that they match).
 */
export async function findActiveProduct(db: Db, key: { slug: string; id?: string }): Promise<ProductDetail | null> {
  const rows = await db.$queryRaw<ProductDetailSqlRow[]>`
    SELECT p.id::text AS id, p.slug, p.name, p.description, p.price, p.max_price, p.currency, p.stock,
           coalesce(p.tags, '{}') AS tags, p.rating_average::text AS rating_average, p.rating_count, p.created_at, p.updated_at,
           COALESCE((SELECT json_agg(json_build_object('url', i.url, 'alt', i.alt, 'position', i.position) ORDER BY i.position)
                     FROM product_images i WHERE i.product_id = p.id), '[]'::json) AS images,
           COALESCE((SELECT json_agg(json_build_object('name', o.name, 'values', o.values) ORDER BY o.position)
                     FROM product_options o WHERE o.product_id = p.id), '[]'::json) AS options,
           COALESCE((SELECT json_agg(json_build_object('id', v.id::text, 'sku', v.sku, 'title', v.title, 'values', v.option_values,
                       'price', v.price, 'compareAtPrice', v.compare_at_price, 'stock', v.stock, 'imageUrl', vi.url) ORDER BY v.position, v.id)
                     FROM product_variants v LEFT JOIN product_images vi ON vi.id = v.image_id
                     WHERE v.product_id = p.id AND v.is_active), '[]'::json) AS variants,
           (${categoryAncestors(Prisma.sql`p.category_id`)}
            SELECT json_agg(json_build_object('id', up.id::text, 'slug', up.slug, 'name', up.name) ORDER BY up.depth DESC) FROM up
           ) AS category_path
    FROM products p
    WHERE p.is_active AND (p.slug = ${key.slug} OR p.id = ${key.id ?? null}::uuid)
    LIMIT 1`;
  const r = rows[0];
  if (!r) return null;
  const categoryPath = r.category_path ?? [];
  const self = categoryPath.at(-1);
  return {
    row: {
      id: r.id,
      slug: r.slug,
      name: r.name,
      description: r.description,
      price: r.price,
      maxPrice: r.max_price,
      currency: r.currency,
      stock: r.stock,
      tags: r.tags,
      ratingAverage: new Prisma.Decimal(r.rating_average),
      ratingCount: r.rating_count,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      images: r.images,
      options: r.options,
      variants: r.variants,
      category: self ? { id: self.id, slug: self.slug, name: self.name } : null,
    },
    categoryPath,
  };
}

export interface NewVariant {
  sku: string;
  title: string;
  values: string[];
  keys: string[];
  price: number;
  compareAtPrice: number | null;
  stock: number;
  /** Position of one of the product's images. */
  imagePosition: number | null;
  isActive: boolean;
}

/** A product to insert: the stored fields of a detail row (price, maxPrice and stock from its variants), plus what makes it. */
export interface NewProduct extends Pick<ProductDetailRow, "slug" | "name" | "description" | "price" | "maxPrice" | "currency" | "stock" | "tags"> {
  categoryId: string | null;
  images: { url: string; alt: string }[];
  options: { name: string; values: string[] }[];
  /** At least one; positions follow the given order. */
  variants: NewVariant[];
}

/**
 * Inserts the product, its images, options and variants in one transaction (positions follow the given order).
 * products.price, max_price, stock and variant_count are set from the variants here and kept by the rollup trigger.
 */
export async function insertProduct(db: Db, product: NewProduct): Promise<string> {
  const { images, options, variants, ...fields } = product;
  return db.$transaction(async (tx) => {
    const row = await tx.product.create({
      data: {
        ...fields,
        variantCount: variants.filter((v) => v.isActive).length,
        images: { create: images.map((image, position) => ({ ...image, position })) },
        options: { create: options.map((option, position) => ({ ...option, position })) },
      },
      select: { id: true, images: { select: { id: true, position: true } } },
    });
    const imageIds = new Map(row.images.map((image) => [image.position, image.id]));
    await tx.productVariant.createMany({
      data: variants.map((v, position) => ({
        productId: row.id,
        sku: v.sku,
        title: v.title,
        optionValues: v.values,
        optionKeys: v.keys,
        price: v.price,
        compareAtPrice: v.compareAtPrice,
        stock: v.stock,
        imageId: v.imagePosition === null ? null : (imageIds.get(v.imagePosition) ?? null),
        isActive: v.isActive,
        position,
      })),
    });
    return row.id;
  });
}

/** Which of these SKUs are taken already. */
export async function findTakenSkus(db: Db, skus: string[]): Promise<string[]> {
  const rows = await db.productVariant.findMany({ where: { sku: { in: skus } }, select: { sku: true } });
  return rows.map((r) => r.sku);
}

/** Slugs already taken among `base` and `base-<n>` (any product, active or not: slugs are unique across all). */
export async function findSlugsLike(db: Db, base: string): Promise<string[]> {
  const rows = await db.product.findMany({
    where: { OR: [{ slug: base }, { slug: { startsWith: `${base}-` } }] },
    select: { slug: true },
  });
  return rows.map((r) => r.slug);
}

/**
 * Up to `limit` active, in-stock products beside one: its own category's first, then those of its sibling
 * categories (same parent), each best rated first (the category_id-prefixed rating index, one bounded walk per
 * category). null when the product itself is not an active one.
 */
export async function findRelatedProducts(db: Db, key: CategoryKey, limit: number): Promise<ProductPageRow[] | null> {
  type Row = ProductPageRow & { found: number; own: boolean | null };
  const rows = await db.$queryRaw<Row[]>`
    WITH me AS (
      SELECT p.id, p.category_id FROM products p
      WHERE p.is_active AND (p.slug = ${key.slug} OR p.id = ${key.id ?? null}::uuid) LIMIT 1
    ), near AS (
      SELECT c.id, c.id = me.category_id AS own
      FROM me JOIN categories c ON c.id = me.category_id
        OR c.parent_id = (SELECT parent_id FROM categories WHERE id = me.category_id)
    ), picked AS (
      SELECT x.* FROM near n CROSS JOIN LATERAL (
        SELECT p.id, p.slug, p.name, p.price, p.max_price, p.variant_count, p.currency, p.stock, p.created_at,
               p.rating_average, p.rating_count, p.category_id, n.own
        FROM products p
        WHERE p.category_id = n.id AND p.is_active AND p.stock > 0 AND p.id <> (SELECT id FROM me)
        ORDER BY p.rating_average DESC, p.rating_count DESC, p.id DESC
        LIMIT ${limit}
      ) x
      ORDER BY x.own DESC, x.rating_average DESC, x.rating_count DESC, x.id DESC
      LIMIT ${limit}
    )
    SELECT (SELECT count(*) FROM me)::int AS found, page.own,
           page.id::text AS id, page.slug, page.name, page.price, page.max_price, page.variant_count, page.currency, page.stock,
           page.created_at, page.rating_average::text AS rating_average, page.rating_count, NULL::integer AS score,
           (SELECT i.url FROM product_images i WHERE i.product_id = page.id ORDER BY i.position LIMIT 1) AS image_url,
           c.id::text AS category_id, c.slug AS category_slug, c.name AS category_name
    FROM (SELECT 1) one
    LEFT JOIN picked page ON true
    LEFT JOIN categories c ON c.id = page.category_id
    ORDER BY page.own DESC, page.rating_average DESC, page.rating_count DESC, page.id DESC`;
  if (!rows[0] || rows[0].found === 0) return null;
  return rows.filter((r) => r.id !== null).map(({ found: _, own: __, ...row }) => row);
}
