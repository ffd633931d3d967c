import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { env } from "@shop/server";
import { requestOrigin } from "./seo";

/**
 * This request's public origin (PUBLIC_URL, else its Host; see requestOrigin). The headers are read before the
 * configuration, so whatever uses it renders per request and `next build`, which has no configuration, never
 * evaluates env().
 */
export const siteOrigin = cache(async (): Promise<string> => {
  const h = await headers();
  const e = env();
  return requestOrigin({ publicUrl: e.PUBLIC_URL, trustedProxyHops: e.TRUST_PROXY_HOPS, headers: h });
});
