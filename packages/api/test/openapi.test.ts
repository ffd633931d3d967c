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
