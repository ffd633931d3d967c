/**
 * One limit rule and one message per situation (issue 12, item 16). The product page offered 1..42 (the stock)
 * while the cart said "at most 50" (the cap), and setting a quantity answered with the adding message ("42
 * available, 3 already in your cart"). Now every line's limit is min(stock, per-line cap), sent as maxQuantity,
 * and each refusal carries the sentence to show, the same over REST and tRPC.
 */
import { afterAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "@shop/db/testing";
import { createInnerContext } from "../src/context";
import { createCaller } from "../src/root";
import { restClient, type RestClient } from "./http";
import { signedInUser } from "./orders-fixtures";
import { createTestDeps, type TestDeps } from "./support";

const CAP = 50;
const deps = createTestDeps({ config: { cartLineCap: CAP } });
const small = createTestDeps({ config: { cartLineCap: 5 } });
afterAll(() => Promise.all([deps.close(), small.close()]));

async function product(on: TestDeps, stock: number) {
  const slug = `cart-msg-${uniqueSuffix()}`;
  return on.db.product.create({ data: { slug, name: `Cart message ${slug}`, price: 1_000, currency: "USD", stock }, select: { id: true } });
}

async function shopper(on: TestDeps) {
  const user = await signedInUser(on);
  const api: RestClient = restClient(on);
  const trpc = createCaller(createInnerContext(on, { headers: new Headers({ authorization: `Bearer ${user.token}` }) }));
  const add = (productId: string, quantity: number) => api.call("POST", "/shop/cart", { token: user.token, body: { productId, quantity } });
  const set = (productId: string, quantity: number) => api.call("PATCH", `/shop/cart/items/${productId}`, { token: user.token, body: { quantity } });
  const cart = () => api.call("GET", "/shop/cart", { token: user.token });
  return { trpc, add, set, cart };
}

describe("when the stock is the limit (42 in stock, cap 50)", () => {
  it("sends maxQuantity 42 and says so for every refused change; the line keeps its quantity", async () => {
    const p = await product(deps, 42);
    const me = await shopper(deps);
    expect((await me.add(p.id, 3)).status).toBe(200);
    expect((await me.cart()).body.items[0]).toMatchObject({ quantity: 3, available: 42, maxQuantity: 42 });

    const setOver = await me.set(p.id, 45);
    expect(setOver.status).toBe(409);
    expect(setOver.body.message).toBe("Only 42 in stock: choose 42 or fewer");
    expect(setOver.body.details).toEqual({ productId: p.id, variantId: expect.any(String), available: 42, inCart: 3 });

    // Over the cap in the request itself stays a 400, but names the line's real limit, not the cap.
    const setWay = await me.set(p.id, 999);
    expect(setWay.status).toBe(400);
    expect(setWay.body.message).toBe("Only 42 in stock: choose 42 or fewer");

    const addOver = await me.add(p.id, 40);
    expect(addOver.status).toBe(409);
    expect(addOver.body.message).toBe("Only 42 in stock, and your cart already holds 3: add 39 or fewer");
    expect(addOver.body.details).toEqual({ productId: p.id, variantId: expect.any(String), available: 42, inCart: 3 });

    await expect(me.trpc.cart.updateItem({ productId: p.id, quantity: 45 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Only 42 in stock: choose 42 or fewer",
    });
    await expect(me.trpc.cart.addItem({ productId: p.id, quantity: 40 })).rejects.toMatchObject({
      message: "Only 42 in stock, and your cart already holds 3: add 39 or fewer",
    });
    expect((await me.cart()).body.items[0].quantity).toBe(3);

    // The limit itself is accepted, then nothing more can be added.
    expect((await me.add(p.id, 39)).body.items[0].quantity).toBe(42);
    expect((await me.add(p.id, 1)).body.message).toBe("Only 42 in stock, and your cart already holds 42: you cannot add more");
  });

  it("says an inactive or sold-out product must be removed, and 0 removes the line", async () => {
    const p = await product(deps, 2);
    const me = await shopper(deps);
    await me.add(p.id, 2);
    await deps.db.product.update({ where: { id: p.id }, data: { stock: 0 } });
    expect((await me.cart()).body.items[0]).toMatchObject({ quantity: 2, available: 0, maxQuantity: 0, inStock: false });
    const set = await me.set(p.id, 1);
    expect(set.status).toBe(409);
    expect(set.body.message).toBe("This product is out of stock: remove it from your cart");
    const removed = await me.set(p.id, 0);
    expect(removed.status).toBe(200);
    expect(removed.body.items).toEqual([]);
  });
});

describe("when the per-line cap is the limit (100 in stock, cap 5)", () => {
  it("sends maxQuantity 5 and names the cap", async () => {
    const p = await product(small, 100);
    const me = await shopper(small);
    await me.add(p.id, 3);
    expect((await me.cart()).body.items[0]).toMatchObject({ quantity: 3, maxQuantity: 5 });
    const addOver = await me.add(p.id, 3);
    expect(addOver.status).toBe(409);
    expect(addOver.body.message).toBe("At most 5 of one product per cart, and your cart already holds 3: add 2 or fewer");
    expect(addOver.body.details).toEqual({ productId: p.id, variantId: expect.any(String), maxQuantity: 5, inCart: 3 });
    const setOver = await me.set(p.id, 6);
    expect(setOver.status).toBe(400);
    expect(setOver.body.message).toBe("At most 5 of one product per cart: choose 5 or fewer");
    expect((await me.cart()).body.items[0].quantity).toBe(3);
  });
});
