import type { Metadata } from "next";
import { visitorCart } from "../../lib/cart";
import { currentUser } from "../../lib/session";
import { CartView } from "./cart-view";

export const metadata: Metadata = { title: "Cart" };

export default async function CartPage() {
  const [user, cart] = await Promise.all([currentUser(), visitorCart()]);
  return (
    <main>
      <h1>Your cart</h1>
      <CartView initial={cart} signedIn={Boolean(user)} />
    </main>
  );
}
