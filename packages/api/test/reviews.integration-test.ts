/**
 * Product reviews through the REST handler against real Postgres: one review per customer, verified purchases
 * from real order rows, the product's rating summary, and newest-first keyset pages. Concurrent reviews:
 * reviews-concurrency.integration-test.ts.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "@shop/db/testing";
import { createTestDeps, uniquePhone } from "./support";
import { restClient } from "./http";

const deps = createTestDeps();
const api = restClient(deps);
afterAll(() => deps.close());

type OrderStatus = "pending" | "paid" | "shipped" | "delivered" | "cancelled";

async function product(options: { isActive?: boolean } = {}) {
  return deps.db.product.create({
    data: { slug: `review-${uniqueSuffix()}`, name: "Reviewed thing", price: 1_999, stock: 5, isActive: options.isActive ?? true },
    select: { id: true, slug: true },
  });
}

async function customer(name: string | null = "Ada Lovelace") {
  const phone = uniquePhone();
  const user = await deps.db.user.create({ data: { phone, name }, select: { id: true } });
  const { accessToken } = await deps.services.sessions.create({ id: user.id, role: "customer" });
  return { id: user.id, phone, token: accessToken };
}

async function order(userId: string, productId: string, status: OrderStatus) {
  await deps.db.order.create({
    data: {
      number: `SO-T-${uniqueSuffix()}`,
      userId,
      status,
      currency: "USD",
      subtotal: 1_999,
      total: 1_999,
      shippingAddress: { line1: "1 Test Street", city: "London", postalCode: "N1 1AA", country: "GB" },
      items: {
        create: [{ productId, productName: "Reviewed thing", productSlug: "reviewed-thing", unitPrice: 1_999, quantity: 1, lineTotal: 1_999 }],
      },
    },
  });
}

async function summary(productId: string) {
  const row = await deps.db.product.findUniqueOrThrow({
    where: { id: productId },
    select: { ratingAverage: true, ratingCount: true },
  });
  return { average: Number(row.ratingAverage), count: row.ratingCount };
}

const review = (ref: string, token: string | undefined, body: unknown) =>
  api.call("POST", `/shop/products/${ref}/review`, { token, body });

describe("POST /shop/products/{id}/review", () => {
  it("needs a signed-in caller", async () => {
    const p = await product();
    const res = await review(p.id, undefined, { rating: 5 });
    expect(res.status).toBe(401);
    expect(await deps.db.review.count({ where: { productId: p.id } })).toBe(0);
  });

  it("answers 201 with the public review and updates the product's summary", async () => {
    const p = await product();
    const ada = await customer("Ada Lovelace");
    const res = await review(p.id, ada.token, { rating: 4, title: "Solid", comment: "Does what it says." });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      productId: p.id,
      rating: 4,
      title: "Solid",
      comment: "Does what it says.",
      verifiedPurchase: false,
      author: { name: "Ada Lovelace" },
      createdAt: expect.any(String),
    });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    // The comment is stored as the review body.
    const stored = await deps.db.review.findUniqueOrThrow({ where: { id: res.body.id }, select: { body: true, userId: true } });
    expect(stored).toEqual({ body: "Does what it says.", userId: ada.id });
    expect(await summary(p.id)).toEqual({ average: 4, count: 1 });
  });

  it("accepts the product slug, trailing slash too, and names anonymous authors Customer", async () => {
    const p = await product();
    const nameless = await customer(null);
    const res = await api.call("POST", `/shop/products/${p.slug}/review/`, { token: nameless.token, body: { rating: 3 } });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ productId: p.id, rating: 3, title: null, comment: null, author: { name: "Customer" } });
  });

  it("refuses a second review by the same customer with 409 and leaves the first untouched", async () => {
    const p = await product();
    const ada = await customer();
    expect((await review(p.id, ada.token, { rating: 5 })).status).toBe(201);
    const again = await review(p.slug, ada.token, { rating: 1, comment: "changed my mind" });
    expect(again.status, again.text).toBe(409);
    expect(again.body.code).toBe("CONFLICT");
    expect(await summary(p.id)).toEqual({ average: 5, count: 1 });
    const rows = await deps.db.review.findMany({ where: { productId: p.id }, select: { rating: true, body: true } });
    expect(rows).toEqual([{ rating: 5, body: "" }]);
  });

  it("lets two customers review the same product", async () => {
    const p = await product();
    expect((await review(p.id, (await customer()).token, { rating: 5 })).status).toBe(201);
    expect((await review(p.id, (await customer()).token, { rating: 2 })).status).toBe(201);
    expect(await summary(p.id)).toEqual({ average: 3.5, count: 2 });
  });

  it.each([
    ["rating 0", { rating: 0 }],
    ["rating 6", { rating: 6 }],
    ["rating 2.5", { rating: 2.5 }],
    ["no rating", { comment: "great" }],
    ["a comment over 5,000 characters", { rating: 5, comment: "x".repeat(5_001) }],
    ["a title over 120 characters", { rating: 5, title: "t".repeat(121) }],
  ])("answers 400 for %s and stores nothing", async (_label, body) => {
    const p = await product();
    const ada = await customer();
    const res = await review(p.id, ada.token, body);
    expect(res.status, res.text).toBe(400);
    expect(res.body.issues?.length).toBeGreaterThan(0);
    expect(await deps.db.review.count({ where: { productId: p.id } })).toBe(0);
    expect(await summary(p.id)).toEqual({ average: 0, count: 0 });
  });

  it("accepts a comment of exactly 5,000 characters", async () => {
    const p = await product();
    const res = await review(p.id, (await customer()).token, { rating: 5, comment: "y".repeat(5_000) });
    expect(res.status, res.text).toBe(201);
    expect(res.body.comment).toHaveLength(5_000);
  });

  it.each([
    ["verifiedPurchase", { verifiedPurchase: true }],
    ["userId", { userId: "someone-else" }],
    ["productId", { productId: randomUUID() }],
    ["ratingAverage", { ratingAverage: 5 }],
  ])("refuses %s in the body with 400 and changes nothing", async (field, extra) => {
    const p = await product();
    const other = await product();
    const ada = await customer();
    const body = field === "userId" ? { rating: 5, userId: (await customer()).id } : { rating: 5, ...extra };
    const res = await review(p.id, ada.token, field === "productId" ? { rating: 5, productId: other.id } : body);
    expect(res.status, res.text).toBe(400);
    expect(res.body.issues?.map((issue: { path: string; code: string }) => issue.code)).toContain("unrecognized_keys");
    expect(await deps.db.review.count({ where: { productId: { in: [p.id, other.id] } } })).toBe(0);
    expect(await summary(p.id)).toEqual({ average: 0, count: 0 });
    expect(await summary(other.id)).toEqual({ average: 0, count: 0 });
  });

  it.each([
    ["an unknown id", () => randomUUID()],
    ["an unknown slug", () => `no-such-product-${uniqueSuffix()}`],
    ["something neither uuid nor slug-like", () => "not%20a%20uuid"],
  ])("answers 404 for %s (never a 500)", async (_label, ref) => {
    const res = await review(ref(), (await customer()).token, { rating: 4 });
    expect(res.status, res.text).toBe(404);
    expect(res.body.code).toBe("NOT_FOUND");
  });

  it("answers 404 for an inactive product, by id and by slug", async () => {
    const p = await product({ isActive: false });
    const ada = await customer();
    expect((await review(p.id, ada.token, { rating: 4 })).status).toBe(404);
    expect((await review(p.slug, ada.token, { rating: 4 })).status).toBe(404);
    expect(await deps.db.review.count({ where: { productId: p.id } })).toBe(0);
  });
});

describe("GET /shop/products/{id}/review (the caller's own)", () => {
  it("answers the caller's review by id or slug, and 404 to everyone else", async () => {
    const p = await product();
    const ada = await customer("Ada Lovelace");
    const bob = await customer("Bob");
    const written = await review(p.id, ada.token, { rating: 4, title: "Mine", comment: "Only Ada's." });
    expect(written.status).toBe(201);
    for (const path of [`/shop/products/${p.id}/review`, `/shop/products/${p.slug}/review`, `/shop/products/${p.slug}/review/`]) {
      const mine = await api.call("GET", path, { token: ada.token });
      expect(mine.status, mine.text).toBe(200);
      expect(mine.body).toEqual(written.body);
    }
    // Bob has not reviewed it: a 404 that shows nothing of Ada's review.
    const theirs = await api.call("GET", `/shop/products/${p.id}/review`, { token: bob.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe("NOT_FOUND");
    expect(theirs.text).not.toContain("Only Ada's");
    expect((await api.call("GET", `/shop/products/${p.id}/review`)).status).toBe(401);
  });

  it("answers 404 for unknown and inactive products", async () => {
    const ada = await customer();
    const hidden = await product({ isActive: false });
    for (const ref of [randomUUID(), "no-such-product", hidden.id]) {
      const res = await api.call("GET", `/shop/products/${ref}/review`, { token: ada.token });
      expect(res.status, ref).toBe(404);
    }
  });
});

describe("verified purchases", () => {
  it.each(["pending", "paid", "shipped", "delivered"] as const)("are verified with a %s order containing the product", async (status) => {
    const p = await product();
    const ada = await customer();
    await order(ada.id, p.id, status);
    const res = await review(p.id, ada.token, { rating: 5 });
    expect(res.status, res.text).toBe(201);
    expect(res.body.verifiedPurchase).toBe(true);
    expect(await deps.db.review.findUniqueOrThrow({ where: { id: res.body.id }, select: { verifiedPurchase: true } })).toEqual({
      verifiedPurchase: true,
    });
  });

  it("are not verified with only a cancelled order, an order of another product, another user's order, or none", async () => {
    const p = await product();
    const cancelled = await customer();
    await order(cancelled.id, p.id, "cancelled");
    const otherProduct = await customer();
    await order(otherProduct.id, (await product()).id, "delivered");
    const buyer = await customer();
    await order(buyer.id, p.id, "delivered");
    const noOrder = await customer();
    for (const user of [cancelled, otherProduct, noOrder]) {
      const res = await review(p.id, user.token, { rating: 3 });
      expect(res.status, res.text).toBe(201);
      expect(res.body.verifiedPurchase).toBe(false);
    }
  });
});

describe("rating summary", () => {
  it("is the mean of the reviews to 2 decimals, shown with the reviews", async () => {
    const p = await product();
    for (const rating of [5, 4, 2]) {
      expect((await review(p.id, (await customer()).token, { rating })).status).toBe(201);
    }
    expect(await summary(p.id)).toEqual({ average: 3.67, count: 3 });
    const res = await api.call("GET", `/shop/products/${p.slug}/reviews`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ ratingAverage: 3.67, ratingCount: 3, nextCursor: null });
    expect(res.body.items.map((item: { rating: number }) => item.rating)).toEqual([2, 4, 5]);
  });
});

describe("GET /shop/products/{id}/reviews", () => {
  it("pages newest first with no duplicates or gaps, ties broken by id", async () => {
    const p = await product();
    const posted: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await review(p.id, (await customer(`Reviewer ${i}`)).token, { rating: 1 + (i % 5) });
      expect(res.status).toBe(201);
      posted.push(res.body.id);
    }
    // Five reviews with one timestamp, older than the rest: the page boundary falls inside the tie.
    const tied = new Date(Date.now() - 60_000);
    for (let i = 0; i < 5; i++) {
      const user = await customer(`Tied ${i}`);
      await deps.db.review.create({ data: { userId: user.id, productId: p.id, rating: 4, createdAt: tied } });
    }
    const expected = (
      await deps.db.review.findMany({ where: { productId: p.id }, select: { id: true, createdAt: true } })
    )
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((row) => row.id);
    expect(expected.slice(0, 4)).toEqual([...posted].reverse());

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : "?limit=3";
      const res = await api.call("GET", `/shop/products/${p.id}/reviews${query}`);
      expect(res.status, res.text).toBe(200);
      sizes.push(res.body.items.length);
      seen.push(...res.body.items.map((item: { id: string }) => item.id));
      cursor = res.body.nextCursor;
    } while (cursor && sizes.length < 10);
    expect(sizes).toEqual([3, 3, 3]);
    expect(seen).toEqual(expected);
  });

  it("defaults to 20 per page and refuses limits outside 1..100 and bad cursors", async () => {
    const p = await product();
    const empty = await api.call("GET", `/shop/products/${p.id}/reviews`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [], nextCursor: null, ratingAverage: 0, ratingCount: 0 });
    for (let i = 0; i < 21; i++) {
      const user = await customer();
      await deps.db.review.create({ data: { userId: user.id, productId: p.id, rating: 5 } });
    }
    const first = await api.call("GET", `/shop/products/${p.id}/reviews`);
    expect(first.body.items).toHaveLength(20);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    for (const query of ["limit=0", "limit=101", "limit=abc", "cursor=not-a-cursor", `cursor=${Buffer.from('["x","y"]').toString("base64url")}`]) {
      const res = await api.call("GET", `/shop/products/${p.id}/reviews?${query}`);
      expect(res.status, `${query}: ${res.text}`).toBe(400);
    }
  });

  it("answers 404 for unknown and inactive products, by id or slug", async () => {
    const inactive = await product({ isActive: false });
    for (const ref of [randomUUID(), `no-such-product-${uniqueSuffix()}`, inactive.id, inactive.slug]) {
      const res = await api.call("GET", `/shop/products/${ref}/reviews`);
      expect(res.status, `${ref}: ${res.text}`).toBe(404);
    }
  });

  it("shows the author's display name only: no phone, no user id", async () => {
    const p = await product();
    const ada = await customer("Ada Lovelace");
    await order(ada.id, p.id, "delivered");
    const created = await review(p.id, ada.token, { rating: 5, title: "Lovely", comment: "Works." });
    expect(created.status).toBe(201);
    for (const text of [created.text, (await api.call("GET", `/shop/products/${p.id}/reviews`)).text]) {
      expect(text).not.toContain(ada.id);
      expect(text).not.toContain(ada.phone);
      expect(text).not.toMatch(/userId|phone/);
    }
    const list = await api.call("GET", `/shop/products/${p.id}/reviews`, { token: (await customer()).token });
    expect(Object.keys(list.body.items[0]).sort()).toEqual(
      ["author", "comment", "createdAt", "id", "productId", "rating", "title", "verifiedPurchase"].sort(),
    );
    expect(list.body.items[0]).toMatchObject({ author: { name: "Ada Lovelace" }, verifiedPurchase: true, title: "Lovely", comment: "Works." });
  });
});
