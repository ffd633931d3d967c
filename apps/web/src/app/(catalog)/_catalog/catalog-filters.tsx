"use client";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import type { ProductSort } from "@shop/core";

export interface FilterValues {
  q?: string;
  category?: string;
  /** Major units, as typed ("12.50"). */
  minPrice?: string;
  maxPrice?: string;
  sort: ProductSort;
  inStock: boolean;
}

const SORT_LABELS: Record<ProductSort, string> = {
  newest: "Newest",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  rating: "Best rated",
};

/**
 * Search, price, sort and stock filters. A plain GET form (works without JavaScript); with it, the URL is built
 * without empty fields and the page navigates client-side. Sort and the stock checkbox apply at once.
 */
export function CatalogFilters({ values, sorts }: { values: FilterValues; sorts: readonly ProductSort[] }) {
  const router = useRouter();

  function apply(form: HTMLFormElement) {
    const qs = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      const text = String(value).trim();
      if (text && !(name === "sort" && text === "newest")) qs.set(name, text);
    }
    const s = qs.toString();
    router.push(s ? `/?${s}` : "/");
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(event.currentTarget);
  }

  return (
    <form className="filters" method="get" action="/" onSubmit={onSubmit} aria-label="Search and filter products">
      {values.category && <input type="hidden" name="category" value={values.category} />}
      <div className="search-row" role="search">
        <label className="grow">
          Search
          <input type="search" name="q" defaultValue={values.q ?? ""} maxLength={200} placeholder="Headphones, skillet, novel…" />
        </label>
        <button type="submit">Search</button>
      </div>
      <div className="filter-row">
        <label>
          Min price ($)
          <input type="number" name="minPrice" min={0} step="0.01" inputMode="decimal" defaultValue={values.minPrice ?? ""} />
        </label>
        <label>
          Max price ($)
          <input type="number" name="maxPrice" min={0} step="0.01" inputMode="decimal" defaultValue={values.maxPrice ?? ""} />
        </label>
        <label>
          Sort by
          <select name="sort" defaultValue={values.sort} onChange={(e) => e.currentTarget.form && apply(e.currentTarget.form)}>
            {sorts.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="inStock"
            value="1"
            defaultChecked={values.inStock}
            onChange={(e) => e.currentTarget.form && apply(e.currentTarget.form)}
          />
          In stock only
        </label>
        <button type="submit" className="secondary">
          Apply
        </button>
      </div>
    </form>
  );
}
