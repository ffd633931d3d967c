/** The in-process catalogue cache: hits within the TTL, cleared by the writes that change what it shows. */
import { afterAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "@shop/db/testing";
import { createTestDeps } from "./support";
import { restClient } from "./http";

const deps = createTestDeps({ catalogCacheTtlMs: 60_000 });
const api = restClient(deps);
afterAll(() => deps.close());

async function customer() {
  const user = await deps.db.user.create({ data: { phone: `+4474${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}` } });
  return (await deps.services.sessions.create({ id: user.id, role: "customer" })).accessToken;
}

describe("catalogue cache", () => {
  it("serves repeated reads from memory and refreshes after a checkout changes stock", async () => {
    const slug = `cache-${uniqueSuffix()}`;
    const product = await deps.db.product.create({ data: { slug, name: "Cached Kettle", price: 3_000, stock: 5 } });
    const first = await api.call("GET", `/shop/products/${slug}/`);
    expect(first.body.stock).toBe(5);
    // A change behind the API's back is not seen while the entry lives...
    await deps.db.product.update({ where: { id: product.id }, data: { name: "Renamed Kettle" } });
    expect((await api.call("GET", `/shop/products/${slug}/`)).body.name).toBe("Cached Kettle");
    // ...but an order through the API clears the cache, so the new stock (and name) show at once.
    const token = await customer();
    expect((await api.call("POST", "/shop/cart/", { token, body: { productId: product.id, quantity: 2 } })).status).toBe(200);
    const address = { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" };
    expect((await api.call("POST", "/shop/orders/", { token, body: { shippingAddress: address } })).status).toBe(201);
    const after = await api.call("GET", `/shop/products/${slug}/`);
    expect(after.body).toMatchObject({ stock: 3, name: "Renamed Kettle" });
  });

  it("a product created by an admin is listed immediately", async () => {
    const admin = await deps.db.user.create({ data: { phone: `+4474${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`, role: "admin" } });
    const token = (await deps.services.sessions.create({ id: admin.id, role: "admin" })).accessToken;
    const word = `zq${uniqueSuffix()}`;
    expect((await api.call("GET", `/shop/products/?q=${word}`)).body.items).toHaveLength(0);
    const created = await api.call("POST", "/shop/products/", { token, body: { name: `Lamp ${word}`, price: 1_000, stock: 1 } });
    expect(created.status).toBe(201);
    expect((await api.call("GET", `/shop/products/?q=${word}`)).body.items).toHaveLength(1);
  });

  it("a 404 is not cached", async () => {
    const slug = `late-${uniqueSuffix()}`;
    expect((await api.call("GET", `/shop/products/${slug}/`)).status).toBe(404);
    await deps.db.product.create({ data: { slug, name: "Late Arrival", price: 100, stock: 1 } });
    expect((await api.call("GET", `/shop/products/${slug}/`)).status).toBe(200);
  });
});
