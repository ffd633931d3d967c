import { Prisma, type Db } from "@shop/db";
import type { ProductSort } from "./catalog.schemas";
import type { ProductCursor } from "./cursor";

/** A category filter: a slug, or a UUID that may be an id or (unusually) a slug. */
export interface CategoryKey {
  slug: string;
  id?: string;
}

export interface ProductPageQuery {
  sort: ProductSort;
  /** Rows to fetch (the caller asks for one more than a page to learn whether another page exists). */
  take: number;
  after: ProductCursor | null;
  q?: string;
  category?: CategoryKey;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
}

export interface ProductPageRow {
  id: string;
  slug: string;
  name: string;
  price: number;
  currency: string;
  stock: number;
  created_at: Date;
  rating_average: string;
  rating_count: number;
  image_url: string | null;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
}

/*
 * Which index serves which sort. The keyset WHERE compares exactly the index columns as one row value, so each
 * page starts at the cursor inside the index instead of skipping rows:
 *   newest      (created_at DESC, id DESC)                          products_created_at_id_idx
 *               with inStock=true: products_in_stock_created_idx    (same columns, WHERE stock > 0)
 *   price_asc   (price, id)                                         products_price_id_idx, forwards
 *   price_desc  (price, id)                                         products_price_id_idx, backwards
 *   rating      (rating_average DESC, rating_count DESC, id DESC)   products_rating_average_rating_count_id_idx
 * With a category, the same columns prefixed by category_id (products_category_id_*_idx), once per category of
 * the subtree. `q` goes through the GIN index products_search_vector_idx when the words are rare; for common words the
 * planner walks the sort index and stops after one page. Checked with EXPLAIN ANALYZE at 100k products: no
 * sequential scan of products, pages in 0.1-6 ms (two common words + a large category: ~60 ms).
 */
function orderBy(sort: ProductSort, alias: string): Prisma.Sql {
  const t = Prisma.raw(alias);
  switch (sort) {
    case "newest":
      return Prisma.sql`${t}.created_at DESC, ${t}.id DESC`;
    case "price_asc":
      return Prisma.sql`${t}.price ASC, ${t}.id ASC`;
    case "price_desc":
      return Prisma.sql`${t}.price DESC, ${t}.id DESC`;
    case "rating":
      return Prisma.sql`${t}.rating_average DESC, ${t}.rating_count DESC, ${t}.id DESC`;
  }
}

function afterCursor(cursor: ProductCursor): Prisma.Sql {
  switch (cursor.sort) {
    case "newest":
      return Prisma.sql`(p.created_at, p.id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`;
    case "price_asc":
      return Prisma.sql`(p.price, p.id) > (${cursor.price}::integer, ${cursor.id}::uuid)`;
    case "price_desc":
      return Prisma.sql`(p.price, p.id) < (${cursor.price}::integer, ${cursor.id}::uuid)`;
    case "rating":
      return Prisma.sql`(p.rating_average, p.rating_count, p.id)
        < (${cursor.ratingAverage}::numeric, ${cursor.ratingCount}::integer, ${cursor.id}::uuid)`;
  }
}

/** The category and all its descendants, any depth. UNION (not UNION ALL) also ends a cycle in bad data. */
function subtree(key: CategoryKey): Prisma.Sql {
  const root = key.id
    ? Prisma.sql`id = ${key.id}::uuid OR slug = ${key.slug}`
    : Prisma.sql`slug = ${key.slug}`;
  return Prisma.sql`WITH RECURSIVE subtree(id) AS (
      SELECT id FROM categories WHERE ${root}
      UNION
      SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
    )`;
}

/**
 * One page of active products in one statement: the inner query picks the page on the indexes, the outer one
 * adds the category and the first image for just those rows. No COUNT(*).
 */
export async function findProductPage(db: Db, query: ProductPageQuery): Promise<ProductPageRow[]> {
  const where: Prisma.Sql[] = [Prisma.sql`p.is_active`];
  if (query.after) where.push(afterCursor(query.after));
  if (query.q) {
    // The stored search_vector column (GIN index products_search_vector_idx): never re-tokenised at read time.
    // Whole words (websearch syntax: "a phrase", or, -word). No pg_trgm index for partial words: a second large
    // GIN index to update on every write for matching nobody needs yet; prefixes (`word:*`) could reuse this one.
    where.push(Prisma.sql`p.search_vector @@ websearch_to_tsquery('simple', ${query.q})`);
  }
  if (query.minPrice !== undefined) where.push(Prisma.sql`p.price >= ${query.minPrice}::integer`);
  if (query.maxPrice !== undefined) where.push(Prisma.sql`p.price <= ${query.maxPrice}::integer`);
  if (query.inStock === true) where.push(Prisma.sql`p.stock > 0`);
  if (query.inStock === false) where.push(Prisma.sql`p.stock = 0`);

  const columns = Prisma.sql`p.id, p.slug, p.name, p.price, p.currency, p.stock, p.created_at, p.rating_average,
    p.rating_count, p.category_id`;
  const page = query.category
    ? // The top `take` of each category of the subtree on its category_id-prefixed index, then the top `take` of
      // those: bounded work whatever the category's size (a plain IN (subtree) filter made the planner walk the
      // whole sort index for a small category: 200-300 ms at 100k products).
      Prisma.sql`${subtree(query.category)}
      SELECT x.* FROM subtree s CROSS JOIN LATERAL (
        SELECT ${columns} FROM products p
        WHERE p.category_id = s.id AND ${Prisma.join(where, " AND ")}
        ORDER BY ${orderBy(query.sort, "p")}
        LIMIT ${query.take}
      ) x
      ORDER BY ${orderBy(query.sort, "x")}
      LIMIT ${query.take}`
    : Prisma.sql`SELECT ${columns} FROM products p
      WHERE ${Prisma.join(where, " AND ")}
      ORDER BY ${orderBy(query.sort, "p")}
      LIMIT ${query.take}`;

  return db.$queryRaw<ProductPageRow[]>`
    SELECT page.id::text AS id, page.slug, page.name, page.price, page.currency, page.stock, page.created_at,
           page.rating_average::text AS rating_average, page.rating_count,
           (SELECT i.url FROM product_images i WHERE i.product_id = page.id ORDER BY i.position LIMIT 1) AS image_url,
           c.id::text AS category_id, c.slug AS category_slug, c.name AS category_name
    FROM (${page}) page
    LEFT JOIN categories c ON c.id = page.category_id
    ORDER BY ${orderBy(query.sort, "page")}`;
}

const productDetailSelect = {
  id: true,
  slug: true,
  name: true,
  description: true,
  price: true,
  currency: true,
  stock: true,
  ratingAverage: true,
  ratingCount: true,
  createdAt: true,
  updatedAt: true,
  images: { select: { url: true, alt: true, position: true }, orderBy: { position: "asc" } },
  category: { select: { id: true, slug: true, name: true } },
} as const satisfies Prisma.ProductSelect;

export type ProductDetailRow = Prisma.ProductGetPayload<{ select: typeof productDetailSelect }>;

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
  currency: string;
  stock: number;
  rating_average: string;
  rating_count: number;
  created_at: Date;
  updated_at: Date;
  images: { url: string; alt: string; position: number }[];
  category_path: { id: string; slug: string; name: string }[] | null;
}

// Deeper than any real catalogue; only there so a parent cycle in bad data cannot loop forever.
const MAX_CATEGORY_DEPTH = 64;

/**
 * An active product by slug, or by id-or-slug when `id` is given (only ever a UUID), with its images and
 * category path, in ONE statement: the detail page is read far more often than written, and four sequential
 * Prisma queries cost four trips through the query compiler and the pool. bench/baseline-server.mjs runs the same
 * SQL (the benchmark checks that they match).
 */
export async function findActiveProduct(db: Db, key: { slug: string; id?: string }): Promise<ProductDetail | null> {
  const rows = await db.$queryRaw<ProductDetailSqlRow[]>`
    SELECT p.id::text AS id, p.slug, p.name, p.description, p.price, p.currency, p.stock,
           p.rating_average::text AS rating_average, p.rating_count, p.created_at, p.updated_at,
           COALESCE((SELECT json_agg(json_build_object('url', i.url, 'alt', i.alt, 'position', i.position) ORDER BY i.position)
                     FROM product_images i WHERE i.product_id = p.id), '[]'::json) AS images,
           (WITH RECURSIVE up AS (
              SELECT c.id, c.slug, c.name, c.parent_id, 0 AS depth FROM categories c WHERE c.id = p.category_id
              UNION ALL
              SELECT c.id, c.slug, c.name, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id
              WHERE up.depth < ${MAX_CATEGORY_DEPTH}
            )
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
      currency: r.currency,
      stock: r.stock,
      ratingAverage: new Prisma.Decimal(r.rating_average),
      ratingCount: r.rating_count,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      images: r.images,
      category: self ? { id: self.id, slug: self.slug, name: self.name } : null,
    },
    categoryPath,
  };
}

export function findProductById(db: Db, id: string): Promise<ProductDetailRow | null> {
  return db.product.findUnique({ where: { id }, select: productDetailSelect });
}

export interface NewProduct {
  slug: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  stock: number;
  categoryId: string | null;
  images: { url: string; alt: string }[];
}

/** Inserts the product and its images in one statement (positions follow the given order). */
export async function insertProduct(db: Db, product: NewProduct): Promise<string> {
  const { images, ...fields } = product;
  const row = await db.product.create({
    data: { ...fields, images: { create: images.map((image, position) => ({ ...image, position })) } },
    select: { id: true },
  });
  return row.id;
}

/** Slugs already taken among `base` and `base-<n>` (any product, active or not: slugs are unique across all). */
export async function findSlugsLike(db: Db, base: string): Promise<string[]> {
  const rows = await db.product.findMany({
    where: { OR: [{ slug: base }, { slug: { startsWith: `${base}-` } }] },
    select: { slug: true },
  });
  return rows.map((r) => r.slug);
}
