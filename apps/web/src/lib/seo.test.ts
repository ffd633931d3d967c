import { describe, expect, it } from "vitest";
import type { Product } from "@shop/core";
import { absoluteUrl, decimalPrice, jsonLdScript, metaDescription, productJsonLd, requestOrigin } from "./seo";

const URL_OF = "https://shop.example.com/products/trail-shoe";

type Variant = Product["variants"][number];

function variant(overrides: Partial<Variant> = {}): Variant {
  return {
    id: "0190e0c8-0000-7000-8000-000000000001",
    sku: "trail-shoe",
    title: "",
    options: [],
    price: 4999,
    compareAtPrice: null,
    stock: 3,
    inStock: true,
    imageUrl: null,
    ...overrides,
  };
}

function product(overrides: Partial<Product> = {}): Product {
  const variants = overrides.variants ?? [variant()];
  return {
    id: "0190e0c8-0000-7000-8000-0000000000aa",
    slug: "trail-shoe",
    name: "Trail Shoe",
    description: "Grippy soles for muddy paths.",
    price: Math.min(...variants.map((v) => v.price)),
    currency: "USD",
    stock: variants.reduce((n, v) => n + v.stock, 0),
    inStock: variants.some((v) => v.inStock),
    priceRange: { min: Math.min(...variants.map((v) => v.price)), max: Math.max(...variants.map((v) => v.price)) },
    options: [],
    tags: [],
    images: [
      { url: "/images/back.png", alt: "Back", position: 1 },
      { url: "/images/front.png", alt: "Front", position: 0 },
    ],
    category: null,
    ratingAverage: 4.5,
    ratingCount: 2,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-02T00:00:00.000Z",
    ...overrides,
    variants,
  };
}

/** A shoe in two sizes and the 43 sold out. */
function sizedShoe(): Product {
  const size = (value: string, extra: Partial<Variant>) =>
    variant({ sku: `trail-shoe-${value}`, title: value, options: [{ name: "Size", value }], ...extra });
  return product({
    options: [{ name: "Size", values: ["41", "42", "43"] }],
    variants: [
      size("41", { id: "v-41", price: 4999 }),
      size("42", { id: "v-42", price: 5499 }),
      size("43", { id: "v-43", price: 5999, stock: 0, inStock: false }),
    ],
  });
}

describe("productJsonLd", () => {
  it("one variant: one Offer, the variant's SKU on the product, absolute images in position order, the rating", () => {
    expect(productJsonLd(product(), URL_OF)).toEqual({
      "@context": "https://schema.org",
      "@type": "Product",
      name: "Trail Shoe",
      description: "Grippy soles for muddy paths.",
      url: URL_OF,
      sku: "trail-shoe",
      image: ["https://shop.example.com/images/front.png", "https://shop.example.com/images/back.png"],
      aggregateRating: { "@type": "AggregateRating", ratingValue: 4.5, reviewCount: 2, bestRating: 5, worstRating: 1 },
      offers: {
        "@type": "Offer",
        sku: "trail-shoe",
        url: URL_OF,
        price: "49.99",
        priceCurrency: "USD",
        availability: "https://schema.org/InStock",
        itemCondition: "https://schema.org/NewCondition",
      },
    });
  });

  it("several variants: an AggregateOffer over one Offer per variant, each with its own availability and ?variant= URL", () => {
    const ld = productJsonLd(sizedShoe(), URL_OF);
    expect(ld).not.toHaveProperty("sku");
    expect(ld.offers).toMatchObject({
      "@type": "AggregateOffer",
      priceCurrency: "USD",
      lowPrice: "49.99",
      highPrice: "59.99",
      offerCount: 3,
    });
    const offers = (ld.offers as { offers: Record<string, unknown>[] }).offers;
    expect(offers.map((o) => [o.sku, o.price, o.availability, o.url])).toEqual([
      ["trail-shoe-41", "49.99", "https://schema.org/InStock", `${URL_OF}?variant=v-41`],
      ["trail-shoe-42", "54.99", "https://schema.org/InStock", `${URL_OF}?variant=v-42`],
      ["trail-shoe-43", "59.99", "https://schema.org/OutOfStock", `${URL_OF}?variant=v-43`],
    ]);
  });

  it("a sold-out product without options is OutOfStock, at the page's own URL", () => {
    const ld = productJsonLd(product({ variants: [variant({ stock: 0, inStock: false })] }), URL_OF);
    expect(ld.offers).toMatchObject({ availability: "https://schema.org/OutOfStock", url: URL_OF });
  });

  it("without reviews there is no aggregateRating (a rating of 0 would be a claim); no images, no image; no description, none", () => {
    const ld = productJsonLd(product({ ratingCount: 0, ratingAverage: 0, images: [], description: "  " }), URL_OF);
    expect(ld).not.toHaveProperty("aggregateRating");
    expect(ld).not.toHaveProperty("image");
    expect(ld).not.toHaveProperty("description");
  });

  it("prices follow the currency's minor unit: JPY has none, USD two", () => {
    const yen = productJsonLd(product({ currency: "JPY", variants: [variant({ price: 4980 })] }), URL_OF);
    expect(yen.offers).toMatchObject({ price: "4980", priceCurrency: "JPY" });
    const dollars = productJsonLd(product({ currency: "USD", variants: [variant({ price: 4980 })] }), URL_OF);
    expect(dollars.offers).toMatchObject({ price: "49.80", priceCurrency: "USD" });
  });

  it("keeps absolute image URLs as they are", () => {
    const ld = productJsonLd(product({ images: [{ url: "https://cdn.example.net/a.jpg", alt: "", position: 0 }] }), URL_OF);
    expect(ld.image).toEqual(["https://cdn.example.net/a.jpg"]);
  });
});

describe("decimalPrice", () => {
  it("writes minor units in the currency's digits, small amounts padded", () => {
    expect(decimalPrice(1999, "USD")).toBe("19.99");
    expect(decimalPrice(5, "USD")).toBe("0.05");
    expect(decimalPrice(0, "USD")).toBe("0.00");
    expect(decimalPrice(0, "JPY")).toBe("0");
    expect(decimalPrice(500, "JPY")).toBe("500");
    expect(decimalPrice(12345, "KWD")).toBe("12.345");
  });
});

describe("jsonLdScript", () => {
  it("cannot end the script early: </script> in a name stays inside the JSON and reads back unchanged", () => {
    const name = "</script><script>alert(1)</script> & <!-- \u2028\u2029";
    const text = jsonLdScript(productJsonLd(product({ name }), URL_OF));
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain("\\u003c/script\\u003e");
    expect(JSON.parse(text).name).toBe(name);
  });
});

describe("absoluteUrl and metaDescription", () => {
  it("resolves paths against the origin", () => {
    expect(absoluteUrl("https://shop.example.com", "/products/a")).toBe("https://shop.example.com/products/a");
    expect(absoluteUrl("http://127.0.0.1:3000", "/?category=books")).toBe("http://127.0.0.1:3000/?category=books");
  });

  it("cuts at 160 characters without splitting an emoji, whitespace collapsed", () => {
    expect(metaDescription("  a \n\n b  ")).toBe("a b");
    expect(metaDescription("")).toBeUndefined();
    const long = "🙂".repeat(200);
    expect(Array.from(metaDescription(long)!)).toHaveLength(160);
    expect(metaDescription(long)).toBe("🙂".repeat(160));
  });
});

describe("requestOrigin", () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it("PUBLIC_URL wins over every header", () => {
    expect(
      requestOrigin({ publicUrl: "https://shop.example.com", trustedProxyHops: 1, headers: headers({ host: "evil.test", "x-forwarded-host": "evil.test" }) }),
    ).toBe("https://shop.example.com");
  });

  it("without proxies: the Host header over http, X-Forwarded-Host and -Proto ignored", () => {
    const h = headers({ host: "shop.local:3000", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" });
    expect(requestOrigin({ publicUrl: undefined, trustedProxyHops: 0, headers: h })).toBe("http://shop.local:3000");
  });

  it("behind TRUST_PROXY_HOPS proxies: the entry the outermost proxy wrote", () => {
    const h = headers({ host: "10.0.0.5:3000", "x-forwarded-host": "evil.test, shop.example.com", "x-forwarded-proto": "http, https" });
    expect(requestOrigin({ publicUrl: undefined, trustedProxyHops: 1, headers: h })).toBe("https://shop.example.com");
    const one = headers({ host: "10.0.0.5:3000", "x-forwarded-host": "shop.example.com", "x-forwarded-proto": "https" });
    expect(requestOrigin({ publicUrl: undefined, trustedProxyHops: 2, headers: one })).toBe("https://shop.example.com");
  });

  it("a malformed host is never used: the next source, then localhost", () => {
    expect(requestOrigin({ publicUrl: undefined, trustedProxyHops: 0, headers: headers({ host: "evil.test/path?x" }) })).toBe("http://localhost");
    expect(requestOrigin({ publicUrl: undefined, trustedProxyHops: 0, headers: headers({ host: "shop.local:99999" }) })).toBe("http://localhost");
    const h = headers({ host: "shop.local", "x-forwarded-host": "a b" });
    expect(requestOrigin({ publicUrl: undefined, trustedProxyHops: 1, headers: h })).toBe("http://shop.local");
  });
});
