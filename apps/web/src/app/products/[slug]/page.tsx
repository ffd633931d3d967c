import type { Metadata } from "next";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { cache } from "react";
import { TRPCError } from "@trpc/server";
import { lineLimit } from "@shop/core";
import { visitorCart } from "../../../lib/cart";
import { formatMoney } from "../../../lib/format";
import { currentUser } from "../../../lib/session";
import { deps } from "@shop/server";
import { serverApi } from "../../../trpc/server";
import { AddToCart } from "./add-to-cart";
import { Gallery } from "./gallery";
import { VariantPicker } from "./variant-picker";
import { RatingSummary, Reviews } from "./reviews";
import { absoluteUrl, jsonLdScript, metaDescription, productJsonLd } from "../../../lib/seo";
import { siteOrigin } from "../../../lib/site-origin";

type Params = Promise<{ slug: string }>;

const REVIEWS_PAGE = 5;

/** The signed-in caller's review of the product, or null: they get it shown instead of the form. */
async function ownReview(api: Awaited<ReturnType<typeof serverApi>>, productId: string) {
  try {
    return await api.reviews.mine({ id: productId });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "UNAUTHORIZED")) return null;
    throw error;
  }
}

/** The product or the 404 page: unknown, inactive and malformed slugs look the same. */
const loadProduct = cache(async (slug: string) => {
  const api = await serverApi();
  try {
    return await api.catalog.byId({ id: slug });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const product = await loadProduct((await params).slug);
  const description = metaDescription(product.description);
  // Relative URLs: the root layout's metadataBase (the public origin) makes them absolute.
  const url = `/products/${product.slug}`;
  const images = [...product.images]
    .sort((a, b) => a.position - b.position)
    .map((image) => ({ url: image.url, alt: image.alt || product.name }));
  return {
    title: product.name,
    description,
    alternates: { canonical: url },
    // Next.js has no og:type "product"; "website" is the closest it writes.
    openGraph: { type: "website", title: product.name, description, url, images },
    twitter: { card: images.length > 0 ? "summary_large_image" : "summary", title: product.name, description, images },
  };
}

export default async function ProductPage({ params, searchParams }: { params: Params; searchParams: Promise<{ variant?: string | string[] }> }) {
  const slug = (await params).slug;
  const asked = (await searchParams).variant;
  const product = await loadProduct(slug);
  // Reached by id (or another spelling): one canonical address per product.
  if (product.slug !== slug) permanentRedirect(`/products/${product.slug}`);
  const api = await serverApi();
  const [user, reviews, cart] = await Promise.all([currentUser(), api.reviews.list({ id: product.id, limit: REVIEWS_PAGE }), visitorCart()]);
  const mine = user ? await ownReview(api, product.id) : null;
  // The same rule the cart applies to every change (lineLimit); what the cart holds already is taken off live.
  const limit = lineLimit(product.stock, deps().config.cartLineCap);
  // ?variant= (the pickers keep it in the address, so a chosen size and colour can be shared) or the first in stock.
  const initialVariant =
    product.variants.find((v) => v.id === asked) ?? product.variants.find((v) => v.inStock) ?? product.variants[0];

  return (
    <main className="wide">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdScript(productJsonLd(product, absoluteUrl(await siteOrigin(), `/products/${product.slug}`))) }} />
      {product.category && (
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <ol>
            <li>
              <Link href="/">Catalog</Link>
            </li>
            {product.category.path.map((c) => (
              <li key={c.id}>
                <Link href={`/?category=${c.slug}`}>{c.name}</Link>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <article className="product">
        <Gallery
          images={product.images}
          productName={product.name}
          variantImages={Object.fromEntries(product.variants.map((v) => [v.id, v.imageUrl]))}
          initialVariantId={initialVariant?.id ?? null}
        />
        <div className="product-info stack">
          <h1>{product.name}</h1>
          <RatingSummary productId={product.id} initial={reviews} pageSize={REVIEWS_PAGE} />
          {product.options.length > 0 ? (
            <VariantPicker
              product={product}
              limits={Object.fromEntries(product.variants.map((v) => [v.id, lineLimit(v.stock, deps().config.cartLineCap)]))}
              initialCart={cart}
              initialVariantId={initialVariant?.id ?? null}
            />
          ) : (
            <>
              <p className="price big">{formatMoney(product.price, product.currency)}</p>
              <p className={product.stock > 0 ? "stock in" : "stock out"}>
                {product.stock > 0 ? `In stock: ${product.stock}` : "Out of stock"}
              </p>
              {limit > 0 && <AddToCart productId={product.id} name={product.name} limit={limit} initialCart={cart} />}
            </>
          )}
          {product.description && <p className="description">{product.description}</p>}
        </div>
      </article>
      <Reviews productId={product.id} slug={product.slug} initial={reviews} pageSize={REVIEWS_PAGE} signedIn={Boolean(user)} own={mine} />
    </main>
  );
}
