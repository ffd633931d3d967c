/**
 * Runs before every page, tRPC and REST request (Next.js 16 proxy, Node.js runtime):
 * 1. security headers (nonce CSP for pages, HSTS outside localhost, nosniff, frame-ancestors);
 * 2. the storefront's cookie session: when the short-lived access cookie is missing or about to expire and a
 *    refresh cookie is present, the session is rotated here, so server components and tRPC calls of this very
 *    request already see the fresh access token. This is convenience, not the security boundary: every
 *    procedure authenticates again.
 */
import { NextResponse, type NextRequest } from "next/server";
import { ACCESS_COOKIE, REFRESH_COOKIE, clearedSessionCookies, sessionCookies } from "@shop/api/cookies";
import { publicUrl, requestIdFrom } from "@shop/api/request-meta";
import { deps, routeKind, securityHeaders } from "@shop/server";

// A browser may send the same refresh cookie on parallel requests (prefetches, tabs): a reuse within this window
// is answered without revoking the session.
const REUSE_GRACE_SECONDS = 10;
const EXPIRY_MARGIN_SECONDS = 30;

function expiresSoon(jwt: string | undefined): boolean {
  if (!jwt) return true;
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: number };
    return !payload.exp || payload.exp - EXPIRY_MARGIN_SECONDS <= Date.now() / 1000;
  } catch {
    return true;
  }
}

async function refreshedCookies(request: NextRequest, url: URL): Promise<{ set: string[]; access: string | null } | null> {
  const refresh = request.cookies.get(REFRESH_COOKIE)?.value;
  if (!refresh || !expiresSoon(request.cookies.get(ACCESS_COOKIE)?.value)) return null;
  const d = deps();
  try {
    const pair = await d.services.sessions.refresh(refresh, { reuseGraceSeconds: REUSE_GRACE_SECONDS });
    return { set: sessionCookies(pair, url, { refreshMaxAgeSeconds: d.config.refreshCookieMaxAgeSeconds }), access: pair.accessToken };
  } catch {
    return { set: clearedSessionCookies(url), access: null };
  }
}

export async function proxy(request: NextRequest) {
  const kind = routeKind(request.nextUrl.pathname);
  const url = publicUrl(request.headers, request.url);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const security = securityHeaders(url, kind, nonce, process.env.NODE_ENV === "development");

  // One request id for the whole request: REST and tRPC reuse it, every response carries it.
  const requestId = requestIdFrom(request.headers);
  const forwarded = new Headers(request.headers);
  forwarded.set("x-request-id", requestId);
  forwarded.set("content-security-policy", security["content-security-policy"]!);
  forwarded.set("x-nonce", nonce);

  const refreshed = kind === "api" && !request.nextUrl.pathname.startsWith("/api/trpc") ? null : await refreshedCookies(request, url);
  if (refreshed) {
    // Downstream sees the new access token (or none) as if the browser had sent it.
    const others = request.cookies.getAll().filter((c) => c.name !== ACCESS_COOKIE && c.name !== REFRESH_COOKIE);
    const cookieHeader = others.map((c) => `${c.name}=${encodeURIComponent(c.value)}`);
    if (refreshed.access) cookieHeader.push(`${ACCESS_COOKIE}=${refreshed.access}`);
    forwarded.set("cookie", cookieHeader.join("; "));
  }

  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  response.headers.set("x-request-id", requestId);
  for (const cookie of refreshed?.set ?? []) response.headers.append("set-cookie", cookie);
  return response;
}

export const config = {
  // Static files need none of this (uploaded images under /media/ are cached for a year: they must never carry a
  // refreshed session cookie), and the REST API (Bearer tokens only, the hot path) sets its own headers in
  // @shop/server (rest.ts): running the proxy there cost a third of its throughput.
  matcher: ["/((?!_next/static|_next/image|images/|media/|favicon.ico|api/v1/).*)"],
};
