/**
 * The payment lifecycle of an order: open a payment session for the caller's pending order (the same one while
 * it is valid), apply each verified provider event exactly once, and expire unpaid orders (their stock released
 * exactly once). Every state change is a conditional UPDATE, so concurrent deliveries, a racing expiry and a
 * payment cannot both win.
 */
import { randomUUID } from "node:crypto";
import { Prisma, type Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import { unlessBusy } from "../infra/db-errors";
import { UUID_PATTERN } from "../infra/uuid";
import { transitionOrder } from "../orders/order.repository";
import type { PaymentSession, Refund, WebhookReceipt } from "./payment.schemas";
import type { PaymentProvider, PaymentProviderName, ProviderEvent } from "./provider";
import type { OrderEvent } from "../notifications/order-messages";

export type PaymentProviders = Partial<Record<PaymentProviderName, PaymentProvider>>;

/** A session closer to its end than this is not handed out again: the customer gets a fresh one. */
const REUSE_MARGIN_MS = 60_000;

const notFound = () => new DomainError("NOT_FOUND", "Order not found");
const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

export interface ReturnUrls {
  success: string;
  cancel: string;
}

/** POST /shop/orders/{id}/pay. */
export async function startPayment(
  db: Db,
  providers: PaymentProviders,
  request: { userId: string; orderId: string; urls: ReturnUrls; now?: Date },
): Promise<PaymentSession> {
  const now = request.now ?? new Date();
  if (!UUID_PATTERN.test(request.orderId)) throw notFound();
  const order = await unlessBusy(() =>
    db.order.findFirst({
      where: { id: request.orderId, userId: request.userId },
      select: { id: true, number: true, status: true, total: true, currency: true, paymentMethod: true, expiresAt: true },
    }),
  );
  if (!order) throw notFound();
  if (order.status !== "pending") {
    throw new DomainError("CONFLICT", `An order that is ${order.status} cannot be paid`, { details: { status: order.status } });
  }
  if (order.expiresAt && order.expiresAt <= now) {
    throw new DomainError("CONFLICT", "This order expired unpaid; its items are back in stock", { details: { status: "expired" } });
  }
  const method = order.paymentMethod as PaymentProviderName;
  const provider = providers[method];
  if (method === "manual" || !provider?.createSession) {
    if (method !== "manual") throw new DomainError("UNAVAILABLE", `Payments by ${method} are not configured`, { retryAfterSeconds: 60 });
    return { provider: "manual", status: "manual", paymentId: null, redirectUrl: null, expiresAt: null, orderExpiresAt: iso(order.expiresAt) };
  }

  const answer = (p: { id: string; redirectUrl: string | null; expiresAt: Date | null }): PaymentSession => ({
    provider: method,
    status: "open",
    paymentId: p.id,
    redirectUrl: p.redirectUrl,
    expiresAt: iso(p.expiresAt),
    orderExpiresAt: iso(order.expiresAt),
  });
  const open = await db.payment.findFirst({ where: { orderId: order.id, status: "open" } });
  if (open && open.expiresAt && open.expiresAt.getTime() > now.getTime() + REUSE_MARGIN_MS) return answer(open);
  if (open) await db.payment.updateMany({ where: { id: open.id, status: "open" }, data: { status: "expired" } });

  // Concurrent requests count the same attempts, so they send the provider the same idempotency key and get
  // the same session back; one of them records it.
  const attempt = (await db.payment.count({ where: { orderId: order.id } })) + 1;
  const session = await provider.createSession({
    orderId: order.id,
    orderNumber: order.number,
    amount: order.total,
    currency: order.currency,
    successUrl: request.urls.success,
    cancelUrl: request.urls.cancel,
    expiresAt: order.expiresAt ?? new Date(now.getTime() + 24 * 3_600_000),
    idempotencyKey: `order-${order.id}-payment-${attempt}`,
  });
  try {
    const created = await db.payment.create({
      data: {
        orderId: order.id,
        provider: method,
        providerRef: session.ref,
        amount: order.total,
        currency: order.currency,
        redirectUrl: session.url,
        expiresAt: session.expiresAt,
      },
    });
    return answer(created);
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const winner = await db.payment.findFirst({ where: { orderId: order.id, status: "open" } });
    if (!winner) throw new DomainError("CONFLICT", "Another payment of this order is being opened, try again", { retryAfterSeconds: 1 });
    return answer(winner);
  }
}

export interface AppliedEvent extends WebhookReceipt {
  outcome: string;
  orderId?: string;
  /** A payment that arrived after its order was cancelled: the caller refunds it. */
  refundDue?: { paymentId: string; orderId: string; paymentRef: string; amount: number; currency: string };
}

/**
 * Records a verified event and applies it, in one transaction: the insert of (provider, event id) is the
 * exactly-once gate (a concurrent delivery of the same event waits on it and then finds it taken). Answered 2xx
 * only after this commits.
 */
export async function applyPaymentEvent(db: Db, provider: PaymentProviderName, event: ProviderEvent, now = new Date()): Promise<AppliedEvent> {
  return unlessBusy(() =>
    db.$transaction(async (tx) => {
      const eventRowId = randomUUID();
      const inserted = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO payment_events (id, provider, event_id, type, outcome, payload, received_at)
        VALUES (${eventRowId}::uuid, ${provider}, ${event.id}, ${event.type}, 'received', ${JSON.stringify(event.payload)}::jsonb, ${now})
        ON CONFLICT (provider, event_id) DO NOTHING
        RETURNING id`;
      if (inserted.length === 0) return { received: true as const, duplicate: true, outcome: "duplicate" };

      const result = await applyEffect(tx as unknown as Db, provider, event, now);
      await tx.paymentEvent.update({
        where: { id: eventRowId },
        data: { outcome: result.outcome.slice(0, 200), orderId: result.orderId ?? null, paymentId: result.paymentId ?? null },
      });
      return { received: true as const, duplicate: false, outcome: result.outcome, orderId: result.orderId, refundDue: result.refundDue };
    }),
  );
}

interface Effect {
  outcome: string;
  orderId?: string;
  paymentId?: string;
  refundDue?: AppliedEvent["refundDue"];
}

async function applyEffect(tx: Db, provider: PaymentProviderName, event: ProviderEvent, now: Date): Promise<Effect> {
  if (event.effect === "ignored" || !event.sessionRef) return { outcome: "ignored: not a payment outcome" };
  const [payment] = await tx.$queryRaw<{ id: string; order_id: string; status: string; amount: number; currency: string }[]>`
    SELECT id, order_id, status::text, amount, currency FROM payments
    WHERE provider = ${provider} AND provider_ref = ${event.sessionRef} FOR UPDATE`;
  if (!payment) return { outcome: "ignored: unknown session" };
  const ids = { orderId: payment.order_id, paymentId: payment.id };

  if (event.effect === "expired" || event.effect === "failed") {
    // Out of order (an expiry after the payment) changes nothing: only an open payment closes.
    const closed = await tx.payment.updateMany({ where: { id: payment.id, status: "open" }, data: { status: event.effect } });
    return { ...ids, outcome: closed.count === 1 ? `${event.effect}: the order stays payable until it expires` : `ignored: payment already ${payment.status}` };
  }

  // Paid: the amount and currency must be the order's.
  if (event.amount !== payment.amount || event.currency !== payment.currency) {
    return { ...ids, outcome: `rejected: paid ${event.amount} ${event.currency}, expected ${payment.amount} ${payment.currency}` };
  }
  if (payment.status === "paid") return { ...ids, outcome: "ignored: payment already paid" };
  await tx.payment.update({ where: { id: payment.id }, data: { status: "paid", paidAt: now, providerPaymentRef: event.paymentRef } });
  const moved = await transitionOrder(tx, { orderId: payment.order_id, to: "paid", from: ["pending"], now });
  if (moved) return { ...ids, outcome: "paid" };
  const order = await tx.order.findUnique({ where: { id: payment.order_id }, select: { status: true } });
  if (order?.status === "cancelled" && event.paymentRef) {
    return {
      ...ids,
      outcome: "paid after the order was cancelled: refunded in full",
      refundDue: { paymentId: payment.id, orderId: payment.order_id, paymentRef: event.paymentRef, amount: payment.amount, currency: payment.currency },
    };
  }
  return { ...ids, outcome: `paid; the order was already ${order?.status ?? "gone"}` };
}

/** not-yet: still pending and its time has not come (a timer or job that fired early, or a clock ahead). */
export type ExpiryOutcome = "expired" | "not-due" | "not-yet" | "paid-meanwhile";

/**
 * Cancels a pending order whose time to pay has passed, releasing its stock exactly once (a conditional
 * transition: of the job, the sweep and any retry, one applies). An open hosted session is closed at the provider
 * first; if the customer paid it in that instant, the order is left for the payment's webhook.
 */
export async function expireOrder(db: Db, providers: PaymentProviders, orderId: string, now = new Date()): Promise<ExpiryOutcome> {
  const pending = await db.order.findFirst({ where: { id: orderId, status: "pending", expiresAt: { not: null } }, select: { expiresAt: true } });
  if (!pending) return "not-due";
  if (pending.expiresAt! > now) return "not-yet";
  const open = await db.payment.findMany({ where: { orderId, status: "open" } });
  for (const payment of open) {
    const provider = providers[payment.provider as PaymentProviderName];
    if (provider?.closeSession && (await provider.closeSession(payment.providerRef)) === "already-paid") return "paid-meanwhile";
  }
  const changed = await transitionOrder(db, { orderId, to: "cancelled", from: ["pending"], now, expiredBy: now });
  await db.payment.updateMany({ where: { orderId, status: "open" }, data: { status: "expired" } });
  return changed ? "expired" : "not-due";
}

/** The sweep behind the per-order jobs: every pending order past its time, oldest first, at most `limit`. */
export async function expireDueOrders(
  db: Db,
  providers: PaymentProviders,
  { now = new Date(), limit = 200, onExpired = () => {} }: { now?: Date; limit?: number; onExpired?: (orderId: string) => void } = {},
): Promise<number> {
  const due = await db.order.findMany({
    where: { status: "pending", expiresAt: { lte: now } },
    select: { id: true },
    orderBy: { expiresAt: "asc" },
    take: limit,
  });
  let expired = 0;
  for (const { id } of due) {
    if ((await expireOrder(db, providers, id, now)) === "expired") {
      expired++;
      onExpired(id);
    }
  }
  return expired;
}

/** Gives back a payment that arrived for a cancelled order, once (the idempotency key is the payment's). */
export async function refundLatePayment(db: Db, providers: PaymentProviders, provider: PaymentProviderName, due: NonNullable<AppliedEvent["refundDue"]>): Promise<void> {
  const refunder = providers[provider]?.refund;
  if (!refunder) return;
  const { ref } = await refunder({ paymentRef: due.paymentRef, amount: due.amount, idempotencyKey: `late-payment-${due.paymentId}` });
  await db.$transaction(async (tx) => {
    const existing = await tx.refund.findFirst({ where: { paymentId: due.paymentId, providerRef: ref } });
    if (existing) return;
    await tx.refund.create({
      data: { orderId: due.orderId, paymentId: due.paymentId, amount: due.amount, currency: due.currency, provider, providerRef: ref, reason: "paid after the order was cancelled" },
    });
    await tx.order.update({ where: { id: due.orderId }, data: { refundedTotal: { increment: due.amount } } });
  });
}

/**
 * Gives back part or all of what an order's payment took, through the provider that took it; never more than
 * was paid. The amount is reserved first with a conditional UPDATE (two concurrent refunds cannot both pass the
 * limit), the provider is called with the refund's own id as idempotency key, and a failed call gives the
 * reservation back.
 */
export interface RefundRequest {
  orderId: string;
  amount?: number;
  reason?: string;
  adminId?: string;
  /** Runs in the transaction that writes the refund's row, after it (e.g. the audit entry of who gave it). */
  within?: (tx: Prisma.TransactionClient, refund: { id: string; amount: number; currency: string; orderRefundedTotal: number }) => Promise<void>;
}

export async function refundOrder(
  db: Db,
  providers: PaymentProviders,
  request: RefundRequest,
): Promise<Refund> {
  if (!UUID_PATTERN.test(request.orderId)) throw notFound();
  const order = await db.order.findUnique({ where: { id: request.orderId }, select: { id: true, currency: true, refundedTotal: true } });
  if (!order) throw notFound();
  const payment = await db.payment.findFirst({ where: { orderId: order.id, status: "paid" }, orderBy: { paidAt: "desc" } });
  if (!payment) throw new DomainError("CONFLICT", "This order has no payment to refund", { details: { paid: 0 } });
  const remaining = payment.amount - order.refundedTotal;
  const amount = request.amount ?? remaining;
  if (amount <= 0 || amount > remaining) {
    throw new DomainError("CONFLICT", `At most ${Math.max(0, remaining)} can still be refunded`, { details: { paid: payment.amount, refunded: order.refundedTotal } });
  }
  const reserved = await db.$executeRaw`
    UPDATE orders SET refunded_total = refunded_total + ${amount}, updated_at = now()
    WHERE id = ${order.id}::uuid AND refunded_total + ${amount} <= ${payment.amount}`;
  if (reserved !== 1) throw new DomainError("CONFLICT", "Another refund of this order just went through; look again", { retryAfterSeconds: 1 });
  const provider = providers[payment.provider as PaymentProviderName];
  const refundId = randomUUID();
  let ref: string;
  try {
    if (!provider?.refund) throw new DomainError("UNAVAILABLE", `Refunds through ${payment.provider} are not configured`, { retryAfterSeconds: 60 });
    ({ ref } = await provider.refund({ paymentRef: payment.providerPaymentRef ?? payment.providerRef, amount, idempotencyKey: `refund-${refundId}` }));
  } catch (error) {
    // Nothing was given back: neither is the reservation kept.
    await db.$executeRaw`UPDATE orders SET refunded_total = refunded_total - ${amount} WHERE id = ${order.id}::uuid`;
    throw error;
  }
  {
    // The refund's row, and whatever the caller records with it (the back office's audit entry), commit together.
    const { row, after } = await db.$transaction(async (tx) => {
      const row = await tx.refund.create({
        data: {
        id: refundId,
        orderId: order.id,
        paymentId: payment.id,
        amount,
        currency: payment.currency,
        provider: payment.provider,
        providerRef: ref,
        reason: request.reason || null,
        createdById: request.adminId ?? null,
        },
      });
      const after = await tx.order.findUniqueOrThrow({ where: { id: order.id }, select: { refundedTotal: true } });
      await request.within?.(tx, { id: row.id, amount, currency: row.currency, orderRefundedTotal: after.refundedTotal });
      return { row, after };
    });
    return {
      id: row.id,
      orderId: order.id,
      amount,
      currency: row.currency,
      provider: payment.provider as PaymentProviderName,
      reason: row.reason,
      createdAt: row.createdAt.toISOString(),
      orderRefundedTotal: after.refundedTotal,
    };
  }
}

/** An admin marked the order paid: a manual payment of its total is recorded once (unless a payment exists). */
export async function recordManualPayment(db: Db, orderId: string, now = new Date()): Promise<void> {
  const order = await db.order.findUnique({ where: { id: orderId }, select: { total: true, currency: true, status: true } });
  if (!order || order.status !== "paid") return;
  if (await db.payment.findFirst({ where: { orderId, status: "paid" }, select: { id: true } })) return;
  await db.$executeRaw`
    INSERT INTO payments (id, order_id, provider, provider_ref, status, amount, currency, created_at, updated_at, paid_at)
    VALUES (${randomUUID()}::uuid, ${orderId}::uuid, 'manual', ${`manual-${orderId}`}, 'paid', ${order.total}, ${order.currency}, ${now}, ${now}, ${now})
    ON CONFLICT (provider, provider_ref) DO NOTHING`;
}

/** The payment lifecycle as the API and the worker use it. */
export interface PaymentService {
  /** The methods offered at checkout, the default first. */
  readonly methods: readonly PaymentProviderName[];
  pay(request: { userId: string; orderId: string; urls: ReturnUrls }): Promise<PaymentSession>;
  /** A provider's webhook: verified on the raw body (400 when the signature fails), recorded, applied once. */
  receive(provider: PaymentProviderName, rawBody: string, signature: string | null): Promise<WebhookReceipt>;
  expire(orderId: string): Promise<ExpiryOutcome>;
  sweep(): Promise<number>;
  /** Admin: a partial or full refund (never above what was paid). */
  refund(request: RefundRequest): Promise<Refund>;
  /** Before an admin cancels a paid order: what is left of its payment goes back. */
  refundBeforeCancel(orderId: string, adminId?: string): Promise<void>;
  /** After an admin marked an order paid by hand. */
  recordManualPayment(orderId: string): Promise<void>;
}

export function createPaymentService({
  db,
  providers,
  methods,
  onStockReleased = () => {},
  notify = () => {},
  log = () => {},
}: {
  db: Db;
  providers: PaymentProviders;
  methods: readonly PaymentProviderName[];
  /** Expiry released stock (the catalogue cache clears). */
  onStockReleased?: () => void;
  /** A text to the customer (notifications/order-notification.ts). */
  notify?: (orderId: string, event: OrderEvent) => void;
  log?: (entry: Record<string, unknown>, message: string) => void;
}): PaymentService {
  return {
    methods,
    pay: (request) => startPayment(db, providers, request),
    async receive(name, rawBody, signature) {
      const provider = providers[name];
      if (!provider?.verifyWebhook) throw new DomainError("NOT_FOUND", `No ${name} webhook is configured here`);
      let event: ProviderEvent;
      try {
        event = provider.verifyWebhook(rawBody, signature);
      } catch (error) {
        log({ provider: name, reason: (error as Error).message }, "payment webhook refused: signature");
        throw new DomainError("VALIDATION", "Invalid webhook signature", { details: { header: "Stripe-Signature" } });
      }
      const applied = await applyPaymentEvent(db, name, event);
      log({ provider: name, eventId: event.id, type: event.type, outcome: applied.outcome }, "payment event");
      if (applied.outcome === "paid" && applied.orderId) notify(applied.orderId, "paid");
      if (applied.refundDue) {
        await refundLatePayment(db, providers, name, applied.refundDue).catch((error: unknown) =>
          log({ provider: name, eventId: event.id, err: (error as Error).message }, "refund of a late payment failed: refund it by hand"),
        );
      }
      return { received: true, duplicate: applied.duplicate };
    },
    async expire(orderId) {
      const outcome = await expireOrder(db, providers, orderId);
      if (outcome === "expired") {
        onStockReleased();
        notify(orderId, "cancelled");
      }
      return outcome;
    },
    async sweep() {
      const expired = await expireDueOrders(db, providers, { onExpired: (id) => notify(id, "cancelled") });
      if (expired > 0) onStockReleased();
      return expired;
    },
    async refund(request) {
      const refund = await refundOrder(db, providers, request);
      notify(refund.orderId, "refunded");
      return refund;
    },
    async refundBeforeCancel(orderId, adminId) {
      if (!UUID_PATTERN.test(orderId)) return;
      const order = await db.order.findUnique({ where: { id: orderId }, select: { status: true, refundedTotal: true } });
      if (order?.status !== "paid") return; // only paid -> cancelled moves money; other moves are refused later
      const paid = await db.payment.findFirst({ where: { orderId, status: "paid" }, select: { amount: true } });
      if (paid && paid.amount > order.refundedTotal) await refundOrder(db, providers, { orderId, reason: "order cancelled", adminId });
    },
    recordManualPayment: (orderId) => recordManualPayment(db, orderId),
  };
}
