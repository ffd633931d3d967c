import "server-only";
import { cache } from "react";
import { TRPCError } from "@trpc/server";
import type { Cart } from "@shop/core";
import { serverApi } from "../trpc/server";

const EMPTY_CART: Cart = { items: [], subtotal: 0, currency: "USD", itemCount: 0, cartToken: null };

/**
 * The visitor's cart for server rendering. A stale access cookie (revoked session) makes cart.get a 401 while
 * session.me just says "signed out": the page then renders as for a guest instead of failing.
 */
// Once per request: the header and the page both ask.
export const visitorCart = cache(async (): Promise<Cart> => {
  const api = await serverApi();
  try {
    return await api.cart.get();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return EMPTY_CART;
    throw error;
  }
});
