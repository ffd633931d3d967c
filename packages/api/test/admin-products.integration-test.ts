/**
 * The back office's products through the real REST handler against real Postgres: the list (filters, sort, search,
 * pages), the detail, edits with their validation, options and variants, archive and restore, stock adjustments
 * and their history, and who may do what. Every product is named with a word of this file's own, and the lists
 * search for it, so other files' products never show up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "@shop/db/testing";
import { restClient } from "./http";
import { createTestDeps } from "./support";
import { ADDRESS, signedInUser, type TestUser } from "./orders-fixtures";
import { createCategory, createTee, uniqueWord } from "./admin-products-fixtures";

const deps = createTestDeps();
const api = restClient(deps);
afterAll(() => deps.close());

let admin: TestUser;
let staff: TestUser;
let customer: TestUser;
beforeAll(async () => {
  [admin, staff, customer] = await Promise.all([
    signedInUser(deps, { role: "admin" }),
    signedInUser(deps, { role: "staff" }),
    signedInUser(deps, { role: "customer", address: ADDRESS }),
  ]);
});

/** One line of a variant in the user's cart. */
async function fillCartWith(userId: string, productId: string, variantId: string, quantity = 1) {
  const cart = await deps.db.cart.upsert({ where: { userId }, create: { userId }, update: {}, select: { id: true } });
  await deps.db.cartItem.create({ data: { cartId: cart.id, productId, variantId, quantity } });
}

const auditOf = (entityId: string) =>
  deps.db.auditLog.findMany({ where: { entityId }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true, before: true, after: true } });

describe("GET /admin/products", () => {
  const word = uniqueWord();
  let ids: Record<string, string>;
  let category: { id: string; slug: string };

  beforeAll(async () => {
    category = await createCategory(deps);
    const cheap = await createTee(deps, { word, name: `Alpha ${word}`, prices: [500, 700, 900], stocks: [1, 10, 10], categoryId: category.id });
    const mid = await createTee(deps, { word, name: `Bravo ${word}`, price: 2_000, stocks: [10, 10, 10] });
    const dear = await createTee(deps, { word, name: `Charlie ${word}`, price: 9_000, stocks: [0, 0, 3] });
    const archived = await createTee(deps, { word, name: `Delta ${word}`, price: 3_000 });
    await api.call("POST", `/admin/products/${archived.id}/archive`, { token: admin.token });
    ids = { cheap: cheap.id, mid: mid.id, dear: dear.id, archived: archived.id };
  });

  const list = async (query: string, token = staff.token) => {
    const res = await api.call("GET", `/admin/products?q=${word}&${query}`, { token });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name.split(" ")[0]);

  it("lists every product with its status, prices, stock, low-stock count and total, for staff", async () => {
    const body = await list("sort=name");
    expect(names(body)).toEqual(["Alpha", "Bravo", "Charlie", "Delta"]);
    expect(body).toMatchObject({ page: 1, limit: 20, total: 4, pageCount: 1 });
    expect(body.items[0]).toEqual({
      id: ids.cheap,
      slug: expect.stringContaining("tee-"),
      name: `Alpha ${word}`,
      status: "active",
      priceRange: { min: 500, max: 900 },
      currency: "USD",
      stock: 21,
      variantCount: 3,
      lowStockVariants: 1,
      category: { id: category.id, slug: category.slug, name: expect.any(String) },
      imageUrl: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(body.items[3]).toMatchObject({ status: "archived" });
  });

  it("filters by status, category, low stock and price, and searches SKUs", async () => {
    expect(names(await list("status=archived"))).toEqual(["Delta"]);
    expect(names(await list("status=active&sort=name"))).toEqual(["Alpha", "Bravo", "Charlie"]);
    expect(names(await list(`categoryId=${category.id}`))).toEqual(["Alpha"]);
    expect(names(await list("lowStock=true&sort=name"))).toEqual(["Alpha", "Charlie"]);
    expect(names(await list("lowStock=true&lowStockThreshold=0"))).toEqual(["Charlie"]);
    expect(names(await list("minPrice=1000&maxPrice=5000&sort=name"))).toEqual(["Bravo", "Delta"]);
    const charlie = await deps.db.productVariant.findFirstOrThrow({ where: { productId: ids.dear }, select: { sku: true } });
    const bySku = await api.call("GET", `/admin/products?q=${charlie.sku.toLowerCase()}`, { token: staff.token });
    expect(bySku.body.items.map((i: { id: string }) => i.id)).toEqual([ids.dear]);
  });

  it("sorts every way and pages with a total", async () => {
    expect(names(await list("sort=price_asc"))).toEqual(["Alpha", "Bravo", "Delta", "Charlie"]);
    expect(names(await list("sort=price_desc"))).toEqual(["Charlie", "Delta", "Bravo", "Alpha"]);
    expect(names(await list("sort=stock_asc&status=active"))).toEqual(["Charlie", "Alpha", "Bravo"]);
    expect(names(await list("sort=newest"))).toEqual(["Delta", "Charlie", "Bravo", "Alpha"]);
    expect(names(await list("sort=oldest"))).toEqual(["Alpha", "Bravo", "Charlie", "Delta"]);
    // Archiving Delta was the last edit.
    expect(names(await list("sort=updated"))[0]).toBe("Delta");
    const page2 = await list("sort=name&limit=3&page=2");
    expect(names(page2)).toEqual(["Delta"]);
    expect(page2).toMatchObject({ page: 2, limit: 3, total: 4, pageCount: 2 });
  });

  it("refuses bad filters with field issues, and customers and guests", async () => {
    const bad = await api.call("GET", "/admin/products?sort=cheapest&limit=0x10&status=gone", { token: staff.token });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["limit", "sort", "status"]);
    const inverted = await api.call("GET", "/admin/products?minPrice=10&maxPrice=5", { token: staff.token });
    expect(inverted.status).toBe(400);
    expect(inverted.body.details).toEqual({ field: "maxPrice" });
    expect((await api.call("GET", "/admin/products", { token: customer.token })).status).toBe(403);
    expect((await api.call("GET", "/admin/products")).status).toBe(401);
  });
});

describe("GET and PATCH /admin/products/{id}", () => {
  it("shows everything, inactive variants included", async () => {
    const tee = await createTee(deps, { word: uniqueWord() });
    const m = tee.variants[1]!;
    await deps.db.productVariant.update({ where: { id: m.id }, data: { isActive: false } });
    const res = await api.call("GET", `/admin/products/${tee.id}`, { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: tee.id,
      status: "active",
      archivedAt: null,
      options: [{ name: "Size", values: ["S", "M", "L"] }],
      variantCount: 2,
      stock: 20,
      orderLines: 0,
    });
    expect(res.body.variants.map((v: { sku: string; isActive: boolean }) => [v.sku.slice(-1), v.isActive])).toEqual([
      ["S", true],
      ["M", false],
      ["L", true],
    ]);
    expect((await api.call("GET", `/admin/products/${crypto.randomUUID()}`, { token: staff.token })).status).toBe(404);
    expect((await api.call("GET", "/admin/products/not-a-uuid", { token: staff.token })).status).toBe(400);
  });

  it("edits the product's fields, audited with before and after, and the shop shows them", async () => {
    const tee = await createTee(deps, { word: uniqueWord() });
    const category = await createCategory(deps);
    const slug = `renamed-${uniqueSuffix()}`;
    const res = await api.call("PATCH", `/admin/products/${tee.id}`, {
      token: admin.token,
      body: { name: "  Renamed tee ", slug, description: "Soft cotton", categoryId: category.id, tags: ["cotton", " Cotton ", "summer"] },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ name: "Renamed tee", slug, description: "Soft cotton", category: { id: category.id }, tags: ["cotton", "summer"] });
    const shop = await api.call("GET", `/shop/products/${slug}`);
    expect(shop.body).toMatchObject({ name: "Renamed tee", description: "Soft cotton" });
    const [entry] = await auditOf(tee.id);
    expect(entry).toMatchObject({
      action: "product.update",
      actorId: admin.id,
      before: { name: tee.name, slug: tee.slug, description: "", categoryId: null, tags: [] },
      after: { name: "Renamed tee", slug, description: "Soft cotton", categoryId: category.id, tags: ["cotton", "summer"] },
    });
    // Making it a draft takes it out of the shop.
    expect((await api.call("PATCH", `/admin/products/${tee.id}`, { token: admin.token, body: { isActive: false } })).body.status).toBe("draft");
    expect((await api.call("GET", `/shop/products/${slug}`)).status).toBe(404);
  });

  it("refuses bad edits with field issues, a taken slug with 409 naming the field, and staff", async () => {
    const [tee, other] = await Promise.all([createTee(deps, { word: uniqueWord() }), createTee(deps, { word: uniqueWord() })]);
    const bad = await api.call("PATCH", `/admin/products/${tee.id}`, {
      token: admin.token,
      body: { name: "", slug: "Not A Slug", isActive: "yes", price: 5, tags: Array(21).fill("x") },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "slug", "isActive", "tags"]));
    const taken = await api.call("PATCH", `/admin/products/${tee.id}`, { token: admin.token, body: { slug: other.slug } });
    expect(taken.status).toBe(409);
    expect(taken.body.details).toMatchObject({ field: "slug" });
    const unknownCategory = await api.call("PATCH", `/admin/products/${tee.id}`, { token: admin.token, body: { categoryId: crypto.randomUUID() } });
    expect(unknownCategory.status).toBe(400);
    expect(unknownCategory.body.details).toEqual({ field: "categoryId" });
    expect((await api.call("PATCH", `/admin/products/${tee.id}`, { token: staff.token, body: { name: "Staff name" } })).status).toBe(403);
    expect((await deps.db.product.findUniqueOrThrow({ where: { id: tee.id }, select: { name: true } })).name).toBe(tee.name);
    expect(await auditOf(tee.id)).toEqual([]);
  });
});

describe("options and variants", () => {
  it("PATCH /admin/variants/{id}: a price change shows in the shop at once; staff get 403 and change nothing", async () => {
    const tee = await createTee(deps, { word: uniqueWord(), price: 2_000 });
    // Read once, so the shop's cache would hold the old price if the edit did not clear it.
    expect((await api.call("GET", `/shop/products/${tee.slug}`)).body.priceRange).toEqual({ min: 2_000, max: 2_000 });
    const s = tee.variants[0]!;

    const refused = await api.call("PATCH", `/admin/variants/${s.id}`, { token: staff.token, body: { price: 1 } });
    expect(refused.status).toBe(403);
    const res = await api.call("PATCH", `/admin/variants/${s.id}`, { token: admin.token, body: { price: 1_500, compareAtPrice: 2_000 } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.variants[0]).toMatchObject({ price: 1_500, compareAtPrice: 2_000 });

    const shop = await api.call("GET", `/shop/products/${tee.slug}`);
    expect(shop.body.priceRange).toEqual({ min: 1_500, max: 2_000 });
    expect(shop.body.variants[0]).toMatchObject({ price: 1_500, compareAtPrice: 2_000 });
    const [entry] = await auditOf(s.id);
    expect(entry).toMatchObject({ action: "variant.update", before: { price: 2_000, compareAtPrice: null }, after: { price: 1_500, compareAtPrice: 2_000 } });

    const below = await api.call("PATCH", `/admin/variants/${s.id}`, { token: admin.token, body: { compareAtPrice: 1_000 } });
    expect(below.status).toBe(400);
    expect(below.body.details).toEqual({ field: "compareAtPrice" });
    const nullPrice = await api.call("PATCH", `/admin/variants/${s.id}`, { token: admin.token, body: { price: null } });
    expect(nullPrice.status).toBe(400);
    const moved = await api.call("PATCH", `/admin/variants/${s.id}`, { token: admin.token, body: { position: 2 } });
    expect(moved.body.variants.map((v: { sku: string }) => v.sku.slice(-1))).toEqual(["M", "L", "S"]);
  });

  it("PUT /admin/products/{id}/variants renames options and values, adds and removes variants, edits SKUs", async () => {
    const tee = await createTee(deps, { word: uniqueWord() });
    const [s, m, l] = tee.variants as [(typeof tee.variants)[0], (typeof tee.variants)[0], (typeof tee.variants)[0]];
    const res = await api.call("PUT", `/admin/products/${tee.id}/variants`, {
      token: admin.token,
      body: {
        options: [{ name: "Taille", values: ["Small", "Medium", "XL"] }],
        variants: [
          // S and M swap SKUs: placeholders make that possible.
          { id: s.id, sku: m.sku, options: { Taille: "Small" }, price: 1_900 },
          { id: m.id, sku: s.sku, options: { taille: "medium" }, price: 2_100, isActive: false },
          { sku: `${s.sku}-XL`, options: { Taille: "XL" }, price: 2_500, stock: 4 },
        ],
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.options).toEqual([{ name: "Taille", values: ["Small", "Medium", "XL"] }]);
    expect(res.body.variants.map((v: { sku: string; title: string; price: number; isActive: boolean; stock: number }) => [v.sku, v.title, v.price, v.isActive, v.stock])).toEqual([
      [m.sku, "Small", 1_900, true, 10],
      [s.sku, "Medium", 2_100, false, 10],
      [`${s.sku}-XL`, "XL", 2_500, true, 4],
    ]);
    expect(await deps.db.productVariant.count({ where: { id: l.id } })).toBe(0);
    // The opening stock is in the history.
    const xl = res.body.variants[2];
    expect(await deps.db.stockAdjustment.findMany({ where: { variantId: xl.id }, select: { delta: true, reason: true } })).toEqual([{ delta: 4, reason: "restock" }]);
    // The shop filters on the new option keys and shows the new range.
    const shop = await api.call("GET", `/shop/products/${tee.slug}`);
    expect(shop.body.options).toEqual([{ name: "Taille", values: ["Small", "Medium", "XL"] }]);
    expect(shop.body.priceRange).toEqual({ min: 1_900, max: 2_500 });
    expect((await auditOf(tee.id)).map((e) => e.action)).toEqual(["product.variants_replace"]);
  });

  it("never deletes a variant that orders name: 409, nothing changed; deactivating it is fine", async () => {
    const tee = await createTee(deps, { word: uniqueWord() });
    const [s, m, l] = tee.variants as [(typeof tee.variants)[0], (typeof tee.variants)[0], (typeof tee.variants)[0]];
    const buyer = await signedInUser(deps, { address: ADDRESS });
    await fillCartWith(buyer.id, tee.id, l.id);
    expect((await api.call("POST", "/shop/orders", { token: buyer.token, body: {} })).status).toBe(201);

    const body = (withL: boolean) => ({
      options: [{ name: "Size", values: ["S", "M", "L"] }],
      variants: [
        { id: s.id, sku: s.sku, options: { Size: "S" }, price: 2_000 },
        { id: m.id, sku: m.sku, options: { Size: "M" }, price: 2_000 },
        ...(withL ? [{ id: l.id, sku: l.sku, options: { Size: "L" }, price: 2_000, isActive: false }] : []),
      ],
    });
    const refused = await api.call("PUT", `/admin/products/${tee.id}/variants`, { token: admin.token, body: body(false) });
    expect(refused.status).toBe(409);
    expect(refused.body.details).toMatchObject({ field: "variants", skus: [l.sku] });
    expect(await deps.db.productVariant.count({ where: { productId: tee.id } })).toBe(3);
    const kept = await api.call("PUT", `/admin/products/${tee.id}/variants`, { token: admin.token, body: body(true) });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body.variants.find((v: { id: string }) => v.id === l.id)).toMatchObject({ isActive: false, orderLines: 1 });
    // The customer's order still reads as it was.
    const orders = await api.call("GET", "/shop/orders", { token: buyer.token });
    const order = await api.call("GET", `/shop/orders/${orders.body.items[0].id}`, { token: buyer.token });
    expect(order.body.items[0]).toMatchObject({ variantId: l.id, sku: l.sku });
  });

  it("refuses bad sets with the offending field, and a SKU of another product with 409", async () => {
    const [tee, other] = await Promise.all([createTee(deps, { word: uniqueWord() }), createTee(deps, { word: uniqueWord() })]);
    const s = tee.variants[0]!;
    const put = (variants: unknown[], options: unknown[] = [{ name: "Size", values: ["S"] }]) =>
      api.call("PUT", `/admin/products/${tee.id}/variants`, { token: admin.token, body: { options, variants } });
    const unknownValue = await put([{ id: s.id, sku: s.sku, options: { Size: "XXL" }, price: 1 }]);
    expect(unknownValue.status).toBe(400);
    expect(unknownValue.body.details).toMatchObject({ field: "variants.0.options" });
    const negative = await put([{ id: s.id, sku: s.sku, options: { Size: "S" }, price: -1 }]);
    expect(negative.status).toBe(400);
    expect(negative.body.issues[0].path).toBe("variants.0.price");
    const taken = await put([{ id: s.id, sku: other.variants[0]!.sku, options: { Size: "S" }, price: 1 }]);
    expect(taken.status).toBe(409);
    expect(taken.body.details).toMatchObject({ field: "sku", skus: [other.variants[0]!.sku] });
    expect((await deps.db.productVariant.count({ where: { productId: tee.id } }))).toBe(3);
    expect((await api.call("PUT", `/admin/products/${tee.id}/variants`, { token: staff.token, body: { options: [], variants: [{ sku: "X", price: 1 }] } })).status).toBe(403);
  });
});

describe("archive and restore", () => {
  it("hides an archived product from the shop, keeps its orders readable, and restores it", async () => {
    const tee = await createTee(deps, { word: uniqueWord() });
    const buyer = await signedInUser(deps, { address: ADDRESS });
    await fillCartWith(buyer.id, tee.id, tee.variants[0]!.id, 2);
    const placed = await api.call("POST", "/shop/orders", { token: buyer.token, body: {} });
    expect(placed.status).toBe(201);

    const archived = await api.call("POST", `/admin/products/${tee.id}/archive`, { token: admin.token });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: "archived", isActive: false, archivedAt: expect.any(String) });
    expect((await api.call("GET", `/shop/products/${tee.slug}`)).status).toBe(404);
    const search = await api.call("GET", `/shop/products?q=${encodeURIComponent(tee.name)}`);
    expect(search.body.items.map((i: { id: string }) => i.id)).not.toContain(tee.id);
    const order = await api.call("GET", `/shop/orders/${placed.body.id}`, { token: buyer.token });
    expect(order.status).toBe(200);
    expect(order.body.items[0]).toMatchObject({ productId: tee.id, productName: tee.name, quantity: 2 });
    // Nobody can buy it meanwhile: a cart that still holds it cannot check out.
    const late = await signedInUser(deps, { address: ADDRESS });
    await fillCartWith(late.id, tee.id, tee.variants[1]!.id);
    expect((await api.call("POST", "/shop/orders", { token: late.token, body: {} })).status).toBe(409);

    expect((await api.call("POST", `/admin/products/${tee.id}/archive`, { token: staff.token })).status).toBe(403);
    const again = await api.call("PATCH", `/admin/products/${tee.id}`, { token: admin.token, body: { isActive: true } });
    expect(again.status).toBe(409);
    const restored = await api.call("POST", `/admin/products/${tee.id}/restore`, { token: admin.token });
    expect(restored.body).toMatchObject({ status: "active", archivedAt: null });
    expect((await api.call("GET", `/shop/products/${tee.slug}`)).status).toBe(200);
    expect((await auditOf(tee.id)).map((e) => e.action)).toEqual(["product.archive", "product.restore"]);
  });
});

describe("stock adjustments", () => {
  it("staff restock, remove and count; each is kept with its reason, actor and stock after", async () => {
    const tee = await createTee(deps, { word: uniqueWord(), stocks: [10, 10, 10] });
    const s = tee.variants[0]!;
    const adjust = (body: unknown, token = staff.token) => api.call("POST", `/admin/variants/${s.id}/stock-adjustments`, { token, body });

    const restock = await adjust({ delta: 5, reason: "restock", note: "Delivery 42" });
    expect(restock.status, restock.text).toBe(201);
    expect(restock.body).toMatchObject({ adjustment: { delta: 5, stockAfter: 15, reason: "restock", note: "Delivery 42" }, variant: { stock: 15 } });
    expect((await adjust({ delta: -3, reason: "damaged" })).body.variant.stock).toBe(12);
    expect((await adjust({ setTo: 20, reason: "correction" })).body.adjustment).toMatchObject({ delta: 8, stockAfter: 20 });
    expect((await adjust({ setTo: 20, reason: "correction" })).body).toMatchObject({ adjustment: null, variant: { stock: 20 } });

    const short = await adjust({ delta: -21, reason: "damaged" });
    expect(short.status).toBe(409);
    expect(short.body.details).toEqual({ field: "delta", available: 20 });
    for (const bad of [{ delta: 0, reason: "restock" }, { reason: "restock" }, { delta: 1, setTo: 1, reason: "restock" }, { delta: 1, reason: "stolen" }, { setTo: -1, reason: "correction" }, { delta: "5", reason: "restock" }]) {
      const res = await adjust(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.issues.length).toBeGreaterThan(0);
    }
    expect((await api.call("POST", `/admin/variants/${crypto.randomUUID()}/stock-adjustments`, { token: staff.token, body: { delta: 1, reason: "restock" } })).status).toBe(404);
    expect((await adjust({ delta: 1, reason: "restock" }, customer.token)).status).toBe(403);

    // The shop sees the stock; the product's total follows.
    expect((await api.call("GET", `/shop/products/${tee.slug}`)).body.stock).toBe(40);
    const history = await api.call("GET", `/admin/variants/${s.id}/stock-adjustments?limit=2`, { token: staff.token });
    expect(history.status).toBe(200);
    expect(history.body.items.map((a: { delta: number }) => a.delta)).toEqual([8, -3]);
    expect(history.body.items[0].actor).toMatchObject({ id: staff.id, phone: expect.stringMatching(/^\+44/) });
    const next = await api.call("GET", `/admin/variants/${s.id}/stock-adjustments?limit=2&cursor=${history.body.nextCursor}`, { token: staff.token });
    expect(next.body).toMatchObject({ items: [{ delta: 5, note: "Delivery 42" }], nextCursor: null });
    const byProduct = await api.call("GET", `/admin/products/${tee.id}/stock-adjustments`, { token: staff.token });
    expect(byProduct.body.items).toHaveLength(3);
    expect((await auditOf(s.id)).map((e) => [e.action, e.before, e.after])).toEqual([
      ["variant.stock_adjust", { stock: 10 }, { stock: 15, reason: "restock", note: "Delivery 42" }],
      ["variant.stock_adjust", { stock: 15 }, { stock: 12, reason: "damaged", note: null }],
      ["variant.stock_adjust", { stock: 12 }, { stock: 20, reason: "correction", note: null }],
    ]);
  });
});
