/** Fixtures of the order tests: signed-in users, products of their own and cart lines written straight to the db. */
import { cartLinesOf, uniqueSuffix } from "@shop/db/testing";
import type { ShippingAddress } from "@shop/core";
import { uniquePhone, type TestDeps } from "./support";

export const ADDRESS: ShippingAddress = {
  fullName: "Ada Lovelace",
  line1: "12 St James's Square",
  city: "London",
  postalCode: "SW1Y 4JH",
  country: "GB",
};

export interface TestUser {
  id: string;
  token: string;
}

/** A user row and a real session (the sign-in path) for it. */
export async function signedInUser(
  deps: TestDeps,
  options: { role?: "customer" | "admin" | "staff"; address?: ShippingAddress } = {},
): Promise<TestUser> {
  const role = options.role ?? "customer";
  const user = await deps.db.user.create({
    data: { phone: uniquePhone(), role, ...(options.address ? { shippingAddress: options.address } : {}) },
    select: { id: true },
  });
  const { accessToken } = await deps.services.sessions.create({ id: user.id, role });
  return { id: user.id, token: accessToken };
}

export interface TestProduct {
  id: string;
  slug: string;
  name: string;
  price: number;
}

export async function createProduct(deps: TestDeps, options: { stock: number; price?: number; name?: string }): Promise<TestProduct> {
  const suffix = uniqueSuffix();
  return deps.db.product.create({
    data: {
      slug: `orders-test-${suffix}`,
      name: options.name ?? `Order test product ${suffix}`,
      price: options.price ?? 1_250,
      currency: "USD",
      stock: options.stock,
    },
    select: { id: true, slug: true, name: true, price: true },
  });
}

/** Puts lines into the user's cart (creating the cart) directly, independent of the cart endpoints. */
export async function fillCart(deps: TestDeps, userId: string, lines: { productId: string; quantity: number }[]): Promise<void> {
  const cart = await deps.db.cart.upsert({ where: { userId }, create: { userId }, update: {}, select: { id: true } });
  await deps.db.cartItem.createMany({ data: await cartLinesOf(deps.db, cart.id, lines) });
}

export async function stockOf(deps: TestDeps, productId: string): Promise<number> {
  const row = await deps.db.product.findUniqueOrThrow({ where: { id: productId }, select: { stock: true } });
  return row.stock;
}

export async function cartLines(deps: TestDeps, userId: string): Promise<{ productId: string; quantity: number }[]> {
  return deps.db.cartItem.findMany({
    where: { cart: { userId } },
    select: { productId: true, quantity: true },
    orderBy: { productId: "asc" },
  });
}
