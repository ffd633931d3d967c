import type { MetadataRoute } from "next";
import type { CategoryNode } from "@shop/core";
import { deps } from "@shop/server";
import { absoluteUrl } from "../lib/seo";
import { siteOrigin } from "../lib/site-origin";
import { serverApi } from "../trpc/server";

// Built per request from the live catalogue: `next build` has no database, and a sitemap frozen at build time
// would miss every product added since.
export const dynamic = "force-dynamic";

/**
 * The sitemap protocol's limit for one file (https://www.sitemaps.org/protocol.html): 50,000 URLs. The home page
 * and the categories come first, then products newest first until the limit; a larger catalogue needs a sitemap
 * index (generateSitemaps), which this shop does not have yet.
 */
const MAX_SITEMAP_URLS = 50_000;
const PAGE = 100;

function flatten(nodes: CategoryNode[]): CategoryNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

/** Next.js writes <loc> as given (next 16.4: resolve-route-data.js): XML's special characters are escaped here. */
const xmlText = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const origin = await siteOrigin();
  const api = await serverApi();
  const at = (path: string) => xmlText(absoluteUrl(origin, path));

  const entries: MetadataRoute.Sitemap = [{ url: at("/") }];
  const categories = flatten((await api.catalog.categories()).items);
  for (const category of categories.slice(0, MAX_SITEMAP_URLS - entries.length)) {
    entries.push({ url: at(`/?${new URLSearchParams({ category: category.slug })}`) });
  }

  // Every active product, through the same list the storefront pages with (its keyset cursor).
  let cursor: string | undefined;
  while (entries.length < MAX_SITEMAP_URLS) {
    const page = await api.catalog.list({ limit: Math.min(PAGE, MAX_SITEMAP_URLS - entries.length), sort: "newest", cursor });
    // The list's items carry no updatedAt (ProductSummary): one query per page of ids reads it.
    const updated = new Map(
      (
        await deps().db.product.findMany({
          where: { id: { in: page.items.map((item) => item.id) } },
          select: { id: true, updatedAt: true },
        })
      ).map((row) => [row.id, row.updatedAt]),
    );
    for (const item of page.items) {
      entries.push({ url: at(`/products/${item.slug}`), lastModified: updated.get(item.id) });
    }
    if (!page.nextCursor || page.items.length === 0) break;
    cursor = page.nextCursor;
  }
  return entries;
}
