/**
 * A saturated pool: checkout answers 503 with Retry-After, not 500. Kept apart from the concurrency suites, which
 * also run on the embedded Postgres: there one open transaction holds the only session, so the authentication
 * query this test needs while the pool's transaction is held would wait for it instead.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@shop/db";
import { testDatabaseUrl } from "@shop/db/testing";
import { restClient } from "./http";
import { createTestDeps } from "./support";
import { ADDRESS, createProduct, fillCart, signedInUser, stockOf } from "./orders-fixtures";

const deps = createTestDeps();
afterAll(() => deps.close());

/**
 * Runs `fn` with a REST client whose database pool has its one connection held by an open transaction, so every
 * query of the request waits for a connection that never frees up (sessions authenticate through `deps`' pool).
 */
async function withSaturatedPool(fn: (api: ReturnType<typeof restClient>) => Promise<void>): Promise<void> {
  const tiny = createDb(testDatabaseUrl(), { poolSize: 1, connectionTimeoutMs: 200 });
  let release: () => void = () => {};
  const held = tiny.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      await new Promise<void>((resolve) => (release = resolve));
    },
    { timeout: 10_000 },
  );
  try {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fn(restClient({ ...deps, db: tiny }));
  } finally {
    release();
    await held;
    await tiny.$disconnect();
  }
}

describe("a saturated database", () => {
  it("answers 503 with Retry-After, not 500, when no connection frees up in time", async () => {
    const buyer = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 5 });
    await fillCart(deps, buyer.id, [{ productId: product.id, quantity: 1 }]);
    await withSaturatedPool(async (api) => {
      const res = await api.call("POST", "/shop/orders", { token: buyer.token, body: {} });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.body.code).toBe("SERVICE_UNAVAILABLE");
    });
    expect(await stockOf(deps, product.id)).toBe(5);
  });

  it("any other operation too: a read that finds no free connection is a 503 with Retry-After, not a 500", async () => {
    await withSaturatedPool(async (api) => {
      for (const path of ["/shop/products?limit=2", "/shop/categories"]) {
        const res = await api.call("GET", path);
        expect(res.status, path).toBe(503);
        expect(res.headers.get("retry-after"), path).toBe("1");
        expect(res.body.code, path).toBe("SERVICE_UNAVAILABLE");
      }
    });
  });
});
