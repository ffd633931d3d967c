import { randomUUID } from "node:crypto";
import type { Db } from "@shop/db";
import type { Redis, RequestMeta, SessionUser } from "@shop/core";
import type { Services } from "./services";
import { clientAddress, PEER_ADDRESS_HEADER } from "./client-address";
import { publicUrl, requestIdFrom } from "./request-meta";

/** Settings the API layer needs; apps build this from their validated env. */
export interface ApiConfig {
  /** Budget of each dependency check of /health (ms). */
  healthTimeoutMs: number;
  /** Largest accepted REST request body (bytes). */
  maxBodyBytes: number;
  /**
   * Reverse proxies in front of the app that append to X-Forwarded-For (TRUST_PROXY_HOPS). 0: none, the TCP peer
   * is the client and the header is ignored; N: the N-th entry from the right. See client-address.ts.
   */
  trustedProxyHops: number;
  /**
   * Whether PEER_ADDRESS_HEADER carries the TCP peer: true only when every request reaches the app through our
   * server entry, which overwrites it (@shop/server web-server.ts). Otherwise the peer is unknown.
   */
  trustPeerAddressHeader: boolean;
  /** Lifetime of the storefront's refresh cookie (s); the session's absolute lifetime. */
  refreshCookieMaxAgeSeconds: number;
  /** Largest quantity of one product in one cart (CART_LINE_CAP). */
  cartLineCap: number;
  /** Largest number of distinct products in one cart (CART_MAX_LINES). */
  cartMaxLines: number;
  /** Browser origins allowed to call the REST API ("*" for any); empty = same-origin only. */
  corsOrigins: readonly string[];
  /** Largest number of calls in one /api/trpc batch (TRPC_MAX_BATCH_SIZE); a larger batch is refused with 400. */
  trpcMaxBatchSize: number;
  /** PUBLIC_URL's origin: where payment pages send customers back to (else the request's own origin). */
  publicOrigin?: string;
  /** Largest raw upload (CSV import, image), MAX_UPLOAD_BYTES; JSON bodies keep maxBodyBytes. */
  maxUploadBytes: number;
}

export const defaultApiConfig: ApiConfig = {
  healthTimeoutMs: 1_500,
  maxBodyBytes: 1_048_576,
  trustedProxyHops: 0,
  trustPeerAddressHeader: false,
  refreshCookieMaxAgeSeconds: 30 * 86_400,
  cartLineCap: 50,
  cartMaxLines: 100,
  corsOrigins: [],
  trpcMaxBatchSize: 10,
  maxUploadBytes: 10 * 1_048_576,
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
  /** The body's exact bytes as text, kept only for webhooks, whose signatures cover them. */
  rawBody?: string;
  /** The body of an operation declared with meta.rawBody (a CSV file, a multipart upload), and its content-type. */
  rawBytes?: Uint8Array;
  rawContentType?: string;
  /** Why such a body could not be taken (wrong media type): refused after authentication, like a bad JSON body. */
  rawBodyError?: Error;
}

/** What a procedure may say about the HTTP response besides its body (REST status codes, headers). */
export interface HttpControl {
  status?: number;
  headers: Headers;
  /** The answer's body when the operation produces something other than JSON (meta.produces); REST only. */
  body?: ReadableStream<Uint8Array>;
}

export interface Context extends ApiDeps {
  req: RequestInfo;
  http: HttpControl;
  /** Set by the auth middleware of protected procedures. */
  user?: SessionUser;
}

/** Who is signing in from where, as the account flows record it with a session and count it for limits. */
export function requestMeta(ctx: Context): RequestMeta {
  return { ip: ctx.req.ip, userAgent: ctx.req.headers.get("user-agent") };
}

/** A context without HTTP: used by tests (createCaller), server components and scripts. */
export function createInnerContext(deps: ApiDeps, req: Partial<RequestInfo> = {}): Context {
  return {
    ...deps,
    services: { ...deps.services, ...deps.services.onDatabase(deps.db) },
    req: {
      requestId: req.requestId ?? randomUUID(),
      headers: req.headers ?? new Headers(),
      ip: req.ip ?? null,
      url: req.url ?? new URL("http://localhost/"),
      cookieAuth: req.cookieAuth ?? false,
      rawBody: req.rawBody,
      rawBytes: req.rawBytes,
      rawContentType: req.rawContentType,
      rawBodyError: req.rawBodyError,
    },
    http: { headers: new Headers() },
  };
}

/** The context of one HTTP request (tRPC or REST). */
export function createContextFromRequest(
  deps: ApiDeps,
  request: Request,
  options: { requestId?: string; cookieAuth?: boolean; rawBody?: string; rawBytes?: Uint8Array; rawBodyError?: Error } = {},
): Context {
  return createInnerContext(deps, {
    requestId: options.requestId ?? requestIdFrom(request.headers),
    headers: request.headers,
    ip: clientAddress({
      peer: deps.config.trustPeerAddressHeader ? request.headers.get(PEER_ADDRESS_HEADER) : null,
      forwardedFor: request.headers.get("x-forwarded-for"),
      trustedProxyHops: deps.config.trustedProxyHops,
    }),
    url: publicUrl(request.headers, request.url),
    cookieAuth: options.cookieAuth ?? false,
    rawBody: options.rawBody,
    rawBytes: options.rawBytes,
    rawContentType: options.rawBytes ? (request.headers.get("content-type") ?? undefined) : undefined,
    rawBodyError: options.rawBodyError,
  });
}
