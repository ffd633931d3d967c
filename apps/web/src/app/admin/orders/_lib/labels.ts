/**
 * What the back office calls an order's states, and the tone of their badges. Pure (server and client alike).
 * The colours are decoration: the words carry the state.
 */
import type { Tone } from "../../_components/status-badge";

export const ORDER_STATUS_VALUES = ["pending", "paid", "shipped", "delivered", "cancelled"] as const;
export type AdminOrderStatus = (typeof ORDER_STATUS_VALUES)[number];

export const ORDER_STATUS_LABEL: Record<AdminOrderStatus, string> = {
  pending: "Pending",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

export const ORDER_STATUS_TONE: Record<AdminOrderStatus, Tone> = {
  pending: "warn",
  paid: "info",
  shipped: "info",
  delivered: "ok",
  cancelled: "neutral",
};

export const PAYMENT_STATUS_VALUES = ["unpaid", "paid", "partially_refunded", "refunded"] as const;
export type AdminPaymentStatus = (typeof PAYMENT_STATUS_VALUES)[number];

export const PAYMENT_STATUS_LABEL: Record<AdminPaymentStatus, string> = {
  unpaid: "Unpaid",
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
};

export const PAYMENT_STATUS_TONE: Record<AdminPaymentStatus, Tone> = {
  unpaid: "warn",
  paid: "ok",
  partially_refunded: "info",
  refunded: "neutral",
};

export const PAYMENT_METHOD_VALUES = ["stripe", "manual"] as const;
export const PAYMENT_METHOD_LABEL: Record<string, string> = {
  stripe: "Card",
  manual: "On delivery / transfer",
};

/** The button that moves an order to a status, and what the page says once it has. */
export const TRANSITION_LABEL: Record<AdminOrderStatus, { button: string; done: string }> = {
  pending: { button: "Mark pending", done: "The order is pending again." },
  paid: { button: "Mark paid", done: "The order is marked paid." },
  shipped: { button: "Mark shipped", done: "The order is marked shipped." },
  delivered: { button: "Mark delivered", done: "The order is marked delivered." },
  cancelled: { button: "Cancel order", done: "The order is cancelled." },
};

export function isOrderStatus(value: string): value is AdminOrderStatus {
  return (ORDER_STATUS_VALUES as readonly string[]).includes(value);
}

/** A status of another kind (a customer's order list answers plain strings): its label, or the word capitalised. */
export function orderStatusLabel(status: string): string {
  return isOrderStatus(status) ? ORDER_STATUS_LABEL[status] : status.charAt(0).toUpperCase() + status.slice(1);
}

export function orderStatusTone(status: string): Tone {
  return isOrderStatus(status) ? ORDER_STATUS_TONE[status] : "neutral";
}
