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
