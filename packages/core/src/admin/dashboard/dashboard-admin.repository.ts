/**
 * The dashboard's queries. Each is planned with its real bounds (bound parameters, not expressions the planner
 * must guess), so the 30-day ones read orders_paid_at_sales_idx / refunds_created_at_idx ranges only, and the
 * low-stock list reads product_variants_low_stock_idx from its lowest entry until it has enough rows.
 */
import type { Queryable } from "../../infra/queryable";
import type { OrderStatus } from "../../orders/order.schemas";

export interface DayBounds {
  today: Date;
  last7: Date;
  last30: Date;
}

/** The starts of today, 6 days ago and 29 days ago in `timeZone` (Postgres' time zone rules, DST included). */
export async function dayBounds(db: Queryable, now: Date, timeZone: string): Promise<DayBounds> {
  const [row] = await db.$queryRaw<DayBounds[]>`
    SELECT (d AT TIME ZONE ${timeZone}::text) AS today,
           ((d - interval '6 days') AT TIME ZONE ${timeZone}::text) AS last7,
           ((d - interval '29 days') AT TIME ZONE ${timeZone}::text) AS last30
    FROM (SELECT date_trunc('day', ${now}::timestamptz AT TIME ZONE ${timeZone}::text) AS d) local_day`;
  return row!;
}

export interface SalesRow {
  currency: string;
  period: "today" | "last7" | "last30";
  orders: number;
  gross: number;
  refunds: number;
}

/** Sales of the three periods by currency: orders by the time they were paid, refunds by the time they were given. */
export async function salesSince(db: Queryable, bounds: DayBounds, now: Date): Promise<SalesRow[]> {
  const rows = await db.$queryRaw<{ currency: string; period: SalesRow["period"]; orders: number; gross: bigint; refunds: bigint }[]>`
    WITH movements AS (
      SELECT true AS is_sale, o.currency::text AS currency, o.paid_at AS at, o.total::bigint AS sale, 0::bigint AS refund
      FROM orders o WHERE o.paid_at >= ${bounds.last30} AND o.paid_at <= ${now}
      UNION ALL
      SELECT false, r.currency::text, r.created_at, 0, r.amount::bigint
      FROM refunds r WHERE r.created_at >= ${bounds.last30} AND r.created_at <= ${now}
    )
    SELECT m.currency, p.period, count(*) FILTER (WHERE m.is_sale)::int AS orders,
           coalesce(sum(m.sale), 0)::bigint AS gross, coalesce(sum(m.refund), 0)::bigint AS refunds
    FROM movements m
    JOIN (VALUES ('today', ${bounds.today}::timestamptz), ('last7', ${bounds.last7}::timestamptz), ('last30', ${bounds.last30}::timestamptz))
      AS p(period, since) ON m.at >= p.since
    GROUP BY m.currency, p.period
    ORDER BY m.currency, p.period`;
  return rows.map((row) => ({ ...row, gross: Number(row.gross), refunds: Number(row.refunds) }));
}

/** Every order by status: one index-only count per status (orders_status_created_at_idx). */
export async function ordersByStatus(db: Queryable): Promise<Record<OrderStatus, number>> {
  const rows = await db.$queryRaw<{ status: OrderStatus; n: number }[]>`
    SELECT s.status::text AS status, (SELECT count(*) FROM orders o WHERE o.status = s.status)::int AS n
    FROM unnest(enum_range(NULL::order_status)) AS s(status)`;
  const counts = { pending: 0, paid: 0, shipped: 0, delivered: 0, cancelled: 0 } satisfies Record<OrderStatus, number>;
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export interface LowStockRow {
  variantId: string;
  productId: string;
  productName: string;
  sku: string;
  title: string;
  stock: number;
}

export async function lowStock(db: Queryable, threshold: number, limit: number): Promise<LowStockRow[]> {
  return db.$queryRaw<LowStockRow[]>`
    SELECT v.id::text AS "variantId", p.id::text AS "productId", p.name AS "productName", v.sku, v.title, v.stock
    FROM product_variants v JOIN products p ON p.id = v.product_id
    WHERE v.is_active AND v.stock <= ${threshold} AND p.is_active
    ORDER BY v.stock ASC, v.id ASC
    LIMIT ${limit}`;
}

export interface TopProductRow {
  productId: string;
  name: string;
  units: number;
  orders: number;
  revenue: number;
  currency: string;
}

/**
 * Units sold per product in orders paid since `since` and not cancelled since. The lines are fetched per order
 * (OFFSET 0 keeps the lateral subquery a nested loop over order_items_sales_idx): the cost follows the 30 days'
 * orders, never the whole history of order_items, which a hash join would read.
 */
export async function topProducts(db: Queryable, since: Date, now: Date, limit: number): Promise<TopProductRow[]> {
  const rows = await db.$queryRaw<(Omit<TopProductRow, "revenue"> & { revenue: bigint })[]>`
    SELECT t.product_id::text AS "productId", p.name, t.units, t.orders, t.revenue, t.currency
    FROM (
      -- Per order and product first (an order may hold several variants of one product), then per product:
      -- two hash aggregates, where count(DISTINCT order) would sort every line.
      SELECT per_order.product_id, sum(per_order.units)::int AS units, count(*)::int AS orders,
             sum(per_order.revenue)::bigint AS revenue, max(per_order.currency)::text AS currency
      FROM (
        SELECT o.id, oi.product_id, sum(oi.quantity) AS units, sum(oi.line_total) AS revenue, max(o.currency) AS currency
        FROM orders o
        CROSS JOIN LATERAL (
          SELECT i.product_id, i.quantity, i.line_total FROM order_items i
          WHERE i.order_id = o.id AND i.product_id IS NOT NULL OFFSET 0
        ) oi
        WHERE o.paid_at >= ${since} AND o.paid_at <= ${now} AND o.status <> 'cancelled'
        GROUP BY o.id, oi.product_id
      ) per_order
      GROUP BY per_order.product_id
      ORDER BY units DESC, per_order.product_id
      LIMIT ${limit}
    ) t JOIN products p ON p.id = t.product_id
    ORDER BY t.units DESC, t.product_id`;
  return rows.map((row) => ({ ...row, revenue: Number(row.revenue) }));
}
