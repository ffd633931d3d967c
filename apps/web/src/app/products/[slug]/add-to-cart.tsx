"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { stockErrorMessage } from "../../../lib/errors";
import { useTRPC } from "../../../trpc/client";

export function AddToCart({ productId, name, maxQuantity }: { productId: string; name: string; maxQuantity: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | null>(null);
  const add = useMutation(
    trpc.cart.addItem.mutationOptions({
      // The answer is the whole cart: the header's count updates from it without another request.
      onSuccess: (cart, input) => {
        queryClient.setQueryData(trpc.cart.get.queryKey(), cart);
        setAdded(input.quantity);
      },
      onMutate: () => setAdded(null),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    add.mutate({ productId, quantity });
  }

  return (
    <form className="add-to-cart" onSubmit={onSubmit} aria-label={`Add ${name} to the cart`}>
      <div className="row">
        <label>
          Quantity
          <select value={quantity} onChange={(e) => setQuantity(Number(e.target.value))}>
            {Array.from({ length: maxQuantity }, (_, i) => i + 1).map((n) => (
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
      {add.error && (
        <p className="alert" role="alert">
          {stockErrorMessage(add.error)}
        </p>
      )}
      <div role="status">
        {added !== null && !add.error && (
          <p className="notice">
            Added {added} to your cart. <Link href="/cart">View cart</Link>
          </p>
        )}
      </div>
    </form>
  );
}
