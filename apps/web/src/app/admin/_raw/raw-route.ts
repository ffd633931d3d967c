/**
 * Raw-body and CSV calls from the back office's pages, for the operations whose body or answer is not JSON
 * (meta.rawBody / meta.produces in packages/api): an image upload (multipart), a CSV import, a CSV export.
 *
 * Why a route handler: those operations are REST-only in spirit (the browser cannot send raw bytes through the
 * tRPC client) and REST authenticates by Bearer token only, while the browser holds the session in httpOnly
 * cookies a page script cannot read. So a page posts to a same-origin route under /admin/... whose handler builds
 * a context the way trpc/server.ts does (cookieAuth: true), puts the request's bytes and content-type into
 * ctx.req.rawBytes / rawContentType as the REST handler would, and calls the SAME procedure through createCaller:
 * same middlewares (roles, audit), same validation, same answers. A CSV answer (ctx.http.body) is streamed back
 * as text/csv with a content-disposition file name.
 *
 * CSRF: cookies ride along on any request to the shop, so every request must come from the shop's own pages
 * (same-origin.ts): another Origin is a 403, and so is a body without an Origin; the session cookies are
 * SameSite=Lax as well.
 *
 * Use (a route.ts in a folder without a leading underscore, which Next.js would not route):
 *
 *   export const POST = rawRoute<{ id: string }>({
 *     accepts: ["multipart/form-data"],
 *     call: (api, { params }) => api.admin.images.upload({ productId: params.id }),
 *   });
 *   export const GET = rawRoute({
 *     call: (api, { searchParams }) => api.admin.orders.exportCsv({ status: searchParams.get("status") ?? undefined }),
 *     filename: () => `orders-${new Date().toISOString().slice(0, 10)}.csv`,
 *   });
 *
 * and from a client component: rawCall(url, { body: formData }) (../_components/raw-client.ts), or a plain
 * <a href download> for a GET export.
 */
import "server-only";
import { createCaller, createInnerContext, publicUrl, restError } from "@shop/api";
import { deps, logger } from "@shop/server";
import { siteOrigin } from "../../../lib/site-origin";
import { sameOriginRequest } from "./same-origin";

type Caller = ReturnType<typeof createCaller>;

export interface RawCallArgs<Params> {
  params: Params;
  searchParams: URLSearchParams;
  request: Request;
}

export interface RawRouteOptions<Params> {
  /** Media types the body may have (without parameters); omit for calls without a body (GET exports). */
  accepts?: readonly string[];
  /** One call into the procedure. Its input comes from the path and query (the body is ctx.req.rawBytes). */
  call: (api: Caller, args: RawCallArgs<Params>) => Promise<unknown>;
  /** The download's file name when the procedure streams a CSV answer. */
  filename?: string | ((args: RawCallArgs<Params>) => string);
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });

const mediaType = (header: string | null) => (header ?? "").split(";")[0]!.trim().toLowerCase();

/** The body's bytes, or null once it exceeds `max` (the rest is not read). */
async function readLimited(request: Request, max: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** A failed call in the REST error shape ({ code, message, requestId, issues?, details? }), as @shop/api makes it. */
function errorResponse(error: unknown, requestId: string): Response {
  const { status, body, headers, internal } = restError(error, requestId);
  if (internal) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined) ?? error) : undefined;
    logger.error({ requestId, err: cause ? { message: cause.message, stack: cause.stack } : String(error) }, "raw admin call failed");
  }
  const response = json(status, body);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/** A Next.js route handler for one raw-body or CSV procedure call (see the header of this file). */
export function rawRoute<Params extends Record<string, string> = Record<string, never>>(options: RawRouteOptions<Params>) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
    if (!sameOriginRequest(request, await siteOrigin())) {
      return json(403, { code: "FORBIDDEN", message: "Cross-origin requests are not accepted here", requestId });
    }
    const d = deps();
    let rawBytes: Uint8Array | undefined;
    let rawContentType: string | undefined;
    if (options.accepts) {
      const type = mediaType(request.headers.get("content-type"));
      if (!options.accepts.includes(type)) {
        return json(415, { code: "UNSUPPORTED_MEDIA_TYPE", message: `${type ? `Unsupported content-type "${type}"` : "No content-type"}: send ${options.accepts.join(" or ")}`, requestId });
      }
      const bytes = await readLimited(request, d.config.maxUploadBytes);
      if (!bytes) {
        return json(413, { code: "PAYLOAD_TOO_LARGE", message: `The file is larger than the limit of ${Math.floor(d.config.maxUploadBytes / 1_048_576)} MiB`, requestId });
      }
      rawBytes = bytes;
      rawContentType = request.headers.get("content-type") ?? undefined;
    }
    const url = publicUrl(request.headers, request.url);
    const ctx = createInnerContext(d, { requestId, headers: new Headers(request.headers), url, cookieAuth: true, rawBytes, rawContentType });
    const args: RawCallArgs<Params> = { params: await context.params, searchParams: new URL(request.url).searchParams, request };
    let result: unknown;
    try {
      result = await options.call(createCaller(ctx), args);
    } catch (error) {
      await ctx.http.body?.cancel().catch(() => undefined);
      return errorResponse(error, requestId);
    }
    const headers = new Headers({ "cache-control": "no-store", "x-request-id": requestId });
    if (ctx.http.body) {
      const name = typeof options.filename === "function" ? options.filename(args) : (options.filename ?? "export.csv");
      headers.set("content-type", "text/csv; charset=utf-8");
      headers.set("content-disposition", `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}"`);
      return new Response(ctx.http.body, { status: 200, headers });
    }
    const status = ctx.http.status ?? 200;
    if (status === 204 || result === undefined) return new Response(null, { status: 204, headers });
    headers.set("content-type", "application/json");
    return new Response(JSON.stringify(result), { status, headers });
  };
}
