import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../src/openapi";

type Op = { security?: unknown[]; responses?: Record<string, unknown>; parameters?: { name: string; in: string }[] };

describe("OpenAPI document: reviews", () => {
  const doc = buildOpenApiDocument();

  it("lists POST /shop/products/{id}/review as a protected 201 with its error statuses", () => {
    const op = doc.paths?.["/shop/products/{id}/review"]?.post as Op | undefined;
    expect(op).toBeDefined();
    expect(op?.security?.length).toBeGreaterThan(0);
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["201", "400", "401", "404", "409"]));
    expect(op?.responses?.["200"]).toBeUndefined();
    expect(op?.parameters?.some((p) => p.name === "id" && p.in === "path")).toBe(true);
  });

  it("lists GET /shop/products/{id}/reviews as public with limit and cursor", () => {
    const op = doc.paths?.["/shop/products/{id}/reviews"]?.get as Op | undefined;
    expect(op).toBeDefined();
    expect(op?.security ?? []).toEqual([]);
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["200", "404"]));
    const names = (op?.parameters ?? []).map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(expect.arrayContaining(["path:id", "query:limit", "query:cursor"]));
  });

  it("documents the public review without any user id or phone", () => {
    const review = doc.components?.schemas?.Review as { properties?: Record<string, unknown> };
    expect(Object.keys(review.properties ?? {}).sort()).toEqual(
      ["author", "comment", "createdAt", "id", "productId", "rating", "title", "verifiedPurchase"].sort(),
    );
  });
});
