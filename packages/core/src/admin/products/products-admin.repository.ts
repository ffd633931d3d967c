/**
 * The back office's product queries. Lists are raw SQL (filters over variants, counts and one first image per
 * row in one statement); single rows go through the client with explicit selects.
 */
import { Prisma } from "@shop/db";
import type { Queryable } from "../../infra/queryable";
import type { AdminProductFilters, AdminProductSort, ProductStatus } from "./products-admin.schemas";

/** Escapes LIKE's wildcards so that q is matched literally. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The WHERE conditions of the list and of the export (on products p). */
export function productFilterConditions(filters: AdminProductFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filters.q) {
    const pattern = likePattern(filters.q);
    where.push(Prisma.sql`(p.name ILIKE ${pattern} OR p.slug ILIKE ${pattern}
      OR EXISTS (SELECT 1 FROM product_variants sv WHERE sv.product_id = p.id AND sv.sku ILIKE ${pattern}))`);
  }
  if (filters.categoryId) where.push(Prisma.sql`p.category_id = ${filters.categoryId}::uuid`);
  if (filters.status === "active") where.push(Prisma.sql`p.is_active`);
  if (filters.status === "draft") where.push(Prisma.sql`NOT p.is_active AND p.archived_at IS NULL`);
  if (filters.status === "archived") where.push(Prisma.sql`p.archived_at IS NOT NULL`);
  if (filters.lowStock === true) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM product_variants lv
      WHERE lv.product_id = p.id AND lv.is_active AND lv.stock <= ${filters.lowStockThreshold}::integer)`);
  }
  if (filters.lowStock === false) {
    where.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM product_variants lv
      WHERE lv.product_id = p.id AND lv.is_active AND lv.stock <= ${filters.lowStockThreshold}::integer)`);
  }
  if (filters.minPrice !== undefined) where.push(Prisma.sql`p.price >= ${filters.minPrice}::integer`);
  if (filters.maxPrice !== undefined) where.push(Prisma.sql`p.price <= ${filters.maxPrice}::integer`);
  return where.length > 0 ? where : [Prisma.sql`true`];
}

const ORDER_BY: Record<AdminProductSort, string> = {
  newest: "p.created_at DESC, p.id DESC",
  oldest: "p.created_at ASC, p.id ASC",
  name: "lower(p.name) ASC, p.id ASC",
  price_asc: "p.price ASC, p.id ASC",
  price_desc: "p.price DESC, p.id DESC",
  stock_asc: "p.stock ASC, p.id ASC",
  updated: "p.updated_at DESC, p.id DESC",
};

export interface AdminProductRow {
  id: string;
  slug: string;
  name: string;
  is_active: boolean;
  archived_at: Date | null;
  price: number;
  max_price: number;
  currency: string;
  stock: number;
  variant_count: number;
  low_stock_variants: number;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
  image_url: string | null;
  created_at: Date;
  updated_at: Date;
}

export function statusOf(row: { is_active: boolean; archived_at: Date | null }): ProductStatus {
  if (row.archived_at) return "archived";
  return row.is_active ? "active" : "draft";
}

/** One page by offset (the page shows "page N of M") and the total count of matches. */
export async function findAdminProductPage(
  db: Queryable,
  filters: AdminProductFilters,
  sort: AdminProductSort,
  offset: number,
  limit: number,
): Promise<{ rows: AdminProductRow[]; total: number }> {
  const where = Prisma.join(productFilterConditions(filters), " AND ");
  const [rows, count] = await Promise.all([
    db.$queryRaw<AdminProductRow[]>`
      SELECT page.id::text AS id, page.slug, page.name, page.is_active, page.archived_at, page.price, page.max_price,
             page.currency::text AS currency, page.stock, page.variant_count, page.created_at, page.updated_at,
             (SELECT count(*)::integer FROM product_variants v
               WHERE v.product_id = page.id AND v.is_active AND v.stock <= ${filters.lowStockThreshold}::integer) AS low_stock_variants,
             (SELECT i.url FROM product_images i WHERE i.product_id = page.id ORDER BY i.position LIMIT 1) AS image_url,
             c.id::text AS category_id, c.slug AS category_slug, c.name AS category_name
      FROM (SELECT p.* FROM products p WHERE ${where} ORDER BY ${Prisma.raw(ORDER_BY[sort])} LIMIT ${limit} OFFSET ${offset}) page
      LEFT JOIN categories c ON c.id = page.category_id
      ORDER BY ${Prisma.raw(ORDER_BY[sort].replaceAll("p.", "page."))}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::integer AS total FROM products p WHERE ${where}`,
  ]);
  return { rows, total: count[0]?.total ?? 0 };
}

export const productDetailSelect = {
  id: true,
  slug: true,
  name: true,
  description: true,
  isActive: true,
  archivedAt: true,
  currency: true,
  price: true,
  maxPrice: true,
  stock: true,
  variantCount: true,
  tags: true,
  ratingAverage: true,
  ratingCount: true,
  createdAt: true,
  updatedAt: true,
  categoryId: true,
  category: { select: { id: true, slug: true, name: true } },
  options: { select: { name: true, values: true, position: true }, orderBy: { position: "asc" } },
  images: { select: { id: true, url: true, alt: true, position: true }, orderBy: { position: "asc" } },
  variants: {
    select: {
      id: true,
      sku: true,
      title: true,
      optionValues: true,
      price: true,
      compareAtPrice: true,
      stock: true,
      isActive: true,
      position: true,
      imageId: true,
      image: { select: { url: true } },
      updatedAt: true,
      _count: { select: { orderItems: true } },
    },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  },
  _count: { select: { orderItems: true } },
} satisfies Prisma.ProductSelect;

export type ProductDetailRecord = Prisma.ProductGetPayload<{ select: typeof productDetailSelect }>;

export async function findAdminProduct(db: Queryable, id: string): Promise<ProductDetailRecord | null> {
  return db.product.findUnique({ where: { id }, select: productDetailSelect });
}

/** Locks the product row for the rest of the transaction (edits of one product are serialised). */
export async function lockProduct(tx: Queryable, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM products WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length > 0;
}

/** The product's variants, locked (checkouts of them wait; a deletion then sees every order line). */
export async function lockVariantsOf(tx: Queryable, productId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM product_variants WHERE product_id = ${productId}::uuid ORDER BY id FOR UPDATE`;
}

/** Variants among `ids` that order lines name. */
export async function variantsWithOrders(tx: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT variant_id::text AS id FROM order_items WHERE variant_id = ANY(${ids}::uuid[])`;
  return new Set(rows.map((r) => r.id));
}

export interface StockChangeRow {
  id: string;
  product_id: string;
  sku: string;
  stock: number;
}

/** stock + delta when that stays within 0..MAX_INT4, in one conditional UPDATE; null when it would not. */
export async function applyStockDelta(tx: Queryable, variantId: string, delta: number): Promise<StockChangeRow | null> {
  const rows = await tx.$queryRaw<StockChangeRow[]>`
    UPDATE product_variants SET stock = stock + ${delta}::integer, updated_at = now()
    WHERE id = ${variantId}::uuid AND stock::bigint + ${delta}::bigint BETWEEN 0 AND 2147483647
    RETURNING id::text AS id, product_id::text AS product_id, sku, stock`;
  return rows[0] ?? null;
}

/** The variant's stock, its row locked until the transaction ends. */
export async function lockVariantStock(tx: Queryable, variantId: string): Promise<StockChangeRow | null> {
  const rows = await tx.$queryRaw<StockChangeRow[]>`
    SELECT id::text AS id, product_id::text AS product_id, sku, stock FROM product_variants WHERE id = ${variantId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

export async function setVariantStock(tx: Queryable, variantId: string, stock: number): Promise<void> {
  await tx.$executeRaw`UPDATE product_variants SET stock = ${stock}::integer, updated_at = now() WHERE id = ${variantId}::uuid`;
}

export const stockAdjustmentSelect = {
  id: true,
  variantId: true,
  productId: true,
  delta: true,
  stockAfter: true,
  reason: true,
  note: true,
  createdAt: true,
  variant: { select: { sku: true } },
  actor: { select: { id: true, name: true, phone: true } },
} satisfies Prisma.StockAdjustmentSelect;

export type StockAdjustmentRecord = Prisma.StockAdjustmentGetPayload<{ select: typeof stockAdjustmentSelect }>;

/** Newest first on (created_at, id), after the cursor's key (the indexes ..._created_at_idx). */
export async function findStockAdjustments(
  db: Queryable,
  where: { variantId: string } | { productId: string },
  after: { createdAt: string; id: string } | null,
  take: number,
): Promise<StockAdjustmentRecord[]> {
  const keyset: Prisma.StockAdjustmentWhereInput = after
    ? {
        OR: [
          { createdAt: { lt: new Date(after.createdAt) } },
          { createdAt: new Date(after.createdAt), id: { lt: after.id } },
        ],
      }
    : {};
  return db.stockAdjustment.findMany({
    where: { ...where, ...keyset },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: stockAdjustmentSelect,
  });
}

export interface ExportRow {
  product_id: string;
  variant_id: string;
  position: number;
  sku: string;
  slug: string;
  name: string;
  category_slug: string | null;
  option_names: string[];
  option_values: string[];
  price: number;
  compare_at_price: number | null;
  stock: number;
  is_active: boolean;
  currency: string;
  description: string;
  tags: string[];
}

/**
 * One page of the export: variants of the matching products in (product id, position, variant id) order,
 * after the given key (keyset: each page starts where the last ended, never re-reading the catalogue).
 */
export async function findExportPage(
  db: Queryable,
  filters: AdminProductFilters,
  after: { productId: string; position: number; variantId: string } | null,
  take: number,
): Promise<ExportRow[]> {
  const where = productFilterConditions(filters);
  const keyset = after
    ? Prisma.sql`AND (v.product_id, v.position, v.id) > (${after.productId}::uuid, ${after.position}::integer, ${after.variantId}::uuid)`
    : Prisma.empty;
  return db.$queryRaw<ExportRow[]>`
    SELECT p.id::text AS product_id, v.id::text AS variant_id, v.position, v.sku, p.slug, p.name, c.slug AS category_slug,
           coalesce((SELECT array_agg(o.name ORDER BY o.position) FROM product_options o WHERE o.product_id = p.id), '{}') AS option_names,
           v.option_values, v.price, v.compare_at_price, v.stock, v.is_active, p.currency::text AS currency, p.description,
           coalesce(p.tags, '{}') AS tags
    FROM product_variants v
    JOIN products p ON p.id = v.product_id
    LEFT JOIN categories c ON c.id = p.category_id
    WHERE ${Prisma.join(where, " AND ")} ${keyset}
    ORDER BY v.product_id, v.position, v.id
    LIMIT ${take}`;
}
