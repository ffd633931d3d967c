/**
 * The cart under concurrency, through the REST handler: concurrent adds to one line lose no update and respect the
 * line cap exactly, and two sign-ins with one guest cart merge it once. Runs against real Postgres and again
 * against the embedded Postgres (project api:embedded).
 */
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "@shop/core";
import { uniqueSuffix } from "@shop/db/testing";
import { createTestDeps, uniquePhone } from "./support";
import { restClient } from "./http";
import { customer, depsPool, guestCart, quantities } from "./cart-fixtures";

const deps = createTestDeps();
const api = restClient(deps);
const { withConfig, closeAll } = depsPool(deps);
afterAll(closeAll);

async function product(options: { stock: number }) {
  const slug = `cart-race-${uniqueSuffix()}`;
  return deps.db.product.create({
    data: { slug, name: `Cart race ${slug}`, price: 1_250, currency: "USD", stock: options.stock },
    select: { id: true },
  });
}



describe("concurrency", () => {
  it("100 concurrent adds of 1 to the same line end at exactly 100", async () => {
    const big = withConfig({ config: { cartLineCap: 1_000 } });
    const user = await customer(big.deps);
    const p = await product({ stock: 1_000 });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => big.api.call("POST", "/shop/cart", { token: user.token, body: { productId: p.id, quantity: 1 } })),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const cart = await big.api.call("GET", "/shop/cart", { token: user.token });
    expect(quantities(cart.body)).toEqual({ [p.id]: 100 });
    expect(await deps.db.cart.count({ where: { userId: user.id } })).toBe(1);
  });

  it("with a cap of 60, exactly 60 of 100 concurrent adds succeed and 40 get 409", async () => {
    const capped = withConfig({ config: { cartLineCap: 60 } });
    const user = await customer(capped.deps);
    const p = await product({ stock: 1_000 });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => capped.api.call("POST", "/shop/cart", { token: user.token, body: { productId: p.id, quantity: 1 } })),
    );
    const count = (status: number) => results.filter((r) => r.status === status).length;
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(count(200)).toBe(60);
    expect(count(409)).toBe(40);
    const cart = await capped.api.call("GET", "/shop/cart", { token: user.token });
    expect(quantities(cart.body)).toEqual({ [p.id]: 60 });
  });
});

describe("merge on sign-in", () => {
  const password = "correct horse battery";


  it("merges exactly once when two sign-ins present the same guest token at the same time", async () => {
    const phone = uniquePhone();
    const user = await deps.db.user.create({ data: { phone, passwordHash: await hashPassword(password) }, select: { id: true } });
    const p = await product({ stock: 50 });
    const token = await guestCart(api, [{ productId: p.id, quantity: 3 }]);
    const headers = { "x-cart-token": token };
    const [x, y] = await Promise.all([
      api.call("POST", "/auth/login", { body: { phone, password }, headers }),
      api.call("POST", "/auth/login", { body: { phone, password }, headers }),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    const lines = await deps.db.cartItem.findMany({ where: { cart: { userId: user.id } }, select: { quantity: true } });
    expect(lines).toEqual([{ quantity: 3 }]);
  });
});
