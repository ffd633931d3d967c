/**
 * The public catalogue over REST (real handler, real Postgres). The test database is shared with other files, so
 * every assertion is scoped to this file's own category tree (category filter) or to words only its names contain.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "@shop/db/testing";
import { createInnerContext } from "../src/context";
import { createCaller } from "../src/root";
import { restClient } from "./http";
import { createTestDeps, uniquePhone } from "./support";

const deps = createTestDeps();
const api = restClient(deps);
const tag = uniqueSuffix();
// Letters only, so each is exactly one full-text lexeme that no other file's data contains.
const word = (suffix: string) => `zq${tag.replace(/\d/g, (d) => "ghijklmnop"[Number(d)]!)}${suffix}`;
const W1 = word("amber");
const W2 = word("basil");
const W3 = word("cedar");

type Sort = "newest" | "price_asc" | "price_desc" | "rating";

interface Fixture {
  key: string;
  id: string;
  slug: string;
  price: number;
  stock: number;
  ratingAverage: number;
  ratingCount: number;
  createdAt: Date;
  category: string | null;
  active: boolean;
}

const categories: Record<string, { id: string; slug: string; name: string }> = {};
const products: Record<string, Fixture> = {};
let adminToken = "";
let customerToken = "";

async function category(key: string, name: string, parent: string | null, position: number) {
  const slug = `cat-${tag}-${key}`;
  const row = await deps.db.category.create({
    data: { slug, name, description: `${name} things`, parentId: parent ? categories[parent]!.id : null, position },
    select: { id: true, slug: true, name: true },
  });
  categories[key] = row;
}

const T0 = Date.UTC(2021, 0, 1, 12, 0, 0);

async function product(
  key: string,
  spec: {
    category: string | null;
    price: number;
    stock: number;
    rating: [number, number];
    minutes: number;
    name?: string;
    description?: string;
    active?: boolean;
    images?: { url: string; position: number }[];
  },
) {
  const slug = `prod-${tag}-${key}`;
  const createdAt = new Date(T0 + spec.minutes * 60_000);
  const row = await deps.db.product.create({
    data: {
      slug,
      name: spec.name ?? `Product ${key}`,
      description: spec.description ?? "",
      price: spec.price,
      stock: spec.stock,
      categoryId: spec.category ? categories[spec.category]!.id : null,
      isActive: spec.active ?? true,
      ratingAverage: spec.rating[0],
      ratingCount: spec.rating[1],
      createdAt,
      images: { create: (spec.images ?? []).map((image) => ({ ...image, alt: `${key} ${image.position}` })) },
    },
    select: { id: true },
  });
  products[key] = {
    key,
    id: row.id,
    slug,
    price: spec.price,
    stock: spec.stock,
    ratingAverage: spec.rating[0],
    ratingCount: spec.rating[1],
    createdAt,
    category: spec.category,
    active: spec.active ?? true,
  };
}

async function tokenFor(role: "admin" | "customer"): Promise<string> {
  const user = await deps.db.user.create({ data: { phone: uniquePhone(), role }, select: { id: true, role: true } });
  return (await deps.services.sessions.create(user)).accessToken;
}

beforeAll(async () => {
  // root ─┬─ b (position 0) ─┬─ eta (0)
  //       │                  └─ zeta (0)        same position: by name
  //       └─ a (position 1) ── a1 ── a1a        any depth
  await category("root", "Root", null, 0);
  await category("a", "Alpha", "root", 1);
  await category("b", "Beta", "root", 0);
  await category("a1", "Alpha One", "a", 0);
  await category("a1a", "Alpha One A", "a1", 0);
  await category("zeta", "Zeta", "b", 0);
  await category("eta", "Eta", "b", 0);
  await category("other", "Other root", null, 0);

  // Ties on purpose: p2/p3 share a price, p1/p2 a rating, p3/p4 a creation time; the id decides.
  await product("p1", {
    category: "root",
    price: 1000,
    stock: 5,
    rating: [4.5, 10],
    minutes: 0,
    name: `Amber lamp ${W1}`,
    images: [
      { url: "https://cdn.example.com/p1-c.png", position: 2 },
      { url: "/images/p1-a.png", position: 0 },
      { url: "/images/p1-b.png", position: 1 },
    ],
  });
  await product("p2", { category: "a", price: 2000, stock: 0, rating: [4.5, 10], minutes: 1 });
  await product("p3", {
    category: "a1",
    price: 2000,
    stock: 3,
    rating: [3, 5],
    minutes: 2,
    description: `Hand made with ${W1} inside`,
  });
  await product("p4", { category: "a1a", price: 500, stock: 1, rating: [5, 1], minutes: 2 });
  await product("p5", { category: "b", price: 3000, stock: 10, rating: [0, 0], minutes: 3 });
  await product("p6", { category: "eta", price: 1500, stock: 0, rating: [4.5, 20], minutes: 4, name: `Basil pot ${W2}` });
  await product("p7", { category: "a", price: 750, stock: 2, rating: [2.25, 4], minutes: 5, name: `${W1} ${W2} set` });
  const hidden = { name: `Hidden ${W1}`, active: false };
  await product("p8", { category: "root", price: 1200, stock: 9, rating: [5, 50], minutes: 6, ...hidden });
  await product("p9", { category: "other", price: 900, stock: 4, rating: [1, 1], minutes: 7, name: `Elsewhere ${W1}` });
  await product("p10", { category: null, price: 100, stock: 1, rating: [0, 0], minutes: 8, name: `Loose ${W3}` });

  adminToken = await tokenFor("admin");
  customerToken = await tokenFor("customer");
});

afterAll(async () => {
  const created = await deps.db.product.findMany({ where: { slug: { contains: tag } }, select: { id: true } });
  await deps.db.product.deleteMany({ where: { id: { in: created.map((p) => p.id) } } });
  for (const key of ["a1a", "a1", "a", "eta", "zeta", "b", "root", "other"]) {
    await deps.db.category.deleteMany({ where: { id: categories[key]?.id } });
  }
  await deps.close();
});

const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/** The fixtures in the order the API must return them. */
function expectedOrder(list: Fixture[], sort: Sort): string[] {
  const sorted = [...list].sort((x, y) => {
    switch (sort) {
      case "newest":
        return y.createdAt.getTime() - x.createdAt.getTime() || desc(x.id, y.id);
      case "price_asc":
        return x.price - y.price || -desc(x.id, y.id);
      case "price_desc":
        return y.price - x.price || desc(x.id, y.id);
      case "rating":
        return y.ratingAverage - x.ratingAverage || y.ratingCount - x.ratingCount || desc(x.id, y.id);
    }
  });
  return sorted.map((p) => p.key);
}

const inTree = () => Object.values(products).filter((p) => p.active && p.category !== null && p.category !== "other");
const keyOf = (id: string) => Object.values(products).find((p) => p.id === id)?.key ?? `new:${id}`;

async function list(query: Record<string, string | number | boolean>) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return api.call("GET", `/shop/products${qs ? `?${qs}` : ""}`);
}

async function keys(query: Record<string, string | number | boolean>): Promise<string[]> {
  const res = await list({ limit: 100, ...query });
  expect(res.status, res.text).toBe(200);
  expect(res.body.nextCursor).toBeNull();
  return res.body.items.map((item: { id: string }) => keyOf(item.id));
}

describe("GET /shop/products", () => {
  it("lists active products with the public shape, newest first by default", async () => {
    const res = await list({ category: categories.root!.id });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["items", "nextCursor", "sort", "total", "totalIsEstimate"]);
    expect(res.body).toMatchObject({ total: inTree().length, totalIsEstimate: false, sort: "newest" });
    expect(res.body.items.map((i: { id: string }) => keyOf(i.id))).toEqual(expectedOrder(inTree(), "newest"));
    const p1 = res.body.items.find((i: { id: string }) => i.id === products.p1!.id);
    expect(p1).toEqual({
      id: products.p1!.id,
      slug: products.p1!.slug,
      name: `Amber lamp ${W1}`,
      price: 1000,
      currency: "USD",
      stock: 5,
      priceRange: { min: 1000, max: 1000 },
      variantCount: 1,
      imageUrl: "/images/p1-a.png", // position 0, although inserted second
      ratingAverage: 4.5,
      ratingCount: 10,
      category: { id: categories.root!.id, slug: categories.root!.slug, name: "Root" },
    });
    const p2 = res.body.items.find((i: { id: string }) => i.id === products.p2!.id);
    expect(p2.imageUrl).toBeNull();
    expect(p2.category.slug).toBe(categories.a!.slug);
    // The inactive product is never listed.
    expect(res.body.items.some((i: { id: string }) => i.id === products.p8!.id)).toBe(false);
  });

  it("accepts limit 1..100 only and refuses unknown parameters", async () => {
    for (const limit of ["0", "101", "-1", "abc", "2.5"]) {
      const res = await list({ limit });
      expect(res.status, `limit=${limit}`).toBe(400);
      expect(res.body.code).toBe("BAD_REQUEST");
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain("limit");
    }
    expect((await list({ limit: 1, category: categories.root!.id })).body.items).toHaveLength(1);
    expect((await list({ limit: 100 })).status).toBe(200);
    const unknown = await list({ category: categories.root!.id, isActive: "false" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe("BAD_REQUEST");
    expect((await list({ sort: "cheapest" })).status).toBe(400);
    expect((await list({ q: "x".repeat(201) })).status).toBe(400);
    // Postgres text cannot hold NUL: refused up front instead of failing the query with a 500.
    expect((await list({ q: "a\u0000b" })).status).toBe(400);
  });

  it("filters by category id or slug, including sub-sub-categories at any depth", async () => {
    const expected = expectedOrder(
      inTree().filter((p) => ["a", "a1", "a1a"].includes(p.category!)),
      "newest",
    );
    expect(expected).toEqual(expect.arrayContaining(["p2", "p3", "p4", "p7"]));
    expect(await keys({ category: categories.a!.id })).toEqual(expected);
    expect(await keys({ category: categories.a!.slug })).toEqual(expected);
    expect(await keys({ category: categories.a1!.slug })).toEqual(expectedOrder([products.p3!, products.p4!], "newest"));
    expect(await keys({ category: categories.b!.slug, sort: "price_asc" })).toEqual(["p6", "p5"]);
    // The whole tree from the root, and nothing of the other tree.
    const all = await keys({ category: categories.root!.slug });
    expect(all.sort()).toEqual(inTree().map((p) => p.key).sort());
    expect(await keys({ category: `no-such-category-${tag}` })).toEqual([]);
    expect(await keys({ category: randomUUID() })).toEqual([]);
    expect((await list({ category: "' OR 1=1 --" })).status).toBe(400);
  });

  it("filters by price range (inclusive) and by stock", async () => {
    const root = categories.root!.id;
    expect(await keys({ category: root, minPrice: 750, maxPrice: 2000, sort: "price_asc" })).toEqual(
      expectedOrder(inTree().filter((p) => p.price >= 750 && p.price <= 2000), "price_asc"),
    );
    expect(await keys({ category: root, minPrice: 2001, sort: "price_asc" })).toEqual(["p5"]);
    expect(await keys({ category: root, maxPrice: 500 })).toEqual(["p4"]);
    const bad = await list({ category: root, minPrice: 10, maxPrice: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual({ field: "maxPrice" });
    expect((await list({ minPrice: -1 })).status).toBe(400);

    const inStock = expectedOrder(inTree().filter((p) => p.stock > 0), "newest");
    const soldOut = expectedOrder(inTree().filter((p) => p.stock === 0), "newest");
    expect(soldOut).toEqual(expect.arrayContaining(["p2", "p6"]));
    expect(await keys({ category: root, inStock: "true" })).toEqual(inStock);
    expect(await keys({ category: root, inStock: "1" })).toEqual(inStock);
    expect(await keys({ category: root, inStock: "false" })).toEqual(soldOut);
    expect(await keys({ category: root, inStock: "0" })).toEqual(soldOut);
    expect((await list({ inStock: "yes" })).status).toBe(400);
  });

  it("searches whole words in name and description, combined with the other filters", async () => {
    // W1: p1 (name), p3 (description), p7 (name), p9 (other tree); p8 is inactive.
    expect((await keys({ q: W1 })).sort()).toEqual(["p1", "p3", "p7", "p9"]);
    expect((await keys({ q: W1.toUpperCase() })).sort()).toEqual(["p1", "p3", "p7", "p9"]);
    expect(await keys({ q: `${W1} ${W2}` })).toEqual(["p7"]);
    expect((await keys({ q: W2 })).sort()).toEqual(["p6", "p7"]);
    expect(await keys({ q: W3 })).toEqual(["p10"]);
    expect(await keys({ q: W1, category: categories.a!.slug })).toEqual(expectedOrder([products.p3!, products.p7!], "newest"));
    expect(await keys({ q: W1, category: categories.root!.id, maxPrice: 1000, sort: "price_asc" })).toEqual(["p7", "p1"]);
    expect(await keys({ q: W1, inStock: "true", category: categories.a1!.id })).toEqual(["p3"]);
    expect(await keys({ q: `${W1} -${W2}`, category: categories.root!.id, sort: "price_desc" })).toEqual(["p3", "p1"]);
    // Odd input is just text: no match, never an error.
    for (const q of ["' OR 1=1 --", "!!!", "a & | ! ( )", `"${W1}`]) {
      const res = await list({ q, category: categories.root!.id });
      expect(res.status, q).toBe(200);
    }
  });

  it("refuses a cursor of another sort order and garbage cursors", async () => {
    const first = await list({ category: categories.root!.id, limit: 2 });
    const cursor = first.body.nextCursor as string;
    expect(typeof cursor).toBe("string");
    expect((await list({ category: categories.root!.id, limit: 2, cursor })).status).toBe(200);
    for (const sort of ["price_asc", "price_desc", "rating"]) {
      const res = await list({ category: categories.root!.id, limit: 2, cursor, sort });
      expect(res.status, sort).toBe(400);
      expect(res.body.details).toEqual({ field: "cursor" });
    }
    const tampered = Buffer.from(JSON.stringify(["newest", "2021-01-01T00:00:00.000Z", "' OR 1=1 --"])).toString("base64url");
    for (const garbage of ["garbage", "!!!", tampered, cursor.slice(0, -3), "e30"]) {
      const res = await list({ cursor: garbage });
      expect(res.status, garbage).toBe(400);
      expect(res.body.details).toEqual({ field: "cursor" });
    }
  });

  describe.each<Sort>(["newest", "price_asc", "price_desc", "rating"])("pagination, sort=%s", (sort) => {
    it("returns every product exactly once, in order, while new products are inserted between pages", async () => {
      const seen: string[] = [];
      const inserted: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      try {
        do {
          const res = await list({ category: categories.root!.slug, sort, limit: 2, ...(cursor ? { cursor } : {}) });
          expect(res.status, res.text).toBe(200);
          expect(res.body.items.length).toBeLessThanOrEqual(2);
          seen.push(...res.body.items.map((i: { id: string }) => i.id));
          cursor = res.body.nextCursor;
          pages += 1;
          // New rows in the filtered tree: one that sorts first, one that ties the last item's key.
          const last = res.body.items.at(-1);
          for (const spec of [
            { price: 1, rating: 5, count: 1000 },
            { price: last?.price ?? 1, rating: last?.ratingAverage ?? 0, count: last?.ratingCount ?? 0 },
          ]) {
            const row = await deps.db.product.create({
              data: {
                slug: `new-${tag}-${sort}-${inserted.length}`,
                name: "Inserted meanwhile",
                price: spec.price,
                stock: 1,
                ratingAverage: spec.rating,
                ratingCount: spec.count,
                categoryId: categories.a1!.id,
              },
              select: { id: true },
            });
            inserted.push(row.id);
          }
        } while (cursor && pages < 50);
        expect(cursor).toBeNull();
        expect(new Set(seen).size).toBe(seen.length); // no duplicates, old or new
        const original = new Set(inTree().map((p) => p.id));
        expect(seen.filter((id) => original.has(id)).map(keyOf)).toEqual(expectedOrder(inTree(), sort)); // no gaps
        // Newer than every cursor: under newest they can only come before the pages already read.
        if (sort === "newest") expect(seen.filter((id) => inserted.includes(id))).toEqual([]);
      } finally {
        await deps.db.product.deleteMany({ where: { id: { in: inserted } } });
      }
    });
  });
});

describe("GET /shop/products/{id}", () => {
  it("answers by id and by slug with the full product and its category path", async () => {
    const byId = await api.call("GET", `/shop/products/${products.p1!.id}`);
    expect(byId.status, byId.text).toBe(200);
    expect(byId.body).toEqual({
      id: products.p1!.id,
      slug: products.p1!.slug,
      name: `Amber lamp ${W1}`,
      description: "",
      price: 1000,
      currency: "USD",
      stock: 5,
      inStock: true,
      priceRange: { min: 1000, max: 1000 },
      options: [],
      // A product inserted without variants gets its default one (the products_default_variant trigger).
      variants: [
        {
          id: expect.any(String),
          sku: products.p1!.slug,
          title: "",
          options: [],
          price: 1000,
          compareAtPrice: null,
          stock: 5,
          inStock: true,
          imageUrl: null,
        },
      ],
      tags: [],
      images: [
        { url: "/images/p1-a.png", alt: "p1 0", position: 0 },
        { url: "/images/p1-b.png", alt: "p1 1", position: 1 },
        { url: "https://cdn.example.com/p1-c.png", alt: "p1 2", position: 2 },
      ],
      category: { ...categories.root!, path: [categories.root!] },
      ratingAverage: 4.5,
      ratingCount: 10,
      createdAt: products.p1!.createdAt.toISOString(),
      updatedAt: expect.any(String),
    });
    const bySlug = await api.call("GET", `/shop/products/${products.p1!.slug}`);
    expect(bySlug.body).toEqual(byId.body);

    const deep = await api.call("GET", `/shop/products/${products.p4!.slug}`);
    expect(deep.body.inStock).toBe(true);
    expect(deep.body.category.path).toEqual(["root", "a", "a1", "a1a"].map((k) => categories[k]));
    const soldOut = await api.call("GET", `/shop/products/${products.p2!.id}`);
    expect(soldOut.body).toMatchObject({ stock: 0, inStock: false, images: [] });
    const loose = await api.call("GET", `/shop/products/${products.p10!.slug}`);
    expect(loose.body.category).toBeNull();
  });

  it("is NOT_FOUND over tRPC too for a string no product can have (NUL, spaces)", async () => {
    const caller = createCaller(createInnerContext(deps));
    for (const id of ["a\u0000b", "' OR 1=1 --", "../../etc"]) {
      await expect(caller.catalog.byId({ id }), id).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("is a 404 JSON for unknown ids and slugs, inactive products and odd strings, never a 500", async () => {
    const paths = [
      randomUUID(),
      `no-such-product-${tag}`,
      products.p8!.id,
      products.p8!.slug,
      encodeURIComponent("../../etc"),
      "..%2F..%2Fetc%2Fpasswd",
      encodeURIComponent("' OR 1=1 --"),
      encodeURIComponent("1; DROP TABLE products"),
      "%00",
      "not-a-uuid-0000-0000-000000000000",
      "x".repeat(400),
    ];
    for (const path of paths) {
      const res = await api.call("GET", `/shop/products/${path}`);
      expect(res.status, path).toBe(404);
      expect(res.body.code, path).toBe("NOT_FOUND");
    }
  });
});

describe("GET /shop/categories", () => {
  it("returns the tree nested at any depth, siblings by position then name", async () => {
    const res = await api.call("GET", "/shop/categories");
    expect(res.status, res.text).toBe(200);
    const root = res.body.items.find((c: { id: string }) => c.id === categories.root!.id);
    expect(root).toBeDefined();
    expect(res.body.items.some((c: { id: string }) => c.id === categories.a!.id)).toBe(false); // not a root
    expect(root).toMatchObject({ slug: categories.root!.slug, name: "Root", description: "Root things" });
    const names = (node: { name: string; children: unknown[] }): unknown => ({
      name: node.name,
      children: (node.children as { name: string; children: unknown[] }[]).map(names),
    });
    expect(names(root)).toEqual({
      name: "Root",
      children: [
        { name: "Beta", children: [{ name: "Eta", children: [] }, { name: "Zeta", children: [] }] },
        { name: "Alpha", children: [{ name: "Alpha One", children: [{ name: "Alpha One A", children: [] }] }] },
      ],
    });
  });
});

describe("POST /shop/products", () => {
  const body = (extra: Record<string, unknown> = {}) => ({
    name: `Tëst Kettle ${tag}`,
    description: "Boils water",
    price: 4999,
    stock: 7,
    categoryId: categories.a1!.id,
    images: [{ url: "/images/kettle.png", alt: "Front" }, { url: "https://cdn.example.com/kettle-side.png" }],
    ...extra,
  });

  it("needs an admin: 401 without a token, 403 for a customer", async () => {
    const anonymous = await api.call("POST", "/shop/products", { body: body({ slug: `anon-${tag}` }) });
    expect(anonymous.status).toBe(401);
    const customer = await api.call("POST", "/shop/products", { body: body({ slug: `cust-${tag}` }), token: customerToken });
    expect(customer.status).toBe(403);
    expect(customer.body.code).toBe("FORBIDDEN");
    expect(await deps.db.product.count({ where: { slug: { in: [`anon-${tag}`, `cust-${tag}`] } } })).toBe(0);
  });

  it("creates the product (201), deriving the slug from the name, and it is then listed and readable", async () => {
    const res = await api.call("POST", "/shop/products", { body: body(), token: adminToken });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      slug: `test-kettle-${tag}`,
      name: `Tëst Kettle ${tag}`,
      description: "Boils water",
      price: 4999,
      currency: "USD",
      stock: 7,
      inStock: true,
      priceRange: { min: 4999, max: 4999 },
      options: [],
      variants: [
        {
          id: expect.any(String),
          sku: `test-kettle-${tag}`,
          title: "",
          options: [],
          price: 4999,
          compareAtPrice: null,
          stock: 7,
          inStock: true,
          imageUrl: null,
        },
      ],
      tags: [],
      images: [
        { url: "/images/kettle.png", alt: "Front", position: 0 },
        { url: "https://cdn.example.com/kettle-side.png", alt: "", position: 1 },
      ],
      category: { ...categories.a1!, path: ["root", "a", "a1"].map((k) => categories[k]) },
      ratingAverage: 0,
      ratingCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const detail = await api.call("GET", `/shop/products/test-kettle-${tag}`);
    expect(detail.body).toEqual(res.body);
    const listed = await list({ category: categories.a!.id, limit: 1 });
    expect(listed.body.items[0]).toMatchObject({ id: res.body.id, imageUrl: "/images/kettle.png" });

    const minimal = await api.call("POST", "/shop/products", {
      body: { name: `Plain ${tag}`, price: 0, currency: "EUR" },
      token: adminToken,
    });
    expect(minimal.status, minimal.text).toBe(201);
    expect(minimal.body).toMatchObject({ slug: `plain-${tag}`, stock: 0, inStock: false, currency: "EUR" });
    expect(minimal.body).toMatchObject({ category: null, images: [] });
  });

  it("answers 409 with the field for a duplicate slug", async () => {
    const slug = `dup-${tag}`;
    expect((await api.call("POST", "/shop/products", { body: body({ slug }), token: adminToken })).status).toBe(201);
    const again = await api.call("POST", "/shop/products", { body: body({ slug, name: "Other" }), token: adminToken });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("CONFLICT");
    expect(again.body.details).toMatchObject({ field: "slug" });
  });

  it("derives a unique slug when the one from the name is taken, also under concurrent creates, instead of a 409 on a field nobody sent", async () => {
    const name = `Twin Kettle ${tag}`;
    const first = await api.call("POST", "/shop/products", { body: body({ name }), token: adminToken });
    const second = await api.call("POST", "/shop/products", { body: body({ name }), token: adminToken });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect([first.body.slug, second.body.slug]).toEqual([`twin-kettle-${tag}`, `twin-kettle-${tag}-2`]);
    const racers = await Promise.all(Array.from({ length: 4 }, () => api.call("POST", "/shop/products", { body: body({ name }), token: adminToken })));
    expect(racers.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const slugs = new Set([first, second, ...racers].map((r) => r.body.slug));
    expect(slugs.size).toBe(6);
    for (const slug of slugs) expect(slug).toMatch(new RegExp(`^twin-kettle-${tag}(-[3-6])?$|^twin-kettle-${tag}-2$`));
  });

  it("lists every invalid field in a 400", async () => {
    const res = await api.call("POST", "/shop/products", {
      body: {
        slug: "Not A Slug",
        name: "  ",
        price: -1,
        currency: "usd",
        stock: 1.5,
        categoryId: "not-a-uuid",
        images: [{ url: "javascript:alert(1)" }, { url: "//evil.example.com/x.png" }],
      },
      token: adminToken,
    });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(["slug", "name", "price", "currency", "stock", "categoryId", "images.0.url", "images.1.url"]),
    );
    const tooMany = await api.call("POST", "/shop/products", {
      body: body({ slug: `many-${tag}`, images: Array.from({ length: 11 }, (_, i) => ({ url: `/i/${i}.png` })) }),
      token: adminToken,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.issues.map((i: { path: string }) => i.path)).toContain("images");
    // Not silently coerced to 0: a missing price never becomes a free product.
    for (const price of [null, "", "100", true]) {
      const res = await api.call("POST", "/shop/products", { body: body({ slug: `coerce-${tag}`, price }), token: adminToken });
      expect(res.status, JSON.stringify(price)).toBe(400);
    }
    const nulBody = body({ slug: `nul-${tag}`, name: "a\u0000b" });
    const nul = await api.call("POST", "/shop/products", { body: nulBody, token: adminToken });
    expect(nul.status).toBe(400);
    expect(nul.body.issues.map((i: { path: string }) => i.path)).toContain("name");
    expect(await deps.db.product.count({ where: { slug: { in: [`many-${tag}`, `coerce-${tag}`, `nul-${tag}`] } } })).toBe(0);
  });

  it("refuses fields clients may not set (mass assignment) and changes nothing", async () => {
    const forbidden: Record<string, unknown> = { ratingAverage: 5, ratingCount: 999, id: randomUUID(), isActive: false };
    for (const [field, value] of Object.entries(forbidden)) {
      const slug = `mass-${tag}-${field.toLowerCase()}`;
      const res = await api.call("POST", "/shop/products", { body: body({ slug, [field]: value }), token: adminToken });
      expect(res.status, field).toBe(400);
      expect(res.body.code).toBe("BAD_REQUEST");
      expect(await deps.db.product.count({ where: { slug } })).toBe(0);
    }
  });

  it("numbers in the query string are plain decimal: 0x10, 1e1, ' 5' and '' are 400s, 016 is 16", async () => {
    for (const path of ["/shop/products", "/shop/orders", `/shop/products/${products.p1!.slug}/reviews`]) {
      for (const bad of ["0x10", "1e1", "%205", "", "1.5", "Infinity"]) {
        const res = await api.call("GET", `${path}?limit=${bad}`, { token: customerToken });
        expect(res.status, `${path}?limit=${bad}`).toBe(400);
        expect(res.body.issues?.[0]?.path, `${path}?limit=${bad}`).toBe("limit");
      }
      expect((await api.call("GET", `${path}?limit=016`, { token: customerToken })).status, path).toBe(200);
    }
    expect((await list({ limit: 16 })).status).toBe(200);
    expect((await api.call("GET", "/shop/products?minPrice=0x10")).status).toBe(400);
  });

  it("answers 400 naming categoryId for an unknown category", async () => {
    const slug = `nocat-${tag}`;
    const res = await api.call("POST", "/shop/products", { body: body({ slug, categoryId: randomUUID() }), token: adminToken });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual({ field: "categoryId" });
    expect(await deps.db.product.count({ where: { slug } })).toBe(0);
  });
});
