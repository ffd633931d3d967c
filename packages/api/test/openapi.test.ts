import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../src/openapi";

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3 document", async () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toMatch(/^3\./);
    // validate() dereferences in place: hand it a copy so the assertions below see the original $refs.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("lists /api/v1/health with its response and error schema", () => {
    const doc = buildOpenApiDocument();
    expect(doc.servers?.[0]?.url).toBe("/api/v1");
    const op = doc.paths?.["/health"]?.get;
    expect(op).toBeDefined();
    expect(Object.keys(op?.responses ?? {})).toContain("200");
    // Every error response points at the one shared Error schema.
    for (const [status, response] of Object.entries(op?.responses ?? {})) {
      if (Number(status) >= 400) {
        expect((response as { content: Record<string, { schema: unknown }> }).content["application/json"]?.schema).toEqual({
          $ref: "#/components/schemas/Error",
        });
      }
    }
    const errorSchema = doc.components?.schemas?.Error as { required?: string[] };
    expect(errorSchema.required).toEqual(expect.arrayContaining(["code", "message"]));
  });
});

describe("OpenAPI success statuses and error descriptions", () => {
  it("documents each procedure's own success status", () => {
    const doc = buildOpenApiDocument();
    const responses = (path: string, method: string) =>
      Object.keys((doc.paths?.[path] as Record<string, { responses: Record<string, unknown> }>)[method]!.responses);
    expect(responses("/auth/register", "post")).toContain("202");
    expect(responses("/auth/register", "post")).not.toContain("200");
    expect(responses("/auth/logout", "post")).toContain("204");
    expect(responses("/auth/verify", "post")).toContain("200");
  });

  it("keeps each operation's own error descriptions", () => {
    const doc = buildOpenApiDocument();
    const desc = (path: string, code: string) =>
      ((doc.paths?.[path] as Record<string, { responses: Record<string, { description: string }> }>).post!.responses[code]!).description;
    expect(desc("/auth/register", "400")).toMatch(/phone/i);
    expect(desc("/auth/verify", "400")).toBe("Invalid or expired code");
    expect(desc("/auth/login", "401")).toBe("Invalid phone number or password");
  });
});

describe("OpenAPI document: headers", () => {
  const doc = buildOpenApiDocument();
  type Op = { parameters?: ({ $ref?: string; in?: string; name?: string })[]; responses: Record<string, { headers?: Record<string, unknown> }>; security?: object[] };
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Op>).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
  const headerParams = (op: Op) => (op.parameters ?? []).filter((p) => p.in === "header").map((p) => p.name);

  it("every operation takes X-Request-Id and every answer carries it; 429 and 503 carry Retry-After", () => {
    for (const { key, op } of ops) {
      expect(op.parameters, key).toContainEqual({ $ref: "#/components/parameters/RequestId" });
      for (const [status, response] of Object.entries(op.responses)) {
        expect(Object.keys(response.headers ?? {}), `${key} ${status}`).toContain("x-request-id");
        if (status === "429" || status === "503") expect(Object.keys(response.headers ?? {}), `${key} ${status}`).toContain("retry-after");
      }
    }
  });

  it("X-Cart-Token is declared wherever it is read (cart, verify, login) and returned (cart answers)", () => {
    const byKey = new Map(ops.map((o) => [o.key, o.op]));
    for (const key of ["GET /shop/cart", "POST /shop/cart", "PATCH /shop/cart/items/{productId}", "DELETE /shop/cart/remove/{id}", "POST /auth/verify", "POST /auth/login"]) {
      expect(headerParams(byKey.get(key)!), key).toContain("x-cart-token");
    }
    for (const [key, status] of [["GET /shop/cart", "200"], ["POST /shop/cart", "200"], ["PATCH /shop/cart/items/{productId}", "200"]] as const) {
      expect(Object.keys(byKey.get(key)!.responses[status]?.headers ?? {}), key).toContain("x-cart-token");
    }
    expect(headerParams(byKey.get("POST /shop/orders")!)).toContain("idempotency-key");
    expect(Object.keys(byKey.get("POST /shop/orders")!.responses["201"]?.headers ?? {})).toContain("idempotent-replayed");
  });

  it("declares security on every operation: none for public ones, optional Bearer for the cart", () => {
    for (const { key, op } of ops) expect(Array.isArray(op.security), key).toBe(true);
    const byKey = new Map(ops.map((o) => [o.key, o.op]));
    expect(byKey.get("GET /health")!.security).toEqual([]);
    expect(byKey.get("GET /shop/cart")!.security).toEqual([{}, { bearerAuth: [] }]);
    expect(byKey.get("GET /shop/orders")!.security).toEqual([{ bearerAuth: [] }]);
  });
});
