"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import type { Cart } from "@shop/core";
import { useTRPC } from "../trpc/client";

/**
 * The header's cart link with the live item count. Every cart view shares the cart.get query, so adding or
 * changing a line anywhere updates it without a reload.
 */
export function CartLink({ initial }: { initial: Cart }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery({ ...trpc.cart.get.queryOptions(), initialData: initial });
  // A new `initial` means the server rendered the header again (sign-in, sign-out, router.refresh): it wins.
  useEffect(() => {
    queryClient.setQueryData(trpc.cart.get.queryKey(), initial);
  }, [initial, queryClient, trpc]);
  const count = data.itemCount;
  return <Link href="/cart">{count > 0 ? `Cart (${count})` : "Cart"}</Link>;
}
