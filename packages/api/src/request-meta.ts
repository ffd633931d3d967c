import { randomUUID } from "node:crypto";

/**
 * The URL the client used: behind a reverse proxy (or Next's own server) `request.url` may name the bind address,
 * so X-Forwarded-Host/-Proto and Host win. Only used to decide cookie attributes and HSTS, never for security.
 */
export function publicUrl(headers: Headers, fallback: string): URL {
  const url = new URL(fallback);
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  try {
    if (host) url.host = host;
    if (proto === "http" || proto === "https") url.protocol = `${proto}:`;
  } catch {
    // a malformed Host header: keep the fallback
  }
  return url;
}

/**
 * The entry of a comma-separated X-Forwarded-* header that the outermost of `hops` trusted proxies wrote: the
 * `hops`-th from the right (each proxy appends what it saw; whatever the client put further left is ignored). With
 * fewer entries than hops (a misconfiguration, or a request that bypassed a proxy), the leftmost; none: undefined.
 */
export function trustedForwardedEntry(value: string | null | undefined, hops: number): string | undefined {
  const entries = (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[Math.max(entries.length - hops, 0)];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** A caller-supplied X-Request-Id is kept when it looks like one; otherwise a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}
