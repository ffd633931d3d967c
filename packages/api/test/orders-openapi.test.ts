import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../src/openapi";

type Operation = {
  responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }>;
  parameters?: { name: string; in: string }[];
  security?: unknown[];
  requestBody?: unknown;
};

describe("orders in the OpenAPI document", () => {
  const doc = buildOpenApiDocument();
  const op = (path: string, method: string) => (doc.paths?.[path] as Record<string, Operation> | undefined)?.[method];

  it("lists all five operations, every one protected", () => {
    const expected: [string, string, string][] = [
      ["/shop/orders", "get", "200"],
      ["/shop/orders", "post", "201"],
      ["/shop/orders/{id}", "get", "200"],
      ["/shop/orders/{id}/cancel", "post", "200"],
      ["/shop/orders/{id}/status", "patch", "200"],
    ];
    for (const [path, method, success] of expected) {
      const operation = op(path, method);
      expect(operation, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(Object.keys(operation!.responses)).toContain(success);
      expect(operation!.responses["401"]).toBeDefined();
      expect(operation!.security?.length).toBeGreaterThan(0);
    }
  });

  it("documents checkout: 201 with the Order schema, the Idempotency-Key header and its error statuses", () => {
    const create = op("/shop/orders", "post")!;
    expect(create.responses["200"]).toBeUndefined();
    expect(JSON.stringify(create.responses["201"])).toContain("#/components/schemas/Order");
    expect(create.parameters?.some((p) => p.in === "header" && p.name === "idempotency-key")).toBe(true);
    expect(create.responses["201"]?.headers?.["idempotent-replayed"]).toBeDefined();
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(["400", "409", "422", "503"]));
    expect(create.responses["409"]?.content?.["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Error" });
    expect(op("/shop/orders/{id}/status", "patch")!.responses["403"]).toBeDefined();
    expect(doc.components?.schemas?.OrderPage).toBeDefined();
  });
});
