/**
 * Checkout: the caller's whole cart becomes one order in ONE transaction, or nothing changes.
 *
 * The transaction is short: lock the caller's cart lines; one conditional decrement per line
 * of the variant's stock (`stock >= quantity AND is_active`, in product and variant id order); one statement writing the order, its items, the
 * emptied cart and the completed idempotency key. Row locks are held for a few round trips, and a sold-out
 * product fails its decrement without waiting for any lock, so 200 concurrent checkouts through a 5-connection
 * pool drain quickly instead of timing out. Stock can never go negative: a decrement only applies when enough is
 * left, any short line rolls the whole transaction back, and the database's CHECK (stock >= 0) backs that up.
 */
import type { Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import type { ShippingAddress } from "../user/address.schemas";
import { defaultShippingAddress } from "../user/user.service";
import { unlessBusy } from "../infra/db-errors";
import { generateOrderNumber } from "./ids";
import { MAX_INT4 } from "../infra/int4";
import { uuidv7 } from "../infra/uuid";
import { availableStock, insertOrder, lockCartLines, takeStock, type TakenProduct } from "./order.repository";
import type { CreateOrderInput, Order } from "./order.schemas";
import type { PaymentProviderName } from "../payments/provider";

export interface CheckoutOptions {
  now?: () => Date;
  /** Longest wait for a pooled connection to start the transaction (ms). */
  maxWaitMs?: number;
  /** Longest the transaction may run, lock waits included (ms). */
  timeoutMs?: number;
  /** Seam for tests of the number-collision retry. */
  orderNumber?: (now: Date) => string;
  /** The payment methods offered and how long an order waits for payment (DEFAULT_PAYMENT_POLICY). */
  payment?: PaymentPolicy;
}

export interface PaymentPolicy {
  /** The methods offered at checkout; the first is the default. */
  methods: readonly PaymentProviderName[];
  /** How long a pending order waits for payment before it is cancelled and its stock released (0: forever). */
  timeoutMinutes: number;
  /** Whether manual (pay on delivery / bank transfer) orders expire too. */
  manualOrdersExpire: boolean;
}

export const DEFAULT_PAYMENT_POLICY: PaymentPolicy = { methods: ["manual"], timeoutMinutes: 30, manualOrdersExpire: false };

/** The method an order is paid with (400 for one the shop does not offer) and when it expires unpaid. */
export function paymentTerms(policy: PaymentPolicy, requested: PaymentProviderName | undefined, now: Date) {
  const method = requested ?? policy.methods[0] ?? "manual";
  if (!policy.methods.includes(method)) {
    throw new DomainError("VALIDATION", `paymentMethod ${method} is not offered here (offered: ${policy.methods.join(", ")})`, {
      details: { field: "paymentMethod", offered: policy.methods },
    });
  }
  const expires = policy.timeoutMinutes > 0 && (method !== "manual" || policy.manualOrdersExpire);
  return { method, expiresAt: expires ? new Date(now.getTime() + policy.timeoutMinutes * 60_000) : null };
}

/**
 * Prisma's defaults (2 s wait, 5 s run) are tight when a burst queues on a small pool; pg's own connection
 * timeout (5 s in createDb) caps the wait anyway. Past these, the client gets 503 + Retry-After, not a 500.
 */
export const CHECKOUT_TX_MAX_WAIT_MS = 5_000;
export const CHECKOUT_TX_TIMEOUT_MS = 10_000;

const NUMBER_ATTEMPTS = 4;

export interface CheckoutRequest {
  userId: string;
  input: CreateOrderInput;
  /** The held Idempotency-Key claim: completed with the order inside the checkout transaction. */
  idempotencyClaimId?: string;
}

class OrderNumberTaken extends Error {}

async function shippingAddressFor(db: Db, userId: string, given: ShippingAddress | undefined): Promise<ShippingAddress> {
  const address = given ?? (await defaultShippingAddress(db, userId));
  if (!address) {
    throw new DomainError("VALIDATION", "shippingAddress is required: send one or save a default address in your profile", {
      details: { field: "shippingAddress" },
    });
  }
  return address;
}

/**
 * Places the order. 400 without an address or with an empty cart; 409 with `details.lines` (every short line:
 * productId, requested, available) when stock does not cover the cart; 503 when the database is saturated.
 */
export async function checkout(db: Db, request: CheckoutRequest, options: CheckoutOptions = {}): Promise<Order> {
  const clock = options.now ?? (() => new Date());
  const makeNumber = options.orderNumber ?? generateOrderNumber;
  return unlessBusy(async () => {
    const shippingAddress = await shippingAddressFor(db, request.userId, request.input.shippingAddress);
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.$transaction(
          async (tx) => {
            const lines = await lockCartLines(tx, request.userId);
            if (lines.length === 0) {
              throw new DomainError("VALIDATION", "Your cart is empty", { details: { field: "cart" } });
            }
            const now = clock();
            // One conditional decrement per line, in product id order (lines are sorted), so no deadlocks. Every
            // line is tried, so that a 409 can list every short one; the throw below rolls the taken ones back.
            const taken: (TakenProduct | null)[] = [];
            for (const line of lines) taken.push(await takeStock(tx, line.variantId, line.quantity, now));
            const shortIds = lines.filter((_, i) => !taken[i]).map((line) => line.variantId);
            if (shortIds.length > 0) {
              const available = await availableStock(tx, shortIds);
              const short = lines
                .filter((line) => shortIds.includes(line.variantId))
                .map((line) => ({
                  productId: line.productId,
                  variantId: line.variantId,
                  requested: line.quantity,
                  available: available.get(line.variantId) ?? 0,
                }));
              throw new DomainError("CONFLICT", "Not enough stock for some items in your cart", { details: { lines: short } });
            }
            const products = taken as TakenProduct[];
            const currencies = new Set(products.map((product) => product.currency));
            if (currencies.size > 1) {
              throw new DomainError("VALIDATION", "The cart mixes currencies; check out items of one currency at a time", {
                details: { field: "cart", currencies: [...currencies] },
              });
            }
            // Sorted so that id order is line order (order items are read back by id).
            const itemIds = lines.map(() => uuidv7(now)).sort();
            const items = lines.map((line, i) => ({
              id: itemIds[i]!,
              cartItemId: line.cartItemId,
              productId: line.productId,
              variantId: line.variantId,
              productName: products[i]!.name,
              productSlug: products[i]!.slug,
              sku: products[i]!.sku,
              variantTitle: products[i]!.title,
              options: products[i]!.options,
              unitPrice: products[i]!.price,
              quantity: line.quantity,
              lineTotal: products[i]!.price * line.quantity,
            }));
            const subtotal = items.reduce((sum, item) => sum + item.lineTotal, 0);
            const shippingTotal = 0;
            const total = subtotal + shippingTotal;
            if (total > MAX_INT4) throw new DomainError("VALIDATION", "The order total is too large", { details: { field: "cart" } });

            const terms = paymentTerms(options.payment ?? DEFAULT_PAYMENT_POLICY, request.input.paymentMethod, now);
            const order: Order = {
              id: uuidv7(now),
              number: makeNumber(now),
              status: "pending",
              currency: products[0]!.currency,
              subtotal,
              shippingTotal,
              total,
              shippingAddress,
              note: request.input.note || null,
              items: items.map(({ productId, variantId, productName, productSlug, sku, variantTitle, options, unitPrice, quantity, lineTotal }) => ({
                productId,
                productName,
                productSlug,
                variantId,
                sku,
                variantTitle,
                options,
                unitPrice,
                quantity,
                lineTotal,
              })),
              createdAt: now.toISOString(),
              updatedAt: now.toISOString(),
              paidAt: null,
              shippedAt: null,
              deliveredAt: null,
              cancelledAt: null,
              paymentMethod: terms.method,
              expiresAt: terms.expiresAt?.toISOString() ?? null,
              refundedTotal: 0,
            };
            const placed = await insertOrder(tx, {
              ...order,
              expiresAt: terms.expiresAt,
              userId: request.userId,
              now,
              items,
              idempotency: request.idempotencyClaimId
                ? { claimId: request.idempotencyClaimId, responseStatus: 201, response: order }
                : undefined,
            });
            if (placed.created === 0) throw new OrderNumberTaken();
            if (placed.keyCompleted === 0) {
              throw new DomainError("CONFLICT", "This Idempotency-Key was taken over by another request", {
                details: { header: "Idempotency-Key" },
              });
            }
            return order;
          },
          { maxWait: options.maxWaitMs ?? CHECKOUT_TX_MAX_WAIT_MS, timeout: options.timeoutMs ?? CHECKOUT_TX_TIMEOUT_MS },
        );
      } catch (error) {
        // The throw rolled everything back; a fresh number in a fresh transaction.
        if (!(error instanceof OrderNumberTaken)) throw error;
        if (attempt >= NUMBER_ATTEMPTS) {
          throw new DomainError("UNAVAILABLE", "Could not allocate an order number; please retry", { retryAfterSeconds: 1 });
        }
      }
    }
  });
}
