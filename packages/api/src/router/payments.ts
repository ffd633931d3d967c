import { PaymentMethods, PaymentSession, PayOrderInput, WebhookReceipt } from "@shop/core";
import { z } from "zod";
import { StripeWebhookRequestHeaders } from "../headers";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

/** The Stripe event as posted; only its signature over the raw bytes makes it believable. */
const StripeEvent = z
  .looseObject({ id: z.string().max(255), type: z.string().max(100), object: z.literal("event") })
  .describe("A Stripe event (https://docs.stripe.com/api/events/object)");

export const paymentsRouter = createTRPCRouter({
  methods: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/shop/payment-methods",
        tags: ["payments"],
        summary: "The payment methods offered at checkout",
        protect: false,
        description: "manual (pay on delivery or by bank transfer) unless the shop configured others; the first is the default.",
      },
    })
    .input(z.object({}).strict())
    .output(PaymentMethods)
    .query(({ ctx }) => ({ methods: [...ctx.services.payments.methods] })),

  pay: protectedProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/shop/orders/{id}/pay",
        tags: ["payments", "orders"],
        summary: "Pay one of the caller's pending orders",
        description:
          "For a card order: the hosted payment page to send the customer to (redirectUrl). The same page while it " +
          "is valid, a new one after it expired or failed. For a manual order: status manual and no page. 409 when " +
          "the order is no longer pending or expired unpaid (its stock is released then).",
        protect: true,
        errorResponses: {
          401: "Missing or invalid access token",
          404: "No such order of yours",
          409: "The order is not pending, expired, or its amount cannot be charged in its currency",
          503: "The payment provider did not answer (Retry-After)",
        },
      },
    })
    .input(PayOrderInput)
    .output(PaymentSession)
    .mutation(({ ctx, input }) => {
      const origin = ctx.config.publicOrigin ?? ctx.req.url.origin;
      const page = `${origin}/orders/${encodeURIComponent(input.id)}`;
      return ctx.services.payments.pay({
        userId: ctx.user.id,
        orderId: input.id,
        urls: { success: `${page}?payment=done`, cancel: `${page}?payment=cancelled` },
      });
    }),

  stripeWebhook: publicProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/payments/stripe/webhook",
        tags: ["payments"],
        summary: "Stripe's webhook (Checkout Session events)",
        protect: false,
        description:
          "Verified with Stripe-Signature over the raw body, recorded, then answered 200: each event id applies once " +
          "(a repeat answers duplicate: true and changes nothing). checkout.session.completed (paid) and " +
          "async_payment_succeeded mark the order paid when amount and currency match; expired and failed sessions " +
          "leave it payable until it expires. A payment arriving after the order was cancelled is refunded.",
        requestHeaders: StripeWebhookRequestHeaders,
        errorResponses: {
          400: "Missing or invalid Stripe-Signature, or not a Stripe event",
          404: "Stripe is not configured on this shop",
          503: "Busy: Stripe retries",
        },
      },
    })
    .input(StripeEvent)
    .output(WebhookReceipt)
    .mutation(({ ctx }) => ctx.services.payments.receive("stripe", ctx.req.rawBody ?? "", ctx.req.headers.get("stripe-signature"))),
});
