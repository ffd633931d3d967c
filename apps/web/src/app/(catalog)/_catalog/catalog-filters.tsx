"use client";
import { useRouter } from "next/navigation";
import { useTransition, type FormEvent } from "react";
import type { ListSort } from "@shop/core";

export interface FilterValues {
  q?: string;
  category?: string;
  /** Major units, as typed ("12.50"). */
  minPrice?: string;
  maxPrice?: string;
  sort: ListSort;
  inStock: boolean;
  /** Chosen option values by option key (lower-case name), from `?size=42&colour=black` in the URL. */
  options: Record<string, string[]>;
}

const SORT_LABELS: Record<ListSort, string> = {
  relevance: "Best match",
  newest: "Newest",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  rating: "Best rated",
};

/**
 * Search, price, sort and stock filters. A plain GET form (works without JavaScript); with it, the URL is built
 * without empty fields and the page navigates client-side. Sort and the stock checkbox apply at once. On a phone
 * everything but the search sits behind "Filters and sort" (a native <details>), so products fill the first screen;
 * wider screens show it all (globals.css).
 */
export function CatalogFilters({ values, sorts }: { values: FilterValues; sorts: readonly ListSort[] }) {
  const router = useRouter();
  // The current results stay until the new ones are rendered (no page-wide spinner); this says they are coming.
  const [pending, startTransition] = useTransition();
  // The order a search or a list has when none is chosen (page.tsx's defaultSort): not put in the URL.
  const defaultFor = (q: string) => (q ? "relevance" : "newest");
  const active = [values.minPrice, values.maxPrice, values.sort !== defaultFor(values.q ?? ""), values.inStock].filter(Boolean).length;

  function apply(form: HTMLFormElement) {
    const qs = new URLSearchParams();
    const data = new FormData(form);
    // Option values repeat a name (size=42&size=43): appended, where the other fields are set once.
    const optionKeys = new Set(Object.keys(values.options));
    const q = String(data.get("q") ?? "").trim();
    for (const [name, value] of data) {
      const text = String(value).trim();
      // A sort left as it was shown (the default of the page it was on) is no choice: the new search's default applies.
      const unchosen = text === defaultFor(values.q ?? "") || text === defaultFor(q) || (text === "relevance" && !q);
      if (!text || (name === "sort" && unchosen)) continue;
      if (optionKeys.has(name)) qs.append(name, text);
      else qs.set(name, text);
    }
    const s = qs.toString();
    startTransition(() => router.push(s ? `/?${s}` : "/"));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(event.currentTarget);
  }

  return (
    <form className="filters" method="get" action="/" onSubmit={onSubmit} aria-label="Search and filter products" aria-busy={pending || undefined}>
      {values.category && <input type="hidden" name="category" value={values.category} />}
      {Object.entries(values.options).flatMap(([key, chosen]) =>
        chosen.map((value) => <input key={`${key}=${value}`} type="hidden" name={key} value={value} />),
      )}
      <div className="search-row" role="search">
        <label className="grow">
          Search
          <input type="search" name="q" defaultValue={values.q ?? ""} maxLength={200} placeholder="Headphones, skillet, novel…" />
        </label>
        <button type="submit">Search</button>
      </div>
      <details className="more-filters">
        <summary>
          Filters and sort{active > 0 && <span className="muted"> ({active} set)</span>}
        </summary>
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
      </details>
      <p className="updating muted small" role="status">
        {pending ? "Updating the results…" : ""}
      </p>
    </form>
  );
}
