import type { Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import type { TtlCache } from "../infra/ttl-cache";
import { checkout, type CheckoutOptions } from "./checkout.service";
import { unlessBusy } from "../infra/db-errors";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  replayedError,
  requestHash,
  storedError,
} from "./idempotency";
import { decodeNewestCursor, encodeNewestCursor } from "../infra/cursor";
import { UUID_PATTERN } from "../infra/uuid";
import type { Queryable } from "../infra/queryable";
import { findOrder, listOrderSummaries, orderStatusOf, transitionOrderFrom } from "./order.repository";
import { ORDER_STATUSES, type CreateOrderInput, type ListOrdersInput, type Order, type OrderPage, type OrderStatus } from "./order.schemas";

export const CREATE_ORDER_SCOPE = "orders.create";

const notFound = () => new DomainError("NOT_FOUND", "Order not found");

// ---- reading ---------------------------------------------------------------------------------------------------

/** The caller's orders, newest first, as summaries; keyset-paginated (no counting, stable under inserts). */
export async function listOrders(db: Db, userId: string, input: ListOrdersInput): Promise<OrderPage> {
  const after = input.cursor ? decodeNewestCursor(input.cursor) : undefined;
  const rows = await unlessBusy(() => listOrderSummaries(db, userId, { limit: input.limit + 1, after }));
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeNewestCursor(last) : null };
}

/** The caller's order; someone else's or a malformed id is the same 404. */
export async function getOrder(db: Db, userId: string, orderId: string): Promise<Order> {
  if (!UUID_PATTERN.test(orderId)) throw notFound();
  const order = await unlessBusy(() => findOrder(db, orderId, userId));
  if (!order) throw notFound();
  return order;
}

// ---- status changes --------------------------------------------------------------------------------------------

/** The lifecycle: pending -> paid -> shipped -> delivered; cancelled from pending or paid (stock comes back). */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["paid", "cancelled"],
  paid: ["shipped", "cancelled"],
  shipped: ["delivered"],
  delivered: [],
  cancelled: [],
};

const sourcesOf = (to: OrderStatus) => ORDER_STATUSES.filter((from) => ORDER_TRANSITIONS[from].includes(to));

/** Who moves an order and why (kept in order_status_history), and what must commit with the move. */
export interface StatusChange {
  /** Absent: the customer themself for their own cancel, else nobody (the shop). */
  actorId?: string;
  note?: string;
  /** Runs inside the move's transaction once it applied, with the status the order left (an audit entry). */
  within?: (tx: Queryable, from: OrderStatus) => Promise<void>;
}

async function transition(
  db: Db,
  orderId: string,
  to: OrderStatus,
  from: OrderStatus[],
  userId?: string,
  change: StatusChange = {},
): Promise<Order> {
  if (!UUID_PATTERN.test(orderId)) throw notFound();
  return unlessBusy(async () => {
    const move = async (q: Queryable) =>
      to !== "pending" && from.length > 0
        ? transitionOrderFrom(q, { orderId, userId, to, from, now: new Date(), actorId: change.actorId ?? userId, note: change.note })
        : null;
    const within = change.within;
    const changed = within
      ? await db.$transaction(async (tx) => {
          const left = await move(tx);
          if (left) await within(tx, left);
          return left;
        })
      : await move(db);
    if (!changed) {
      const current = await orderStatusOf(db, orderId, userId);
      if (!current) throw notFound();
      throw new DomainError("CONFLICT", `An order that is ${current} cannot become ${to}`, { details: { from: current, to } });
    }
    const order = await findOrder(db, orderId, userId);
    if (!order) throw notFound();
    return order;
  });
}

/** The customer's own cancel: only while pending; the items' stock is restored once, even under concurrent cancels. */
export function cancelOrder(db: Db, userId: string, orderId: string): Promise<Order> {
  return transition(db, orderId, "cancelled", ["pending"], userId);
}

/** Admin: move an order along its lifecycle; illegal moves are 409 with details { from, to }. */
export function updateOrderStatus(db: Db, orderId: string, to: OrderStatus, change?: StatusChange): Promise<Order> {
  return transition(db, orderId, to, sourcesOf(to), undefined, change);
}

// ---- checkout with Idempotency-Key -----------------------------------------------------------------------------

export type CreateOrderOutcome =
  | { ok: true; order: Order; replayed: boolean }
  | { ok: false; error: DomainError; replayed: true };

/**
 * Checkout, optionally under an Idempotency-Key (scope "orders.create", per user).
 *
 * What a key records: the 201 (written in the checkout transaction itself, so an order never exists without its
 * key being completed) and 400s, which a retry of the same body against the same state would only repeat.
 * Released instead, so that a retry with the same key runs again: 409 out of stock (stock comes back, and
 * nothing was created) and 503 / unexpected failures (transient by nature). A release never risks a second
 * order, because only a committed checkout creates one, and that commit completes the key.
 */
export async function createOrder(
  db: Db,
  request: { userId: string; input: CreateOrderInput; idempotencyKey?: string },
  options: CheckoutOptions = {},
): Promise<CreateOrderOutcome> {
  const { userId, input, idempotencyKey } = request;
  if (!idempotencyKey) return { ok: true, order: await checkout(db, { userId, input }, options), replayed: false };

  const claim = await unlessBusy(() =>
    claimIdempotencyKey(db, { userId, scope: CREATE_ORDER_SCOPE, key: idempotencyKey, requestHash: requestHash(input) }),
  );
  if (claim.kind === "replay") {
    return claim.status < 400
      ? { ok: true, order: claim.body as Order, replayed: true }
      : { ok: false, error: replayedError(claim.body), replayed: true };
  }
  try {
    const order = await checkout(db, { userId, input, idempotencyClaimId: claim.claimId }, options);
    return { ok: true, order, replayed: false };
  } catch (error) {
    // Best effort: if this fails too, the claim is taken over once it is older than the abandonment timeout.
    const settle =
      error instanceof DomainError && error.code === "VALIDATION"
        ? completeIdempotencyKey(db, claim.claimId, 400, storedError(error))
        : releaseIdempotencyKey(db, claim.claimId);
    await settle.catch(() => undefined);
    throw error;
  }
}

/** Orders of one caller (admins: any). Every change of stock clears the catalogue cache here, not in its callers. */
export interface OrderService {
  list(userId: string, input: ListOrdersInput): Promise<OrderPage>;
  byId(userId: string, orderId: string): Promise<Order>;
  create(request: { userId: string; input: CreateOrderInput; idempotencyKey?: string }): Promise<CreateOrderOutcome>;
  cancel(userId: string, orderId: string): Promise<Order>;
  updateStatus(orderId: string, to: OrderStatus, change?: StatusChange): Promise<Order>;
}

export function createOrderService({
  db,
  catalogCache,
  checkout: checkoutOptions = {},
  onPlaced = () => {},
  onStatusChanged = () => {},
}: {
  db: Db;
  catalogCache: TtlCache<unknown>;
  /** The payment policy and transaction limits of checkout. */
  checkout?: CheckoutOptions;
  /** After a new order commits (the expiry of an unpaid order is scheduled here). */
  onPlaced?: (order: Order) => void;
  /** After a cancel or an admin's status change committed (the customer's text). */
  onStatusChanged?: (order: Order) => void;
}): OrderService {
  return {
    list: (userId, input) => listOrders(db, userId, input),
    byId: (userId, orderId) => getOrder(db, userId, orderId),
    async create(request) {
      const outcome = await createOrder(db, request, checkoutOptions);
      if (outcome.ok && !outcome.replayed) {
        catalogCache.clear(); // stock taken
        onPlaced(outcome.order);
      }
      return outcome;
    },
    async cancel(userId, orderId) {
      const order = await cancelOrder(db, userId, orderId);
      catalogCache.clear(); // stock restored
      onStatusChanged(order);
      return order;
    },
    async updateStatus(orderId, to, change) {
      const order = await updateOrderStatus(db, orderId, to, change);
      if (order.status === "cancelled") catalogCache.clear(); // stock restored
      onStatusChanged(order);
      return order;
    },
  };
}
