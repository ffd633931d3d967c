/** The back office's review queries; moderation locks and recomputes through ../../reviews/review.repository.ts. */
import { Prisma } from "@shop/db";
import type { NewestKey } from "../../infra/cursor";
import type { Queryable } from "../../infra/queryable";

export interface AdminReviewFilters {
  productId?: string;
  rating?: number;
  hidden?: boolean;
  /** A LIKE pattern (customer-search.ts containsPattern). */
  text?: string;
}

export interface AdminReviewRow {
  id: string;
  product_id: string;
  product_name: string;
  product_slug: string;
  rating: number;
  title: string | null;
  body: string;
  verified_purchase: boolean;
  user_id: string;
  user_name: string | null;
  user_phone: string;
  hidden_at: Date | null;
  hidden_reason: string | null;
  created_at: Date;
}

function conditions(f: AdminReviewFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (f.productId) where.push(Prisma.sql`r.product_id = ${f.productId}::uuid`);
  if (f.rating !== undefined) where.push(Prisma.sql`r.rating = ${f.rating}`);
  if (f.hidden === true) where.push(Prisma.sql`r.hidden_at IS NOT NULL`);
  if (f.hidden === false) where.push(Prisma.sql`r.hidden_at IS NULL`);
  if (f.text) where.push(Prisma.sql`(r.title ILIKE ${f.text} OR r.body ILIKE ${f.text} OR u.name ILIKE ${f.text})`);
  return where;
}

const whereOf = (c: Prisma.Sql[]) => (c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty);

const COLUMNS = Prisma.sql`r.id::text AS id, r.product_id::text AS product_id, p.name AS product_name, p.slug AS product_slug,
  r.rating::int AS rating, r.title, r.body, r.verified_purchase, r.user_id::text AS user_id, u.name AS user_name,
  u.phone AS user_phone, r.hidden_at, r.hidden_reason, r.created_at`;
const FROM = Prisma.sql`FROM reviews r JOIN users u ON u.id = r.user_id JOIN products p ON p.id = r.product_id`;

export async function findAdminReviewPage(
  db: Queryable,
  filters: AdminReviewFilters,
  after: NewestKey | null,
  take: number,
): Promise<{ rows: AdminReviewRow[]; total: number }> {
  const base = conditions(filters);
  const page = after ? [...base, Prisma.sql`(r.created_at, r.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`] : base;
  const [rows, counted] = await Promise.all([
    db.$queryRaw<AdminReviewRow[]>`SELECT ${COLUMNS} ${FROM} ${whereOf(page)} ORDER BY r.created_at DESC, r.id DESC LIMIT ${take}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${FROM} ${whereOf(base)}`,
  ]);
  return { rows, total: counted[0]?.n ?? 0 };
}

export async function findAdminReview(db: Queryable, id: string): Promise<AdminReviewRow | null> {
  const [row] = await db.$queryRaw<AdminReviewRow[]>`SELECT ${COLUMNS} ${FROM} WHERE r.id = ${id}::uuid`;
  return row ?? null;
}

export async function findReviewProductId(db: Queryable, id: string): Promise<string | null> {
  const row = await db.review.findUnique({ where: { id }, select: { productId: true } });
  return row?.productId ?? null;
}

export async function setReviewHidden(tx: Queryable, id: string, hidden: { at: Date; reason: string } | null): Promise<void> {
  await tx.review.update({
    where: { id },
    data: hidden ? { hiddenAt: hidden.at, hiddenReason: hidden.reason } : { hiddenAt: null, hiddenReason: null },
    select: { id: true },
  });
}

export async function findRatingSummary(db: Queryable, productId: string): Promise<{ ratingAverage: number; ratingCount: number }> {
  const row = await db.product.findUniqueOrThrow({ where: { id: productId }, select: { ratingAverage: true, ratingCount: true } });
  return { ratingAverage: Number(row.ratingAverage), ratingCount: row.ratingCount };
}
