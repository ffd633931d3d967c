/**
 * What the storefront says about an order's payment: the method's name, its payment status and the time left to
 * pay. Pure, so the server-rendered page and the live client parts say the same thing.
 */
import type { Order } from "@shop/core";
import { formatMoney } from "./format";

export type PaymentMethodName = Order["paymentMethod"];

export const PAYMENT_METHOD_LABELS: Record<PaymentMethodName, string> = {
  stripe: "Card (secure payment page)",
  manual: "Pay on delivery / bank transfer",
};

type PaymentFacts = Pick<Order, "status" | "paymentMethod" | "total" | "refundedTotal" | "currency" | "paidAt" | "cancelledAt" | "expiresAt">;

/** A cancelled order that nobody paid in time (the expiry cancels it at or after expiresAt; a customer, before). */
export function expiredUnpaid(order: PaymentFacts): boolean {
  return (
    order.status === "cancelled" &&
    !order.paidAt &&
    order.expiresAt !== null &&
    order.cancelledAt !== null &&
    Date.parse(order.cancelledAt) >= Date.parse(order.expiresAt)
  );
}

/** "Awaiting payment", "Paid", "Refunded $12.00", "Paid, $5.00 refunded", "Not paid (expired)". */
export function paymentStatusText(order: PaymentFacts): string {
  if (order.refundedTotal > 0) {
    const refunded = formatMoney(order.refundedTotal, order.currency);
    return order.refundedTotal >= order.total ? `Refunded ${refunded}` : `Paid, ${refunded} refunded`;
  }
  if (order.status === "pending") return "Awaiting payment";
  if (order.status === "cancelled") {
    if (order.paidAt) return "Paid";
    return expiredUnpaid(order) ? "Not paid (expired)" : "Not paid";
  }
  return "Paid";
}

/** Whether money was received for the order (and not all given back). */
export function isPaid(order: Pick<Order, "status">): boolean {
  return order.status === "paid" || order.status === "shipped" || order.status === "delivered";
}

/**
 * The time left, coarse enough to read at a glance: "29 min 05 s", "2 h 05 min", "3 d 4 h"; "0 s" once it is up.
 */
export function formatTimeLeft(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${two(m)} min`;
  if (m > 0) return `${m} min ${two(s)} s`;
  return `${s} s`;
}
