"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { Cart, CartLine } from "@shop/core";
import { stockErrorMessage } from "../../lib/errors";
import { formatMoney } from "../../lib/format";
import { useTRPC } from "../../trpc/client";
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

function CartLineRow({ line, currency, lineCap }: { line: CartLine; currency: string; lineCap: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cartKey = trpc.cart.get.queryKey();
  const update = useMutation(trpc.cart.updateItem.mutationOptions({ onSuccess: (cart) => queryClient.setQueryData(cartKey, cart) }));
  const remove = useMutation(trpc.cart.removeItem.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: cartKey }) }));
  const busy = update.isPending || remove.isPending;
  const error = update.error ?? remove.error;
  const max = Math.max(1, Math.min(lineCap, Math.max(line.available, line.quantity)));

  const setQuantity = (quantity: number) => {
    if (Number.isInteger(quantity) && quantity >= 1 && quantity !== line.quantity) update.mutate({ productId: line.productId, quantity });
  };

  return (
    <li className="cart-line" aria-busy={busy}>
      {line.imageUrl ? <img src={line.imageUrl} alt="" width={72} height={72} /> : <span className="no-image" aria-hidden="true" />}
      <div className="cart-line-info">
        <Link href={`/products/${line.slug}`}>{line.name}</Link>
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
          key={line.quantity}
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          defaultValue={line.quantity}
          aria-label={`Quantity of ${line.name}`}
          disabled={busy}
          onBlur={(e) => setQuantity(e.currentTarget.valueAsNumber)}
          onKeyDown={(e) => e.key === "Enter" && setQuantity(e.currentTarget.valueAsNumber)}
        />
        <button
          type="button"
          className="secondary"
          aria-label={`Increase quantity of ${line.name}`}
          disabled={busy || line.quantity >= max}
          onClick={() => setQuantity(line.quantity + 1)}
        >
          +
        </button>
      </div>
      <strong className="line-total">{formatMoney(line.lineTotal, currency)}</strong>
      <button type="button" className="link" aria-label={`Remove ${line.name}`} disabled={busy} onClick={() => remove.mutate({ id: line.productId })}>
        Remove
      </button>
      {error && (
        <p className="alert line-error" role="alert">
          {stockErrorMessage(error)}
        </p>
      )}
    </li>
  );
}

/** The cart at current prices and stock; every change answers with the new cart (header count included). */
export function CartView({ initial, signedIn, lineCap }: { initial: Cart; signedIn: boolean; lineCap: number }) {
  const cart = useCart(initial);

  if (cart.items.length === 0) {
    return (
      <div className="empty panel">
        <p>Your cart is empty.</p>
        <Link href="/">Browse the catalog</Link>
      </div>
    );
  }
  const blocked = cart.items.some((line) => !line.inStock);
  return (
    <div className="stack-wide">
      <ul className="cart-lines">
        {cart.items.map((line) => (
          <CartLineRow key={line.productId} line={line} currency={cart.currency} lineCap={lineCap} />
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
