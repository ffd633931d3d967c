/**
 * The back office's order queries. Every filter is a bound parameter; each sort has an index that yields rows
 * in its order (orders_created_at_id_idx, orders_total_created_at_id_idx), and the common filters have their
 * own (status, customer, unpaid, refunded), so a page is an index range scan that stops at its last row.
 * Paging happens on orders alone; the page's rows then fetch their customer and item count.
 */
import { Prisma } from "@shop/db";
import type { Queryable } from "../../infra/queryable";
import type { OrderStatus } from "../../orders/order.schemas";
import type { AdminOrderSort, OrderFilters, OrderPaymentStatus } from "./orders-admin.schemas";

/** The payment status of an order, as the list's paymentStatus filter reads it (same rules, here in code). */
export function paymentStatusOf(order: { paidAt: Date | string | null; refundedTotal: number; total: number }): OrderPaymentStatus {
  if (order.refundedTotal > 0) return order.refundedTotal >= order.total ? "refunded" : "partially_refunded";
  return order.paidAt ? "paid" : "unpaid";
}

const PAYMENT_STATUS_SQL: Record<OrderPaymentStatus, Prisma.Sql> = {
  unpaid: Prisma.sql`o.paid_at IS NULL AND o.refunded_total = 0`,
  paid: Prisma.sql`o.paid_at IS NOT NULL AND o.refunded_total = 0`,
  partially_refunded: Prisma.sql`o.refunded_total > 0 AND o.refunded_total < o.total`,
  refunded: Prisma.sql`o.refunded_total > 0 AND o.refunded_total >= o.total`,
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereOf(f: OrderFilters, ...extra: Prisma.Sql[]): Prisma.Sql {
  const parts: Prisma.Sql[] = [...extra];
  if (f.statuses?.length) parts.push(Prisma.sql`o.status = ANY(${f.statuses}::order_status[])`);
  if (f.paymentStatus) parts.push(PAYMENT_STATUS_SQL[f.paymentStatus]);
  if (f.paymentMethod) parts.push(Prisma.sql`o.payment_method = ${f.paymentMethod}`);
  if (f.createdFrom) parts.push(Prisma.sql`o.created_at >= ${f.createdFrom}`);
  if (f.createdTo) parts.push(Prisma.sql`o.created_at < ${f.createdTo}`);
  // One user at most (phone is unique): the orders come from orders_user_id_created_at_id_idx.
  if (f.phone) parts.push(Prisma.sql`o.user_id = (SELECT u.id FROM users u WHERE u.phone = ${f.phone})`);
  // Numbers hold only letters, digits and dashes (checked by the schema): no LIKE wildcard can come in.
  if (f.numberPrefix) parts.push(Prisma.sql`o.number LIKE ${`${f.numberPrefix}%`}`);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    const digits = f.q.replace(/[\s().+-]/g, "");
    const byPhone = /^\d{4,15}$/.test(digits) ? Prisma.sql`OR u.phone LIKE ${`%${digits}%`}` : Prisma.empty;
    const byNumber = /^[A-Za-z0-9-]+$/.test(f.q) ? Prisma.sql`o.number LIKE ${`${f.q.toUpperCase()}%`} OR` : Prisma.empty;
    // The matching customers first (users is far smaller than orders), then their orders by user_id: an
    // array, not IN (subquery), so the planner probes orders_user_id_created_at_id_idx instead of filtering a scan.
    parts.push(Prisma.sql`(${byNumber} o.user_id = ANY(ARRAY(
      SELECT u.id FROM users u WHERE u.name ILIKE ${like} OR u.email ILIKE ${like} ${byPhone})))`);
  }
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

const ORDER_BY: Record<AdminOrderSort, Record<"o" | "p", Prisma.Sql>> = {
  newest: { o: Prisma.sql`ORDER BY o.created_at DESC, o.id DESC`, p: Prisma.sql`ORDER BY p.created_at DESC, p.id DESC` },
  oldest: { o: Prisma.sql`ORDER BY o.created_at ASC, o.id ASC`, p: Prisma.sql`ORDER BY p.created_at ASC, p.id ASC` },
  total_desc: {
    o: Prisma.sql`ORDER BY o.total DESC, o.created_at DESC, o.id DESC`,
    p: Prisma.sql`ORDER BY p.total DESC, p.created_at DESC, p.id DESC`,
  },
};

export interface AdminOrderRow {
  id: string;
  number: string;
  status: OrderStatus;
  paymentMethod: string;
  currency: string;
  subtotal: number;
  shippingTotal: number;
  total: number;
  refundedTotal: number;
  paidAt: Date | null;
  createdAt: Date;
  itemCount: number;
  customerId: string;
  customerName: string | null;
  customerPhone: string;
}

/** Where a keyset page starts: after the last row of the previous one, in the sort's order. */
export interface OrderKey {
  createdAt: Date;
  id: string;
  total: number;
}

function afterKey(sort: AdminOrderSort, key: OrderKey): Prisma.Sql {
  switch (sort) {
    case "newest":
      return Prisma.sql`(o.created_at, o.id) < (${key.createdAt}, ${key.id}::uuid)`;
    case "oldest":
      return Prisma.sql`(o.created_at, o.id) > (${key.createdAt}, ${key.id}::uuid)`;
    case "total_desc":
      return Prisma.sql`(o.total, o.created_at, o.id) < (${key.total}, ${key.createdAt}, ${key.id}::uuid)`;
  }
}

/**
 * One page of orders: by offset (the list's page numbers) or after a keyset position (the export walks the whole
 * selection this way, each batch an index range scan).
 */
export async function selectOrderPage(
  db: Queryable,
  filters: OrderFilters,
  page: { limit: number; offset?: number; after?: OrderKey },
): Promise<AdminOrderRow[]> {
  const where = page.after ? whereOf(filters, afterKey(filters.sort, page.after)) : whereOf(filters);
  const rows = await db.$queryRaw<AdminOrderRow[]>`
    WITH page AS MATERIALIZED (
      SELECT o.id, o.number, o.status, o.payment_method, o.currency, o.subtotal, o.shipping_total, o.total,
             o.refunded_total, o.paid_at, o.created_at, o.user_id
      FROM orders o
      ${where}
      ${ORDER_BY[filters.sort].o}
      LIMIT ${page.limit} OFFSET ${page.offset ?? 0}
    )
    SELECT p.id::text AS id, p.number, p.status::text AS status, p.payment_method AS "paymentMethod",
           p.currency::text AS currency, p.subtotal, p.shipping_total AS "shippingTotal", p.total,
           p.refunded_total AS "refundedTotal", p.paid_at AS "paidAt", p.created_at AS "createdAt",
           (SELECT coalesce(sum(oi.quantity), 0)::int FROM order_items oi WHERE oi.order_id = p.id) AS "itemCount",
           u.id::text AS "customerId", u.name AS "customerName", u.phone AS "customerPhone"
    FROM page p JOIN users u ON u.id = p.user_id
    ${ORDER_BY[filters.sort].p}`;
  return rows;
}

/**
 * How many orders match, counting at most `limit` + 1 of them (so the answer is exact up to `limit`, and a count
 * over a whole large table costs no more than `limit` index entries). Ordered by created_at alone whatever the
 * list's sort: every index the filters use ends in it, so the first `limit` + 1 come from an index range.
 */
export async function countOrders(db: Queryable, filters: OrderFilters, limit: number): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM orders o ${whereOf(filters)} ORDER BY o.created_at DESC LIMIT ${limit + 1}
    ) matching`;
  return row!.n;
}

/** What a transition and a refund decide on. */
export async function orderFacts(db: Queryable, orderId: string) {
  const [row] = await db.$queryRaw<
    { status: OrderStatus; number: string; paymentMethod: string; total: number; refundedTotal: number; paid: number }[]
  >`
    SELECT o.status::text AS status, o.number, o.payment_method AS "paymentMethod", o.total, o.refunded_total AS "refundedTotal",
           coalesce((SELECT p.amount FROM payments p WHERE p.order_id = o.id AND p.status = 'paid'
                     ORDER BY p.paid_at DESC NULLS LAST LIMIT 1), 0) AS paid
    FROM orders o WHERE o.id = ${orderId}::uuid`;
  return row ?? null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
const actorOf = (user: { id: string; name: string | null; role: string } | null) =>
  user ? { id: user.id, name: user.name, role: user.role } : null;

/** Everything around an order that the detail page shows (never a payment event's raw payload). */
export async function orderSurroundings(db: Queryable, orderId: string) {
  const [order, payments, paymentEvents, refunds, history, notifications] = await Promise.all([
    db.order.findUnique({
      where: { id: orderId },
      select: { user: { select: { id: true, name: true, phone: true, email: true, blockedAt: true } } },
    }),
    db.payment.findMany({
      where: { orderId },
      select: {
        id: true,
        provider: true,
        status: true,
        amount: true,
        currency: true,
        providerRef: true,
        providerPaymentRef: true,
        createdAt: true,
        paidAt: true,
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.paymentEvent.findMany({
      where: { orderId },
      select: { id: true, provider: true, eventId: true, type: true, outcome: true, receivedAt: true },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    }),
    db.refund.findMany({
      where: { orderId },
      select: { id: true, amount: true, currency: true, provider: true, reason: true, createdById: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.orderStatusHistory.findMany({
      where: { orderId },
      select: { fromStatus: true, toStatus: true, note: true, createdAt: true, actor: { select: { id: true, name: true, role: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.orderNotification.findMany({
      where: { orderId },
      select: { event: true, status: true, createdAt: true, sentAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  if (!order) return null;
  const refunders = await db.user.findMany({
    where: { id: { in: [...new Set(refunds.map((r) => r.createdById).filter((id): id is string => id !== null))] } },
    select: { id: true, name: true, role: true },
  });
  const refunder = new Map(refunders.map((user) => [user.id, user]));
  const { user } = order;
  return {
    customer: { id: user.id, name: user.name, phone: user.phone, email: user.email, blocked: user.blockedAt !== null },
    payments: payments.map((p) => ({
      ...p,
      provider: p.provider as "manual" | "stripe",
      createdAt: p.createdAt.toISOString(),
      paidAt: iso(p.paidAt),
    })),
    paymentEvents: paymentEvents.map((e) => ({ ...e, receivedAt: e.receivedAt.toISOString() })),
    refunds: refunds.map(({ createdById, ...r }) => ({
      ...r,
      createdBy: actorOf(createdById ? (refunder.get(createdById) ?? null) : null),
      createdAt: r.createdAt.toISOString(),
    })),
    history: history.map((h) => ({ from: h.fromStatus, to: h.toStatus, note: h.note, actor: actorOf(h.actor), at: h.createdAt.toISOString() })),
    notifications: notifications.map((n) => ({ ...n, createdAt: n.createdAt.toISOString(), sentAt: iso(n.sentAt) })),
  };
}
