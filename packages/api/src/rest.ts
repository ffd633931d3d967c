import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import Negotiator from "negotiator";
import { limitBody, tooLargeMessage } from "./body-limit";
import { createContextFromRequest, type ApiDeps, type Context } from "./context";
import { requestIdFrom } from "./request-meta";
import { applyCors, preflightResponse } from "./cors";
import { domainCause } from "./errors";
import { createOpenApiFetch } from "./openapi-fetch";
import { appRouter } from "./root";
import type { FieldIssue } from "./trpc";
import { findRoute, mediaType, specialRoutes, type RouteMeta } from "./raw-body";

export interface RestHandlerOptions {
  deps: ApiDeps;
  /** The router to serve; appRouter unless a test mounts a router of its own. */
  router?: AnyTRPCRouter;
  /** The path prefix the handler is mounted at. */
  endpoint?: `/${string}`;
  /** Called for every error (log it); 5xx causes are never sent to the client. */
  onError?: (error: TRPCError, info: { path?: string; requestId: string }) => void;
}

interface RawErrorBody {
  code?: string;
  message?: string;
  issues?: { path?: PropertyKey[]; message?: string; code?: string }[];
  data?: { details?: Record<string, unknown> | null; issues?: FieldIssue[] | null };
}

function normaliseIssues(body: RawErrorBody): FieldIssue[] | undefined {
  if (body.data?.issues?.length) return body.data.issues;
  if (!body.issues?.length) return undefined;
  return body.issues.map((issue) => ({
    path: (issue.path ?? []).map(String).join(".") || "(root)",
    message: issue.message ?? "Invalid value",
    code: issue.code ?? "invalid",
  }));
}

/** Every error leaves in one shape: { code, message, requestId, issues?, details? }. */
async function finalise(response: Response, requestId: string, failed: boolean): Promise<Response> {
  // A procedure may answer with a non-2xx status and its own body (health: 503 + report); only errors are reshaped.
  // Success responses are built by openapi-fetch.ts with mutable headers: no second Response piping the body.
  if (!failed) {
    response.headers.set("x-request-id", requestId);
    return response;
  }
  const headers = new Headers(response.headers);
  headers.set("x-request-id", requestId);
  let raw: RawErrorBody = {};
  try {
    raw = (await response.json()) as RawErrorBody;
  } catch {
    // non-JSON error bodies are replaced below
  }
  const issues = normaliseIssues(raw);
  const body = {
    code: raw.code ?? "INTERNAL_SERVER_ERROR",
    message: response.status >= 500 && raw.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : (raw.message ?? "Error"),
    requestId,
    ...(issues ? { issues } : {}),
    ...(raw.data?.details ? { details: raw.data.details } : {}),
  };
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  return new Response(JSON.stringify(body), { status: response.status, headers });
}

/**
 * JSON is the API's representation (errors always are JSON); a CSV export also answers text/csv. A client that
 * accepts none of them (Accept: application/xml) gets a 406.
 */
function acceptable(request: Request, produces?: string): boolean {
  const accept = request.headers.get("accept");
  if (!accept) return true;
  return new Negotiator({ headers: { accept } }).mediaType(produces ? [produces, "application/json"] : ["application/json"]) !== undefined;
}

const unsupported = (route: RouteMeta, type: string) =>
  new TRPCError({
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: `${type ? `Unsupported content-type "${type}"` : "No content-type"}: send ${route.rawBody!.contentTypes.join(" or ")}`,
  });

const notAcceptable = () =>
  new Response(JSON.stringify({ code: "NOT_ACCEPTABLE", message: "This API answers in application/json only" }), {
    status: 406,
    headers: { "content-type": "application/json" },
  });

/** Operations whose body is verified against a signature over its raw bytes. */
const WEBHOOK_PATHS = new Set(["/payments/stripe/webhook"]);

const tooLarge = (max: number) =>
  new Response(JSON.stringify({ code: "PAYLOAD_TOO_LARGE", message: tooLargeMessage(max) }), {
    status: 413,
    headers: { "content-type": "application/json" },
  });

/**
 * The REST face of appRouter (trpc-to-openapi). Paths answer with and without a trailing slash, directly;
 * procedures set non-200 success statuses and extra headers through ctx.http.
 */
export function createRestHandler(options: RestHandlerOptions): (request: Request) => Promise<Response> {
  const endpoint = options.endpoint ?? "/api/v1";
  const router = options.router ?? appRouter;
  const serve = createOpenApiFetch<Context>(router, endpoint);
  const routes = specialRoutes(router);
  return async (incoming) => {
    const cors = options.deps.config.corsOrigins;
    if (incoming.method === "OPTIONS") return preflightResponse(incoming, cors);
    const origin = incoming.headers.get("origin");
    const response = await handle(incoming);
    applyCors(response.headers, origin, cors);
    return response;
  };

  async function handle(incoming: Request): Promise<Response> {
    const requestId = requestIdFrom(incoming.headers);
    const path = new URL(incoming.url).pathname.replace(/\/$/, "").slice(endpoint.length);
    const route = findRoute(routes, incoming.method, path);
    if (!acceptable(incoming, route?.produces)) return finalise(notAcceptable(), requestId, true);
    const config = options.deps.config;
    const limited = await limitBody(incoming, route?.rawBody?.limit === "upload" ? config.maxUploadBytes : config.maxBodyBytes);
    if (!limited.ok) return finalise(tooLarge(limited.maxBytes), requestId, true);
    let { request } = limited;
    // Webhook signatures cover the exact bytes: keep them before the JSON is parsed.
    const rawBody = WEBHOOK_PATHS.has(path) ? await request.clone().text() : undefined;
    // A raw body (CSV, multipart) is handed to the procedure as bytes; its input comes from the path alone.
    let rawBytes: Uint8Array | undefined;
    let rawBodyError: TRPCError | undefined;
    if (route?.rawBody) {
      const type = mediaType(request.headers.get("content-type"));
      // Refused by the procedure after authentication (a request without a token is a 401 whatever its body).
      if (route.rawBody.contentTypes.includes(type)) rawBytes = new Uint8Array(await request.arrayBuffer());
      else rawBodyError = unsupported(route, type);
      request = new Request(request.url, { method: request.method, headers: request.headers });
    }
    let context: Context | undefined;
    // Errors thrown before a procedure runs (unknown path, bad JSON) skip responseMeta's error branch only when
    // no procedure matched, so "failed" starts true and a successful procedure call clears it.
    let failed = true;
    const response = await serve({
      request,
      createContext: () => (context = createContextFromRequest(options.deps, incoming, { requestId, rawBody, rawBytes, rawBodyError })),
      responseMeta: ({ ctx, errors }) => {
        const headers: Record<string, string> = {};
        ctx?.http.headers.forEach((value, key) => (headers[key] = value));
        const first = errors[0];
        if (first) {
          const retryAfter = domainCause(first)?.retryAfterSeconds;
          if (retryAfter !== undefined) headers["retry-after"] = String(Math.ceil(retryAfter));
          return { headers };
        }
        failed = false;
        return { status: ctx?.http.status ?? 200, headers };
      },
      onError: ({ error, path }) => options.onError?.(error, { path, requestId }),
    });
    // A streamed answer (CSV export) replaces the procedure's JSON null, with the headers it set.
    const streamed = context?.http.body;
    if (!failed && streamed) {
      response.headers.delete("content-length");
      response.headers.set("content-type", `${route?.produces ?? "application/octet-stream"}; charset=utf-8`);
      return finalise(new Response(streamed, { status: response.status, headers: response.headers }), requestId, false);
    }
    if (streamed) await streamed.cancel().catch(() => undefined);
    return finalise(response, requestId, failed);
  }
}
