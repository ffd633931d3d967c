"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import type { Cart, CountryOption, SavedShippingAddress } from "@shop/core";
import { errorDetails, errorMessage, errorStatus } from "../../lib/errors";
import { formatMoney } from "../../lib/format";
import { PAYMENT_METHOD_LABELS, type PaymentMethodName } from "../../lib/payment-text";
import { useTRPC } from "../../trpc/client";
import { CountrySelect } from "../../components/country-select";
import { useCart } from "../../components/use-cart";

/** crypto.randomUUID needs a secure context; plain-http deployments still get a random v4 UUID. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface ShortLine {
  productId: string;
  requested: number;
  available: number;
}

/**
 * Whether the attempt is over, so the next click is a NEW attempt with a new key. The API keeps a 400 for the
 * key (the fixed form would be a different body: 422) and frees the key after a stock 409; a 422 means the body
 * changed. Everything else (no answer, 503, 409 "still running") may have placed the order or may still: the
 * retry must carry the same key, so that it replays instead of ordering twice.
 */
function isDefinitive(error: unknown): boolean {
  const status = errorStatus(error);
  if (status === 400 || status === 422) return true;
  return status === 409 && Array.isArray(errorDetails(error).lines);
}

function checkoutError(error: unknown, cart: Cart): string {
  const status = errorStatus(error);
  if (status === undefined) {
    return "The shop did not answer. Your order may or may not have been placed: press Place order again, it will not be placed twice.";
  }
  // An earlier attempt with other details may have gone through (its answer lost): say so before a new attempt.
  if (status === 422) return "This checkout was already sent with other details and may have been placed: check your orders before placing it again.";
  if (status === 409 && errorDetails(error).header) return "Your order is still being placed. Wait a moment, then press Place order again.";
  const lines = errorDetails(error).lines;
  if (status === 409 && Array.isArray(lines)) {
    const names = new Map(cart.items.map((line) => [line.productId, line.name]));
    const detail = (lines as ShortLine[]).map((l) => `${names.get(l.productId) ?? "An item"}: ${l.available} left, ${l.requested} in your cart`);
    return `${errorMessage(error)}. ${detail.join("; ")}. Adjust your cart and try again.`;
  }
  return errorMessage(error);
}

const METHOD_HINTS: Record<PaymentMethodName, string> = {
  stripe: "After placing the order you pay on a secure payment page, then come back here.",
  manual: "You pay when the order is delivered, or by bank transfer quoting the order number.",
};

export function CheckoutForm({
  initialCart,
  address,
  name,
  countries,
  methods,
}: {
  initialCart: Cart;
  address: SavedShippingAddress | null;
  name: string | null;
  countries: CountryOption[];
  /** The shop's payment methods, the default first. */
  methods: PaymentMethodName[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const cart = useCart(initialCart);
  // ONE key per checkout attempt: made on mount, replaced only after a definitive failure.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const submitting = useRef(false);
  const [method, setMethod] = useState<PaymentMethodName>(methods[0] ?? "manual");

  // A card order goes straight on to its payment page. The order is placed whatever happens here: when the page
  // cannot be opened, the order's page says so and offers Pay now.
  const pay = useMutation(
    trpc.payments.pay.mutationOptions({
      onSuccess: (session, { id }) => {
        if (session.redirectUrl) window.location.assign(session.redirectUrl);
        else router.push(`/orders/${id}`);
      },
      onError: (_error, { id }) => router.push(`/orders/${id}?payment=unavailable`),
    }),
  );

  const placeOrder = useMutation(
    trpc.orders.create.mutationOptions({
      trpc: { context: { idempotencyKey } },
      onSuccess: (order) => {
        void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
        if (order.paymentMethod === "stripe" && order.status === "pending") pay.mutate({ id: order.id });
        else router.push(`/orders/${order.id}`);
      },
      onError: (error) => {
        submitting.current = false;
        if (isDefinitive(error)) setIdempotencyKey(newIdempotencyKey());
      },
    }),
  );
  const locked = placeOrder.isPending || placeOrder.isSuccess;
  const paying = placeOrder.isSuccess && placeOrder.data.paymentMethod === "stripe" && !pay.isIdle;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A second click before React re-renders the disabled button must not send a second request.
    if (submitting.current || locked) return;
    submitting.current = true;
    const f = new FormData(event.currentTarget);
    const text = (key: string) => String(f.get(key) ?? "").trim();
    const optional = (key: string) => text(key) || undefined;
    placeOrder.mutate({
      shippingAddress: {
        fullName: optional("fullName"),
        line1: text("line1"),
        line2: optional("line2"),
        city: text("city"),
        region: optional("region"),
        postalCode: text("postalCode"),
        country: text("country"),
      },
      note: optional("note"),
      paymentMethod: method,
    });
  }

  const blocked = cart.items.some((line) => !line.inStock);
  return (
    <div className="checkout">
      <form className="stack panel" onSubmit={onSubmit} aria-label="Shipping and payment">
        <h2>Shipping address</h2>
        <label>
          <span>
            Full name <span className="muted">(optional)</span>
          </span>
          <input name="fullName" autoComplete="name" maxLength={120} defaultValue={address?.fullName ?? name ?? ""} />
        </label>
        <label>
          Address line 1
          <input name="line1" autoComplete="address-line1" required maxLength={200} defaultValue={address?.line1 ?? ""} />
        </label>
        <label>
          <span>
            Address line 2 <span className="muted">(optional)</span>
          </span>
          <input name="line2" autoComplete="address-line2" maxLength={200} defaultValue={address?.line2 ?? ""} />
        </label>
        <div className="row">
          <label className="grow">
            City
            <input name="city" autoComplete="address-level2" required maxLength={100} defaultValue={address?.city ?? ""} />
          </label>
          <label className="grow">
            <span>
              Region <span className="muted">(optional)</span>
            </span>
            <input name="region" autoComplete="address-level1" maxLength={100} defaultValue={address?.region ?? ""} />
          </label>
        </div>
        <div className="row">
          <label className="grow">
            Postal code
            <input name="postalCode" autoComplete="postal-code" required maxLength={20} defaultValue={address?.postalCode ?? ""} />
          </label>
          <CountrySelect countries={countries} defaultValue={address?.country} />
        </div>
        <label>
          <span>
            Note for the order <span className="muted">(optional)</span>
          </span>
          <textarea name="note" maxLength={500} rows={2} />
        </label>
        {methods.length > 1 ? (
          <fieldset className="payment-methods" aria-describedby="payment-hint">
            <legend>Payment</legend>
            {methods.map((m) => (
              <label key={m} className="choice">
                <input type="radio" name="paymentMethod" value={m} checked={method === m} onChange={() => setMethod(m)} disabled={locked} />
                {PAYMENT_METHOD_LABELS[m]}
              </label>
            ))}
            <p id="payment-hint" className="muted small">
              {METHOD_HINTS[method]}
            </p>
          </fieldset>
        ) : (
          <div className="payment-methods">
            <p>
              <strong>Payment:</strong> {PAYMENT_METHOD_LABELS[method]}
            </p>
            <p className="muted small">{METHOD_HINTS[method]}</p>
          </div>
        )}
        {placeOrder.error && (
          <p className="alert" role="alert">
            {checkoutError(placeOrder.error, cart)}
            {errorStatus(placeOrder.error) === 422 && (
              <>
                {" "}
                <Link href="/orders">Your orders</Link>
              </>
            )}
          </p>
        )}
        <button type="submit" disabled={locked}>
          {placeOrder.isPending ? "Placing order…" : paying ? "Opening the payment page…" : placeOrder.isSuccess ? "Order placed" : "Place order"}
        </button>
      </form>

      <section className="panel order-summary" aria-labelledby="summary-title">
        <h2 id="summary-title">Order summary</h2>
        <ul className="summary-lines">
          {cart.items.map((line) => (
            <li key={line.productId}>
              <span>
                {line.name} × {line.quantity}
                {!line.inStock && <span className="flag"> (only {line.available} left)</span>}
              </span>
              <span>{formatMoney(line.lineTotal, cart.currency)}</span>
            </li>
          ))}
        </ul>
        <p className="subtotal">
          <span>Subtotal</span> <strong>{formatMoney(cart.subtotal, cart.currency)}</strong>
        </p>
        <p className="muted small">Shipping is free.</p>
        {blocked && (
          <p className="alert">
            Some items are short of stock. <Link href="/cart">Adjust your cart</Link>
          </p>
        )}
        <Link href="/cart">Edit cart</Link>
      </section>
    </div>
  );
}
