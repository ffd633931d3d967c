"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { Cart } from "@shop/core";
import { useTRPC } from "../trpc/client";

/**
 * The visitor's cart, shared by the header, the cart page and checkout (one cart.get query), seeded with what
 * the server rendered. A new server render (navigation, sign-in, sign-out, router.refresh) is the newest truth.
 */
export function useCart(initial: Cart): Cart {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery({ ...trpc.cart.get.queryOptions(), initialData: initial });
  useEffect(() => {
    queryClient.setQueryData(trpc.cart.get.queryKey(), initial);
  }, [initial, queryClient, trpc]);
  return data;
}
