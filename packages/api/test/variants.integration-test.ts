/**
 * Options and variants through the REST API: a product created with sizes and colours, its detail and list
 * entry, the old and the new cart shapes, checkout and cancel per variant, 200 racers on one variant, the option
 * filter, and facet counts checked against a direct SQL count of the same question.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductVariant } from "@shop/core";
import { uniqueSuffix } from "@shop/db/testing";
import { restClient, type Call } from "./http";
import { createTestDeps } from "./support";
import { ADDRESS, signedInUser, type TestUser } from "./orders-fixtures";

const deps = createTestDeps({ catalogCacheTtlMs: 0 });
const api = restClient(deps);
let admin: TestUser;
afterAll(() => deps.close());
beforeAll(async () => {
  admin = await signedInUser(deps, { role: "admin" });
});

/** A shoe in sizes 41-43 and two colours; 43 / Black is not made, 42 / Black is sold out. */
async function createShoe(tag = uniqueSuffix(), stock = 4) {
  const res = await api.call("POST", "/shop/products", {
    token: admin.token,
    body: {
      name: `Variant Shoe ${tag}`,
      price: 5000,
      images: [{ url: "/images/shoe-white.png", alt: "White" }, { url: "/images/shoe-black.png", alt: "Black" }],
      options: [
        { name: "Size", values: ["41", "42", "43"] },
        { name: "Colour", values: ["White", "Black"] },
      ],
      variants: [
        { options: { Size: "41", Colour: "White" }, stock },
        { options: { size: "42", colour: "white" }, stock, compareAtPrice: 6000 },
        { options: { Size: "43", Colour: "White" }, stock, price: 5500 },
        { options: { Size: "41", Colour: "Black" }, stock, imageIndex: 1 },
        { options: { Size: "42", Colour: "Black" }, stock: 0, imageIndex: 1 },
      ],
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; slug: string; variants: ProductVariant[]; [key: string]: unknown };
}

const variantOf = (product: { variants: ProductVariant[] }, title: string) => product.variants.find((v) => v.title === title)!;
const statuses = (calls: Call[]) => calls.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c.status]: (acc[c.status] ?? 0) + 1 }), {});

describe("a product with options", () => {
  it("is created with its options and variants, and its detail and list entry show them", async () => {
    const shoe = await createShoe();
    expect(shoe).toMatchObject({
      price: 5000,
      stock: 16,
      inStock: true,
      priceRange: { min: 5000, max: 5500 },
      options: [
        { name: "Size", values: ["41", "42", "43"] },
        { name: "Colour", values: ["White", "Black"] },
      ],
    });
    expect(shoe.variants.map((v) => v.title)).toEqual(["41 / White", "42 / White", "43 / White", "41 / Black", "42 / Black"]);
    expect(variantOf(shoe, "42 / White")).toMatchObject({
      sku: `${shoe.slug}-42-white`,
      options: [{ name: "Size", value: "42" }, { name: "Colour", value: "White" }],
      compareAtPrice: 6000,
      inStock: true,
    });
    expect(variantOf(shoe, "41 / Black")).toMatchObject({ imageUrl: "/images/shoe-black.png", stock: 4 });
    expect(variantOf(shoe, "42 / Black")).toMatchObject({ stock: 0, inStock: false });

    const listed = await api.call("GET", `/shop/products?q=${encodeURIComponent(String(shoe.name))}`);
    expect(listed.body.items[0]).toMatchObject({ id: shoe.id, price: 5000, stock: 16, priceRange: { min: 5000, max: 5500 }, variantCount: 5 });
  });

  it("refuses variants that do not fit the options, with the field named", async () => {
    const base = { name: `Bad ${uniqueSuffix()}`, price: 100, options: [{ name: "Size", values: ["S", "M"] }] };
    const cases: [unknown[], string][] = [
      [[], "variants"],
      [[{ options: { Size: "XL" } }], "variants.0.options"],
      [[{ options: {} }], "variants.0.options"],
      [[{ options: { Size: "S" } }, { options: { size: "s" } }], "variants.1.options"],
      [[{ options: { Size: "S", Colour: "Red" } }], "variants.0.options"],
      [[{ options: { Size: "S" }, compareAtPrice: 50 }], "variants.0.compareAtPrice"],
      [[{ options: { Size: "S" }, imageIndex: 0 }], "variants.0.imageIndex"],
      [[{ options: { Size: "S" }, sku: "DUP" }, { options: { Size: "M" }, sku: "dup" }], "variants.1.sku"],
    ];
    for (const [variants, field] of cases) {
      const res = await api.call("POST", "/shop/products", { token: admin.token, body: { ...base, variants } });
      expect(res.status, `${JSON.stringify(variants)} ${res.text}`).toBe(400);
      expect(res.body.details?.field, JSON.stringify(variants)).toBe(field);
    }
    const twice = await api.call("POST", "/shop/products", {
      token: admin.token,
      body: { ...base, options: [{ name: "Size", values: ["S"] }, { name: "size", values: ["M"] }], variants: [] },
    });
    expect(twice.status).toBe(400);
    expect(await deps.db.product.count({ where: { name: base.name } })).toBe(0);
  });

  it("answers 409 naming the SKU when another product has it", async () => {
    const first = await createShoe();
    const res = await api.call("POST", "/shop/products", {
      token: admin.token,
      body: { name: `Copycat ${uniqueSuffix()}`, price: 100, sku: first.variants[0]!.sku },
    });
    expect(res.status, res.text).toBe(409);
    expect(res.body.details).toMatchObject({ field: "sku", skus: [first.variants[0]!.sku] });
  });
});

describe("the cart and checkout per variant", () => {
  it("takes variantId; productId of a product with several variants is a 400 naming its options", async () => {
    const shoe = await createShoe();
    const buyer = await signedInUser(deps, { address: ADDRESS });
    const ambiguous = await api.call("POST", "/shop/cart", { token: buyer.token, body: { productId: shoe.id, quantity: 1 } });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.message).toContain("Size, Colour");
    expect(ambiguous.body.details).toMatchObject({ field: "variantId", options: ["Size", "Colour"] });
    const both = await api.call("POST", "/shop/cart", {
      token: buyer.token,
      body: { productId: shoe.id, variantId: shoe.variants[0]!.id, quantity: 1 },
    });
    expect(both.status).toBe(400);

    const white42 = variantOf(shoe, "42 / White");
    const black41 = variantOf(shoe, "41 / Black");
    expect((await api.call("POST", "/shop/cart", { token: buyer.token, body: { variantId: white42.id, quantity: 2 } })).status).toBe(200);
    const cart = await api.call("POST", "/shop/cart", { token: buyer.token, body: { variantId: black41.id, quantity: 1 } });
    expect(cart.body.items).toEqual([
      expect.objectContaining({
        productId: shoe.id,
        variantId: white42.id,
        sku: white42.sku,
        variantTitle: "42 / White",
        options: [{ name: "Size", value: "42" }, { name: "Colour", value: "White" }],
        unitPrice: 5000,
        quantity: 2,
        available: 4,
        imageUrl: "/images/shoe-white.png",
      }),
      expect.objectContaining({ variantId: black41.id, quantity: 1, imageUrl: "/images/shoe-black.png" }),
    ]);

    // Over the variant's stock: a 409 with the variant's figures; the sold-out variant cannot be added at all.
    const over = await api.call("POST", "/shop/cart", { token: buyer.token, body: { variantId: white42.id, quantity: 3 } });
    expect(over.status).toBe(409);
    expect(over.body.details).toEqual({ productId: shoe.id, variantId: white42.id, available: 4, inCart: 2 });
    const soldOut = await api.call("POST", "/shop/cart", { token: buyer.token, body: { variantId: variantOf(shoe, "42 / Black").id, quantity: 1 } });
    expect(soldOut.status).toBe(409);
    expect(soldOut.body.message).toBe("This product is out of stock");

    // A product id names a line only while the cart holds one variant of it.
    const byProduct = await api.call("PATCH", `/shop/cart/items/${shoe.id}`, { token: buyer.token, body: { quantity: 1 } });
    expect(byProduct.status).toBe(400);
    expect((await api.call("PATCH", `/shop/cart/items/${white42.id}`, { token: buyer.token, body: { quantity: 3 } })).body.items[0].quantity).toBe(3);

    const order = await api.call("POST", "/shop/orders", { token: buyer.token, body: {} });
    expect(order.status, order.text).toBe(201);
    expect(order.body.items).toEqual([
      expect.objectContaining({ variantId: white42.id, sku: white42.sku, variantTitle: "42 / White", quantity: 3, unitPrice: 5000 }),
      expect.objectContaining({ variantId: black41.id, variantTitle: "41 / Black", options: [{ name: "Size", value: "41" }, { name: "Colour", value: "Black" }] }),
    ]);
    const stock = async () =>
      Object.fromEntries((await deps.db.productVariant.findMany({ where: { productId: shoe.id }, select: { title: true, stock: true } })).map((v) => [v.title, v.stock]));
    expect(await stock()).toMatchObject({ "42 / White": 1, "41 / Black": 3, "41 / White": 4 });
    expect((await deps.db.product.findUniqueOrThrow({ where: { id: shoe.id } })).stock).toBe(16 - 4);

    const cancelled = await api.call("POST", `/shop/orders/${order.body.id}/cancel`, { token: buyer.token });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(await stock()).toMatchObject({ "42 / White": 4, "41 / Black": 4 });
    expect((await deps.db.product.findUniqueOrThrow({ where: { id: shoe.id } })).stock).toBe(16);
  });

  it("keeps the old shape for a product without options: productId adds its one variant", async () => {
    const res = await api.call("POST", "/shop/products", { token: admin.token, body: { name: `Plain ${uniqueSuffix()}`, price: 700, stock: 3 } });
    const guest = await api.call("POST", "/shop/cart", { body: { productId: res.body.id, quantity: 2 } });
    expect(guest.status, guest.text).toBe(200);
    expect(guest.body.items[0]).toMatchObject({ productId: res.body.id, variantId: res.body.variants[0].id, variantTitle: "", options: [], quantity: 2 });
    const patched = await api.call("PATCH", `/shop/cart/items/${res.body.id}`, { headers: { "x-cart-token": guest.body.cartToken }, body: { quantity: 3 } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.items[0].quantity).toBe(3);
  });

  it("200 concurrent checkouts of one variant with 10 in stock: exactly 10 orders, the other variants untouched", async () => {
    const shoe = await createShoe(uniqueSuffix(), 10);
    const target = variantOf(shoe, "43 / White");
    const buyers: TestUser[] = [];
    for (let i = 0; i < 200; i += 25) buyers.push(...(await Promise.all(Array.from({ length: 25 }, () => signedInUser(deps, { address: ADDRESS })))));
    await deps.db.cart.createMany({ data: buyers.map((b) => ({ userId: b.id })) });
    const carts = await deps.db.cart.findMany({ where: { userId: { in: buyers.map((b) => b.id) } }, select: { id: true } });
    await deps.db.cartItem.createMany({ data: carts.map((c) => ({ cartId: c.id, productId: shoe.id, variantId: target.id, quantity: 1 })) });

    const results = await Promise.all(buyers.map((buyer) => api.call("POST", "/shop/orders", { token: buyer.token, body: {} })));
    expect(statuses(results)).toEqual({ 201: 10, 409: 190 });
    const variants = await deps.db.productVariant.findMany({ where: { productId: shoe.id }, select: { title: true, stock: true } });
    expect(Object.fromEntries(variants.map((v) => [v.title, v.stock]))).toEqual({
      "41 / White": 10,
      "42 / White": 10,
      "43 / White": 0,
      "41 / Black": 10,
      "42 / Black": 0,
    });
    expect((await deps.db.product.findUniqueOrThrow({ where: { id: shoe.id } })).stock).toBe(30);
    expect((await deps.db.orderItem.aggregate({ where: { variantId: target.id }, _sum: { quantity: true } }))._sum.quantity).toBe(10);
  });
});

describe("option filters and facets", () => {
  it("filters the list by option values on one variant, and in stock with inStock", async () => {
    const tag = uniqueSuffix();
    const shoe = await createShoe(tag);
    const q = `q=${encodeURIComponent(`Variant Shoe ${tag}`)}`;
    const ids = async (extra: string) => (await api.call("GET", `/shop/products?${q}&${extra}`)).body.items.map((i: { id: string }) => i.id);
    expect(await ids("options=size:42")).toEqual([shoe.id]);
    expect(await ids("options=size:43,colour:black")).toEqual([]); // not made
    expect(await ids("options=size:42,colour:BLACK")).toEqual([shoe.id]);
    expect(await ids("options=size:42,colour:black&inStock=true")).toEqual([]); // sold out
    expect(await ids("options=size:42|43,colour:white&inStock=true")).toEqual([shoe.id]);
    expect((await api.call("GET", "/shop/products?options=size")).status).toBe(400);
  });

  it("counts facets exactly as a direct SQL count of the same question", async () => {
    const tag = uniqueSuffix();
    const category = await deps.db.category.create({ data: { slug: `facets-${tag}`, name: `Facets ${tag}` } });
    const word = `facetword${tag.replace(/[^a-z0-9]/g, "")}`;
    // 30 products: sizes S/M/L and colours Red/Blue in changing combinations, some sold out, prices spread.
    for (let i = 0; i < 30; i++) {
      const sizes = ["S", "M", "L"].slice(0, 1 + (i % 3));
      const colours = i % 2 === 0 ? ["Red"] : ["Red", "Blue"];
      const variants = sizes.flatMap((size, s) =>
        colours.map((colour, c) => ({ options: { Size: size, Colour: colour }, stock: (i + s + c) % 4 === 0 ? 0 : 2 })),
      );
      const res = await api.call("POST", "/shop/products", {
        token: admin.token,
        body: {
          name: `${word} item ${i}`,
          price: [500, 1500, 3000, 7000, 30000][i % 5],
          categoryId: category.id,
          options: [{ name: "Size", values: sizes }, { name: "Colour", values: colours }],
          variants,
        },
      });
      expect(res.status, res.text).toBe(201);
    }
    const facets = async (query: string) => {
      const res = await api.call("GET", `/shop/facets?q=${word}&${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body;
    };
    const sqlCount = async (where: string) => {
      const rows = await deps.db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM products p WHERE p.is_active AND p.name LIKE '${word} item %' AND ${where}`,
      );
      return rows[0]!.n;
    };
    const hasVariant = (conditions: string) =>
      `EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND ${conditions})`;
    const keyIs = (name: string, value: string) => `'${name}:${value}' = ANY (v.option_keys)`;

    for (const [query, base] of [
      ["", "true"],
      ["inStock=true", "p.stock > 0"],
      ["options=colour:blue", hasVariant(keyIs("colour", "blue"))],
      ["options=colour:blue&inStock=true", hasVariant(`${keyIs("colour", "blue")} AND v.stock > 0`)],
      ["minPrice=1000&maxPrice=5000", "p.price BETWEEN 1000 AND 5000"],
    ] as const) {
      const body = await facets(query);
      expect(body.total, query).toBe(await sqlCount(base));
      // Categories ignore the category filter; the one category holds them all.
      expect(body.categories.find((c: { id: string }) => c.id === category.id)?.count ?? 0, query).toBe(await sqlCount(base));

      const size = body.options.find((o: { key: string }) => o.key === "size");
      for (const value of ["S", "M", "L"]) {
        const variantConditions = [keyIs("size", value.toLowerCase())];
        if (query.includes("colour:blue")) variantConditions.push(keyIs("colour", "blue"));
        if (query.includes("inStock=true")) variantConditions.push("v.stock > 0");
        const priceFilter = query.includes("minPrice") ? "p.price BETWEEN 1000 AND 5000" : "true";
        const expected = await sqlCount(`${priceFilter} AND ${hasVariant(variantConditions.join(" AND "))}`);
        const got = size?.values.find((v: { value: string }) => v.value === value)?.count ?? 0;
        expect(got, `${query} size ${value}`).toBe(expected);
      }
      // The price bands ignore the price filter.
      const withoutPrice = query.includes("minPrice") ? "true" : base;
      for (const band of body.priceBands as { min: number; max: number | null; count: number }[]) {
        const bound = band.max === null ? `p.price >= ${band.min}` : `p.price >= ${band.min} AND p.price < ${band.max}`;
        expect(band.count, `${query} band ${band.min}`).toBe(await sqlCount(`${withoutPrice} AND ${bound}`));
      }
    }
    // A chosen value keeps the other values of its own option counted (counted without that option's filter).
    const chosen = await facets("options=colour:blue");
    const colour = chosen.options.find((o: { key: string }) => o.key === "colour");
    expect(colour.values.map((v: { value: string; selected: boolean }) => [v.value, v.selected])).toEqual([
      ["Red", false],
      ["Blue", true],
    ]);
    expect(colour.values[0].count).toBe(await sqlCount(hasVariant(keyIs("colour", "red"))));
  });

  it("counts a category's facets over its subtree while the category counts ignore it, under every other filter", async () => {
    const tag = uniqueSuffix();
    const parent = await deps.db.category.create({ data: { slug: `fp-${tag}`, name: `Facet parent ${tag}` } });
    const [left, right] = await Promise.all(
      ["l", "r"].map((k) => deps.db.category.create({ data: { slug: `fp-${k}-${tag}`, name: `Facet ${k} ${tag}`, parentId: parent.id } })),
    );
    const homes = [parent.id, left!.id, right!.id];
    const word = `subtreeword${tag.replace(/[^a-z0-9]/g, "")}`;
    for (let i = 0; i < 24; i++) {
      const sizes = ["S", "M", "L"].slice(0, 1 + (i % 3));
      const colours = i % 4 < 2 ? ["Red"] : ["Red", "Blue"];
      const res = await api.call("POST", "/shop/products", {
        token: admin.token,
        body: {
          name: `${word} item ${i}`,
          price: [500, 1500, 3000, 7000][i % 4],
          categoryId: homes[i % 3],
          options: [{ name: "Size", values: sizes }, { name: "Colour", values: colours }],
          variants: sizes.flatMap((size, s) =>
            colours.map((colour, c) => ({ options: { Size: size, Colour: colour }, stock: (i + s + c) % 3 === 0 ? 0 : 1 })),
          ),
        },
      });
      expect(res.status, res.text).toBe(201);
    }
    const count = async (where: string) =>
      (
        await deps.db.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM products p WHERE p.is_active AND p.name LIKE '${word} item %' AND ${where}`,
        )
      )[0]!.n;
    const inCategories = (ids: string[]) => `p.category_id IN (${ids.map((id) => `'${id}'`).join(", ")})`;
    const variantWith = (conditions: string[]) =>
      `EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND ${["true", ...conditions].join(" AND ")})`;
    const key = (name: string, value: string) => `'${name}:${value}' = ANY (v.option_keys)`;

    const cases = [
      { query: `category=${parent.slug}`, subtree: homes, price: null, blue: false, inStock: false },
      { query: `category=${left!.slug}`, subtree: [left!.id], price: null, blue: false, inStock: false },
      { query: `category=${left!.slug}&minPrice=1000&maxPrice=5000`, subtree: [left!.id], price: [1000, 5000], blue: false, inStock: false },
      { query: `category=${right!.id}&options=colour:blue&inStock=true`, subtree: [right!.id], price: null, blue: true, inStock: true },
      { query: `category=${parent.slug}&options=colour:blue&maxPrice=5000`, subtree: homes, price: [0, 5000], blue: true, inStock: false },
    ];
    for (const c of cases) {
      const res = await api.call("GET", `/shop/facets?q=${word}&${c.query}`);
      expect(res.status, res.text).toBe(200);
      const body = res.body;
      const price = c.price ? `p.price BETWEEN ${c.price[0]} AND ${c.price[1]}` : "true";
      const variant = [...(c.blue ? [key("colour", "blue")] : []), ...(c.inStock ? ["v.stock > 0"] : [])];
      const match = `${c.inStock ? "p.stock > 0" : "true"} AND ${variantWith(variant)}`;
      expect(body.total, c.query).toBe(await count(`${inCategories(c.subtree)} AND ${price} AND ${match}`));
      expect(body.inStock, c.query).toBe(
        await count(`${inCategories(c.subtree)} AND ${price} AND p.stock > 0 AND ${variantWith([...variant.filter((v) => v !== "v.stock > 0"), "v.stock > 0"])}`),
      );
      // Category counts: every category, whatever is chosen; a parent's count includes its children.
      for (const [id, ids] of [[parent.id, homes], [left!.id, [left!.id]], [right!.id, [right!.id]]] as const) {
        const got = body.categories.find((x: { id: string }) => x.id === id)?.count ?? 0;
        expect(got, `${c.query} category ${id}`).toBe(await count(`${inCategories([...ids])} AND ${price} AND ${match}`));
      }
      // Price bands: in the subtree, without the price filter.
      for (const band of body.priceBands as { min: number; max: number | null; count: number }[]) {
        const bound = band.max === null ? `p.price >= ${band.min}` : `p.price >= ${band.min} AND p.price < ${band.max}`;
        expect(band.count, `${c.query} band ${band.min}`).toBe(await count(`${inCategories(c.subtree)} AND ${bound} AND ${match}`));
      }
      // Sizes: in the subtree and the price range, on a variant that also meets the option filter.
      const size = body.options.find((o: { key: string }) => o.key === "size");
      for (const value of ["S", "M", "L"]) {
        const expected = await count(
          `${inCategories(c.subtree)} AND ${price} AND ${c.inStock ? "p.stock > 0" : "true"} AND ${variantWith([key("size", value.toLowerCase()), ...variant])}`,
        );
        expect(size?.values.find((v: { value: string }) => v.value === value)?.count ?? 0, `${c.query} size ${value}`).toBe(expected);
      }
    }
  });
});

describe("related products", () => {
  it("lists in-stock products of the same category first, never the product itself", async () => {
    const tag = uniqueSuffix();
    const parent = await deps.db.category.create({ data: { slug: `rel-${tag}`, name: `Rel ${tag}` } });
    const [own, sibling] = await Promise.all(
      ["own", "sib"].map((k) => deps.db.category.create({ data: { slug: `rel-${k}-${tag}`, name: `${k} ${tag}`, parentId: parent.id } })),
    );
    const make = async (name: string, categoryId: string, stock: number) =>
      (await api.call("POST", "/shop/products", { token: admin.token, body: { name: `${name} ${tag}`, price: 100, stock, categoryId } })).body.id as string;
    const me = await make("me", own!.id, 1);
    const mate = await make("mate", own!.id, 1);
    await make("soldout", own!.id, 0);
    const cousin = await make("cousin", sibling!.id, 1);
    const res = await api.call("GET", `/shop/products/${me}/related`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([mate, cousin]);
    expect((await api.call("GET", `/shop/products/no-such-${tag}/related`)).status).toBe(404);
  });
});
