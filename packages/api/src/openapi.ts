import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { z } from "zod";
import { appRouter } from "./root";
import { forEachProcedure } from "./procedures";
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

type Response = { description?: string; content?: unknown; headers?: Record<string, unknown> };
type Operation = { responses?: Record<string, Response>; security?: unknown[]; parameters?: unknown[]; requestBody?: unknown };

interface OperationMeta {
  successStatus?: number;
  errorDescriptions: Record<string, string>;
  cacheControl?: string;
  optionalAuth?: boolean;
  /** Header names and descriptions the procedure reads (`requestHeaders`). */
  requestHeaders: [string, string | undefined][];
  rawBody?: ShopMeta["rawBody"];
  produces?: ShopMeta["produces"];
  /** It has an input parser: even one without parameters (a strict empty object) refuses unknown ones with 400. */
  parsesInput: boolean;
}

/** What every operation reads and every answer carries (rest.ts and the procedures' meta), declared once. */
const COMPONENTS = {
  parameters: {
    RequestId: {
      name: "x-request-id",
      in: "header",
      required: false,
      description: "Your own id for this request (8-128 of A-Z a-z 0-9 . _ -); kept when well-formed, else a new one is made",
      schema: { type: "string", pattern: "^[A-Za-z0-9._-]{8,128}$" },
    },
  },
  headers: {
    RequestId: { description: "The request's id (yours when you sent a well-formed one); quote it when reporting a problem", schema: { type: "string" } },
    RetryAfter: { description: "Seconds to wait before retrying", schema: { type: "integer", minimum: 0 } },
    CacheControl: { description: "Personal or token-bearing answers: no-store", schema: { type: "string" } },
    ContentDisposition: { description: "A download's file name (attachment; filename=...)", schema: { type: "string" } },
  },
} as const;

const headerRef = (name: keyof typeof COMPONENTS.headers) => ({ $ref: `#/components/headers/${name}` });

/** method + normalised path -> the procedure's own meta (success status, error descriptions). */
function operationMetas(): Map<string, OperationMeta> {
  const out = new Map<string, OperationMeta>();
  forEachProcedure(appRouter, ({ meta, inputs }) => {
    if (!meta?.openapi) return;
    const errors = meta.openapi.errorResponses;
    const errorDescriptions: Record<string, string> = {};
    if (errors && !Array.isArray(errors)) for (const [code, text] of Object.entries(errors)) errorDescriptions[code] = text;
    out.set(`${meta.openapi.method.toLowerCase()} ${meta.openapi.path.replace(/\/$/, "")}`, {
      successStatus: meta.successStatus,
      errorDescriptions,
      cacheControl: meta.cacheControl,
      optionalAuth: meta.optionalAuth,
      requestHeaders: Object.entries(meta.openapi.requestHeaders?.shape ?? {}).map(([name, schema]) => [name, (schema as z.ZodType).description]),
      rawBody: meta.rawBody,
      produces: meta.produces,
      parsesInput: (inputs?.length ?? 0) > 0,
    });
  });
  return out;
}

/** The OpenAPI 3 document of every REST procedure; every error response points at the shared Error schema. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenAPIObject {
  const doc = generateOpenApiDocument(appRouter, {
    title: "Shop API",
    description:
      "REST interface of the shop (the same procedures are served as tRPC at /api/trpc). " +
      "Every path also answers with a trailing slash. Errors are JSON: see the Error schema. Every answer carries " +
      "X-Request-Id; 429 and 503 answers carry Retry-After. Browsers on other origins are served when the shop lists " +
      "them (CORS_ORIGINS).",
    version: options.version ?? "1.0.0",
    baseUrl: options.baseUrl ?? "/api/v1",
    securitySchemes: {
      bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
    },
    defs: { Error: ErrorResponse },
  });
  doc.info.license = { name: "MIT", identifier: "MIT" };
  const metas = operationMetas();
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(pathItem as Record<string, Operation>)) {
      // The generator shares one response object per error code across operations: give each its own.
      const responses: Record<string, Response> = Object.fromEntries(
        Object.entries(operation.responses ?? {}).map(([code, r]) => [code, { ...r, headers: { ...r.headers } }]),
      );
      operation.responses = responses;
      const meta = metas.get(`${method} ${path}`);
      const status = meta?.successStatus;
      if (status && responses["200"]) {
        const success = responses["200"];
        delete responses["200"];
        responses[String(status)] = status === 204 ? { description: success.description, headers: success.headers } : success;
      }
      // Raw bodies and non-JSON answers (raw-body.ts): the file is the body, the export is CSV.
      if (meta?.rawBody) {
        const schema = meta.rawBody.schema;
        operation.requestBody = { required: true, content: Object.fromEntries(meta.rawBody.contentTypes.map((type) => [type, { schema }])) };
      }
      if (meta?.produces && responses["200"]) {
        responses["200"] = {
          ...responses["200"],
          content: { [meta.produces]: { schema: { type: "string" } } },
          headers: { ...responses["200"].headers, "content-disposition": headerRef("ContentDisposition") },
        };
      }
      // Public operations say so (an empty requirement); the cart serves guests and signed-in callers alike.
      if (!operation.security?.length) operation.security = meta?.optionalAuth ? [{}, { bearerAuth: [] }] : [];
      // Any operation can fail unexpectedly, or be asked for a representation other than JSON; protected ones
      // can also be refused.
      responses["500"] ??= { description: "Internal server error" };
      responses["406"] ??= { description: `The Accept header allows no application/json${meta?.produces ? ` or ${meta.produces}` : ""}` };
      const takesInput = (operation.parameters?.length ?? 0) > 0 || "requestBody" in operation || Boolean(meta?.parsesInput);
      if (takesInput) responses["400"] ??= { description: "Invalid input: `issues` lists each offending field" };
      if (["post", "put", "patch"].includes(method)) {
        const upload = meta?.rawBody?.limit === "upload";
        responses["413"] ??= { description: `The body exceeds the size limit (${upload ? "MAX_UPLOAD_BYTES" : "MAX_BODY_BYTES"})` };
        responses["415"] ??= {
          description: meta?.rawBody ? `The body is not ${meta.rawBody.contentTypes.join(" or ")}` : "A body was sent that is not application/json",
        };
      }
      if (operation.security.some((s) => Object.keys(s as object).length > 0) && !meta?.optionalAuth) {
        responses["401"] ??= { description: "Missing or invalid access token" };
      }
      // The generator leaves out the declared request headers of an operation without input (GET /shop/cart).
      const parameters = [...(operation.parameters ?? [])] as { in?: string; name?: string }[];
      for (const [name, description] of meta?.requestHeaders ?? []) {
        if (!parameters.some((p) => p.in === "header" && p.name === name)) {
          parameters.push({ in: "header", name, required: false, description, schema: { type: "string" } } as { in: string; name: string });
        }
      }
      operation.parameters = [...parameters, { $ref: "#/components/parameters/RequestId" }];
      for (const [code, response] of Object.entries(responses)) {
        const headers: Record<string, unknown> = { ...response.headers, "x-request-id": headerRef("RequestId") };
        if (code === "429" || code === "503") headers["retry-after"] = headerRef("RetryAfter");
        if (meta?.cacheControl) headers["cache-control"] = headerRef("CacheControl");
        response.headers = headers;
        if (Number(code) < 400) continue;
        response.description = meta?.errorDescriptions[code] ?? response.description;
        response.content = { "application/json": { schema: ERROR_REF } };
      }
    }
  }
  doc.components = { ...doc.components, ...structuredClone(COMPONENTS) } as typeof doc.components;
  // The generator adds one schema per error code; every error response points at Error instead.
  const schemas = doc.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) if (name.startsWith("error.")) delete schemas[name];
  return doc;
}
