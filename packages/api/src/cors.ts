/**
 * CORS for the REST API: only origins on the allowlist (ApiConfig.corsOrigins, from CORS_ORIGINS) may call it
 * from a browser. Credentials are Bearer headers, never cookies, so Access-Control-Allow-Credentials is not sent.
 */
const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOWED_HEADERS = "authorization, content-type, idempotency-key, x-cart-token, x-request-id";
const EXPOSED_HEADERS = "x-request-id, x-cart-token, retry-after, idempotent-replayed";

export function isAllowedOrigin(origin: string | null, allowlist: readonly string[]): origin is string {
  return origin !== null && (allowlist.includes("*") || allowlist.includes(origin));
}

/** Adds the CORS headers of an actual (non-preflight) response. */
export function applyCors(headers: Headers, origin: string | null, allowlist: readonly string[]): void {
  headers.append("vary", "Origin");
  if (!isAllowedOrigin(origin, allowlist)) return;
  headers.set("access-control-allow-origin", allowlist.includes("*") ? "*" : origin);
  headers.set("access-control-expose-headers", EXPOSED_HEADERS);
}

/** The answer to a preflight: 204, with permission only for allowed origins (the browser blocks the rest). */
export function preflightResponse(request: Request, allowlist: readonly string[]): Response {
  const headers = new Headers({ vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers" });
  const origin = request.headers.get("origin");
  if (isAllowedOrigin(origin, allowlist)) {
    headers.set("access-control-allow-origin", allowlist.includes("*") ? "*" : origin);
    headers.set("access-control-allow-methods", ALLOWED_METHODS);
    headers.set("access-control-allow-headers", ALLOWED_HEADERS);
    headers.set("access-control-max-age", "600");
  }
  return new Response(null, { status: 204, headers });
}
