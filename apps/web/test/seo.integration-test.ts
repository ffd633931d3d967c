/**
 * What crawlers and link previews get from the production server: robots.txt, sitemap.xml, and a product page's
 * JSON-LD, canonical link, Open Graph and Twitter tags, for products this file creates itself. One server takes
 * its origin from the request's Host (no PUBLIC_URL, no trusted proxy), the other from PUBLIC_URL.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionService, createTokenService } from "@shop/core";
import { createDb } from "@shop/db";
import { jwtSettings, uniquePhone } from "./faults/fixtures";
import { startWebServer, type WebServer } from "./web-server";

const db = createDb(process.env.DATABASE_URL!, { poolSize: 2 });
const jwt = jwtSettings();
const PUBLIC_URL = "https://shop.example.test";
// An HTML-limited bot (no JavaScript): Next.js puts the metadata in <head> for it instead of streaming it later.
const LINK_PREVIEW_BOT = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)";
const XSS_NAME = "</script><script>alert(1)</script>";

let web: WebServer;
let configured: WebServer;
const suffix = randomBytes(5).toString("hex");
let plain: { slug: string; updatedAt: Date };
let shoe: { slug: string; variants: { id: string; sku: string; inStock: boolean }[] };
let hostile: { slug: string };
let categories: { slug: string }[];
// More than one page of the list API (100): the sitemap must follow its cursor.
const BULK = 120;

/** An admin's access token, minted with the settings the server under test verifies with. */
async function adminToken(): Promise<string> {
  const tokens = createTokenService({ secrets: [jwt.JWT_SECRET], issuer: jwt.JWT_ISSUER, audience: jwt.JWT_AUDIENCE, accessTtlSeconds: 900 });
  const user = await db.user.create({ data: { phone: uniquePhone(), role: "admin" }, select: { id: true } });
  return (await createSessionService({ db, tokens }).create({ id: user.id, role: "admin" })).accessToken;
}

beforeAll(async () => {
  [web, configured] = await Promise.all([
    startWebServer({ ...jwt, CATALOG_CACHE_TTL_MS: "0" }),
    startWebServer({ ...jwt, CATALOG_CACHE_TTL_MS: "0", PUBLIC_URL }),
  ]);

  // Without options: the database gives it its one default variant.
  const created = await db.product.create({
    data: {
      slug: `seo-lamp-${suffix}`,
      name: `SEO Desk Lamp ${suffix}`,
      description: "A warm desk lamp. ".repeat(20),
      price: 2500,
      stock: 7,
      images: { create: [{ url: "/images/lamp-front.png", alt: "The lamp from the front", position: 0 }] },
    },
    select: { id: true, slug: true },
  });
  // Read back after the commit: the variants' rollup may have touched the row.
  plain = await db.product.findUniqueOrThrow({ where: { id: created.id }, select: { slug: true, updatedAt: true } });

  // With options, through the API an admin uses: three sizes, the 43 sold out.
  const res = await fetch(`${web.url}/api/v1/shop/products`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await adminToken()}` },
    body: JSON.stringify({
      name: `SEO Trail Shoe ${suffix}`,
      price: 5000,
      options: [{ name: "Size", values: ["41", "42", "43"] }],
      variants: [
        { options: { Size: "41" }, stock: 2 },
        { options: { Size: "42" }, stock: 1, price: 5500 },
        { options: { Size: "43" }, stock: 0 },
      ],
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  shoe = await res.json();

  hostile = await db.product.create({
    data: { slug: `seo-hostile-${suffix}`, name: `${XSS_NAME} ${suffix}`, price: 100, stock: 1 },
    select: { slug: true },
  });

  const parent = await db.category.create({ data: { slug: `seo-cat-${suffix}`, name: `SEO Category ${suffix}` }, select: { id: true, slug: true } });
  const child = await db.category.create({
    data: { slug: `seo-sub-${suffix}`, name: `SEO Sub-category ${suffix}`, parentId: parent.id },
    select: { slug: true },
  });
  categories = [parent, child];
  await db.product.createMany({
    data: Array.from({ length: BULK }, (_, i) => ({ slug: `seo-bulk-${suffix}-${i}`, name: `SEO Bulk ${suffix} ${i}`, price: 100 + i, stock: 1 })),
  });
}, 180_000);

afterAll(async () => {
  await Promise.all([web?.stop(), configured?.stop()]);
  await db.$disconnect();
});

async function page(base: string, path: string, userAgent = LINK_PREVIEW_BOT) {
  const res = await fetch(`${base}${path}`, { headers: { "user-agent": userAgent } });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

function jsonLdScripts(html: string): string[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

const head = (html: string) => html.slice(0, html.indexOf("</head>"));
const decode = (text: string) => text.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

/** The value of a <meta> (by property or name) or <link rel> tag, attributes in any order. */
function tag(html: string, kind: "meta" | "link", key: string): string | undefined {
  for (const m of html.matchAll(new RegExp(`<${kind}\\s[^>]*>`, "g"))) {
    const attrs = Object.fromEntries([...m[0].matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)]));
    if (kind === "meta" && (attrs.property === key || attrs.name === key)) return attrs.content;
    if (kind === "link" && attrs.rel === key) return attrs.href;
  }
  return undefined;
}

/**
 * Well-formedness, checked strictly for what a sitemap may hold: one XML declaration, then elements that nest and
 * close, attributes quoted, and text whose only `&` start one of XML's five entities.
 */
function checkXml(xml: string): void {
  const tokens = /<\?xml [^?]*\?>|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|[^<]+/gy;
  const open: string[] = [];
  let roots = 0;
  let at = 0;
  for (let m = tokens.exec(xml); m; m = tokens.exec(xml)) {
    at = tokens.lastIndex;
    const [token, closing, opening, , selfClosing] = m;
    if (token.startsWith("<?xml")) expect(m.index, "the XML declaration comes first").toBe(0);
    else if (closing) expect(open.pop(), `</${closing}> closes what was opened`).toBe(closing);
    else if (opening) {
      if (open.length === 0) roots++;
      if (!selfClosing) open.push(opening);
    } else expect(token.replace(/&(amp|lt|gt|quot|apos);/g, ""), "text without raw & or >").not.toMatch(/[&>]/);
  }
  expect(at, `unparseable XML at ${xml.slice(at, at + 80)}`).toBe(xml.length);
  expect(open).toEqual([]);
  expect(roots).toBe(1);
}

describe("robots.txt", () => {
  it("allows the storefront, disallows the private pages and the APIs, and names the sitemap's absolute URL", async () => {
    const res = await page(web.url, "/robots.txt");
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    const lines = res.text.split("\n").map((l) => l.trim());
    expect(lines).toContain("User-Agent: *");
    expect(lines).toContain("Allow: /");
    for (const path of ["/cart", "/checkout", "/orders", "/profile", "/login", "/admin", "/api/"]) {
      expect(lines).toContain(`Disallow: ${path}`);
    }
    expect(lines).toContain(`Sitemap: ${web.url}/sitemap.xml`);
  });

  it("names PUBLIC_URL when it is set; without it a forged X-Forwarded-Host is ignored (no trusted proxy)", async () => {
    expect((await page(configured.url, "/robots.txt")).text).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`);
    const forged = await fetch(`${web.url}/robots.txt`, { headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } });
    const text = await forged.text();
    expect(text).toContain(`Sitemap: ${web.url}/sitemap.xml`);
    expect(text).not.toContain("evil.example");
  });
});

describe("sitemap.xml", () => {
  it("is well-formed XML listing the home page and every created product with its lastmod, read live (not at build time)", async () => {
    const res = await page(web.url, "/sitemap.xml");
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/xml/);
    checkXml(res.text);
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const urls = [...res.text.matchAll(/<url>\s*<loc>([^<]*)<\/loc>(?:\s*<lastmod>([^<]*)<\/lastmod>)?/g)].map((m) => ({ loc: m[1], lastmod: m[2] }));
    expect(urls[0]).toEqual({ loc: `${web.url}/`, lastmod: undefined });
    expect(urls).toContainEqual({ loc: `${web.url}/products/${plain.slug}`, lastmod: plain.updatedAt.toISOString() });
    const locs = urls.map((u) => u.loc);
    expect(locs).toEqual(expect.arrayContaining([`${web.url}/products/${shoe.slug}`, `${web.url}/products/${hostile.slug}`]));
    // Past the first page of the list, and every product once.
    const bulk = locs.filter((loc) => loc?.startsWith(`${web.url}/products/seo-bulk-${suffix}-`));
    expect(bulk).toHaveLength(BULK);
    expect(new Set(locs).size).toBe(locs.length);
    expect(urls.filter((u) => u.loc?.includes("/products/")).every((u) => u.lastmod && !Number.isNaN(Date.parse(u.lastmod)))).toBe(true);
  });

  it("lists every category page, sub-categories included, by its ?category= address", async () => {
    const res = await page(web.url, "/sitemap.xml");
    for (const category of categories) expect(res.text).toContain(`<loc>${web.url}/?category=${category.slug}</loc>`);
  });

  it("leaves out a product that is no longer active", async () => {
    await db.product.update({ where: { slug: `seo-bulk-${suffix}-0` }, data: { isActive: false } });
    const res = await page(web.url, "/sitemap.xml");
    expect(res.text).not.toContain(`/products/seo-bulk-${suffix}-0<`);
    expect(res.text).toContain(`/products/seo-bulk-${suffix}-1<`);
  });
});

describe("a product page", () => {
  it("carries one JSON-LD Product: one Offer, in stock, absolute image and URL", async () => {
    const res = await page(web.url, `/products/${plain.slug}`);
    expect(res.status).toBe(200);
    const scripts = jsonLdScripts(res.text);
    expect(scripts).toHaveLength(1);
    const ld = JSON.parse(scripts[0]!);
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Product",
      name: `SEO Desk Lamp ${suffix}`,
      url: `${web.url}/products/${plain.slug}`,
      image: [`${web.url}/images/lamp-front.png`],
      offers: { "@type": "Offer", price: "25.00", priceCurrency: "USD", availability: "https://schema.org/InStock" },
    });
    expect(ld).not.toHaveProperty("aggregateRating");
  });

  it("has an absolute canonical link, Open Graph and a large Twitter card in <head> for a link-preview bot", async () => {
    const { text } = await page(web.url, `/products/${plain.slug}`);
    const h = head(text);
    expect(tag(h, "link", "canonical")).toBe(`${web.url}/products/${plain.slug}`);
    expect(tag(h, "meta", "og:title")).toBe(`SEO Desk Lamp ${suffix}`);
    expect(tag(h, "meta", "og:type")).toBe("website");
    expect(tag(h, "meta", "og:url")).toBe(`${web.url}/products/${plain.slug}`);
    expect(tag(h, "meta", "og:image")).toBe(`${web.url}/images/lamp-front.png`);
    expect(tag(h, "meta", "og:image:alt")).toBe("The lamp from the front");
    expect(tag(h, "meta", "twitter:card")).toBe("summary_large_image");
    const description = tag(h, "meta", "description")!;
    expect(Array.from(description).length).toBeLessThanOrEqual(160);
    expect(description.startsWith("A warm desk lamp. A warm")).toBe(true);
  });

  it("a browser gets the same tags too (streamed after the first bytes)", async () => {
    const { text } = await page(web.url, `/products/${plain.slug}`, "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36");
    expect(tag(text, "link", "canonical")).toBe(`${web.url}/products/${plain.slug}`);
    expect(tag(text, "meta", "twitter:card")).toBe("summary_large_image");
  });

  it("with PUBLIC_URL, the canonical link and the JSON-LD name that origin", async () => {
    const { text } = await page(configured.url, `/products/${plain.slug}`);
    expect(tag(head(text), "link", "canonical")).toBe(`${PUBLIC_URL}/products/${plain.slug}`);
    expect(JSON.parse(jsonLdScripts(text)[0]!).url).toBe(`${PUBLIC_URL}/products/${plain.slug}`);
  });

  it("with options: an AggregateOffer over one Offer per variant, the sold-out one OutOfStock; no image, a small Twitter card", async () => {
    const { text } = await page(web.url, `/products/${shoe.slug}`);
    const scripts = jsonLdScripts(text);
    expect(scripts).toHaveLength(1);
    const ld = JSON.parse(scripts[0]!);
    expect(ld.offers).toMatchObject({ "@type": "AggregateOffer", offerCount: 3, lowPrice: "50.00", highPrice: "55.00", priceCurrency: "USD" });
    const byVariant = Object.fromEntries(shoe.variants.map((v) => [v.id, v]));
    expect(ld.offers.offers).toHaveLength(3);
    for (const offer of ld.offers.offers) {
      const id = new URL(offer.url).searchParams.get("variant")!;
      expect(offer.sku).toBe(byVariant[id]!.sku);
      expect(offer.availability).toBe(byVariant[id]!.inStock ? "https://schema.org/InStock" : "https://schema.org/OutOfStock");
    }
    expect(ld.offers.offers.filter((o: { availability: string }) => o.availability.endsWith("OutOfStock"))).toHaveLength(1);
    expect(tag(head(text), "meta", "twitter:card")).toBe("summary");
  });

  it("named </script><script>alert(1)</script>: still exactly one ld+json script, which parses to that name, and no script of its own", async () => {
    const { status, text } = await page(web.url, `/products/${hostile.slug}`);
    expect(status).toBe(200);
    const scripts = jsonLdScripts(text);
    expect(scripts).toHaveLength(1);
    expect(JSON.parse(scripts[0]!).name).toBe(`${XSS_NAME} ${suffix}`);
    expect(text).not.toContain("<script>alert(1)");
  });
});

describe("the catalogue", () => {
  it("is canonical at / plus its category only; a search is not indexed but its links are followed", async () => {
    const filtered = await page(web.url, `/?category=seo-cat-${suffix}&sort=price_asc&inStock=1&size=42`);
    expect(tag(head(filtered.text), "link", "canonical")).toBe(`${web.url}/?category=seo-cat-${suffix}`);
    expect(tag(head(filtered.text), "meta", "robots")).toBeUndefined();

    const search = await page(web.url, "/?q=lamp&sort=price_desc");
    // Next.js writes the root as the bare origin ("http://host", the same URL as "http://host/").
    expect(new URL(tag(head(search.text), "link", "canonical")!).href).toBe(`${web.url}/`);
    expect(tag(head(search.text), "meta", "robots")).toBe("noindex, follow");
  });
});
