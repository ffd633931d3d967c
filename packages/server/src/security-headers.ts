/**
 * Response security headers, per kind of route. Pages get a nonce-based CSP (Next.js adds the nonce to its own
 * inline hydration scripts when it finds one in the request's CSP header); the API gets a CSP that allows
 * nothing; the offline Swagger UI / ReDoc pages run their bundled scripts from 'self' only.
 */
import { isLocalhost } from "@shop/api/cookies";

export type RouteKind = "page" | "api" | "docs";

export function routeKind(pathname: string): RouteKind {
  if (pathname.startsWith("/api/")) return "api";
  if (pathname === "/swagger" || pathname === "/redoc" || pathname.startsWith("/docs-assets/")) return "docs";
  return "page";
}

export function contentSecurityPolicy(kind: RouteKind, nonce: string, dev: boolean): string {
  if (kind === "api") return "default-src 'none'; frame-ancestors 'none'";
  const common = [
    "default-src 'self'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (kind === "docs") {
    // ReDoc renders with inline styles and starts a search worker from a blob.
    return [...common, "script-src 'self'", "style-src 'self' 'unsafe-inline'", "worker-src 'self' blob:"].join("; ");
  }
  // 'unsafe-eval' only for the dev server's hot reloading.
  const script = `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`;
  return [...common, script, "style-src 'self' 'unsafe-inline'"].join("; ");
}

export function securityHeaders(url: URL, kind: RouteKind, nonce: string, dev: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": contentSecurityPolicy(kind, nonce, dev),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
  };
  if (!isLocalhost(url)) headers["strict-transport-security"] = "max-age=63072000; includeSubDomains";
  return headers;
}
