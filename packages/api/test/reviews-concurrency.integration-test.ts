/**
 * Reviews under concurrency, through the REST handler: the product's rating summary stays exact when many customers
 * review at once, and one customer's concurrent duplicates get in exactly once. Runs against real Postgres and
 * again against the embedded Postgres (project api:embedded).
 */
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@shop/db";
import { testDatabaseUrl, uniqueSuffix } from "@shop/db/testing";
import { createTestDeps, uniquePhone } from "./support";
import { restClient } from "./http";

const deps = createTestDeps();
const api = restClient(deps);
// The shared test pool (5) would queue most of 20 concurrent requests; a pool of 20 lets them truly overlap.
const wideDb = createDb(testDatabaseUrl(), { poolSize: 20 });
const wideApi = restClient({ ...deps, db: wideDb });
afterAll(async () => {
  await wideDb.$disconnect();
  await deps.close();
});

async function product() {
  return deps.db.product.create({
    data: { slug: `review-race-${uniqueSuffix()}`, name: "Reviewed thing", price: 1_999, stock: 5 },
    select: { id: true },
  });
}

async function customer() {
  const user = await deps.db.user.create({ data: { phone: uniquePhone(), name: "Ada Lovelace" }, select: { id: true } });
  const { accessToken } = await deps.services.sessions.create({ id: user.id, role: "customer" });
  return { id: user.id, token: accessToken };
}

async function summary(productId: string) {
  const row = await deps.db.product.findUniqueOrThrow({ where: { id: productId }, select: { ratingAverage: true, ratingCount: true } });
  return { average: Number(row.ratingAverage), count: row.ratingCount };
}

const review = (ref: string, token: string, body: unknown) => api.call("POST", `/shop/products/${ref}/review`, { token, body });

const round2 = (n: number) => Math.round(n * 100) / 100;

describe("rating summary under concurrency", () => {
  it("stays exact under 20 concurrent reviews by 20 customers", async () => {
    const p = await product();
    const users = await Promise.all(Array.from({ length: 20 }, () => customer()));
    const ratings = users.map((_, i) => [5, 4, 4, 3, 1, 5, 2][i % 7]!);
    const results = await Promise.all(
      users.map((user, i) => wideApi.call("POST", `/shop/products/${p.id}/review`, { token: user.token, body: { rating: ratings[i] } })),
    );
    expect(results.filter((res) => res.status >= 500)).toEqual([]);
    expect(results.map((res) => res.status)).toEqual(Array(20).fill(201));
    const expected = round2(ratings.reduce((a, b) => a + b, 0) / ratings.length);
    expect(await summary(p.id)).toEqual({ average: expected, count: 20 });
    const list = await api.call("GET", `/shop/products/${p.id}/reviews?limit=100`);
    expect(list.body).toMatchObject({ ratingAverage: expected, ratingCount: 20 });
    expect(list.body.items).toHaveLength(20);
  });

  it("lets concurrent duplicates of one customer through exactly once", async () => {
    const p = await product();
    const ada = await customer();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => review(p.id, ada.token, { rating: i + 1 })));
    expect(results.map((res) => res.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const winner = results.find((res) => res.status === 201)!;
    expect(await summary(p.id)).toEqual({ average: winner.body.rating, count: 1 });
  });
});
