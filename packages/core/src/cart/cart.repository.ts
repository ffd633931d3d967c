/**
 * Cart queries. The writes that must not lose updates under concurrency are single SQL statements (raw SQL:
 * Prisma cannot express a conditional ON CONFLICT DO UPDATE); so is the line read on every cart answer.
 */
import type { Db, Prisma } from "@shop/db";
import { uuidv7 } from "../infra/uuid";

export type Queryable = Db | Prisma.TransactionClient;

/** One cart line with the current facts of its product (names and prices are never copied into the cart). */
export interface CartLineRow {
  quantity: number;
  product: {
    id: string;
    slug: string;
    name: string;
    price: number;
    currency: string;
    stock: number;
    isActive: boolean;
    imageUrl: string | null;
  };
}

/** A user's cart id and lines, or null when the user has none yet. */
export async function findUserCart(db: Queryable, userId: string): Promise<{ id: string; items: CartLineRow[] } | null> {
  const id = await findUserCartId(db, userId);
  return id ? { id, items: await readCartLines(db, id) } : null;
}

/** A guest cart by its token hash; never a user's cart. */
export async function findGuestCart(db: Queryable, tokenHash: string): Promise<{ id: string; items: CartLineRow[] } | null> {
  const id = await findGuestCartId(db, tokenHash);
  return id ? { id, items: await readCartLines(db, id) } : null;
}

export async function findUserCartId(db: Queryable, userId: string): Promise<string | null> {
  return (await db.cart.findUnique({ where: { userId }, select: { id: true } }))?.id ?? null;
}

export async function findGuestCartId(db: Queryable, tokenHash: string): Promise<string | null> {
  return (await db.cart.findFirst({ where: { tokenHash, userId: null }, select: { id: true } }))?.id ?? null;
}

/**
 * The lines in the order they were added, each with its product and first image, in ONE statement (the client's
 * nested select made three round trips: lines, products, images).
 */
export async function readCartLines(db: Queryable, cartId: string): Promise<CartLineRow[]> {
  const rows = await db.$queryRaw<
    { quantity: number; id: string; slug: string; name: string; price: number; currency: string; stock: number; is_active: boolean; image_url: string | null }[]
  >`
    SELECT ci.quantity, p.id::text AS id, p.slug, p.name, p.price, p.currency, p.stock, p.is_active,
      (SELECT i.url FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1) AS image_url
    FROM cart_items ci JOIN products p ON p.id = ci.product_id
    WHERE ci.cart_id = ${cartId}::uuid
    ORDER BY ci.created_at, ci.id`;
  return rows.map((r) => ({
    quantity: r.quantity,
    product: {
      id: r.id,
      slug: r.slug,
      name: r.name,
      price: r.price,
      currency: r.currency,
      stock: r.stock,
      isActive: r.is_active,
      imageUrl: r.image_url,
    },
  }));
}

/** The user's cart id, creating the cart race-free: concurrent first adds all end up on the one row. */
export async function ensureUserCart(db: Queryable, userId: string): Promise<string> {
  const existing = await findUserCartId(db, userId);
  if (existing) return existing;
  const inserted = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO carts (id, user_id, created_at, updated_at)
    VALUES (${uuidv7()}::uuid, ${userId}::uuid, now(), now())
    ON CONFLICT (user_id) DO NOTHING
    RETURNING id::text AS id`;
  if (inserted[0]) return inserted[0].id;
  // Someone else created it between our select and insert; ON CONFLICT waited for their commit, so it is visible.
  const raced = await findUserCartId(db, userId);
  if (!raced) throw new Error("cart vanished while being created");
  return raced;
}

export async function createGuestCart(db: Queryable, tokenHash: string): Promise<string> {
  const row = await db.cart.create({ data: { tokenHash }, select: { id: true } });
  return row.id;
}

export async function deleteCart(db: Queryable, cartId: string): Promise<void> {
  await db.cart.deleteMany({ where: { id: cartId } });
}

export interface AddLineParams {
  cartId: string;
  productId: string;
  quantity: number;
  lineCap: number;
  maxLines: number;
}

/**
 * Adds `quantity` to the line in ONE statement, so concurrent adds never lose an update and never push a line past
 * least(cap, stock): ON CONFLICT DO UPDATE sees the latest committed quantity (even one committed after this
 * statement's snapshot) and its WHERE refuses the sum over the limit. The line is created only for an active
 * product whose currency matches the cart's other lines and while the cart has room for another line.
 * Returns the new quantity, or null when nothing changed (the caller then works out why).
 */
export async function addLine(db: Queryable, p: AddLineParams): Promise<number | null> {
  const rows = await db.$queryRaw<{ quantity: number }[]>`
    WITH p AS (
      SELECT id, stock, currency FROM products WHERE id = ${p.productId}::uuid AND is_active
    ), ok AS (
      SELECT p.id, p.stock FROM p
      WHERE NOT EXISTS (
          SELECT 1 FROM cart_items ci JOIN products op ON op.id = ci.product_id
          WHERE ci.cart_id = ${p.cartId}::uuid AND op.currency <> p.currency)
        AND (EXISTS (SELECT 1 FROM cart_items WHERE cart_id = ${p.cartId}::uuid AND product_id = p.id)
          OR (SELECT count(*) FROM cart_items WHERE cart_id = ${p.cartId}::uuid) < ${p.maxLines}::int)
    )
    INSERT INTO cart_items AS ci (id, cart_id, product_id, quantity, created_at, updated_at)
    SELECT ${uuidv7()}::uuid, ${p.cartId}::uuid, ok.id, ${p.quantity}::int, now(), now()
    FROM ok WHERE ${p.quantity}::int <= least(${p.lineCap}::int, ok.stock)
    ON CONFLICT (cart_id, product_id) DO UPDATE
      SET quantity = ci.quantity + EXCLUDED.quantity, updated_at = now()
      WHERE ci.quantity + EXCLUDED.quantity <= least(${p.lineCap}::int, (SELECT stock FROM p))
    RETURNING quantity`;
  return rows[0]?.quantity ?? null;
}

export interface AddLineFacts {
  /** null: the product does not exist. */
  product: { isActive: boolean; stock: number; currency: string } | null;
  /** Quantity of this product already in the cart (0 when no line). */
  inCart: number;
  hasLine: boolean;
  lines: number;
  /** Currency of the cart's other lines, if any. */
  cartCurrency: string | null;
}

/** The facts that explain a refused add (read only after addLine changed nothing). */
export async function addLineFacts(db: Queryable, cartId: string, productId: string): Promise<AddLineFacts> {
  const [row] = await db.$queryRaw<
    { is_active: boolean | null; stock: number | null; currency: string | null; in_cart: number | null; lines: number; cart_currency: string | null }[]
  >`
    SELECT p.is_active, p.stock, p.currency,
      (SELECT quantity FROM cart_items WHERE cart_id = ${cartId}::uuid AND product_id = ${productId}::uuid) AS in_cart,
      (SELECT count(*)::int FROM cart_items WHERE cart_id = ${cartId}::uuid) AS lines,
      (SELECT op.currency FROM cart_items ci JOIN products op ON op.id = ci.product_id
        WHERE ci.cart_id = ${cartId}::uuid AND op.id <> ${productId}::uuid LIMIT 1) AS cart_currency
    FROM (SELECT 1) AS one
    LEFT JOIN products p ON p.id = ${productId}::uuid`;
  return {
    product:
      row && row.is_active !== null && row.stock !== null && row.currency !== null
        ? { isActive: row.is_active, stock: row.stock, currency: row.currency.trim() }
        : null,
    inCart: row?.in_cart ?? 0,
    hasLine: row?.in_cart !== null && row?.in_cart !== undefined,
    lines: row?.lines ?? 0,
    cartCurrency: row?.cart_currency?.trim() ?? null,
  };
}

/**
 * Sets an existing line's quantity in one statement, only while the product is active and has the stock.
 * Returns the new quantity, or null when nothing changed.
 */
export async function setLineQuantity(db: Queryable, cartId: string, productId: string, quantity: number): Promise<number | null> {
  const rows = await db.$queryRaw<{ quantity: number }[]>`
    UPDATE cart_items AS ci SET quantity = ${quantity}::int, updated_at = now()
    FROM products p
    WHERE ci.cart_id = ${cartId}::uuid AND ci.product_id = ${productId}::uuid
      AND p.id = ci.product_id AND p.is_active AND ${quantity}::int <= p.stock
    RETURNING ci.quantity`;
  return rows[0]?.quantity ?? null;
}

/** A line's quantity and its product's current availability (0 when inactive), or null without a line. */
export async function lineState(db: Queryable, cartId: string, productId: string): Promise<{ inCart: number; available: number } | null> {
  const row = await db.cartItem.findUnique({
    where: { cartId_productId: { cartId, productId } },
    select: { quantity: true, product: { select: { stock: true, isActive: true } } },
  });
  if (!row) return null;
  return { inCart: row.quantity, available: row.product.isActive ? row.product.stock : 0 };
}

export async function deleteLine(db: Queryable, cartId: string, productId: string): Promise<boolean> {
  const { count } = await db.cartItem.deleteMany({ where: { cartId, productId } });
  return count > 0;
}

/** Locks the guest cart row so that two sign-ins with the same token merge it once. */
export async function lockGuestCart(tx: Prisma.TransactionClient, tokenHash: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM carts WHERE token_hash = ${tokenHash} AND user_id IS NULL FOR UPDATE`;
  return rows[0]?.id ?? null;
}

export interface MergeRow {
  productId: string;
  quantity: number;
  stock: number;
  currency: string;
  isActive: boolean;
}

const lineOrder = [{ createdAt: "asc" }, { id: "asc" }] as const satisfies Prisma.CartItemOrderByWithRelationInput[];

/** A cart's lines with their products' current stock, oldest first. */
export async function mergeRows(db: Queryable, cartId: string): Promise<MergeRow[]> {
  const rows = await db.cartItem.findMany({
    where: { cartId },
    orderBy: lineOrder,
    select: { productId: true, quantity: true, product: { select: { stock: true, currency: true, isActive: true } } },
  });
  return rows.map((r) => ({
    productId: r.productId,
    quantity: r.quantity,
    stock: r.product.stock,
    currency: r.product.currency.trim(),
    isActive: r.product.isActive,
  }));
}

/**
 * Adds quantities to a cart's lines in one statement, each line's sum capped at least(cap, current stock). Lines
 * whose product is inactive or out of stock by now are skipped. Rows are written in product order, so two merges
 * into one cart lock its lines in the same order (no deadlock); the ids, made in the given order, keep display order.
 */
export async function addCappedLines(
  db: Queryable,
  cartId: string,
  lines: { productId: string; quantity: number }[],
  lineCap: number,
): Promise<void> {
  if (lines.length === 0) return;
  const ids = lines.map(() => uuidv7());
  const productIds = lines.map((l) => l.productId);
  const quantities = lines.map((l) => l.quantity);
  await db.$executeRaw`
    INSERT INTO cart_items AS ci (id, cart_id, product_id, quantity, created_at, updated_at)
    SELECT g.id, ${cartId}::uuid, g.product_id, least(g.quantity, ${lineCap}::int, p.stock), now(), now()
    FROM unnest(${ids}::uuid[], ${productIds}::uuid[], ${quantities}::int[]) AS g(id, product_id, quantity)
    JOIN products p ON p.id = g.product_id
    WHERE p.is_active AND p.stock > 0
    ORDER BY g.product_id
    ON CONFLICT (cart_id, product_id) DO UPDATE
      SET quantity = least(ci.quantity + EXCLUDED.quantity, ${lineCap}::int,
            (SELECT stock FROM products WHERE id = EXCLUDED.product_id)),
          updated_at = now()`;
}
