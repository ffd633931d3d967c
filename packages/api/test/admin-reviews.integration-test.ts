/**
 * Review moderation through the real REST handler against real Postgres: hide and restore keep the product's
 * rating summary exactly what its visible reviews say (checked against SQL of our own), also while customers
 * keep reviewing and admins keep hiding at the same time; hidden reviews leave the shop's pages at once (the
 * catalogue cache is on here, so a missed invalidation would show).
 */
import { afterAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "@shop/db/testing";
import { restClient } from "./http";
import { createTestDeps } from "./support";
import { createProduct, signedInUser, type TestUser } from "./orders-fixtures";

const deps = createTestDeps({ catalogCacheTtlMs: 60_000 });
const api = restClient(deps);
afterAll(() => deps.close());

/** The summary as the reviews table says it should be: visible reviews only. */
async function expectedSummary(productId: string) {
  const [row] = await deps.db.$queryRaw<{ n: number; average: number }[]>`
    SELECT count(*)::int AS n, coalesce(round(avg(rating), 2), 0)::float8 AS average
    FROM reviews WHERE product_id = ${productId}::uuid AND hidden_at IS NULL`;
  return { ratingCount: row!.n, ratingAverage: row!.average };
}

async function storedSummary(productId: string) {
  const p = await deps.db.product.findUniqueOrThrow({ where: { id: productId }, select: { ratingAverage: true, ratingCount: true } });
  return { ratingCount: p.ratingCount, ratingAverage: Number(p.ratingAverage) };
}

async function review(user: TestUser, productId: string, rating: number, title = `Review ${uniqueSuffix()}`) {
  const res = await api.call("POST", `/shop/products/${productId}/review`, { token: user.token, body: { rating, title } });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

describe("POST /admin/reviews/{id}/hide and /restore", () => {
  it("hides a review from the shop and its rating summary, and restores it; the author still sees their own", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const product = await createProduct(deps, { stock: 5 });
    const [alice, bob, carol] = [await signedInUser(deps), await signedInUser(deps), await signedInUser(deps)];
    await review(alice, product.id, 5);
    const spam = await review(bob, product.id, 1, "Buy cheap watches at ...");
    await review(carol, product.id, 4);
    // Warm the cache: the product page and its reviews as the shop shows them.
    expect((await api.call("GET", `/shop/products/${product.id}`)).body.ratingCount).toBe(3);
    expect((await api.call("GET", `/shop/products/${product.id}/reviews`)).body).toMatchObject({ ratingCount: 3, ratingAverage: 3.33 });

    const hidden = await api.call("POST", `/admin/reviews/${spam}/hide`, { token: admin.token, body: { reason: "Spam link" } });
    expect(hidden.status, hidden.text).toBe(200);
    expect(hidden.body).toMatchObject({
      review: { id: spam, hiddenAt: expect.any(String), hiddenReason: "Spam link", author: { id: bob.id } },
      ratingCount: 2,
      ratingAverage: 4.5,
    });
    expect(await storedSummary(product.id)).toEqual(await expectedSummary(product.id));
    expect(await storedSummary(product.id)).toEqual({ ratingCount: 2, ratingAverage: 4.5 });

    const list = await api.call("GET", `/shop/products/${product.id}/reviews`);
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(spam);
    expect(list.body).toMatchObject({ ratingCount: 2, ratingAverage: 4.5 });
    expect(list.body.items).toHaveLength(2);
    expect((await api.call("GET", `/shop/products/${product.id}`)).body).toMatchObject({ ratingCount: 2, ratingAverage: 4.5 });
    // Its author still sees it as theirs (they cannot write another one).
    const own = await api.call("GET", `/shop/products/${product.id}/review`, { token: bob.token });
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(spam);

    const audit = await deps.db.auditLog.findFirst({ where: { entityId: spam, action: "review.hide" }, select: { actorId: true, after: true } });
    expect(audit).toMatchObject({ actorId: admin.id, after: { hiddenReason: "Spam link", ratingCount: 2 } });

    // Hiding again changes nothing (no second audit entry, same summary).
    expect((await api.call("POST", `/admin/reviews/${spam}/hide`, { token: admin.token, body: { reason: "Spam link" } })).status).toBe(200);
    expect(await deps.db.auditLog.count({ where: { entityId: spam, action: "review.hide" } })).toBe(1);

    const restored = await api.call("POST", `/admin/reviews/${spam}/restore`, { token: admin.token, body: {} });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ review: { hiddenAt: null, hiddenReason: null }, ratingCount: 3, ratingAverage: 3.33 });
    expect(await storedSummary(product.id)).toEqual(await expectedSummary(product.id));
    expect((await api.call("GET", `/shop/products/${product.id}/reviews`)).body.items.map((r: { id: string }) => r.id)).toContain(spam);
    expect((await api.call("GET", `/shop/products/${product.id}`)).body.ratingCount).toBe(3);
    expect(await deps.db.auditLog.count({ where: { entityId: spam, action: "review.restore" } })).toBe(1);
  });

  it("keeps the summary exact under concurrent hides, restores and new reviews", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const product = await createProduct(deps, { stock: 5 });
    const early: string[] = [];
    for (let i = 0; i < 12; i++) early.push(await review(await signedInUser(deps), product.id, (i % 5) + 1));
    const newcomers = await Promise.all(Array.from({ length: 12 }, () => signedInUser(deps)));

    await Promise.all([
      ...early.slice(0, 8).map((id, i) => api.call("POST", `/admin/reviews/${id}/hide`, { token: admin.token, body: { reason: `r${i}` } })),
      ...newcomers.map((user, i) => api.call("POST", `/shop/products/${product.id}/review`, { token: user.token, body: { rating: ((i * 3) % 5) + 1 } })),
    ]).then((all) => all.forEach((r) => expect([200, 201], r.text).toContain(r.status)));
    expect(await storedSummary(product.id)).toEqual(await expectedSummary(product.id));
    expect((await storedSummary(product.id)).ratingCount).toBe(4 + 12);

    // Crossing hides and restores of the same reviews, twice each.
    await Promise.all([
      ...early.slice(0, 8).map((id) => api.call("POST", `/admin/reviews/${id}/restore`, { token: admin.token, body: {} })),
      ...early.slice(4, 12).map((id) => api.call("POST", `/admin/reviews/${id}/hide`, { token: admin.token, body: { reason: "second pass" } })),
    ]).then((all) => all.forEach((r) => expect(r.status, r.text).toBe(200)));
    expect(await storedSummary(product.id)).toEqual(await expectedSummary(product.id));
    const page = await api.call("GET", `/shop/products/${product.id}/reviews?limit=100`);
    expect(page.body.items).toHaveLength(page.body.ratingCount);
    expect(page.body.ratingCount).toBe((await expectedSummary(product.id)).ratingCount);
  });

  it("is for admins only, and validates its input", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const staff = await signedInUser(deps, { role: "staff" });
    const customer = await signedInUser(deps);
    const product = await createProduct(deps, { stock: 1 });
    const id = await review(customer, product.id, 3);
    for (const token of [staff.token, customer.token]) {
      expect((await api.call("POST", `/admin/reviews/${id}/hide`, { token, body: { reason: "x" } })).status).toBe(403);
      expect((await api.call("GET", "/admin/reviews", { token })).status).toBe(403);
    }
    expect((await api.call("POST", `/admin/reviews/${id}/hide`, { body: { reason: "x" } })).status).toBe(401);
    const noReason = await api.call("POST", `/admin/reviews/${id}/hide`, { token: admin.token, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0].path).toBe("reason");
    expect((await api.call("POST", `/admin/reviews/${crypto.randomUUID()}/hide`, { token: admin.token, body: { reason: "x" } })).status).toBe(404);
    expect((await api.call("POST", `/admin/reviews/${crypto.randomUUID()}/restore`, { token: admin.token, body: {} })).status).toBe(404);
    expect((await deps.db.review.findUniqueOrThrow({ where: { id }, select: { hiddenAt: true } })).hiddenAt).toBeNull();
  });
});

describe("GET /admin/reviews", () => {
  it("lists every review newest first with filters by product, rating, hidden and text, paged with a total", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const product = await createProduct(deps, { stock: 5 });
    const word = `quux${uniqueSuffix()}`;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await review(await signedInUser(deps), product.id, i + 2, i === 3 ? `A ${word} title` : `Plain ${i}`));
    await api.call("POST", `/admin/reviews/${ids[0]}/hide`, { token: admin.token, body: { reason: "off-topic" } });

    const all = await api.call("GET", `/admin/reviews?productId=${product.id}&limit=3`, { token: admin.token });
    expect(all.status, all.text).toBe(200);
    expect(all.body.total).toBe(4);
    const next = await api.call("GET", `/admin/reviews?productId=${product.id}&limit=3&cursor=${all.body.nextCursor}`, { token: admin.token });
    expect([...all.body.items, ...next.body.items].map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    expect(next.body.nextCursor).toBeNull();
    expect(all.body.items[0]).toMatchObject({ productId: product.id, productName: product.name, productSlug: product.slug, author: { phone: expect.any(String) } });

    const hidden = await api.call("GET", `/admin/reviews?productId=${product.id}&hidden=true`, { token: admin.token });
    expect(hidden.body.items.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect(hidden.body.items[0].hiddenReason).toBe("off-topic");
    expect((await api.call("GET", `/admin/reviews?productId=${product.id}&hidden=false`, { token: admin.token })).body.total).toBe(3);
    const stars = await api.call("GET", `/admin/reviews?productId=${product.id}&rating=3`, { token: admin.token });
    expect(stars.body.items.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    const text = await api.call("GET", `/admin/reviews?q=${word.toUpperCase()}`, { token: admin.token });
    expect(text.body.items.map((r: { id: string }) => r.id)).toEqual([ids[3]]);

    const bad = await api.call("GET", "/admin/reviews?rating=6&hidden=maybe&productId=x", { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["hidden", "productId", "rating"]);
  });
});
