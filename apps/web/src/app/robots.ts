import type { MetadataRoute } from "next";
import { absoluteUrl } from "../lib/seo";
import { siteOrigin } from "../lib/site-origin";

// Names the sitemap by this request's public origin: rendered per request, never at build time.
export const dynamic = "force-dynamic";

/** The storefront is crawlable; the visitor's own pages, sign-in, the back office and the APIs are not. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  return {
    rules: {
      userAgent: "*",
      allow: "/",
      disallow: ["/cart", "/checkout", "/orders", "/profile", "/login", "/admin", "/api/"],
    },
    sitemap: absoluteUrl(await siteOrigin(), "/sitemap.xml"),
  };
}
