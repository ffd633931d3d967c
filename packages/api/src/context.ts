import { randomUUID } from "node:crypto";
import type { Db } from "@shop/db";
import type { Redis, SessionUser } from "@shop/core";
import type { Services } from "./services";
import { publicUrl, requestIdFrom } from "./request-meta";

/** Settings the API layer needs; apps build this from their validated env. */
export interface ApiConfig {
  /** Budget of each dependency check of /health (ms). */
  healthTimeoutMs: number;
  /** Largest accepted REST request body (bytes). */
  maxBodyBytes: number;
  /**
   * Reverse proxies in front of the app that append to X-Forwarded-For. The client IP (for per-IP limits) is the
   * entry that many places from the right; Next.js itself fills the header with the socket address when absent.
   */
  trustedProxyHops: number;
  /** Lifetime of the storefront's refresh cookie (s); the session's absolute lifetime. */
  refreshCookieMaxAgeSeconds: number;
  /** Largest quantity of one product in one cart (CART_LINE_CAP). */
  cartLineCap: number;
  /** Largest number of distinct products in one cart (CART_MAX_LINES). */
  cartMaxLines: number;
  /** Browser origins allowed to call the REST API ("*" for any); empty = same-origin only. */
  corsOrigins: readonly string[];
}

export const defaultApiConfig: ApiConfig = {
  healthTimeoutMs: 1_500,
  maxBodyBytes: 1_048_576,
  trustedProxyHops: 1,
  refreshCookieMaxAgeSeconds: 30 * 86_400,
  cartLineCap: 50,
  cartMaxLines: 100,
  corsOrigins: [],
};

/** Long-lived dependencies, created once per process by the app. */
export interface ApiDeps {
  db: Db;
  /** null in single-process mode (no Redis configured). */
  redis: Redis | null;
  config: ApiConfig;
  services: Services;
}

export interface RequestInfo {
  requestId: string;
  headers: Headers;
  ip: string | null;
  url: URL;
  /**
   * Whether the session cookies count as credentials: true for the storefront's tRPC endpoint (same-site,
   * SameSite=Lax cookies), false for REST, where only a Bearer header authenticates.
   */
  cookieAuth: boolean;
}

/** What a procedure may say about the HTTP response besides its body (REST status codes, headers). */
export interface HttpControl {
  status?: number;
  headers: Headers;
}

export interface Context extends ApiDeps {
  req: RequestInfo;
  http: HttpControl;
  /** Set by the auth middleware of protected procedures. */
  user?: SessionUser;
}

/** A context without HTTP: used by tests (createCaller), server components and scripts. */
export function createInnerContext(deps: ApiDeps, req: Partial<RequestInfo> = {}): Context {
  return {
    ...deps,
    req: {
      requestId: req.requestId ?? randomUUID(),
      headers: req.headers ?? new Headers(),
      ip: req.ip ?? null,
      url: req.url ?? new URL("http://localhost/"),
      cookieAuth: req.cookieAuth ?? false,
    },
    http: { headers: new Headers() },
  };
}


export function clientIp(headers: Headers, trustedProxyHops: number): string | null {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  const index = Math.max(hops.length - Math.max(trustedProxyHops, 1), 0);
  return hops[index]!.slice(0, 45);
}

/** The context of one HTTP request (tRPC or REST). */
export function createContextFromRequest(
  deps: ApiDeps,
  request: Request,
  options: { requestId?: string; cookieAuth?: boolean } = {},
): Context {
  return createInnerContext(deps, {
    requestId: options.requestId ?? requestIdFrom(request.headers),
    headers: request.headers,
    ip: clientIp(request.headers, deps.config.trustedProxyHops),
    url: publicUrl(request.headers, request.url),
    cookieAuth: options.cookieAuth ?? false,
  });
}
