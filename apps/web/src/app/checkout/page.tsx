import type { Metadata } from "next";
import Link from "next/link";
import { countryOptions } from "@shop/core";
import { visitorCart } from "../../lib/cart";
import { requireUser } from "../../lib/session";
import { serverApi } from "../../trpc/server";
import { CheckoutForm } from "./checkout-form";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage() {
  const user = await requireUser("/checkout");
  const cart = await visitorCart();
  const { methods } = await (await serverApi()).payments.methods({});
  return (
    <main>
      <h1>Checkout</h1>
      {cart.items.length === 0 ? (
        <div className="empty panel">
          <p>Your cart is empty: there is nothing to check out.</p>
          <Link href="/">Browse the catalog</Link>
        </div>
      ) : (
        <CheckoutForm initialCart={cart} address={user.shippingAddress} name={user.name} countries={countryOptions()} methods={methods} />
      )}
    </main>
  );
}
