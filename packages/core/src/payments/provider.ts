/**
 * What a payment provider does for the shop. A new provider is one module implementing this (see manual.ts and
 * stripe.ts) and one line in choosePaymentProviders.
 */
export const PAYMENT_PROVIDERS = ["manual", "stripe"] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

export interface SessionRequest {
  orderId: string;
  orderNumber: string;
  amount: number;
  currency: string;
  /** Where the hosted page sends the customer after paying / after giving up. */
  successUrl: string;
  cancelUrl: string;
  /** When the session should stop accepting payment (the provider may clamp it to its own bounds). */
  expiresAt: Date;
  /** The same key for a retry of the same attempt, so a retry never opens a second session. */
  idempotencyKey: string;
}

export interface ProviderSession {
  ref: string;
  url: string;
  expiresAt: Date;
}

/** A verified event, reduced to what the lifecycle needs. */
export interface ProviderEvent {
  id: string;
  /** The provider's own type, e.g. checkout.session.completed. */
  type: string;
  /** What it means for the payment it names (sessionRef): "ignored" for types the shop does not act on. */
  effect: "paid" | "failed" | "expired" | "ignored";
  sessionRef: string | null;
  /** The money movement's id once paid (Stripe: the PaymentIntent), which refunds name. */
  paymentRef: string | null;
  amount: number | null;
  currency: string | null;
  payload: unknown;
}

export interface RefundRequest {
  paymentRef: string;
  amount: number;
  idempotencyKey: string;
}

/** The outcome of asking the provider to close a session before the order expires. */
export type CloseOutcome = "closed" | "already-paid";

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** Opens a hosted payment session (providers with a payment page). */
  createSession?(request: SessionRequest): Promise<ProviderSession>;
  /** Closes an open session so it can no longer be paid; "already-paid" when the customer just paid it. */
  closeSession?(ref: string): Promise<CloseOutcome>;
  /** Verifies a webhook's signature over the raw body; throws WebhookSignatureError when it does not hold. */
  verifyWebhook?(rawBody: string, signature: string | null): ProviderEvent;
  /** Gives money back; returns the provider's refund id. */
  refund?(request: RefundRequest): Promise<{ ref: string }>;
}

export class WebhookSignatureError extends Error {
  override readonly name = "WebhookSignatureError";
}
