/**
 * The storefront's session cookies. Tokens live only in httpOnly cookies set by the server (never in
 * localStorage); `Secure` is set everywhere except plain-http localhost, `SameSite=Lax` keeps them off cross-site
 * POSTs. REST clients keep using the Bearer header; only the tRPC endpoint reads these cookies.
 */
import { parse, serialize } from "cookie";
import type { TokenPair } from "@shop/core";

export const ACCESS_COOKIE = "shop_at";
export const REFRESH_COOKIE = "shop_rt";

export interface CookieSettings {
  /** Absolute lifetime of the refresh cookie (s): the session's. */
  refreshMaxAgeSeconds: number;
}

export function isLocalhost(url: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/** Cookies are Secure everywhere but on plain-http localhost (where a browser would drop them). */
export function secureCookies(url: URL): boolean {
  return url.protocol === "https:" || !isLocalhost(url);
}

export function readCookie(headers: Headers, name: string): string | null {
  const header = headers.get("cookie");
  if (!header) return null;
  return parse(header)[name] ?? null;
}

/** Set-Cookie values that store a token pair. */
export function sessionCookies(pair: TokenPair, requestUrl: URL, settings: CookieSettings): string[] {
  const base = { httpOnly: true, secure: secureCookies(requestUrl), sameSite: "lax" as const, path: "/" };
  return [
    serialize(ACCESS_COOKIE, pair.accessToken, { ...base, maxAge: pair.expiresIn }),
    serialize(REFRESH_COOKIE, pair.refreshToken, { ...base, maxAge: settings.refreshMaxAgeSeconds }),
  ];
}

/** Set-Cookie values that delete both cookies. */
export function clearedSessionCookies(requestUrl: URL): string[] {
  const base = { httpOnly: true, secure: secureCookies(requestUrl), sameSite: "lax" as const, path: "/", maxAge: 0 };
  return [serialize(ACCESS_COOKIE, "", base), serialize(REFRESH_COOKIE, "", base)];
}
