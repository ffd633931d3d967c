import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { z } from "zod";
import { appRouter } from "./root";
import type { ShopMeta } from "./trpc";

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

type Operation = { responses?: Record<string, unknown>; security?: unknown[] };

interface OperationMeta {
  successStatus?: number;
  errorDescriptions: Record<string, string>;
}

/** method + normalised path -> the procedure's own meta (success status, error descriptions). */
function operationMetas(): Map<string, OperationMeta> {
  const out = new Map<string, OperationMeta>();
  type Node = { _def?: { meta?: ShopMeta; procedure?: boolean } } & Record<string, unknown>;
  const visit = (node: Node) => {
    if (node._def?.procedure) {
      const meta = node._def.meta;
      if (!meta?.openapi) return;
      const errors = meta.openapi.errorResponses;
      const errorDescriptions: Record<string, string> = {};
      if (errors && !Array.isArray(errors)) for (const [code, text] of Object.entries(errors)) errorDescriptions[code] = text;
      out.set(`${meta.openapi.method.toLowerCase()} ${meta.openapi.path.replace(/\/$/, "")}`, {
        successStatus: meta.successStatus,
        errorDescriptions,
      });
      return;
    }
    // Procedures are functions in tRPC 11, routers plain objects.
    for (const child of Object.values(node)) {
      if (child && (typeof child === "object" || typeof child === "function")) visit(child as Node);
    }
  };
  visit(appRouter._def.record as unknown as Node);
  return out;
}

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
  const metas = operationMetas();
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(pathItem as Record<string, Operation>)) {
      // The generator shares one response object per error code across operations: give each its own.
      const responses: Record<string, unknown> = Object.fromEntries(
        Object.entries(operation.responses ?? {}).map(([code, r]) => [code, typeof r === "object" && r ? { ...r } : r]),
      );
      operation.responses = responses;
      const meta = metas.get(`${method} ${path}`);
      const status = meta?.successStatus;
      if (status && responses["200"]) {
        const success = responses["200"] as { description: string; content?: unknown };
        delete responses["200"];
        responses[String(status)] = status === 204 ? { description: success.description } : success;
      }
      // Any operation can fail unexpectedly; protected ones can also be refused.
      responses["500"] ??= { description: "Internal server error" };
      if (operation.security?.length) responses["401"] ??= { description: "Missing or invalid access token" };
      for (const [code, response] of Object.entries(responses)) {
        if (Number(code) < 400 || typeof response !== "object" || response === null) continue;
        const r = response as { description?: string; content?: unknown };
        r.description = meta?.errorDescriptions[code] ?? r.description;
        r.content = { "application/json": { schema: ERROR_REF } };
      }
    }
  }
  return doc;
}
