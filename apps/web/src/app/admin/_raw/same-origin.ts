/**
 * The CSRF rule of the raw routes (raw-route.ts): the session cookies ride along on any request to the shop, so a
 * request must come from the shop's own pages. Another Origin is refused; a request with a body and no Origin too
 * (browsers always send Origin there); a GET without Origin only when the browser says it came from elsewhere
 * (Sec-Fetch-Site cross-site or same-site: a link or image on another site, or on a sibling subdomain).
 */
export function sameOriginRequest(request: Pick<Request, "method" | "headers">, ownOrigin: string): boolean {
  const origin = request.headers.get("origin");
  if (origin) return origin === ownOrigin;
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}
