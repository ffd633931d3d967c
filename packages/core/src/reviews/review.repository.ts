import { Prisma } from "@shop/db";
import type { NewestKey } from "../infra/cursor";

/** The client or an open transaction: every query here runs on either. */
export type Queryable = Prisma.TransactionClient;

/** How the path names the product: never compare a slug with the uuid column (a cast error, i.e. a 500). */
export type ProductKey = { by: "id"; value: string } | { by: "slug"; value: string };

const productWhere = (key: ProductKey) =>
  key.by === "id" ? Prisma.sql`id = ${key.value}::uuid` : Prisma.sql`slug = ${key.value}`;

export interface LockedProduct {
  id: string;
  isActive: boolean;
}

/**
 * Locks the product row until the transaction ends, so rating updates of one product happen one at a time.
 * NO KEY UPDATE (the lock the later UPDATE takes anyway) still lets others insert rows that reference the
 * product (cart and order items take KEY SHARE for their foreign key).
 */
export async function lockProduct(tx: Queryable, key: ProductKey): Promise<LockedProduct | null> {
  const rows = await tx.$queryRaw<{ id: string; is_active: boolean }[]>`
    SELECT id::text AS id, is_active FROM products WHERE ${productWhere(key)} FOR NO KEY UPDATE`;
  const row = rows[0];
  return row ? { id: row.id, isActive: row.is_active } : null;
}

export async function findProductSummary(db: Queryable, key: ProductKey) {
  return db.product.findUnique({
    where: key.by === "id" ? { id: key.value } : { slug: key.value },
    select: { id: true, isActive: true, ratingAverage: true, ratingCount: true },
  });
}

export async function hasOpenOrderWithProduct(tx: Queryable, userId: string, productId: string): Promise<boolean> {
  const item = await tx.orderItem.findFirst({
    where: { productId, order: { userId, status: { not: "cancelled" } } },
    select: { id: true },
  });
  return item !== null;
}

const reviewSelect = {
  id: true,
  productId: true,
  rating: true,
  title: true,
  body: true,
  verifiedPurchase: true,
  createdAt: true,
  user: { select: { name: true } },
} as const;

export interface ReviewRow {
  id: string;
  productId: string;
  rating: number;
  title: string | null;
  body: string;
  verifiedPurchase: boolean;
  createdAt: Date;
  authorName: string | null;
}

/** A row read with reviewSelect, its author flattened to the display name. */
function toRow({ user, ...row }: Prisma.ReviewGetPayload<{ select: typeof reviewSelect }>): ReviewRow {
  return { ...row, authorName: user.name };
}

/** The user's review of the product, if they wrote one. */
export async function findUserReview(db: Queryable, userId: string, productId: string): Promise<ReviewRow | null> {
  const found = await db.review.findUnique({ where: { userId_productId: { userId, productId } }, select: reviewSelect });
  return found ? toRow(found) : null;
}

export async function insertReview(
  tx: Queryable,
  data: { userId: string; productId: string; rating: number; title: string | null; body: string; verifiedPurchase: boolean },
): Promise<ReviewRow> {
  return toRow(await tx.review.create({ data, select: reviewSelect }));
}

/**
 * Recomputes the product's rating summary from its visible reviews (call with the product row locked): a review
 * hidden by the shop counts for nothing until it is restored.
 */
export async function refreshRatingSummary(tx: Queryable, productId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE products AS p
    SET rating_count = s.n, rating_average = s.average, updated_at = CURRENT_TIMESTAMP
    FROM (
      SELECT count(*)::int AS n, coalesce(round(avg(rating), 2), 0) AS average
      FROM reviews WHERE product_id = ${productId}::uuid AND hidden_at IS NULL
    ) AS s
    WHERE p.id = ${productId}::uuid`;
}

/** One page of the visible reviews newest first (hidden ones are left out); the row comparison walks reviews_product_id_created_at_id_idx from the cursor on. */
export async function listReviewRows(
  db: Queryable,
  productId: string,
  after: NewestKey | null,
  take: number,
): Promise<ReviewRow[]> {
  const from = after
    ? Prisma.sql`AND (r.created_at, r.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
    : Prisma.empty;
  const rows = await db.$queryRaw<
    {
      id: string;
      product_id: string;
      rating: number;
      title: string | null;
      body: string;
      verified_purchase: boolean;
      created_at: Date;
      author_name: string | null;
    }[]
  >`
    SELECT r.id::text AS id, r.product_id::text AS product_id, r.rating, r.title, r.body, r.verified_purchase,
           r.created_at, u.name AS author_name
    FROM reviews AS r JOIN users AS u ON u.id = r.user_id
    WHERE r.product_id = ${productId}::uuid AND r.hidden_at IS NULL ${from}
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT ${take}`;
  return rows.map((row) => ({
    id: row.id,
    productId: row.product_id,
    rating: Number(row.rating),
    title: row.title,
    body: row.body,
    verifiedPurchase: row.verified_purchase,
    createdAt: new Date(row.created_at),
    authorName: row.author_name,
  }));
}
