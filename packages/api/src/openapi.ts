import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { z } from "zod";
import { appRouter } from "./root";

export const ErrorResponse = z
  .object({
    code: z.string().describe("Machine-readable error code, e.g. BAD_REQUEST, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS"),
    message: z.string().describe("Human-readable summary; safe to show"),
    requestId: z.string().describe("Echoed in the X-Request-Id header; quote it when reporting a problem"),
    issues: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string() }))
      .optional()
      .describe("Validation errors: one entry per offending field"),
    details: z.record(z.string(), z.unknown()).optional().describe("Extra facts a client can act on"),
  })
  .meta({ id: "Error" });

export interface OpenApiOptions {
  /** Where the REST API is mounted, absolute or relative to the document (default "/api/v1"). */
  baseUrl?: string;
  version?: string;
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };

/** The OpenAPI 3 document of every REST procedure; every error response points at the shared Error schema. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenAPIObject {
  const doc = generateOpenApiDocument(appRouter, {
    title: "Shop API",
    description:
      "REST interface of the shop (the same procedures are served as tRPC at /api/trpc). " +
      "Every path also answers with a trailing slash. Errors are JSON: see the Error schema.",
    version: options.version ?? "1.0.0",
    baseUrl: options.baseUrl ?? "/api/v1",
    securitySchemes: {
      bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
    },
    defs: { Error: ErrorResponse },
  });
  for (const pathItem of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(pathItem as Record<string, { responses?: Record<string, unknown> }>)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (Number(status) < 400 || typeof response !== "object" || response === null) continue;
        const r = response as { content?: Record<string, { schema?: unknown }> };
        r.content = { "application/json": { schema: ERROR_REF } };
      }
    }
  }
  return doc;
}
