/**
 * The shopping cart. A signed-in user owns one cart row (user_id); a guest owns one identified by an opaque token
 * (only its SHA-256 is stored). Lines hold product and quantity only: names and prices are joined at read time,
 * so the cart always shows current prices.
 */
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { randomBytes } from "node:crypto";
import type { Db } from "@shop/db";
import { hashToken } from "../auth/tokens";
import { violatedForeignKey } from "../infra/db-errors";
import { DomainError } from "../errors/domain-error";
import {
  addCappedLines,
  addLine,
  addLineFacts,
  createGuestCart,
  deleteCart,
  deleteLine,
  ensureUserCart,
  findGuestCart,
  findGuestCartId,
  findUserCart,
  findUserCartId,
  lineState,
  lineVariantsOf,
  lockGuestCart,
  mergeRows,
  productVariants,
  readCartLines,
  setLineQuantity,
  type CartLineRow,
} from "./cart.repository";
import { addRefusalMessage, lineLimit, setRefusalMessage } from "./cart.rules";
import {
  DEFAULT_CART_CURRENCY,
  DEFAULT_CART_LIMITS,
  type AddCartItemInput,
  type Cart,
  type CartLimits,
  type UpdateCartItemInput,
} from "./cart.schemas";

/** Who is asking: a signed-in user (any cart token is ignored) or a guest with the token they sent, if any. */
export type CartOwner = { userId: string } | { guestToken: string | null | undefined };

// 256 random bits, base64url: 43 characters. Anything else is not a token we issued.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function generateCartToken(): string {
  return encodeBase64urlNoPadding(randomBytes(32));
}

/** The stored hash of a well-formed token; null for a missing or malformed one (treated as no cart). */
export function cartTokenHash(token: string | null | undefined): string | null {
  const value = token?.trim();
  return value && TOKEN_SHAPE.test(value) ? hashToken(value) : null;
}

const isUser = (owner: CartOwner): owner is { userId: string } => "userId" in owner;

export function toCart(rows: CartLineRow[], cartToken: string | null, limits: CartLimits = DEFAULT_CART_LIMITS): Cart {
  const items = rows.map((row) => {
    const { product: p, variant: v } = row;
    return {
      productId: p.id,
      variantId: v.id,
      sku: v.sku,
      slug: p.slug,
      name: p.name,
      variantTitle: v.title,
      options: v.options,
      imageUrl: p.imageUrl,
      unitPrice: v.price,
      quantity: row.quantity,
      lineTotal: v.price * row.quantity,
      available: v.stock,
      inStock: p.isActive && row.quantity <= v.stock,
      maxQuantity: p.isActive ? lineLimit(v.stock, limits.lineCap) : 0,
    };
  });
  return {
    items,
    subtotal: items.reduce((sum, line) => sum + line.lineTotal, 0),
    currency: rows[0]?.product.currency.trim() ?? DEFAULT_CART_CURRENCY,
    itemCount: items.reduce((sum, line) => sum + line.quantity, 0),
    cartToken,
  };
}

const emptyCart = (): Cart => toCart([], null);

export async function getCart(db: Db, owner: CartOwner, limits: CartLimits = DEFAULT_CART_LIMITS): Promise<Cart> {
  if (isUser(owner)) {
    const cart = await findUserCart(db, owner.userId);
    return toCart(cart?.items ?? [], null, limits);
  }
  const hash = cartTokenHash(owner.guestToken);
  const cart = hash ? await findGuestCart(db, hash) : null;
  return cart ? toCart(cart.items, owner.guestToken!.trim(), limits) : emptyCart();
}

/** The caller's existing cart (null when there is none): for changes that need a line to exist. */
async function existingCart(db: Db, owner: CartOwner): Promise<{ id: string; token: string | null } | null> {
  if (isUser(owner)) {
    const id = await findUserCartId(db, owner.userId);
    return id ? { id, token: null } : null;
  }
  const hash = cartTokenHash(owner.guestToken);
  const id = hash ? await findGuestCartId(db, hash) : null;
  return id ? { id, token: owner.guestToken!.trim() } : null;
}

function checkQuantity(quantity: number, limits: CartLimits, message = `At most ${limits.lineCap} of one product per cart`) {
  if (quantity > limits.lineCap) {
    throw new DomainError("VALIDATION", message, {
      details: { maxQuantity: limits.lineCap },
    });
  }
}

const notInCart = (id: { productId?: string; variantId?: string }) =>
  new DomainError("NOT_FOUND", "This product is not in the cart", { details: id });

const productNotFound = (id: { productId?: string; variantId?: string }) => new DomainError("NOT_FOUND", "Product not found", { details: id });

/** The variant an add names: itself, or the only active variant of a product without options. */
async function variantToAdd(db: Db, input: AddCartItemInput): Promise<string> {
  if ((input.variantId === undefined) === (input.productId === undefined)) {
    throw new DomainError("VALIDATION", "Send variantId, or productId for a product without options (not both)", {
      details: { field: "variantId" },
    });
  }
  if (input.variantId) return input.variantId;
  const choice = await productVariants(db, input.productId!);
  if (choice.variantIds.length === 0) throw productNotFound({ productId: input.productId });
  if (choice.variantIds.length > 1) {
    const options = choice.optionNames.length > 0 ? ` (${choice.optionNames.join(", ")})` : "";
    throw new DomainError("VALIDATION", `This product comes in several variants${options}: choose one and send its variantId`, {
      details: { field: "variantId", productId: input.productId, options: choice.optionNames },
    });
  }
  return choice.variantIds[0]!;
}

/** Why addLine refused, from the facts read right after; null when nothing explains it (a race: retry). */
function refusal(facts: Awaited<ReturnType<typeof addLineFacts>>, variantId: string, quantity: number, limits: CartLimits): DomainError | null {
  const { variant: product, inCart } = facts;
  if (!product || !product.isActive) return productNotFound({ variantId });
  const productId = product.productId;
  if (facts.cartCurrency && facts.cartCurrency !== product.currency) {
    return new DomainError("CONFLICT", `The cart is in ${facts.cartCurrency}; this product is priced in ${product.currency}`, {
      details: { productId, variantId, currency: product.currency, cartCurrency: facts.cartCurrency },
    });
  }
  if (!facts.hasLine && facts.lines >= limits.maxLines) {
    return new DomainError("CONFLICT", `A cart holds at most ${limits.maxLines} different products`, {
      details: { productId, variantId, maxLines: limits.maxLines },
    });
  }
  if (inCart + quantity > lineLimit(product.stock, limits.lineCap)) {
    const message = addRefusalMessage({ stock: product.stock, lineCap: limits.lineCap, inCart });
    // The details name the bound that applies, as they always have: the stock, else the per-line cap.
    const details =
      inCart + quantity > product.stock
        ? { productId, variantId, available: product.stock, inCart }
        : { productId, variantId, maxQuantity: limits.lineCap, inCart };
    return new DomainError("CONFLICT", message, { details });
  }
  return null;
}

/** The cart (merged at sign-in) or the product was deleted while the add ran: a clean 409/404, not a 500. */
function concurrentDelete(error: unknown, variantId: string): unknown {
  const key = violatedForeignKey(error);
  if (key === null) return error;
  if (key.includes("product") || key.includes("variant")) return productNotFound({ variantId });
  return new DomainError("CONFLICT", "The cart changed meanwhile; try again");
}

/**
 * Adds to the line of a product (creating the cart and the line as needed). A guest without a valid token gets a
 * new cart and a new token (returned as cartToken).
 *
 * Statuses: quantity over the per-line cap in the request itself is a 400 (VALIDATION, details.maxQuantity); the
 * line's new total over stock or over the cap, a different currency, or no room for another line is a 409.
 */
export async function addToCart(db: Db, owner: CartOwner, input: AddCartItemInput, limits: CartLimits = DEFAULT_CART_LIMITS): Promise<Cart> {
  checkQuantity(input.quantity, limits);
  const variantId = await variantToAdd(db, input);
  let cart = await existingCart(db, owner);
  let created = false;
  if (!cart) {
    if (isUser(owner)) {
      cart = { id: await ensureUserCart(db, owner.userId), token: null };
    } else {
      const token = generateCartToken();
      cart = { id: await createGuestCart(db, hashToken(token)), token };
      created = true;
    }
  }
  const params = { cartId: cart.id, variantId, quantity: input.quantity, lineCap: limits.lineCap, maxLines: limits.maxLines };
  try {
    // A refusal nothing explains means the state moved between the two reads (stock raised, line removed): once more.
    for (let attempt = 0; ; attempt++) {
      if ((await addLine(db, params)) !== null) break;
      const error = refusal(await addLineFacts(db, cart.id, variantId), variantId, input.quantity, limits);
      if (error) throw error;
      if (attempt >= 1) throw new DomainError("CONFLICT", "The cart changed meanwhile; try again");
    }
  } catch (error) {
    // A new guest cart whose first add failed would be an orphan nobody holds the token of.
    if (created) await deleteCart(db, cart.id).catch(() => undefined);
    throw concurrentDelete(error, variantId);
  }
  return toCart(await readCartLines(db, cart.id), cart.token, limits);
}

/**
 * Sets a line's quantity; 0 removes it. The line must exist (404 otherwise); over stock is a 409, over the per-line
 * cap a 400. Either refusal names the line's limit: min(stock, cap), the same rule the product page offers.
 */
export async function setCartItemQuantity(
  db: Db,
  owner: CartOwner,
  input: UpdateCartItemInput,
  limits: CartLimits = DEFAULT_CART_LIMITS,
): Promise<Cart> {
  const cart = await existingCart(db, owner);
  const named = { productId: input.productId };
  const variantId = cart ? await lineVariant(db, cart.id, input) : null;
  if (input.quantity > limits.lineCap) {
    // Still a 400 (over the cap in the request itself), but said with the line's real limit, which may be the stock.
    const state = cart && variantId ? await lineState(db, cart.id, variantId) : null;
    const message = state ? setRefusalMessage({ stock: state.available, lineCap: limits.lineCap, inCart: state.inCart }) : undefined;
    checkQuantity(input.quantity, limits, message);
  }
  if (!cart || !variantId) throw notInCart(named);
  if (input.quantity === 0) {
    if (!(await deleteLine(db, cart.id, variantId))) throw notInCart(named);
  } else if ((await setLineQuantity(db, cart.id, variantId, input.quantity)) === null) {
    const state = await lineState(db, cart.id, variantId);
    if (!state) throw notInCart(named);
    throw new DomainError("CONFLICT", setRefusalMessage({ stock: state.available, lineCap: limits.lineCap, inCart: state.inCart }), {
      details: { ...named, variantId, available: state.available, inCart: state.inCart },
    });
  }
  return toCart(await readCartLines(db, cart.id), cart.token, limits);
}

/**
 * The variant of the line an update names by variant id, or by product id when the cart holds one variant of
 * that product; null when the cart has no such line. 400 when a product id names several lines.
 */
async function lineVariant(db: Db, cartId: string, input: UpdateCartItemInput): Promise<string | null> {
  const variants = await lineVariantsOf(db, cartId, input.productId);
  if (variants.length > 1) {
    throw new DomainError("VALIDATION", "The cart holds several variants of this product: name the line by its variantId", {
      details: { field: "productId", productId: input.productId, variantIds: variants },
    });
  }
  return variants[0] ?? null;
}

/** Removes the line of a variant, or every line of a product; 404 when the caller's cart has no such line. */
export async function removeCartItem(db: Db, owner: CartOwner, id: string): Promise<void> {
  const cart = await existingCart(db, owner);
  if (!cart || !(await deleteLine(db, cart.id, id))) throw new DomainError("NOT_FOUND", "This product is not in the cart", { details: { id } });
}

export interface MergeGuestCartInput {
  userId: string;
  guestToken: string | null | undefined;
  /** Per-line cap. */
  cap: number;
  maxLines?: number;
}

/**
 * Moves a guest cart into the user's cart at sign-in: quantities are summed per variant and capped at current stock
 * and the line cap; lines whose product is gone, inactive, out of stock or in another currency than the user's cart
 * are dropped, as are new lines beyond maxLines. The guest cart is deleted. One transaction; the guest row is locked
 * first, so two concurrent sign-ins with the same token merge it exactly once.
 * Returns the number of guest lines merged.
 */
export async function mergeGuestCart(db: Db, input: MergeGuestCartInput): Promise<{ merged: number }> {
  const hash = cartTokenHash(input.guestToken);
  if (!hash) return { merged: 0 };
  const maxLines = input.maxLines ?? DEFAULT_CART_LIMITS.maxLines;
  return db.$transaction(async (tx) => {
    const guestCartId = await lockGuestCart(tx, hash);
    if (!guestCartId) return { merged: 0 };
    const guest = (await mergeRows(tx, guestCartId)).filter((line) => line.isActive && line.stock > 0);
    const userCartId = await ensureUserCart(tx, input.userId);
    const mine = await mergeRows(tx, userCartId);
    const currency = mine[0]?.currency ?? guest[0]?.currency;
    const have = new Set(mine.map((line) => line.variantId));
    let room = maxLines - mine.length;
    const lines = guest.filter((line) => {
      if (line.currency !== currency) return false;
      if (have.has(line.variantId)) return true;
      room -= 1;
      return room >= 0;
    });
    await addCappedLines(tx, userCartId, lines, input.cap);
    await deleteCart(tx, guestCartId);
    return { merged: lines.length };
  });
}

/** The caller's cart; limits come with each call (the API's configured line cap and line count). */
export interface CartService {
  get(owner: CartOwner, limits: CartLimits): Promise<Cart>;
  add(owner: CartOwner, input: AddCartItemInput, limits: CartLimits): Promise<Cart>;
  setQuantity(owner: CartOwner, input: UpdateCartItemInput, limits: CartLimits): Promise<Cart>;
  remove(owner: CartOwner, productId: string): Promise<void>;
  mergeGuest(input: MergeGuestCartInput): Promise<{ merged: number }>;
}

export function createCartService({ db }: { db: Db }): CartService {
  return {
    get: (owner, limits) => getCart(db, owner, limits),
    add: (owner, input, limits) => addToCart(db, owner, input, limits),
    setQuantity: (owner, input, limits) => setCartItemQuantity(db, owner, input, limits),
    remove: (owner, productId) => removeCartItem(db, owner, productId),
    mergeGuest: (input) => mergeGuestCart(db, input),
  };
}
