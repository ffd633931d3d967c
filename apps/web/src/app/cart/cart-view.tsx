"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { Cart, CartLine } from "@shop/core";
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../lib/errors";
import { formatMoney } from "../../lib/format";
import { useTRPC } from "../../trpc/client";
import { NoImage } from "../../components/no-image";
import { useCart } from "../../components/use-cart";

function Availability({ line }: { line: CartLine }) {
  if (line.inStock) return null;
  const text =
    line.available <= 0
      ? "Out of stock: remove it to check out."
      : line.quantity > line.available
        ? `Only ${line.available} left: lower the quantity to check out.`
        : "No longer available: remove it to check out.";
  return <p className="flag">{text}</p>;
}

/** A line that just left the cart: where it was, to put focus on its neighbour, and its name, to say so. */
interface Removed {
  variantId: string;
  index: number;
  name: string;
}

function CartLineRow({ line, index, currency, onRemoved }: { line: CartLine; index: number; currency: string; onRemoved: (removed: Removed) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cartKey = trpc.cart.get.queryKey();
  // What the box shows while typing; after any answer it is what the cart holds.
  const [draft, setDraft] = useState(String(line.quantity));
  useEffect(() => setDraft(String(line.quantity)), [line.quantity]);
  const update = useMutation(
    trpc.cart.updateItem.mutationOptions({
      onSuccess: (cart, input) => {
        queryClient.setQueryData(cartKey, cart);
        if (input.quantity === 0) onRemoved({ variantId: line.variantId, index, name: line.name });
      },
      // Refused (the server says why): the box goes back to the quantity really in the cart, read afresh.
      onError: () => {
        setDraft(String(line.quantity));
        void queryClient.invalidateQueries({ queryKey: cartKey });
      },
    }),
  );
  const remove = useMutation(
    trpc.cart.removeItem.mutationOptions({
      onSuccess: async () => {
        onRemoved({ variantId: line.variantId, index, name: line.name });
        await queryClient.invalidateQueries({ queryKey: cartKey });
      },
    }),
  );
  const busy = update.isPending || remove.isPending;
  const error = update.error ?? remove.error;

  /** Sends a new quantity (0 removes the line, as the API's PATCH does); anything else typed just restores the box. */
  const setQuantity = (quantity: number) => {
    if (busy) return;
    if (!Number.isInteger(quantity) || quantity < 0) return setDraft(String(line.quantity));
    if (quantity === line.quantity) return setDraft(String(line.quantity));
    update.reset();
    update.mutate({ productId: line.variantId, quantity });
  };
  const commit = () => setQuantity(draft.trim() === "" ? Number.NaN : Number(draft));

  return (
    <li className="cart-line" aria-busy={busy} data-product-id={line.productId} data-variant-id={line.variantId}>
      {line.imageUrl ? <img src={line.imageUrl} alt="" width={72} height={72} /> : <NoImage />}
      <div className="cart-line-info">
        <Link href={`/products/${line.slug}`}>{line.name}</Link>
        {line.variantTitle && <span className="small">{line.variantTitle}</span>}
        <span className="muted small">{formatMoney(line.unitPrice, currency)} each</span>
        <Availability line={line} />
      </div>
      <div className="stepper">
        <button
          type="button"
          className="secondary"
          aria-label={`Decrease quantity of ${line.name}`}
          disabled={busy || line.quantity <= 1}
          onClick={() => setQuantity(line.quantity - 1)}
        >
          −
        </button>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={Math.max(1, line.maxQuantity)}
          step={1}
          value={draft}
          aria-label={`Quantity of ${line.name}`}
          aria-describedby={`limit-${line.variantId}`}
          disabled={busy}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            commit();
          }}
        />
        <button
          type="button"
          className="secondary"
          aria-label={`Increase quantity of ${line.name}`}
          disabled={busy || line.quantity >= line.maxQuantity}
          onClick={() => setQuantity(line.quantity + 1)}
        >
          +
        </button>
      </div>
      <strong className="line-total">{formatMoney(line.lineTotal, currency)}</strong>
      <button type="button" className="link" aria-label={`Remove ${line.name}`} disabled={busy} onClick={() => remove.mutate({ id: line.variantId })}>
        Remove
      </button>
      <span id={`limit-${line.variantId}`} className="visually-hidden">
        {line.maxQuantity > 0 ? `At most ${line.maxQuantity}; 0 removes it.` : "0 removes it."}
      </span>
      {error && (
        <p className="alert line-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </li>
  );
}

/** The cart at current prices and stock; every change answers with the new cart (header count included). */
export function CartView({ initial, signedIn }: { initial: Cart; signedIn: boolean }) {
  const cart = useCart(initial);
  const list = useRef<HTMLUListElement>(null);
  const empty = useRef<HTMLDivElement>(null);
  // After a line goes, focus moves to the line that took its place (or the one before, or the empty-cart note)
  // instead of falling to the page body: where it lands once the new cart has rendered.
  const [removed, setRemoved] = useState<Removed | null>(null);
  const focusAfter = useRef<Removed | null>(null);
  const onRemoved = (line: Removed) => {
    focusAfter.current = line;
    setRemoved(line);
  };
  useEffect(() => {
    const gone = focusAfter.current;
    if (!gone || cart.items.some((line) => line.variantId === gone.variantId)) return;
    focusAfter.current = null;
    if (cart.items.length === 0) {
      empty.current?.focus();
      return;
    }
    const rows = list.current?.querySelectorAll<HTMLLIElement>(".cart-line");
    rows?.[Math.min(gone.index, cart.items.length - 1)]?.querySelector<HTMLAnchorElement>(".cart-line-info a")?.focus();
  }, [cart.items]);
  const announcement = removed && !cart.items.some((line) => line.variantId === removed.variantId) ? `Removed ${removed.name} from your cart.` : "";

  if (cart.items.length === 0) {
    return (
      <div className="empty panel" ref={empty} tabIndex={-1}>
        {announcement && <p role="status">{announcement}</p>}
        <p>Your cart is empty.</p>
        <Link href="/">Browse the catalog</Link>
      </div>
    );
  }
  const blocked = cart.items.some((line) => !line.inStock);
  return (
    <div className="stack-wide">
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      <ul className="cart-lines" ref={list}>
        {cart.items.map((line, index) => (
          <CartLineRow key={line.variantId} line={line} index={index} currency={cart.currency} onRemoved={onRemoved} />
        ))}
      </ul>
      <div className="cart-summary panel">
        <p className="subtotal" aria-live="polite">
          <span>Subtotal</span> <strong>{formatMoney(cart.subtotal, cart.currency)}</strong>
          <span className="muted small">
            {" "}
            ({cart.itemCount} {cart.itemCount === 1 ? "item" : "items"})
          </span>
        </p>
        {blocked && (
          <p className="alert" role="alert">
            Some items are not available in the quantity in your cart. Adjust them before checking out.
          </p>
        )}
        {signedIn ? (
          <Link href="/checkout" className="button">
            Checkout
          </Link>
        ) : (
          <Link href={`/login?next=${encodeURIComponent("/checkout")}`} className="button">
            Sign in to check out
          </Link>
        )}
      </div>
    </div>
  );
}
