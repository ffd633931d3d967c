/** The back office's reads and writes of customer accounts; the service decides the rules and the transaction. */
import { Prisma } from "@shop/db";
import type { NewestKey } from "../../infra/cursor";
import type { Queryable } from "../../infra/queryable";
import type { CustomerSearch } from "./customer-search";
import type { CustomerRole } from "./customers-admin.schemas";

export interface CustomerFilters {
  search: CustomerSearch;
  role?: CustomerRole;
  blocked?: boolean;
}

export interface CustomerSummaryRow {
  id: string;
  phone: string;
  name: string | null;
  email: string | null;
  role: CustomerRole;
  blocked_at: Date | null;
  created_at: Date;
  order_count: number;
  total_spent: { currency: string; amount: number }[];
  last_sign_in_at: Date | null;
}

function filterSql(filters: CustomerFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  const { search } = filters;
  if (search?.kind === "phone") {
    where.push(Prisma.sql`(${Prisma.join(search.patterns.map((p) => Prisma.sql`u.phone LIKE ${p}`), " OR ")})`);
  } else if (search?.kind === "text") {
    where.push(Prisma.sql`(u.name ILIKE ${search.pattern} OR u.email ILIKE ${search.pattern})`);
  }
  if (filters.role) where.push(Prisma.sql`u.role = ${filters.role}::user_role`);
  if (filters.blocked === true) where.push(Prisma.sql`u.blocked_at IS NOT NULL`);
  if (filters.blocked === false) where.push(Prisma.sql`u.blocked_at IS NULL`);
  return where;
}

const whereOf = (conditions: Prisma.Sql[]) =>
  conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;

/** The figures of one customer, as correlated subqueries on `u` (orders by user_id, sessions by user_id indexes). */
const FIGURES = Prisma.sql`
  (SELECT count(*)::int FROM orders o WHERE o.user_id = u.id) AS order_count,
  (SELECT coalesce(json_agg(json_build_object('currency', t.currency, 'amount', t.amount) ORDER BY t.currency), '[]'::json)
     FROM (SELECT o.currency, sum(o.total - o.refunded_total)::bigint AS amount
           FROM orders o WHERE o.user_id = u.id AND o.status IN ('paid', 'shipped', 'delivered')
           GROUP BY o.currency) t) AS total_spent,
  (SELECT max(s.last_used_at) FROM sessions s WHERE s.user_id = u.id) AS last_sign_in_at`;

/** One page newest first (created_at, id), and how many match in all. */
export async function findCustomerPage(
  db: Queryable,
  filters: CustomerFilters,
  after: NewestKey | null,
  take: number,
): Promise<{ rows: CustomerSummaryRow[]; total: number }> {
  const conditions = filterSql(filters);
  const page = after
    ? [...conditions, Prisma.sql`(u.created_at, u.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`]
    : conditions;
  const [rows, counted] = await Promise.all([
    db.$queryRaw<CustomerSummaryRow[]>`
      SELECT u.id::text AS id, u.phone, u.name, u.email, u.role::text AS role, u.blocked_at, u.created_at, ${FIGURES}
      FROM users u ${whereOf(page)}
      ORDER BY u.created_at DESC, u.id DESC
      LIMIT ${take}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM users u ${whereOf(conditions)}`,
  ]);
  return { rows, total: counted[0]?.n ?? 0 };
}

export async function findCustomerFigures(
  db: Queryable,
  id: string,
  now: Date,
): Promise<{ order_count: number; total_spent: { currency: string; amount: number }[]; last_sign_in_at: Date | null; active_sessions: number; total_sessions: number } | null> {
  const [row] = await db.$queryRaw<
    { order_count: number; total_spent: { currency: string; amount: number }[]; last_sign_in_at: Date | null; active_sessions: number; total_sessions: number }[]
  >`
    SELECT ${FIGURES},
      (SELECT count(*)::int FROM sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > ${now}) AS active_sessions,
      (SELECT count(*)::int FROM sessions s WHERE s.user_id = u.id) AS total_sessions
    FROM users u WHERE u.id = ${id}::uuid`;
  return row ?? null;
}

const profileSelect = {
  id: true,
  phone: true,
  name: true,
  email: true,
  role: true,
  blockedAt: true,
  blockedReason: true,
  smsNotifications: true,
  createdAt: true,
} as const;

export type CustomerProfileRow = Prisma.UserGetPayload<{ select: typeof profileSelect }>;

export function findCustomerProfile(db: Queryable, id: string): Promise<CustomerProfileRow | null> {
  return db.user.findUnique({ where: { id }, select: profileSelect });
}

export async function findRecentOrders(db: Queryable, userId: string, take: number) {
  return db.$queryRaw<
    { id: string; number: string; status: string; total: number; refunded_total: number; currency: string; item_count: number; created_at: Date }[]
  >`
    SELECT o.id::text AS id, o.number, o.status::text AS status, o.total, o.refunded_total, o.currency,
           (SELECT coalesce(sum(i.quantity), 0)::int FROM order_items i WHERE i.order_id = o.id) AS item_count, o.created_at
    FROM orders o WHERE o.user_id = ${userId}::uuid
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT ${take}`;
}

export function findCustomerReviews(db: Queryable, userId: string, take: number) {
  return db.review.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      productId: true,
      rating: true,
      title: true,
      hiddenAt: true,
      hiddenReason: true,
      createdAt: true,
      product: { select: { name: true } },
    },
  });
}

/**
 * Serialises every change of who administers the shop (role changes, blocks) for the rest of the transaction,
 * so two admins demoting or blocking each other at the same moment cannot leave the shop without one.
 */
export async function lockAdminRoster(tx: Queryable): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('shop:admin-roster'))`;
}

/** Admins that can still sign in, but `exceptId`. */
export function countOtherActiveAdmins(tx: Queryable, exceptId: string): Promise<number> {
  return tx.user.count({ where: { role: "admin", blockedAt: null, id: { not: exceptId } } });
}

export function findRoleAndBlock(tx: Queryable, id: string) {
  return tx.user.findUnique({ where: { id }, select: { id: true, role: true, blockedAt: true, blockedReason: true } });
}

export function setRole(tx: Queryable, id: string, role: CustomerRole): Promise<CustomerProfileRow> {
  return tx.user.update({ where: { id }, data: { role }, select: profileSelect });
}

export function setBlocked(tx: Queryable, id: string, block: { at: Date; reason: string } | null): Promise<CustomerProfileRow> {
  return tx.user.update({
    where: { id },
    data: block ? { blockedAt: block.at, blockedReason: block.reason } : { blockedAt: null, blockedReason: null },
    select: profileSelect,
  });
}

/** Revokes every live session of the user (their refresh tokens die with them); returns how many. */
export async function revokeAllSessions(tx: Queryable, userId: string, at: Date, reason: string): Promise<number> {
  const result = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at, revokedReason: reason } });
  return result.count;
}
