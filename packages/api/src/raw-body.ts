/**
 * Operations whose body is not JSON (a CSV import, a multipart image upload) and operations that answer with
 * something other than JSON (a streamed CSV export), declared in their procedure's meta:
 *
 *   meta({ rawBody: { contentTypes: ["text/csv"], limit: "upload" }, openapi: {...} })
 *   meta({ produces: "text/csv", openapi: {...} })
 *
 * rest.ts reads a raw body (up to MAX_UPLOAD_BYTES for limit "upload", else MAX_BODY_BYTES) into ctx.req.rawBytes
 * before the procedure runs, whose input then comes from the path and query alone; a procedure that produces CSV
 * sets ctx.http.body to a stream, which replaces the JSON answer. openapi.ts documents both from the same meta.
 */
import type { AnyTRPCRouter } from "@trpc/server";
import { forEachProcedure } from "./procedures";

export interface RawBodySpec {
  /** Accepted media types (without parameters), e.g. ["text/csv"] or ["multipart/form-data"]. */
  contentTypes: readonly string[];
  /** "upload": the larger MAX_UPLOAD_BYTES limit (imports, images); default: MAX_BODY_BYTES. */
  limit?: "upload";
  /** The OpenAPI schema of the body (for multipart: an object of its parts). */
  schema: Record<string, unknown>;
}

export interface RouteMeta {
  method: string;
  pattern: RegExp;
  rawBody?: RawBodySpec;
  produces?: string;
}

/** The operations with a raw body or a non-JSON answer, from the router's metas (built once per router). */
export function specialRoutes(router: AnyTRPCRouter): RouteMeta[] {
  const out: RouteMeta[] = [];
  forEachProcedure(router, ({ meta }) => {
    if (!meta?.openapi || (!meta.rawBody && !meta.produces)) return;
    const source = meta.openapi.path
      .replace(/\/$/, "")
      .split("/")
      .map((part) => (/^\{.+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    out.push({ method: meta.openapi.method, pattern: new RegExp(`^${source}/?$`), rawBody: meta.rawBody, produces: meta.produces });
  });
  return out;
}

export function findRoute(routes: readonly RouteMeta[], method: string, path: string): RouteMeta | undefined {
  return routes.find((route) => route.method === method && route.pattern.test(path));
}

/** The media type of a content-type header, lower-case, without parameters. */
export const mediaType = (header: string | null): string => (header ?? "").split(";")[0]!.trim().toLowerCase();
