import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../src/openapi";
import { appRouter } from "../src/root";
import type { ShopMeta } from "../src/trpc";

type Op = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; additionalProperties?: unknown } }> };
  responses: Record<string, unknown>;
};

describe("cart in the OpenAPI document", () => {
  const paths = buildOpenApiDocument().paths as Record<string, Record<string, Op>>;

  it("lists the four cart operations at the paths REST clients use", () => {
    expect(paths["/shop/cart"]?.get?.responses["200"]).toBeDefined();
    expect(paths["/shop/cart"]?.post?.responses["200"]).toBeDefined();
    expect(paths["/shop/cart/items/{productId}"]?.patch?.responses["200"]).toBeDefined();
    const remove = paths["/shop/cart/remove/{id}"]?.delete;
    expect(remove).toBeDefined();
    // The documented success status comes from this meta (buildOpenApiDocument's successStatuses()).
    expect((appRouter.cart.removeItem._def.meta as ShopMeta | undefined)?.successStatus).toBe(204);
    expect(remove?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "id", in: "path" })]));
  });

  it("documents the add body (variantId or productId, and quantity only), the guest header and the 409/404 errors", () => {
    const add = paths["/shop/cart"]!.post!;
    const schema = add.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(["productId", "quantity", "variantId"]);
    expect(schema.additionalProperties).toBe(false);
    expect(add.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "x-cart-token", in: "header" })]));
    expect(Object.keys(add.responses)).toEqual(expect.arrayContaining(["400", "404", "409"]));
    const patch = paths["/shop/cart/items/{productId}"]!.patch!;
    expect(Object.keys(patch.requestBody!.content["application/json"]!.schema.properties ?? {})).toEqual(["quantity"]);
  });
});
