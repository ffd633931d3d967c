import { z } from "zod";
import { PAYMENT_PROVIDERS } from "./provider";

const isoDate = z.string().describe("ISO 8601");

/** What POST /shop/orders/{id}/pay answers: where to send the customer, or that payment is by hand. */
export const PaymentSession = z
  .object({
    provider: z.enum(PAYMENT_PROVIDERS),
    status: z
      .enum(["open", "manual"])
      .describe("open: a hosted payment page awaits the customer at redirectUrl; manual: pay on delivery or by transfer"),
    paymentId: z.string().nullable(),
    redirectUrl: z.string().nullable().describe("The provider's hosted payment page; null for manual payment"),
    expiresAt: isoDate.nullable().describe("When this payment page stops accepting payment (a new one can be asked for)"),
    orderExpiresAt: isoDate.nullable().describe("When the unpaid order is cancelled and its stock released; null: never"),
  })
  .meta({ id: "PaymentSession" });
export type PaymentSession = z.infer<typeof PaymentSession>;

export const PayOrderInput = z.object({ id: z.string() }).strict();
export type PayOrderInput = z.infer<typeof PayOrderInput>;

/** The answer to a provider's webhook: received (and applied once), or a repeat of one already recorded. */
export const WebhookReceipt = z
  .object({
    received: z.literal(true),
    duplicate: z.boolean().describe("true when this event id was recorded before (nothing was applied again)"),
  })
  .meta({ id: "WebhookReceipt" });
export type WebhookReceipt = z.infer<typeof WebhookReceipt>;

export const PaymentMethods = z
  .object({ methods: z.array(z.enum(PAYMENT_PROVIDERS)).describe("Offered at checkout; the first is the default") })
  .meta({ id: "PaymentMethods" });
export type PaymentMethods = z.infer<typeof PaymentMethods>;

export const RefundOrderInput = z
  .object({
    id: z.string(),
    amount: z.int().min(1).max(2_147_483_647).optional().describe("Minor units; default: everything paid and not yet refunded"),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type RefundOrderInput = z.infer<typeof RefundOrderInput>;

export const Refund = z
  .object({
    id: z.string(),
    orderId: z.string(),
    amount: z.int().min(1).describe("Minor units"),
    currency: z.string(),
    provider: z.enum(PAYMENT_PROVIDERS),
    reason: z.string().nullable(),
    createdAt: isoDate,
    orderRefundedTotal: z.int().min(0).describe("The order's refunds so far, this one included"),
  })
  .meta({ id: "Refund" });
export type Refund = z.infer<typeof Refund>;
