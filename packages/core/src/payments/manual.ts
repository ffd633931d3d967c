/**
 * Pay on delivery or by bank transfer: no payment page, no webhook. An admin marks the order paid (PATCH
 * /shop/orders/{id}/status), which records a payment of the order's total; a refund is recorded as given back
 * by hand.
 */
import type { PaymentProvider } from "./provider";

export const manualProvider: PaymentProvider = {
  name: "manual",
  async refund({ idempotencyKey }) {
    return { ref: `manual:${idempotencyKey}` };
  },
};
