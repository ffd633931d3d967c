import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../src/openapi";

type Param = { name: string; in: string; required?: boolean; schema?: Record<string, unknown> };
type BodySchema = { properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown };
type Op = {
  security?: unknown[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema?: BodySchema }> };
};

describe("OpenAPI document: catalogue", () => {
  const doc = buildOpenApiDocument();
  const op = (path: string, method: "get" | "post") => (doc.paths?.[path] as Record<string, Op> | undefined)?.[method];
  // Each operation's own parameters (every one also takes the shared X-Request-Id, a $ref).
  const own = (o: Op | undefined) => (o?.parameters ?? []).filter((p) => !("$ref" in p));

  it("lists GET /shop/products as public with every query parameter", () => {
    const list = op("/shop/products", "get");
    expect(list).toBeDefined();
    expect(list?.security ?? []).toEqual([]);
    const params = own(list);
    expect(params.map((p) => `${p.in}:${p.name}`).sort()).toEqual(
      ["category", "cursor", "inStock", "limit", "maxPrice", "minPrice", "options", "q", "sort"].map((n) => `query:${n}`).sort(),
    );
    expect(params.every((p) => !p.required)).toBe(true);
    const limit = params.find((p) => p.name === "limit")?.schema;
    expect(limit).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 20 });
    const sort = params.find((p) => p.name === "sort")?.schema;
    expect(sort).toMatchObject({ enum: ["newest", "price_asc", "price_desc", "rating", "relevance"] });
    // The default depends on q (relevance with a search, newest without), so none is declared.
    expect(sort?.default).toBeUndefined();
    expect(params.find((p) => p.name === "q")?.schema).toMatchObject({ maxLength: 200 });
    expect(Object.keys(list?.responses ?? {})).toEqual(expect.arrayContaining(["200", "400"]));
    expect(JSON.stringify(list?.responses?.["200"])).toContain("#/components/schemas/ProductList");
  });

  it("lists GET /shop/products/{id} with the id-or-slug path parameter and a 404", () => {
    const byId = op("/shop/products/{id}", "get");
    expect(byId).toBeDefined();
    expect(byId?.security ?? []).toEqual([]);
    expect(own(byId).map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(["path:id:true"]);
    expect(Object.keys(byId?.responses ?? {})).toEqual(expect.arrayContaining(["200", "404"]));
    expect(JSON.stringify(byId?.responses?.["200"])).toContain("#/components/schemas/Product");
  });

  it("lists GET /shop/categories with the recursive tree schema", () => {
    const tree = op("/shop/categories", "get");
    expect(tree).toBeDefined();
    expect(own(tree)).toEqual([]);
    expect(JSON.stringify(tree?.responses?.["200"])).toContain("#/components/schemas/CategoryTree");
    const node = doc.components?.schemas?.CategoryNode as { properties?: Record<string, unknown> };
    expect(JSON.stringify(node.properties?.children)).toContain("#/components/schemas/CategoryNode");
  });

  it("lists POST /shop/products as an admin-only 201 with a strict body", () => {
    const create = op("/shop/products", "post");
    expect(create).toBeDefined();
    expect(create?.security?.length).toBeGreaterThan(0);
    expect(Object.keys(create?.responses ?? {})).toEqual(expect.arrayContaining(["201", "400", "401", "403", "409"]));
    expect(create?.responses?.["200"]).toBeUndefined();
    expect(JSON.stringify(create?.responses?.["201"])).toContain("#/components/schemas/Product");
    const body = create?.requestBody?.content?.["application/json"]?.schema;
    expect(Object.keys(body?.properties ?? {}).sort()).toEqual(
      ["categoryId", "currency", "description", "images", "name", "options", "price", "sku", "slug", "stock", "tags", "variants"].sort(),
    );
    expect(body?.required?.sort()).toEqual(["name", "price"]);
    expect(body?.additionalProperties).toBe(false);
  });

  it("documents the list's result count and order, and the product's tags", () => {
    const list = doc.components?.schemas?.ProductList as {
      properties?: Record<string, { type?: string; description?: string; enum?: string[] }>;
      required?: string[];
    };
    expect(list.required).toEqual(expect.arrayContaining(["items", "nextCursor", "total", "totalIsEstimate", "sort"]));
    expect(list.properties?.total).toMatchObject({ type: "integer" });
    expect(list.properties?.total?.description).toMatch(/estimate/);
    expect(list.properties?.totalIsEstimate).toMatchObject({ type: "boolean" });
    expect(list.properties?.sort?.enum).toEqual(["newest", "price_asc", "price_desc", "rating", "relevance"]);
    const product = doc.components?.schemas?.Product as { properties?: Record<string, unknown>; required?: string[] };
    expect(product.properties?.tags).toMatchObject({ type: "array", items: { type: "string" } });
    expect(product.required).toContain("tags");
    const body = op("/shop/products", "post")?.requestBody?.content?.["application/json"]?.schema;
    expect(body?.properties?.tags).toMatchObject({ type: "array", maxItems: 20, items: { type: "string", maxLength: 40 } });
    const description = (op("/shop/products", "get") as { description?: string } | undefined)?.description ?? "";
    for (const words of [/tags/, /category names/, /relevance/, /prefix/, /typo/, /totalIsEstimate/]) expect(description).toMatch(words);
  });

  it("documents the list item and product shapes clients rely on", () => {
    const summary = doc.components?.schemas?.ProductSummary as { required?: string[] };
    expect(summary.required).toEqual(
      expect.arrayContaining(
        ["id", "slug", "name", "price", "currency", "stock", "imageUrl", "ratingAverage", "ratingCount", "category", "priceRange", "variantCount"],
      ),
    );
    const product = doc.components?.schemas?.Product as { properties?: Record<string, unknown> };
    expect(Object.keys(product.properties ?? {}).sort()).toEqual(
      [
        ...["category", "createdAt", "currency", "description", "id", "images", "inStock", "name", "price"],
        ...["ratingAverage", "ratingCount", "slug", "stock", "tags", "updatedAt", "priceRange", "options", "variants"],
      ].sort(),
    );
  });
});
