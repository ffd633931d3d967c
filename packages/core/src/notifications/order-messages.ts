/** The wording of every text about an order, in one place. No message carries more than the order's number and sums. */
export const ORDER_EVENTS = ["placed", "paid", "shipped", "cancelled", "refunded"] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export interface OrderFacts {
  number: string;
  total: number;
  currency: string;
  refundedTotal: number;
  paymentMethod: string;
}

/** Minor units as a plain amount ("12.50 USD"; "1200 JPY" for currencies without decimals). */
export function formatAmount(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}

export function orderMessage(event: OrderEvent, order: OrderFacts): string {
  const total = formatAmount(order.total, order.currency);
  switch (event) {
    case "placed":
      return order.paymentMethod === "manual"
        ? `Shop: order ${order.number} is placed (${total}). Pay on delivery or by transfer; we will text you when it ships.`
        : `Shop: order ${order.number} is placed (${total}). Complete the card payment to confirm it.`;
    case "paid":
      return `Shop: payment of ${total} received for order ${order.number}. Thank you!`;
    case "shipped":
      return `Shop: order ${order.number} is on its way.`;
    case "cancelled":
      return order.refundedTotal > 0
        ? `Shop: order ${order.number} is cancelled and ${formatAmount(order.refundedTotal, order.currency)} refunded.`
        : `Shop: order ${order.number} is cancelled.`;
    case "refunded":
      return `Shop: ${formatAmount(order.refundedTotal, order.currency)} of order ${order.number} has been refunded.`;
  }
}
