"use client";
import Link from "next/link";
import type { Cart } from "@shop/core";
import { useCart } from "./use-cart";

/** The header's cart link with the live item count: every cart change anywhere updates the shared query. */
export function CartLink({ initial }: { initial: Cart }) {
  const count = useCart(initial).itemCount;
  return <Link href="/cart">{count > 0 ? `Cart (${count})` : "Cart"}</Link>;
}
