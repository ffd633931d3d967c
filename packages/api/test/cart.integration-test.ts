/**
 * The cart through the REST handler against real Postgres: owners (user / guest token), limits, current prices,
 * isolation and the guest -> user merge on sign-in. Each test makes its own products and users. Concurrent adds and
 * merges: cart-concurrency.integration-test.ts.
 */
import { createHash, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "@shop/core";
import { uniqueSuffix } from "@shop/db/testing";
import { createTestDeps, uniquePhone, type TestDeps } from "./support";
import { restClient } from "./http";
import { customer as customerOf, depsPool, guestCart, quantities } from "./cart-fixtures";
import { latestCode } from "./otp";

const deps = createTestDeps({ otp: { resendCooldownSeconds: 0, maxSendsPerIpPerHour: 1_000 } });
const api = restClient(deps);
const { withConfig, closeAll } = depsPool(deps);
afterAll(closeAll);

const EMPTY = { items: [], subtotal: 0, currency: "USD", itemCount: 0, cartToken: null };
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

async function product(options: { stock?: number; price?: number; currency?: string; isActive?: boolean; image?: string } = {}) {
  const slug = `cart-${uniqueSuffix()}`;
  return deps.db.product.create({
    data: {
      slug,
      name: `Cart test ${slug}`,
      price: options.price ?? 1_250,
      currency: options.currency ?? "USD",
      stock: options.stock ?? 10,
      isActive: options.isActive ?? true,
      ...(options.image
        ? { images: { create: [{ url: "https://img.test/second.jpg", position: 1 }, { url: options.image, position: 0 }] } }
        : {}),
    },
    select: { id: true, slug: true, name: true, price: true },
  });
}

const customer = (on: TestDeps = deps) => customerOf(on);

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

describe("GET /shop/cart", () => {
  it("is an empty USD cart for a new user and for a guest without a token", async () => {
    const user = await customer();
    const mine = await api.call("GET", "/shop/cart", { token: user.token });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body).toEqual(EMPTY);
    expect(mine.headers.get("cache-control")).toBe("no-store");
    const guest = await api.call("GET", "/shop/cart/");
    expect(guest.status).toBe(200);
    expect(guest.body).toEqual(EMPTY);
    expect(guest.headers.get("x-cart-token")).toBeNull();
    // Reading never creates a cart.
    expect(await deps.db.cart.count({ where: { userId: user.id } })).toBe(0);
  });

  it("answers 401 for a bad Bearer token instead of silently treating the caller as a guest", async () => {
    const res = await api.call("GET", "/shop/cart", { token: "not-a-jwt" });
    expect(res.status).toBe(401);
  });
});

describe("guest carts", () => {
  it("first add creates the cart and returns its token in X-Cart-Token and cartToken; the token reads it back", async () => {
    const p = await product({ price: 999, stock: 7, image: "https://img.test/first.jpg" });
    const res = await api.call("POST", "/shop/cart", { body: { productId: p.id, quantity: 2 } });
    expect(res.status, res.text).toBe(200);
    const token = res.headers.get("x-cart-token");
    expect(token).toMatch(TOKEN);
    expect(res.body).toEqual({
      items: [
        {
          productId: p.id,
          variantId: expect.any(String),
          sku: p.slug,
          slug: p.slug,
          name: p.name,
          variantTitle: "",
          options: [],
          imageUrl: "https://img.test/first.jpg",
          unitPrice: 999,
          quantity: 2,
          lineTotal: 1_998,
          available: 7,
          inStock: true,
          maxQuantity: 7,
        },
      ],
      subtotal: 1_998,
      currency: "USD",
      itemCount: 2,
      cartToken: token,
    });
    // Only the hash is stored.
    const row = await deps.db.cart.findUnique({ where: { tokenHash: sha256(token!) }, select: { userId: true } });
    expect(row).toEqual({ userId: null });

    const again = await api.call("POST", "/shop/cart", { body: { productId: p.id, quantity: 1 }, headers: { "x-cart-token": token! } });
    expect(again.status).toBe(200);
    expect(again.body.cartToken).toBe(token);
    const read = await api.call("GET", "/shop/cart", { headers: { "x-cart-token": token! } });
    expect(read.body).toMatchObject({ itemCount: 3, cartToken: token, items: [{ productId: p.id, quantity: 3 }] });
  });

  it("treats a garbage or unknown token as an empty cart on GET and as a new cart on POST", async () => {
    for (const garbage of ["garbage", "x".repeat(43), "%%%", "a".repeat(5_000)]) {
      const res = await api.call("GET", "/shop/cart", { headers: { "x-cart-token": garbage } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(EMPTY);
    }
    const p = await product();
    const res = await api.call("POST", "/shop/cart", { body: { productId: p.id, quantity: 1 }, headers: { "x-cart-token": "x".repeat(43) } });
    expect(res.status).toBe(200);
    expect(res.body.cartToken).toMatch(TOKEN);
    expect(res.body.cartToken).not.toBe("x".repeat(43));
    expect(res.body.items).toHaveLength(1);
  });

  it("does not leave a cart behind when a guest's first add fails", async () => {
    const before = await deps.db.cart.count({ where: { userId: null } });
    const res = await api.call("POST", "/shop/cart", { body: { productId: randomUUID(), quantity: 1 } });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-cart-token")).toBeNull();
    expect(await deps.db.cart.count({ where: { userId: null } })).toBeLessThanOrEqual(before);
  });
});

describe("changing the cart", () => {
  it("adds, sums, sets, removes with PATCH 0, deletes with 204 then 404; lines keep their order", async () => {
    const user = await customer();
    const a = await product({ price: 500, stock: 20 });
    const b = await product({ price: 300, stock: 20 });
    const auth = { token: user.token };
    expect((await api.call("POST", "/shop/cart", { ...auth, body: { productId: a.id, quantity: 2 } })).status).toBe(200);
    const summed = await api.call("POST", "/shop/cart", { ...auth, body: { productId: a.id, quantity: 3 } });
    expect(summed.body).toMatchObject({ items: [{ productId: a.id, quantity: 5, lineTotal: 2_500 }], subtotal: 2_500, itemCount: 5 });
    expect(summed.body.cartToken).toBeNull();
    expect(summed.headers.get("x-cart-token")).toBeNull();

    const two = await api.call("POST", "/shop/cart", { ...auth, body: { productId: b.id, quantity: 1 } });
    expect(two.body.items.map((l: { productId: string }) => l.productId)).toEqual([a.id, b.id]);
    expect(two.body).toMatchObject({ subtotal: 2_800, itemCount: 6 });

    const set = await api.call("PATCH", `/shop/cart/items/${a.id}`, { ...auth, body: { quantity: 1 } });
    expect(set.status, set.text).toBe(200);
    expect(quantities(set.body)).toEqual({ [a.id]: 1, [b.id]: 1 });
    // Setting a quantity keeps the line where it was.
    expect(set.body.items[0].productId).toBe(a.id);

    const removed = await api.call("PATCH", `/shop/cart/items/${a.id}`, { ...auth, body: { quantity: 0 } });
    expect(quantities(removed.body)).toEqual({ [b.id]: 1 });
    expect((await api.call("PATCH", `/shop/cart/items/${a.id}`, { ...auth, body: { quantity: 2 } })).status).toBe(404);
    expect((await api.call("PATCH", `/shop/cart/items/${a.id}`, { ...auth, body: { quantity: 0 } })).status).toBe(404);

    const del = await api.call("DELETE", `/shop/cart/remove/${b.id}`, auth);
    expect(del.status, del.text).toBe(204);
    expect(del.text).toBe("");
    expect((await api.call("DELETE", `/shop/cart/remove/${b.id}/`, auth)).status).toBe(404);
    expect((await api.call("GET", "/shop/cart", auth)).body).toEqual(EMPTY);
  });

  it("404s unknown and inactive products, 400s malformed ids and quantities", async () => {
    const user = await customer();
    const inactive = await product({ isActive: false });
    const unknown = await api.call("POST", "/shop/cart", { token: user.token, body: { productId: randomUUID(), quantity: 1 } });
    expect(unknown.status).toBe(404);
    expect((await api.call("POST", "/shop/cart", { token: user.token, body: { productId: inactive.id, quantity: 1 } })).status).toBe(404);
    for (const body of [{ productId: "nope", quantity: 1 }, { productId: inactive.id, quantity: 0 }, { productId: inactive.id, quantity: 1.5 }]) {
      expect((await api.call("POST", "/shop/cart", { token: user.token, body })).status).toBe(400);
    }
    expect((await api.call("DELETE", "/shop/cart/remove/nope", { token: user.token })).status).toBe(400);
    expect((await api.call("GET", "/shop/cart", { token: user.token })).body.items).toEqual([]);
  });

  it("refuses more than the stock with 409 and the available quantity, leaving the line as it was", async () => {
    const user = await customer();
    const p = await product({ stock: 3 });
    expect((await api.call("POST", "/shop/cart", { token: user.token, body: { productId: p.id, quantity: 2 } })).status).toBe(200);
    const over = await api.call("POST", "/shop/cart", { token: user.token, body: { productId: p.id, quantity: 2 } });
    expect(over.status).toBe(409);
    expect(over.body.details).toEqual({ productId: p.id, variantId: expect.any(String), available: 3, inCart: 2 });
    const patch = await api.call("PATCH", `/shop/cart/items/${p.id}`, { token: user.token, body: { quantity: 4 } });
    expect(patch.status).toBe(409);
    expect(patch.body.details).toEqual({ productId: p.id, variantId: expect.any(String), available: 3, inCart: 2 });
    expect(quantities((await api.call("GET", "/shop/cart", { token: user.token })).body)).toEqual({ [p.id]: 2 });
    expect((await api.call("PATCH", `/shop/cart/items/${p.id}`, { token: user.token, body: { quantity: 3 } })).status).toBe(200);
  });

  it("enforces the per-line cap: 409 when the sum would pass it, 400 when one request asks for more", async () => {
    const small = withConfig({ config: { cartLineCap: 5 } });
    const user = await customer(small.deps);
    const p = await product({ stock: 100 });
    const call = (quantity: number) => small.api.call("POST", "/shop/cart", { token: user.token, body: { productId: p.id, quantity } });
    expect((await call(3)).status).toBe(200);
    const over = await call(3);
    expect(over.status).toBe(409);
    expect(over.body.details).toEqual({ productId: p.id, variantId: expect.any(String), maxQuantity: 5, inCart: 3 });
    const tooMany = await call(6);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details).toEqual({ maxQuantity: 5 });
    const patch = await small.api.call("PATCH", `/shop/cart/items/${p.id}`, { token: user.token, body: { quantity: 6 } });
    expect(patch.status).toBe(400);
    expect((await call(2)).body.items[0].quantity).toBe(5);
  });

  it("refuses a product in another currency than the cart's lines with 409", async () => {
    const user = await customer();
    const usd = await product({ currency: "USD" });
    const eur = await product({ currency: "EUR" });
    expect((await api.call("POST", "/shop/cart", { token: user.token, body: { productId: usd.id, quantity: 1 } })).status).toBe(200);
    const res = await api.call("POST", "/shop/cart", { token: user.token, body: { productId: eur.id, quantity: 1 } });
    expect(res.status).toBe(409);
    expect(res.body.details).toMatchObject({ productId: eur.id, currency: "EUR", cartCurrency: "USD" });
    // Once the cart is empty again, the other currency is fine and the cart takes it.
    await api.call("DELETE", `/shop/cart/remove/${usd.id}`, { token: user.token });
    const eurCart = await api.call("POST", "/shop/cart", { token: user.token, body: { productId: eur.id, quantity: 1 } });
    expect(eurCart.status).toBe(200);
    expect(eurCart.body.currency).toBe("EUR");
  });

  it("limits the number of distinct products in a cart", async () => {
    const small = withConfig({ config: { cartMaxLines: 2 } });
    const user = await customer(small.deps);
    const [a, b, c] = await Promise.all([product(), product(), product()]);
    const add = (id: string) => small.api.call("POST", "/shop/cart", { token: user.token, body: { productId: id, quantity: 1 } });
    expect((await add(a!.id)).status).toBe(200);
    expect((await add(b!.id)).status).toBe(200);
    const third = await add(c!.id);
    expect(third.status).toBe(409);
    expect(third.body.details).toMatchObject({ maxLines: 2 });
    expect((await add(a!.id)).status).toBe(200);
  });
});

describe("prices and stock are read now", () => {
  it("shows the current price, stock and availability after the product changes", async () => {
    const user = await customer();
    const p = await product({ price: 1_000, stock: 10 });
    await api.call("POST", "/shop/cart", { token: user.token, body: { productId: p.id, quantity: 4 } });
    await deps.db.product.update({ where: { id: p.id }, data: { price: 1_500 } });
    const repriced = await api.call("GET", "/shop/cart", { token: user.token });
    expect(repriced.body).toMatchObject({ items: [{ unitPrice: 1_500, lineTotal: 6_000, inStock: true }], subtotal: 6_000 });

    await deps.db.product.update({ where: { id: p.id }, data: { stock: 3 } });
    const short = await api.call("GET", "/shop/cart", { token: user.token });
    expect(short.body.items[0]).toMatchObject({ quantity: 4, available: 3, inStock: false });

    await deps.db.product.update({ where: { id: p.id }, data: { stock: 10, isActive: false } });
    const gone = await api.call("GET", "/shop/cart", { token: user.token });
    expect(gone.body.items[0]).toMatchObject({ available: 10, inStock: false });
    // An inactive product cannot be added to, but its line can still be removed.
    expect((await api.call("POST", "/shop/cart", { token: user.token, body: { productId: p.id, quantity: 1 } })).status).toBe(404);
    expect((await api.call("PATCH", `/shop/cart/items/${p.id}`, { token: user.token, body: { quantity: 0 } })).status).toBe(200);
  });
});

describe("isolation", () => {
  it("user B neither sees nor changes user A's cart", async () => {
    const [a, b] = await Promise.all([customer(), customer()]);
    const p = await product();
    await api.call("POST", "/shop/cart", { token: a.token, body: { productId: p.id, quantity: 2 } });
    expect((await api.call("GET", "/shop/cart", { token: b.token })).body).toEqual(EMPTY);
    expect((await api.call("PATCH", `/shop/cart/items/${p.id}`, { token: b.token, body: { quantity: 9 } })).status).toBe(404);
    expect((await api.call("PATCH", `/shop/cart/items/${p.id}`, { token: b.token, body: { quantity: 0 } })).status).toBe(404);
    expect((await api.call("DELETE", `/shop/cart/remove/${p.id}`, { token: b.token })).status).toBe(404);
    // B adding the same product makes B's own line.
    await api.call("POST", "/shop/cart", { token: b.token, body: { productId: p.id, quantity: 1 } });
    expect(quantities((await api.call("GET", "/shop/cart", { token: a.token })).body)).toEqual({ [p.id]: 2 });
    expect(quantities((await api.call("GET", "/shop/cart", { token: b.token })).body)).toEqual({ [p.id]: 1 });
  });

  it("a guest token never reaches a user's cart, and a signed-in caller's token header is ignored", async () => {
    const user = await customer();
    const [mine, theirs] = await Promise.all([product(), product()]);
    await api.call("POST", "/shop/cart", { token: user.token, body: { productId: mine.id, quantity: 1 } });
    const guest = await api.call("POST", "/shop/cart", { body: { productId: theirs.id, quantity: 1 } });
    const guestToken = guest.body.cartToken as string;
    const headers = { "x-cart-token": guestToken };

    // Signed in with the guest's header: still the user's own cart, and the guest cart is untouched.
    const signedIn = await api.call("POST", "/shop/cart", { token: user.token, headers, body: { productId: theirs.id, quantity: 2 } });
    expect(quantities(signedIn.body)).toEqual({ [mine.id]: 1, [theirs.id]: 2 });
    expect(signedIn.body.cartToken).toBeNull();
    expect((await api.call("DELETE", `/shop/cart/remove/${theirs.id}`, { token: user.token, headers })).status).toBe(204);
    expect(quantities((await api.call("GET", "/shop/cart", { headers })).body)).toEqual({ [theirs.id]: 1 });

    // The guest cannot touch the user's line.
    expect((await api.call("PATCH", `/shop/cart/items/${mine.id}`, { headers, body: { quantity: 5 } })).status).toBe(404);
    expect((await api.call("DELETE", `/shop/cart/remove/${mine.id}`, { headers })).status).toBe(404);
    expect(quantities((await api.call("GET", "/shop/cart", { token: user.token })).body)).toEqual({ [mine.id]: 1 });
  });
});

describe("mass assignment", () => {
  it("refuses price, userId and cartId fields with 400 and changes nothing", async () => {
    const user = await customer();
    const other = await customer();
    const p = await product({ price: 2_000 });
    const otherCart = await deps.db.cart.create({ data: { userId: other.id }, select: { id: true } });
    for (const extra of [{ price: 1 }, { unitPrice: 1 }, { userId: other.id }, { cartId: otherCart.id }]) {
      const res = await api.call("POST", "/shop/cart", { token: user.token, body: { productId: p.id, quantity: 1, ...extra } });
      expect(res.status, JSON.stringify(extra)).toBe(400);
    }
    expect((await api.call("GET", "/shop/cart", { token: user.token })).body).toEqual(EMPTY);
    expect(await deps.db.cartItem.count({ where: { cartId: otherCart.id } })).toBe(0);

    await api.call("POST", "/shop/cart", { token: user.token, body: { productId: p.id, quantity: 1 } });
    const patch = await api.call("PATCH", `/shop/cart/items/${p.id}`, { token: user.token, body: { quantity: 2, price: 1 } });
    expect(patch.status).toBe(400);
    expect((await api.call("GET", "/shop/cart", { token: user.token })).body).toMatchObject({
      items: [{ quantity: 1, unitPrice: 2_000 }],
      subtotal: 2_000,
    });
  });
});

describe("merge on sign-in", () => {
  const password = "correct horse battery";


  it("POST /auth/login with X-Cart-Token sums quantities capped at stock, drops gone lines and deletes the guest cart", async () => {
    const phone = uniquePhone();
    const user = await deps.db.user.create({ data: { phone, passwordHash: await hashPassword(password) }, select: { id: true } });
    const { accessToken } = await deps.services.sessions.create({ id: user.id, role: "customer" });
    const overlap = await product({ stock: 5 });
    const fresh = await product({ stock: 10 });
    const retired = await product({ stock: 10 });
    await api.call("POST", "/shop/cart", { token: accessToken, body: { productId: overlap.id, quantity: 3 } });
    const token = await guestCart(api, [
      { productId: overlap.id, quantity: 4 },
      { productId: fresh.id, quantity: 2 },
      { productId: retired.id, quantity: 1 },
    ]);
    await deps.db.product.update({ where: { id: retired.id }, data: { isActive: false } });

    const login = await api.call("POST", "/auth/login", { body: { phone, password }, headers: { "x-cart-token": token } });
    expect(login.status, login.text).toBe(200);
    const cart = await api.call("GET", "/shop/cart", { token: login.body.accessToken });
    expect(quantities(cart.body)).toEqual({ [overlap.id]: 5, [fresh.id]: 2 });
    expect(cart.body.items.map((l: { productId: string }) => l.productId)).toEqual([overlap.id, fresh.id]);
    expect(await deps.db.cart.findUnique({ where: { tokenHash: sha256(token) }, select: { id: true } })).toBeNull();
    expect((await api.call("GET", "/shop/cart", { headers: { "x-cart-token": token } })).body).toEqual(EMPTY);

    // Signing in again with the dead token changes nothing and still works.
    const again = await api.call("POST", "/auth/login", { body: { phone, password }, headers: { "x-cart-token": token } });
    expect(again.status).toBe(200);
    expect(quantities((await api.call("GET", "/shop/cart", { token: accessToken })).body)).toEqual({ [overlap.id]: 5, [fresh.id]: 2 });
  });

  it("POST /auth/verify (new account) adopts the guest cart too", async () => {
    const p = await product({ stock: 10 });
    const token = await guestCart(api, [{ productId: p.id, quantity: 2 }]);
    const phone = uniquePhone();
    expect((await api.call("POST", "/auth/register", { body: { phone } })).status).toBe(202);
    const code = await latestCode(deps.queue, phone);
    const res = await api.call("POST", "/auth/verify", { body: { phone, code }, headers: { "x-cart-token": token } });
    expect(res.status, res.text).toBe(200);
    const cart = await api.call("GET", "/shop/cart", { token: res.body.accessToken });
    expect(quantities(cart.body)).toEqual({ [p.id]: 2 });
  });

  it("a garbage cart token does not get in the way of signing in", async () => {
    const phone = uniquePhone();
    await deps.db.user.create({ data: { phone, passwordHash: await hashPassword(password) } });
    const res = await api.call("POST", "/auth/login", { body: { phone, password }, headers: { "x-cart-token": "garbage" } });
    expect(res.status).toBe(200);
  });
});
