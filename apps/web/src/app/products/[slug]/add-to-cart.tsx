"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { Cart } from "@shop/core";
import { errorMessage } from "../../../lib/errors";
import { useTRPC } from "../../../trpc/client";
import { useCart } from "../../../components/use-cart";

/**
 * Quantity and "Add to cart". It offers exactly what the server would accept: the line's limit (the lower of
 * stock and the per-line cap, `lineLimit` in @shop/core) minus what the cart already holds, kept live from the
 * shared cart query. A refusal (stock sold meanwhile) shows the server's own sentence.
 */
export function AddToCart({
  productId,
  variantId,
  name,
  limit,
  initialCart,
}: {
  productId: string;
  /** The chosen variant of a product with options; without, the product's one variant is added by productId. */
  variantId?: string;
  name: string;
  limit: number;
  initialCart: Cart;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cart = useCart(initialCart);
  const line = cart.items.find((l) => (variantId ? l.variantId === variantId : l.productId === productId));
  const inCart = line?.quantity ?? 0;
  const room = Math.max(0, (line ? line.maxQuantity : limit) - inCart);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | null>(null);
  const add = useMutation(
    trpc.cart.addItem.mutationOptions({
      // The answer is the whole cart: the header's count updates from it without another request.
      onSuccess: (next, input) => {
        queryClient.setQueryData(trpc.cart.get.queryKey(), next);
        setAdded(input.quantity);
        setQuantity(1);
      },
      onMutate: () => setAdded(null),
      // The cart (or the stock) moved under us: read it again so the choice below is right.
      onError: () => void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() }),
    }),
  );
  const chosen = Math.min(quantity, Math.max(1, room));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    add.mutate(variantId ? { variantId, quantity: chosen } : { productId, quantity: chosen });
  }

  const status = (
    <div role="status">
      {added !== null && !add.error && (
        <p className="notice">
          Added {added} to your cart. <Link href="/cart">View cart</Link>
        </p>
      )}
    </div>
  );
  if (room === 0) {
    return (
      <div className="add-to-cart">
        <p className="notice">
          Your cart holds {inCart}, the most you can order of this product. <Link href="/cart">View cart</Link>
        </p>
        {status}
      </div>
    );
  }
  return (
    <form className="add-to-cart" onSubmit={onSubmit} aria-label={`Add ${name} to the cart`}>
      <div className="row">
        <label>
          Quantity
          <select value={chosen} onChange={(e) => setQuantity(Number(e.target.value))}>
            {Array.from({ length: room }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      {inCart > 0 && (
        <p className="muted small">
          {inCart} already in your cart; you can add up to {room} more.
        </p>
      )}
      {add.error && (
        <p className="alert" role="alert">
          {errorMessage(add.error)}
        </p>
      )}
      {status}
    </form>
  );
}
