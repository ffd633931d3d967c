"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";
import type { ListSort, ProductList, ProductSummary } from "@shop/core";
import { formatMoney, ratingSummary } from "../../../lib/format";
import { useCursorPages } from "../../../components/use-cursor-pages";
import { useTRPC, useTRPCClient } from "../../../trpc/client";
import { LoadMore } from "../../../components/load-more";
import { NoImage } from "../../../components/no-image";

export interface CatalogInput {
  limit: number;
  sort: ListSort;
  q?: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  /** The API's option filter, e.g. "size:42|43,colour:black". */
  options?: string;
}

const LOW_STOCK = 5;

function StockState({ stock }: { stock: number }) {
  if (stock <= 0) return <span className="stock out">Out of stock</span>;
  if (stock <= LOW_STOCK) return <span className="stock low">Only {stock} left</span>;
  return <span className="stock in">In stock</span>;
}

function ProductCard({ product }: { product: ProductSummary }) {
  return (
    <li className="product-card">
      <Link href={`/products/${product.slug}`} className="product-link">
        {product.imageUrl ? (
          <img src={product.imageUrl} alt="" width={400} height={400} loading="lazy" />
        ) : (
          <NoImage />
        )}
        <span className="product-name">{product.name}</span>
      </Link>
      <span className="price">
        {product.priceRange.max > product.priceRange.min ? "From " : ""}
        {formatMoney(product.price, product.currency)}
      </span>
      <span className="rating">
        {product.ratingCount > 0 && <span aria-hidden="true">★ </span>}
        {ratingSummary(product.ratingAverage, product.ratingCount)}
      </span>
      <StockState stock={product.stock} />
    </li>
  );
}

/** The product grid: the first page comes from the server; "Load more" follows nextCursor. */
export function ProductGrid({ input, firstPage }: { input: CatalogInput; firstPage: ProductList }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const pages = useCursorPages(trpc.catalog.list.infiniteQueryKey(input), (cursor) => client.catalog.list.query({ ...input, cursor }), firstPage);
  const products = pages.data.pages.flatMap((page) => page.items);
  const list = useRef<HTMLUListElement>(null);
  const shown = useRef(products.length);
  const asked = useRef(false);

  // Keyboard users continue at the first product that was just loaded (not when Back restores the pages: focus
  // would scroll away from the position being restored).
  useEffect(() => {
    if (asked.current && products.length > shown.current) {
      asked.current = false;
      list.current?.querySelectorAll<HTMLAnchorElement>(".product-link")[shown.current]?.focus();
    }
    shown.current = products.length;
  }, [products.length]);
  const loadMore = {
    ...pages,
    fetchNextPage: () => {
      asked.current = true;
      return pages.fetchNextPage();
    },
  };

  return (
    <>
      <ul className="product-grid" ref={list} aria-busy={pages.restoring || undefined}>
        {products.map((product) => (
          <ProductCard key={product.id} product={product} />
        ))}
      </ul>
      <div className="load-more">
        <LoadMore pages={loadMore} />
      </div>
    </>
  );
}
