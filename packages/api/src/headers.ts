/**
 * Every header a REST operation reads or sets beyond the ones every operation has (those are added to the whole
 * document by openapi.ts: X-Request-Id both ways, Retry-After on 429/503, Cache-Control from the meta). Declared
 * here once, used in the procedures' `requestHeaders` / `responseHeaders`, so the document names them exactly
 * where the code reads and writes them.
 */
import { z } from "zod";

/** Read by the cart and by sign-in (verify, login), which merge the guest's cart into the account's. */
export const GuestCartRequestHeaders = z.object({
  "x-cart-token": z
    .string()
    .optional()
    .describe("Guests: the cart token from an earlier response (X-Cart-Token); signed-in callers need none"),
});

/** Set when a guest's cart was created or is being used. */
export const GuestCartResponseHeaders = z.object({
  "x-cart-token": z.string().optional().describe("Guests: the token of their cart; send it back on later cart calls"),
});

/** Read when a session is created: stored with it, so a user can tell their sign-ins apart. */
const UserAgent = z.string().optional().describe("Recorded with the new session");

/** Sign-in: the guest cart to merge, and the client's name for the session. */
export const SignInRequestHeaders = GuestCartRequestHeaders.extend({ "user-agent": UserAgent });

export const IdempotencyRequestHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe(
      "Makes a retry safe: the same key with the same body (within 24 h) replays the first response instead of " +
        "placing a second order. 1..255 printable ASCII characters, e.g. a UUID made once per checkout attempt.",
    ),
});

export const IdempotencyResponseHeaders = z.object({
  "idempotent-replayed": z.literal("true").optional().describe("Present when the response is a replay of an earlier request"),
});

/** Stripe's signature over the raw body of a webhook delivery, verified with STRIPE_WEBHOOK_SECRET. */
export const StripeWebhookRequestHeaders = z.object({
  "stripe-signature": z.string().optional().describe("t=<timestamp>,v1=<HMAC-SHA256 of the raw body>; a delivery without a valid one is a 400"),
});
