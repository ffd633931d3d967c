/**
 * Card payments through Stripe Checkout Sessions (the hosted payment page: the shop's pages load no third-party
 * script). Every call carries an idempotency key; amounts are checked against Stripe's currency rules first.
 * `apiBase` points the official SDK at another host (tests use a local stub of Stripe's API).
 */
import Stripe from "stripe";
import { DomainError } from "../errors/domain-error";
import { stripeAmount } from "./currency";
import { WebhookSignatureError, type CloseOutcome, type PaymentProvider, type ProviderEvent, type ProviderSession } from "./provider";

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** e.g. http://127.0.0.1:12111 for a local stub; unset: api.stripe.com. */
  apiBase?: string;
  /** Per-call timeout (ms). */
  timeoutMs?: number;
}

// Stripe accepts a Checkout Session's expires_at between 30 minutes and 24 hours from its creation.
const MIN_SESSION_MS = 30 * 60_000 + 5_000;
const MAX_SESSION_MS = 24 * 3_600_000 - 60_000;

const EFFECTS: Record<string, ProviderEvent["effect"]> = {
  "checkout.session.completed": "paid", // only when payment_status is "paid" (see below)
  "checkout.session.async_payment_succeeded": "paid",
  "checkout.session.async_payment_failed": "failed",
  "checkout.session.expired": "expired",
};

function unavailable(error: unknown): DomainError {
  return new DomainError("UNAVAILABLE", "The card payment service did not answer, try again", { retryAfterSeconds: 5, cause: error });
}

export function createStripeProvider(settings: StripeSettings): PaymentProvider {
  const base = settings.apiBase ? new URL(settings.apiBase) : null;
  const stripe = new Stripe(settings.secretKey, {
    maxNetworkRetries: 2,
    timeout: settings.timeoutMs ?? 10_000,
    ...(base
      ? { host: base.hostname, port: base.port || (base.protocol === "https:" ? 443 : 80), protocol: base.protocol === "https:" ? "https" : "http" }
      : {}),
  });

  return {
    name: "stripe",

    async createSession(request): Promise<ProviderSession> {
      const amount = stripeAmount(request.amount, request.currency);
      const now = Date.now();
      const expires = Math.min(Math.max(request.expiresAt.getTime(), now + MIN_SESSION_MS), now + MAX_SESSION_MS);
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: "payment",
            client_reference_id: request.orderId,
            metadata: { orderId: request.orderId, orderNumber: request.orderNumber },
            line_items: [
              {
                quantity: 1,
                price_data: { currency: request.currency.toLowerCase(), unit_amount: amount, product_data: { name: `Order ${request.orderNumber}` } },
              },
            ],
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
            expires_at: Math.floor(expires / 1000),
          },
          { idempotencyKey: request.idempotencyKey },
        );
        if (!session.url) throw new Error(`Stripe returned session ${session.id} without a url`);
        return { ref: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw unavailable(error);
      }
    },

    async closeSession(ref): Promise<CloseOutcome> {
      try {
        await stripe.checkout.sessions.expire(ref, {}, { idempotencyKey: `expire:${ref}` });
        return "closed";
      } catch (error) {
        // Only an open session can be expired: look at what it is instead.
        const session = await stripe.checkout.sessions.retrieve(ref).catch((cause: unknown) => {
          throw unavailable(cause ?? error);
        });
        if (session.status === "complete" && session.payment_status !== "unpaid") return "already-paid";
        if (session.status === "expired") return "closed";
        throw unavailable(error);
      }
    },

    verifyWebhook(rawBody, signature): ProviderEvent {
      if (!signature) throw new WebhookSignatureError("Missing Stripe-Signature header");
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, settings.webhookSecret);
      } catch (error) {
        throw new WebhookSignatureError((error as Error).message);
      }
      const object = event.data.object as Partial<Stripe.Checkout.Session> & { object?: string };
      const isSession = object.object === "checkout.session";
      let effect = (isSession && EFFECTS[event.type]) || "ignored";
      // A completed session with a delayed method (bank debit) is paid only at async_payment_succeeded.
      if (event.type === "checkout.session.completed" && object.payment_status === "unpaid") effect = "ignored";
      const intent = object.payment_intent;
      return {
        id: event.id,
        type: event.type,
        effect,
        sessionRef: isSession ? (object.id ?? null) : null,
        paymentRef: typeof intent === "string" ? intent : (intent?.id ?? null),
        amount: typeof object.amount_total === "number" ? object.amount_total : null,
        currency: object.currency ? object.currency.toUpperCase() : null,
        payload: event,
      };
    },

    async refund({ paymentRef, amount, idempotencyKey }) {
      try {
        const refund = await stripe.refunds.create({ payment_intent: paymentRef, amount }, { idempotencyKey });
        return { ref: refund.id };
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}

/** Tests and local tools: the Stripe-Signature header Stripe would send for `payload`, from the SDK's own helper. */
export function stripeTestSignature(payload: string, secret: string): string {
  return new Stripe("sk_test_signature_only").webhooks.generateTestHeaderString({ payload, secret });
}
