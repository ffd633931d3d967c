/** Data for the fault and shutdown tests: users with real sessions, products, prepared carts, plain HTTP calls. */
import { randomBytes, randomInt } from "node:crypto";
import { createSessionService, createTokenService } from "@shop/core";
import type { Db } from "@shop/db";
import { cartLinesOf } from "@shop/db/testing";

export const ADDRESS = { fullName: "Fault Tester", line1: "1 Test Street", city: "London", postalCode: "E1 6AN", country: "GB" };

/** The JWT settings the web server under test is started with, so tokens minted here are accepted there. */
export function jwtSettings() {
  return { JWT_SECRET: randomBytes(24).toString("hex"), JWT_ISSUER: "shop", JWT_AUDIENCE: "shop-api" };
}

export function uniquePhone(): string {
  return `+4474${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
}

/** A user row and a real session for it (the sign-in path's own code), with a default shipping address. */
export async function signedInUser(db: Db, jwt: ReturnType<typeof jwtSettings>): Promise<{ id: string; token: string }> {
  const tokens = createTokenService({ secrets: [jwt.JWT_SECRET], issuer: jwt.JWT_ISSUER, audience: jwt.JWT_AUDIENCE, accessTtlSeconds: 900 });
  const sessions = createSessionService({ db, tokens });
  const user = await db.user.create({ data: { phone: uniquePhone(), shippingAddress: ADDRESS }, select: { id: true } });
  const { accessToken } = await sessions.create({ id: user.id, role: "customer" });
  return { id: user.id, token: accessToken };
}

export async function createProduct(db: Db, stock: number) {
  const suffix = randomBytes(6).toString("hex");
  return db.product.create({
    data: { slug: `fault-test-${suffix}`, name: `Fault test product ${suffix}`, price: 1_500, currency: "USD", stock },
    select: { id: true, slug: true },
  });
}

export async function fillCart(db: Db, userId: string, lines: { productId: string; quantity: number }[]) {
  const cart = await db.cart.upsert({ where: { userId }, create: { userId }, update: {}, select: { id: true } });
  await db.cartItem.createMany({ data: await cartLinesOf(db, cart.id, lines) });
}

export const stockOf = async (db: Db, productId: string) =>
  (await db.product.findUniqueOrThrow({ where: { id: productId }, select: { stock: true } })).stock;

export const cartLines = (db: Db, userId: string) =>
  db.cartItem.findMany({ where: { cart: { userId } }, select: { productId: true, quantity: true }, orderBy: { productId: "asc" } });

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read whatever the API sent
  ms: number;
}

/** One REST call on a fresh connection (no keep-alive), so "refused after the signal" means a new connection. */
export async function call(base: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      connection: "close",
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, ms: Date.now() - started };
}
