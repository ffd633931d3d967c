/**
 * Countries in addresses (issue 12, item 13): "United Kingdom" typed into a two-letter box became "UN" and the order
 * was accepted. The server now takes only ISO 3166-1 alpha-2 codes, over REST and tRPC alike, in the profile and at
 * checkout; addresses stored before that (with such a code) still read back.
 */
import { afterAll, describe, expect, it } from "vitest";
import { COUNTRY_CODES, countryName, countryOptions } from "@shop/core";
import { createInnerContext } from "../src/context";
import { createCaller } from "../src/root";
import { restClient } from "./http";
import { ADDRESS, createProduct, fillCart, signedInUser, stockOf } from "./orders-fixtures";
import { createTestDeps } from "./support";

const deps = createTestDeps();
const api = restClient(deps);
afterAll(() => deps.close());

const caller = (token: string) => createCaller(createInnerContext(deps, { headers: new Headers({ authorization: `Bearer ${token}` }) }));
const withCountry = (country: string) => ({ ...ADDRESS, country });

describe("the country list", () => {
  it("is ISO 3166-1 alpha-2 with common English names for the picker", () => {
    expect(COUNTRY_CODES).toContain("GB");
    expect(COUNTRY_CODES).toContain("UZ");
    for (const notACountry of ["UN", "EN", "UK", "EU", "ZZ"]) expect(COUNTRY_CODES).not.toContain(notACountry);
    const options = countryOptions();
    expect(options.length).toBe(COUNTRY_CODES.length);
    expect(options).toContainEqual({ code: "GB", name: "United Kingdom" });
    expect(options).toContainEqual({ code: "CN", name: "China" });
    const names = options.map((o) => o.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
    // Intl alone would call "UN" "United Nations": only listed codes get a name.
    expect(countryName("UN")).toBeUndefined();
    expect(countryName("DE")).toBe("Germany");
  });
});

describe("PATCH /user/profile and user.updateProfile", () => {
  it("refuse a shipping address whose country is not a country, and keep the one that is", async () => {
    const user = await signedInUser(deps);
    for (const country of ["UN", "EN", "gb", "XX"]) {
      const res = await api.call("PATCH", "/user/profile", { token: user.token, body: { shippingAddress: withCountry(country) } });
      expect(res.status, `${country}: ${res.text}`).toBe(400);
      expect(res.body.issues).toEqual([expect.objectContaining({ path: "shippingAddress.country", message: expect.stringContaining("ISO 3166-1") })]);
    }
    await expect(caller(user.token).user.updateProfile({ shippingAddress: withCountry("UN") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await api.call("GET", "/user/profile", { token: user.token })).body.shippingAddress).toBeNull();

    const ok = await api.call("PATCH", "/user/profile", { token: user.token, body: { shippingAddress: withCountry("GB") } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.shippingAddress.country).toBe("GB");
    expect((await caller(user.token).user.updateProfile({ shippingAddress: withCountry("UZ") })).shippingAddress?.country).toBe("UZ");
  });
});

describe("POST /shop/orders and orders.create", () => {
  it("refuse to ship to a country that does not exist: 400, no order, stock untouched", async () => {
    const user = await signedInUser(deps);
    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);

    const res = await api.call("POST", "/shop/orders", { token: user.token, body: { shippingAddress: withCountry("UN") } });
    expect(res.status, res.text).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ path: "shippingAddress.country" })]);
    await expect(caller(user.token).orders.create({ shippingAddress: withCountry("UN") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await deps.db.order.count({ where: { userId: user.id } })).toBe(0);
    expect(await stockOf(deps, product.id)).toBe(5);

    const placed = await api.call("POST", "/shop/orders", { token: user.token, body: { shippingAddress: withCountry("GB") } });
    expect(placed.status, placed.text).toBe(201);
    expect(placed.body.shippingAddress.country).toBe("GB");
  });
});

describe("addresses stored before the list was enforced", () => {
  it("still read back on the profile and on the order instead of failing the answer", async () => {
    const user = await signedInUser(deps, { address: withCountry("UN") });
    const profile = await api.call("GET", "/user/profile", { token: user.token });
    expect(profile.status, profile.text).toBe(200);
    expect(profile.body.shippingAddress).toMatchObject({ line1: ADDRESS.line1, country: "UN" });

    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);
    const placed = await api.call("POST", "/shop/orders", { token: user.token, body: { shippingAddress: ADDRESS } });
    expect(placed.status, placed.text).toBe(201);
    await deps.db.order.update({ where: { id: placed.body.id }, data: { shippingAddress: withCountry("UN") } });
    const order = await api.call("GET", `/shop/orders/${placed.body.id}`, { token: user.token });
    expect(order.status, order.text).toBe(200);
    expect(order.body.shippingAddress.country).toBe("UN");
    expect((await caller(user.token).orders.byId({ id: placed.body.id })).shippingAddress.country).toBe("UN");
  });

  it("is not used as a default at checkout: the customer must give a real country", async () => {
    const user = await signedInUser(deps, { address: withCountry("UN") });
    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, user.id, [{ productId: product.id, quantity: 1 }]);
    const res = await api.call("POST", "/shop/orders", { token: user.token, body: {} });
    expect(res.status, res.text).toBe(400);
    expect(await deps.db.order.count({ where: { userId: user.id } })).toBe(0);
  });
});
