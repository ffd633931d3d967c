/**
 * Order queries. Write paths are few, short statements so a transaction costs few round trips and holds its row
 * locks briefly: under a small connection pool that is what keeps a burst of checkouts from queueing into
 * timeouts. Product rows are locked in id order everywhere (checkout decrements, restocks), so two transactions
 * touching the same products cannot deadlock. Restocks lock with FOR NO KEY UPDATE, the lock a stock UPDATE takes
 * anyway: unlike FOR UPDATE it does not block the KEY SHARE that inserting cart or order items takes.
 */
import { Prisma } from "@shop/db";
import type { Queryable } from "../infra/queryable";
import type { NewestKey } from "../infra/cursor";
import { uuidv7 } from "../infra/uuid";
import { SavedShippingAddress, type ShippingAddress } from "../user/address.schemas";
import { namedOptionValues, OptionValue } from "../catalog/catalog.schemas";
import { PaymentMethod, type Order, type OrderStatus, type OrderSummary } from "./order.schemas";

const OptionValues = OptionValue.array().catch([]);


export interface CartLine {
  cartItemId: string;
  productId: string;
  variantId: string;
  quantity: number;
}

/**
 * The caller's cart lines in (product, variant) id order, locked: a concurrent checkout of the same cart waits here, then
 * finds the lines gone (rows deleted meanwhile are skipped), so one cart is never ordered twice.
 */
export async function lockCartLines(tx: Queryable, userId: string): Promise<CartLine[]> {
  return tx.$queryRaw<CartLine[]>`
    SELECT ci.id::text AS "cartItemId", ci.product_id::text AS "productId", ci.variant_id::text AS "variantId", ci.quantity
    FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
    WHERE c.user_id = ${userId}::uuid
    ORDER BY ci.product_id, ci.variant_id
    FOR UPDATE OF ci`;
}

export interface TakenProduct {
  name: string;
  slug: string;
  price: number;
  currency: string;
  sku: string;
  title: string;
  options: { name: string; value: string }[];
}

/**
 * The conditional decrement: takes `quantity` units of the variant only if that many are in stock and the variant
 * and its product are active. null when not (nothing changed). A variant with stock already gone is skipped
 * without waiting for locks, so a sold-out burst fails fast; a competing decrement in flight is waited for and
 * re-checked. The product's own stock follows at commit (trigger product_variants_rollup), after every variant
 * row is locked, in the order the lines were taken.
 */
export async function takeStock(tx: Queryable, variantId: string, quantity: number, now: Date): Promise<TakenProduct | null> {
  const [row] = await tx.$queryRaw<(Omit<TakenProduct, "options"> & { values: string[]; names: string[] })[]>`
    UPDATE product_variants v SET stock = v.stock - ${quantity}, updated_at = ${now}
    FROM products p
    WHERE v.id = ${variantId}::uuid AND v.stock >= ${quantity} AND v.is_active AND p.id = v.product_id AND p.is_active
    RETURNING p.name, p.slug, v.price, p.currency::text AS currency, v.sku, v.title, v.option_values AS values,
      coalesce((SELECT array_agg(o.name ORDER BY o.position) FROM product_options o WHERE o.product_id = p.id), '{}') AS names`;
  if (!row) return null;
  const { values, names, ...taken } = row;
  return { ...taken, options: namedOptionValues(names, values) };
}

/** Units a client could order now (0 for inactive or deleted variants), by variant, for the details of a 409. */
export async function availableStock(tx: Queryable, variantIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ id: string; available: number }[]>`
    SELECT v.id::text AS id, CASE WHEN v.is_active AND p.is_active THEN v.stock ELSE 0 END AS available
    FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = ANY(${variantIds}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row.available]));
}

export interface NewOrder {
  id: string;
  number: string;
  userId: string;
  currency: string;
  subtotal: number;
  shippingTotal: number;
  total: number;
  shippingAddress: ShippingAddress;
  note: string | null;
  paymentMethod: string;
  expiresAt: Date | null;
  now: Date;
  items: {
    id: string;
    cartItemId: string;
    productId: string;
    variantId: string;
    productName: string;
    productSlug: string;
    sku: string;
    variantTitle: string;
    options: { name: string; value: string }[];
    unitPrice: number;
    quantity: number;
    lineTotal: number;
  }[];
  /** The idempotency key row this request holds: completed with `response` in the same transaction. */
  idempotency?: { claimId: string; responseStatus: number; response: unknown };
}

export interface PlaceOrderResult {
  /** 1 when the order row was inserted, 0 when its number was already taken (then nothing was written). */
  created: number;
  /** 1 when the idempotency key was completed (always 1 without a key). */
  keyCompleted: number;
}

/** One statement: the order, its items, the emptied cart lines and the completed idempotency key. */
export async function insertOrder(tx: Queryable, order: NewOrder): Promise<PlaceOrderResult> {
  const { items, now } = order;
  const key = order.idempotency;
  const [row] = await tx.$queryRaw<PlaceOrderResult[]>`
    WITH new_order AS (
      INSERT INTO orders (id, number, user_id, status, currency, subtotal, shipping_total, total,
                          shipping_address, note, payment_method, expires_at, created_at, updated_at)
      VALUES (${order.id}::uuid, ${order.number}, ${order.userId}::uuid, 'pending', ${order.currency}, ${order.subtotal},
              ${order.shippingTotal}, ${order.total}, ${JSON.stringify(order.shippingAddress)}::jsonb, ${order.note},
              ${order.paymentMethod}, ${order.expiresAt}, ${now}, ${now})
      ON CONFLICT (number) DO NOTHING
      RETURNING id
    ),
    new_items AS (
      INSERT INTO order_items (id, order_id, product_id, variant_id, product_name, product_slug, sku, variant_title,
                               option_values, unit_price, quantity, line_total)
      SELECT i.id, o.id, i.product_id, i.variant_id, i.name, i.slug, i.sku, i.title, i.options::jsonb, i.price, i.quantity, i.line_total
      FROM new_order o CROSS JOIN unnest(
        ${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.productId)}::uuid[], ${items.map((i) => i.variantId)}::uuid[],
        ${items.map((i) => i.productName)}::text[], ${items.map((i) => i.productSlug)}::text[],
        ${items.map((i) => i.sku)}::text[], ${items.map((i) => i.variantTitle)}::text[],
        ${items.map((i) => JSON.stringify(i.options))}::text[],
        ${items.map((i) => i.unitPrice)}::int[], ${items.map((i) => i.quantity)}::int[],
        ${items.map((i) => i.lineTotal)}::int[]
      ) AS i(id, product_id, variant_id, name, slug, sku, title, options, price, quantity, line_total)
    ),
    cleared AS (
      DELETE FROM cart_items
      WHERE id = ANY(${items.map((i) => i.cartItemId)}::uuid[]) AND EXISTS (SELECT 1 FROM new_order)
    ),
    key_done AS (
      UPDATE idempotency_keys
      SET status = 'completed', response_status = ${key?.responseStatus ?? null}::int,
          response_body = ${key ? JSON.stringify(key.response) : null}::jsonb
      WHERE id = ${key?.claimId ?? null}::uuid AND status = 'in_progress' AND EXISTS (SELECT 1 FROM new_order)
      RETURNING id
    )
    SELECT (SELECT count(*) FROM new_order)::int AS created,
           ${key ? Prisma.sql`(SELECT count(*) FROM key_done)::int` : Prisma.sql`1`} AS "keyCompleted"`;
  return row!;
}

const TIMESTAMP_COLUMN = {
  paid: "paid_at",
  shipped: "shipped_at",
  delivered: "delivered_at",
  cancelled: "cancelled_at",
} as const satisfies Partial<Record<OrderStatus, string>>;

export interface Transition {
  orderId: string;
  /** Restricts the change to this owner's order (customers); admins pass none. */
  userId?: string;
  to: keyof typeof TIMESTAMP_COLUMN;
  /** The statuses the order may be in for the change to apply. */
  from: OrderStatus[];
  now: Date;
  /** Only an order whose expires_at has passed by then (the expiry of unpaid orders). */
  expiredBy?: Date;
  /** Who moved it, kept in order_status_history: null/absent for the shop itself (expiry, a payment's webhook). */
  actorId?: string | null;
  /** Why, as the person who moved it wrote it (order_status_history.note). */
  note?: string | null;
}

/**
 * A conditional status change (`WHERE status = ANY(from)`): of two concurrent transitions at most one applies,
 * because the second re-checks the status after the first commits. A cancellation restores stock in the same
 * statement, so it happens exactly once; items whose product was deleted are skipped. The same statement records
 * the change in order_status_history (from, to, actor, note), so a status never changes without its history row.
 * Answers the status the order had before, or null when nothing changed.
 */
export async function transitionOrderFrom(db: Queryable, t: Transition): Promise<OrderStatus | null> {
  const column = Prisma.raw(`"${TIMESTAMP_COLUMN[t.to]}"`);
  const owner = t.userId ? Prisma.sql`AND user_id = ${t.userId}::uuid` : Prisma.empty;
  const due = t.expiredBy ? Prisma.sql`AND expires_at <= ${t.expiredBy}` : Prisma.empty;
  // `current` locks the row and reads its status after any concurrent change committed (FOR NO KEY UPDATE
  // re-checks the WHERE on the newest version), so `from_status` is the status this change really left.
  const [row] = await db.$queryRaw<{ changed: number; from: OrderStatus | null }[]>`
    WITH current AS MATERIALIZED (
      SELECT id, status FROM orders
      WHERE id = ${t.orderId}::uuid AND status = ANY(${t.from}::order_status[]) ${owner} ${due}
      FOR NO KEY UPDATE
    ),
    changed AS (
      UPDATE orders o SET status = ${t.to}::order_status, updated_at = ${t.now}, ${column} = ${t.now}
      FROM current c
      WHERE o.id = c.id
      RETURNING o.id, c.status AS from_status
    ),
    history AS (
      INSERT INTO order_status_history (id, order_id, from_status, to_status, note, actor_id, created_at)
      SELECT ${uuidv7(t.now)}::uuid, id, from_status, ${t.to}::order_status, ${t.note ?? null}::text, ${t.actorId ?? null}::uuid, ${t.now}
      FROM changed
    ),
    restock AS (
      SELECT oi.variant_id, sum(oi.quantity)::int AS quantity
      FROM order_items oi
      WHERE ${t.to === "cancelled"} AND oi.order_id IN (SELECT id FROM changed) AND oi.variant_id IS NOT NULL
      GROUP BY oi.variant_id
    ),
    locked AS MATERIALIZED (
      SELECT v.id FROM product_variants v WHERE v.id IN (SELECT variant_id FROM restock)
      ORDER BY v.product_id, v.id FOR NO KEY UPDATE OF v
    ),
    restored AS (
      UPDATE product_variants v SET stock = v.stock + r.quantity, updated_at = ${t.now}
      FROM restock r
      WHERE v.id = r.variant_id AND v.id IN (SELECT id FROM locked)
      RETURNING v.id
    )
    SELECT (SELECT count(*) FROM changed)::int AS changed, (SELECT from_status::text FROM changed) AS "from",
           (SELECT count(*) FROM restored)::int AS restored`;
  return row!.changed === 1 ? row!.from : null;
}

/** transitionOrderFrom for callers that only need to know whether the order moved. */
export async function transitionOrder(db: Queryable, t: Transition): Promise<boolean> {
  return (await transitionOrderFrom(db, t)) !== null;
}

export async function orderStatusOf(db: Queryable, orderId: string, userId?: string): Promise<OrderStatus | null> {
  const row = await db.order.findFirst({ where: { id: orderId, ...(userId ? { userId } : {}) }, select: { status: true } });
  return row?.status ?? null;
}

const orderSelect = {
  id: true,
  number: true,
  status: true,
  currency: true,
  subtotal: true,
  shippingTotal: true,
  total: true,
  shippingAddress: true,
  note: true,
  createdAt: true,
  updatedAt: true,
  paidAt: true,
  shippedAt: true,
  deliveredAt: true,
  cancelledAt: true,
  paymentMethod: true,
  expiresAt: true,
  refundedTotal: true,
  // Item ids are made in line order at checkout, so id order is the order the lines were placed in.
  items: {
    select: {
      productId: true,
      productName: true,
      productSlug: true,
      variantId: true,
      sku: true,
      variantTitle: true,
      optionValues: true,
      unitPrice: true,
      quantity: true,
      lineTotal: true,
    },
    orderBy: { id: "asc" },
  },
} as const satisfies Prisma.OrderSelect;

type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

function toOrder(row: OrderRow): Order {
  return {
    ...row,
    items: row.items.map(({ optionValues, ...item }) => ({ ...item, options: OptionValues.parse(optionValues) })),
    // Leniently: orders placed before countries were checked keep the address they were shipped to.
    shippingAddress: SavedShippingAddress.parse(row.shippingAddress),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    paidAt: iso(row.paidAt),
    shippedAt: iso(row.shippedAt),
    deliveredAt: iso(row.deliveredAt),
    cancelledAt: iso(row.cancelledAt),
    paymentMethod: PaymentMethod.parse(row.paymentMethod),
    expiresAt: iso(row.expiresAt),
  };
}

/** The order, or null when it does not exist or (with userId) belongs to someone else. */
export async function findOrder(db: Queryable, orderId: string, userId?: string): Promise<Order | null> {
  const row = await db.order.findFirst({ where: { id: orderId, ...(userId ? { userId } : {}) }, select: orderSelect });
  return row ? toOrder(row) : null;
}

/** Newest first; a row comparison on (created_at, id) is one range scan of orders_user_id_created_at_id_idx. */
export async function listOrderSummaries(
  db: Queryable,
  userId: string,
  { limit, after }: { limit: number; after?: NewestKey },
): Promise<OrderSummary[]> {
  const from = after ? Prisma.sql`AND (o.created_at, o.id) < (${new Date(after.createdAt)}, ${after.id}::uuid)` : Prisma.empty;
  const rows = await db.$queryRaw<(Omit<OrderSummary, "createdAt"> & { createdAt: Date })[]>`
    SELECT o.id::text AS id, o.number, o.status::text AS status, o.currency::text AS currency, o.total,
           (SELECT coalesce(sum(oi.quantity), 0)::int FROM order_items oi WHERE oi.order_id = o.id) AS "itemCount",
           o.created_at AS "createdAt"
    FROM orders o
    WHERE o.user_id = ${userId}::uuid ${from}
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT ${limit}`;
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
