/**
 * What search engines and link previews read: schema.org JSON-LD for a product, its safe inline serialization,
 * absolute URLs and the shop's public origin. Pure functions (no I/O): the callers pass in the request's headers
 * and the configuration.
 */
import type { Product } from "@shop/core";
import { trustedForwardedEntry } from "@shop/api/request-meta";
import { minorPerMajor } from "./format";

const SCHEMA = "https://schema.org";

/** `path` ("/products/x", an image's "/images/x.png", or an absolute URL, kept as it is) against `origin`. */
export function absoluteUrl(origin: string, path: string): string {
  return new URL(path, origin).href;
}

/** Integer minor units as the decimal string schema.org expects: 1999 USD -> "19.99", 500 JPY -> "500", 12345 KWD -> "12.345". */
export function decimalPrice(minor: number, currency: string): string {
  // minorPerMajor reads Intl's maximumFractionDigits for the currency: 100 -> 2 digits, 1 -> 0, 1000 -> 3.
  const digits = String(minorPerMajor(currency)).length - 1;
  const whole = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
  const sign = minor < 0 ? "-" : "";
  return digits === 0 ? `${sign}${whole}` : `${sign}${whole.slice(0, -digits)}.${whole.slice(-digits)}`;
}

/** At most 160 characters (code points, so no emoji is cut in half) of the text, whitespace collapsed. */
export function metaDescription(text: string, max = 160): string | undefined {
  const clean = text.replace(/\s+/gu, " ").trim();
  if (!clean) return undefined;
  return Array.from(clean).slice(0, max).join("").trimEnd();
}

type Variant = Product["variants"][number];

function offer(product: Product, variant: Variant, url: string) {
  let offerUrl = url;
  // A product with options has one page per choice too (the pickers keep ?variant= in the address).
  if (product.options.length > 0) {
    const u = new URL(url);
    u.searchParams.set("variant", variant.id);
    offerUrl = u.href;
  }
  return {
    "@type": "Offer",
    sku: variant.sku,
    url: offerUrl,
    price: decimalPrice(variant.price, product.currency),
    priceCurrency: product.currency,
    availability: `${SCHEMA}/${variant.inStock ? "InStock" : "OutOfStock"}`,
    itemCondition: `${SCHEMA}/NewCondition`,
  };
}

/**
 * A schema.org Product for the product page at `url` (absolute): one Offer per variant, inside an AggregateOffer
 * when there are several. No brand: the shop does not record one, and an invented one would be wrong.
 */
export function productJsonLd(product: Product, url: string): Record<string, unknown> {
  const offers = product.variants.map((v) => offer(product, v, url));
  const prices = product.variants.map((v) => v.price);
  const images = [...product.images].sort((a, b) => a.position - b.position).map((image) => absoluteUrl(url, image.url));
  const description = product.description.trim();
  return {
    "@context": SCHEMA,
    "@type": "Product",
    name: product.name,
    ...(description ? { description } : {}),
    url,
    ...(product.variants.length === 1 ? { sku: product.variants[0]!.sku } : {}),
    ...(images.length > 0 ? { image: images } : {}),
    ...(product.ratingCount > 0
      ? {
          aggregateRating: {
            "@type": "AggregateRating",
            ratingValue: product.ratingAverage,
            // Every rating comes with a review (1 to 5 stars).
            reviewCount: product.ratingCount,
            bestRating: 5,
            worstRating: 1,
          },
        }
      : {}),
    ...(offers.length === 1
      ? { offers: offers[0] }
      : offers.length > 1
        ? {
            offers: {
              "@type": "AggregateOffer",
              priceCurrency: product.currency,
              lowPrice: decimalPrice(Math.min(...prices), product.currency),
              highPrice: decimalPrice(Math.max(...prices), product.currency),
              offerCount: offers.length,
              offers,
            },
          }
        : {}),
  };
}

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * JSON for an inline <script type="application/ld+json">. The HTML parser ends a script at the first `</script`
 * whatever the JSON means, so `<`, `>` and `&` are written as \u escapes (still the same JSON strings), and so are
 * U+2028/U+2029, which older JavaScript parsers take for line ends.
 */
export function jsonLdScript(data: unknown): string {
  return JSON.stringify(data).replace(SCRIPT_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A Host-header value: a DNS name, IPv4 or bracketed IPv6 address, optionally with a port; nothing else. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export interface OriginSources {
  /** PUBLIC_URL, already an origin (packages/server/src/env.ts); it wins when set. */
  publicUrl: string | undefined;
  /** TRUST_PROXY_HOPS: with 0 no proxy is trusted, so X-Forwarded-Host and -Proto are ignored. */
  trustedProxyHops: number;
  headers: { get(name: string): string | null };
}

/**
 * The shop's public origin ("https://shop.example.com"): PUBLIC_URL, else the request's Host over plain HTTP
 * (what this server speaks). X-Forwarded-Host/-Proto count only behind TRUST_PROXY_HOPS proxies: without one a
 * client could otherwise write any host into the canonical links of the page it is served.
 */
export function requestOrigin({ publicUrl, trustedProxyHops, headers }: OriginSources): string {
  if (publicUrl) return new URL(publicUrl).origin;
  const behindProxy = trustedProxyHops > 0;
  const fromProxy = behindProxy ? trustedForwardedEntry(headers.get("x-forwarded-host"), trustedProxyHops) : undefined;
  const proto = behindProxy ? trustedForwardedEntry(headers.get("x-forwarded-proto"), trustedProxyHops)?.toLowerCase() : undefined;
  const scheme = proto === "https" ? "https" : "http";
  for (const host of [fromProxy, headers.get("host")?.trim()]) {
    if (!host || !HOST.test(host)) continue;
    try {
      return new URL(`${scheme}://${host}`).origin;
    } catch {
      // a port above 65535: try the next source
    }
  }
  return `${scheme}://localhost`;
}
