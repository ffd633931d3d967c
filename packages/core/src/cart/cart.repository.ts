/**
 * Cart queries. The writes that must not lose updates under concurrency are single SQL statements (raw SQL:
 * Prisma cannot express a conditional ON CONFLICT DO UPDATE); so is the line read on every cart answer.
 */
import type { Prisma } from "@shop/db";
import type { Queryable } from "../infra/queryable";
import { namedOptionValues } from "../catalog/catalog.schemas";
import { uuidv7 } from "../infra/uuid";


/** One cart line with the current facts of its variant and product (names and prices are never copied into the cart). */
export interface CartLineRow {
  quantity: number;
  product: {
    id: string;
    slug: string;
    name: string;
    currency: string;
    /** The product and the variant are both active. */
    isActive: boolean;
    /** The variant's image, else the product's first. */
    imageUrl: string | null;
  };
  variant: {
    id: string;
    sku: string;
    title: string;
    options: { name: string; value: string }[];
    price: number;
    stock: number;
  };
}

interface LineSqlRow {
  quantity: number;
  id: string;
  slug: string;
  name: string;
  currency: string;
  is_active: boolean;
  image_url: string | null;
  variant_id: string;
  sku: string;
  title: string;
  option_values: string[];
  option_names: string[];
  price: number;
  stock: number;
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
 * The lines in the order they were added, each with its variant, product, option names and image, in ONE
 * statement (the client's nested select made a round trip per relation).
 */
export async function readCartLines(db: Queryable, cartId: string): Promise<CartLineRow[]> {
  const rows = await db.$queryRaw<LineSqlRow[]>`
    SELECT ci.quantity, p.id::text AS id, p.slug, p.name, p.currency::text AS currency, p.is_active AND v.is_active AS is_active,
      coalesce((SELECT i.url FROM product_images i WHERE i.id = v.image_id),
               (SELECT i.url FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1)) AS image_url,
      v.id::text AS variant_id, v.sku, v.title, v.option_values, v.price, v.stock,
      coalesce((SELECT array_agg(o.name ORDER BY o.position) FROM product_options o WHERE o.product_id = p.id), '{}') AS option_names
    FROM cart_items ci
    JOIN product_variants v ON v.id = ci.variant_id
    JOIN products p ON p.id = ci.product_id
    WHERE ci.cart_id = ${cartId}::uuid
    ORDER BY ci.created_at, ci.id`;
  return rows.map((r) => ({
    quantity: r.quantity,
    product: { id: r.id, slug: r.slug, name: r.name, currency: r.currency.trim(), isActive: r.is_active, imageUrl: r.image_url },
    variant: {
      id: r.variant_id,
      sku: r.sku,
      title: r.title,
      options: namedOptionValues(r.option_names, r.option_values),
      price: r.price,
      stock: r.stock,
    },
  }));
}

export interface VariantChoice {
  productId: string;
  /** The active variants of an active product ([] when the product is missing or inactive). */
  variantIds: string[];
  optionNames: string[];
}

/** What a product id can be added as: its active variants (one for a product without options). */
export async function productVariants(db: Queryable, productId: string): Promise<VariantChoice> {
  const [row] = await db.$queryRaw<{ variant_ids: string[] | null; option_names: string[] | null }[]>`
    SELECT (SELECT array_agg(v.id::text ORDER BY v.position, v.id) FROM product_variants v WHERE v.product_id = p.id AND v.is_active) AS variant_ids,
           (SELECT array_agg(o.name ORDER BY o.position) FROM product_options o WHERE o.product_id = p.id) AS option_names
    FROM products p WHERE p.id = ${productId}::uuid AND p.is_active`;
  return { productId, variantIds: row?.variant_ids ?? [], optionNames: row?.option_names ?? [] };
}

/** The variants of the cart's lines that `id` names: the line of that variant, or the lines of that product. */
export async function lineVariantsOf(db: Queryable, cartId: string, id: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT variant_id::text AS id FROM cart_items
    WHERE cart_id = ${cartId}::uuid AND (variant_id = ${id}::uuid OR product_id = ${id}::uuid)
    ORDER BY created_at, id`;
  return rows.map((r) => r.id);
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
  variantId: string;
  quantity: number;
  lineCap: number;
  maxLines: number;
}

/**
 * Adds `quantity` to the variant's line in ONE statement, so concurrent adds never lose an update and never push a
 * line past least(cap, stock): ON CONFLICT DO UPDATE sees the latest committed quantity (even one committed after
 * this statement's snapshot) and its WHERE refuses the sum over the limit. The line is created only for an active
 * variant of an active product whose currency matches the cart's other lines and while the cart has room for
 * another line. Returns the new quantity, or null when nothing changed (the caller then works out why).
 */
export async function addLine(db: Queryable, p: AddLineParams): Promise<number | null> {
  const rows = await db.$queryRaw<{ quantity: number }[]>`
    WITH v AS (
      SELECT v.id, v.product_id, v.stock, p.currency FROM product_variants v JOIN products p ON p.id = v.product_id
      WHERE v.id = ${p.variantId}::uuid AND v.is_active AND p.is_active
    ), ok AS (
      SELECT v.id, v.product_id, v.stock FROM v
      WHERE NOT EXISTS (
          SELECT 1 FROM cart_items ci JOIN products op ON op.id = ci.product_id
          WHERE ci.cart_id = ${p.cartId}::uuid AND op.currency <> v.currency)
        AND (EXISTS (SELECT 1 FROM cart_items WHERE cart_id = ${p.cartId}::uuid AND variant_id = v.id)
          OR (SELECT count(*) FROM cart_items WHERE cart_id = ${p.cartId}::uuid) < ${p.maxLines}::int)
    )
    INSERT INTO cart_items AS ci (id, cart_id, product_id, variant_id, quantity, created_at, updated_at)
    SELECT ${uuidv7()}::uuid, ${p.cartId}::uuid, ok.product_id, ok.id, ${p.quantity}::int, now(), now()
    FROM ok WHERE ${p.quantity}::int <= least(${p.lineCap}::int, ok.stock)
    ON CONFLICT (cart_id, variant_id) DO UPDATE
      SET quantity = ci.quantity + EXCLUDED.quantity, updated_at = now()
      WHERE ci.quantity + EXCLUDED.quantity <= least(${p.lineCap}::int, (SELECT stock FROM v))
    RETURNING quantity`;
  return rows[0]?.quantity ?? null;
}

export interface AddLineFacts {
  /** null: the variant does not exist. isActive: the variant and its product are both active. */
  variant: { productId: string; isActive: boolean; stock: number; currency: string } | null;
  /** Quantity of this variant already in the cart (0 when no line). */
  inCart: number;
  hasLine: boolean;
  lines: number;
  /** Currency of the cart's other lines, if any. */
  cartCurrency: string | null;
}

/** The facts that explain a refused add (read only after addLine changed nothing). */
export async function addLineFacts(db: Queryable, cartId: string, variantId: string): Promise<AddLineFacts> {
  const [row] = await db.$queryRaw<
    {
      product_id: string | null;
      is_active: boolean | null;
      stock: number | null;
      currency: string | null;
      in_cart: number | null;
      lines: number;
      cart_currency: string | null;
    }[]
  >`
    SELECT v.product_id::text AS product_id, v.is_active AND p.is_active AS is_active, v.stock, p.currency,
      (SELECT quantity FROM cart_items WHERE cart_id = ${cartId}::uuid AND variant_id = ${variantId}::uuid) AS in_cart,
      (SELECT count(*)::int FROM cart_items WHERE cart_id = ${cartId}::uuid) AS lines,
      (SELECT op.currency FROM cart_items ci JOIN products op ON op.id = ci.product_id
        WHERE ci.cart_id = ${cartId}::uuid AND ci.variant_id <> ${variantId}::uuid LIMIT 1) AS cart_currency
    FROM (SELECT 1) AS one
    LEFT JOIN product_variants v ON v.id = ${variantId}::uuid
    LEFT JOIN products p ON p.id = v.product_id`;
  return {
    variant:
      row && row.product_id !== null && row.is_active !== null && row.stock !== null && row.currency !== null
        ? { productId: row.product_id, isActive: row.is_active, stock: row.stock, currency: row.currency.trim() }
        : null,
    inCart: row?.in_cart ?? 0,
    hasLine: row?.in_cart !== null && row?.in_cart !== undefined,
    lines: row?.lines ?? 0,
    cartCurrency: row?.cart_currency?.trim() ?? null,
  };
}

/**
 * Sets an existing line's quantity in one statement, only while the variant and its product are active and the
 * variant has the stock. Returns the new quantity, or null when nothing changed.
 */
export async function setLineQuantity(db: Queryable, cartId: string, variantId: string, quantity: number): Promise<number | null> {
  const rows = await db.$queryRaw<{ quantity: number }[]>`
    UPDATE cart_items AS ci SET quantity = ${quantity}::int, updated_at = now()
    FROM product_variants v JOIN products p ON p.id = v.product_id
    WHERE ci.cart_id = ${cartId}::uuid AND ci.variant_id = ${variantId}::uuid
      AND v.id = ci.variant_id AND v.is_active AND p.is_active AND ${quantity}::int <= v.stock
    RETURNING ci.quantity`;
  return rows[0]?.quantity ?? null;
}

/** A line's quantity and its variant's current availability (0 when inactive), or null without a line. */
export async function lineState(db: Queryable, cartId: string, variantId: string): Promise<{ inCart: number; available: number } | null> {
  const [row] = await db.$queryRaw<{ quantity: number; available: number }[]>`
    SELECT ci.quantity, CASE WHEN v.is_active AND p.is_active THEN v.stock ELSE 0 END AS available
    FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id JOIN products p ON p.id = ci.product_id
    WHERE ci.cart_id = ${cartId}::uuid AND ci.variant_id = ${variantId}::uuid`;
  return row ? { inCart: row.quantity, available: row.available } : null;
}

/** Removes the line of a variant, or every line of a product (`id` is either). */
export async function deleteLine(db: Queryable, cartId: string, id: string): Promise<boolean> {
  const { count } = await db.cartItem.deleteMany({ where: { cartId, OR: [{ variantId: id }, { productId: id }] } });
  return count > 0;
}

/** Locks the guest cart row so that two sign-ins with the same token merge it once. */
export async function lockGuestCart(tx: Prisma.TransactionClient, tokenHash: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM carts WHERE token_hash = ${tokenHash} AND user_id IS NULL FOR UPDATE`;
  return rows[0]?.id ?? null;
}

export interface MergeRow {
  variantId: string;
  quantity: number;
  stock: number;
  currency: string;
  /** The variant and its product are both active. */
  isActive: boolean;
}

/** A cart's lines with their variants' current stock, oldest first. */
export async function mergeRows(db: Queryable, cartId: string): Promise<MergeRow[]> {
  const rows = await db.$queryRaw<{ variant_id: string; quantity: number; stock: number; currency: string; is_active: boolean }[]>`
    SELECT ci.variant_id::text AS variant_id, ci.quantity, v.stock, p.currency::text AS currency, v.is_active AND p.is_active AS is_active
    FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id JOIN products p ON p.id = ci.product_id
    WHERE ci.cart_id = ${cartId}::uuid
    ORDER BY ci.created_at, ci.id`;
  return rows.map((r) => ({ variantId: r.variant_id, quantity: r.quantity, stock: r.stock, currency: r.currency.trim(), isActive: r.is_active }));
}

/**
 * Adds quantities to a cart's lines in one statement, each line's sum capped at least(cap, current stock). Lines
 * whose variant or product is inactive or out of stock by now are skipped. Rows are written in variant order, so
 * two merges into one cart lock its lines in the same order (no deadlock); the ids, made in the given order, keep
 * display order.
 */
export async function addCappedLines(
  db: Queryable,
  cartId: string,
  lines: { variantId: string; quantity: number }[],
  lineCap: number,
): Promise<void> {
  if (lines.length === 0) return;
  const ids = lines.map(() => uuidv7());
  const variantIds = lines.map((l) => l.variantId);
  const quantities = lines.map((l) => l.quantity);
  await db.$executeRaw`
    INSERT INTO cart_items AS ci (id, cart_id, product_id, variant_id, quantity, created_at, updated_at)
    SELECT g.id, ${cartId}::uuid, v.product_id, g.variant_id, least(g.quantity, ${lineCap}::int, v.stock), now(), now()
    FROM unnest(${ids}::uuid[], ${variantIds}::uuid[], ${quantities}::int[]) AS g(id, variant_id, quantity)
    JOIN product_variants v ON v.id = g.variant_id
    JOIN products p ON p.id = v.product_id
    WHERE v.is_active AND p.is_active AND v.stock > 0
    ORDER BY g.variant_id
    ON CONFLICT (cart_id, variant_id) DO UPDATE
      SET quantity = least(ci.quantity + EXCLUDED.quantity, ${lineCap}::int,
            (SELECT stock FROM product_variants WHERE id = EXCLUDED.variant_id)),
          updated_at = now()`;
}
