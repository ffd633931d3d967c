import type { Metadata } from "next";
import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { LIST_SORTS, PRODUCT_SORTS, type CategoryNode, type ListSort, type ProductFacets, type ProductList } from "@shop/core";
import { toMinorUnits } from "../../lib/format";
import { serverApi } from "../../trpc/server";
import { CatalogFilters, type FilterValues } from "./_catalog/catalog-filters";
import { ProductGrid, type CatalogInput } from "./_catalog/product-grid";
import { ResultCount } from "./_catalog/result-count";

type SearchParams = Record<string, string | string[] | undefined>;

const PAGE_SIZE = 12;
// The shop sells in one currency (the seed's and the API's default); price filters are typed in its major units.
const SHOP_CURRENCY = "USD";
const CATEGORY_PARAM = /^[a-z0-9-]{1,200}$/i;
// Any other parameter is an option filter (?size=42&colour=black), named by the option's lower-case name.
const RESERVED_PARAMS = new Set(["q", "category", "minPrice", "maxPrice", "sort", "inStock", "cursor", "variant"]);
const OPTION_PARAM = /^[a-z0-9][a-z0-9 _-]{0,39}$/;
const OPTION_VALUE = /^[^:,|]{1,60}$/;

function readOptions(params: SearchParams): Record<string, string[]> {
  const options: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(params)) {
    const key = name.toLowerCase();
    if (RESERVED_PARAMS.has(name) || !OPTION_PARAM.test(key) || raw === undefined) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => v.trim()).filter((v) => OPTION_VALUE.test(v));
    if (values.length > 0 && Object.keys(options).length < 5) options[key] = [...new Set(values)].slice(0, 20);
  }
  return options;
}

/** The API's `options` filter for the chosen values. */
function optionsFilter(options: Record<string, string[]>): string | undefined {
  const pairs = Object.entries(options).map(([key, values]) => `${key}:${values.join("|")}`);
  return pairs.length > 0 ? pairs.join(",") : undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.trim() || undefined;
}

/** A search is ordered by best match unless the visitor picks an order; a plain list is newest first. */
const defaultSort = (q: string | undefined): ListSort => (q ? "relevance" : "newest");

/** The URL's filters, leniently: a malformed value is ignored rather than turned into an error page. */
function readFilters(params: SearchParams): FilterValues {
  const sort = first(params.sort);
  const category = first(params.category);
  const q = first(params.q)?.slice(0, 200);
  const price = (name: string) => {
    const raw = first(params[name]);
    return raw !== undefined && toMinorUnits(raw, SHOP_CURRENCY) !== undefined ? raw : undefined;
  };
  return {
    q,
    category: category && CATEGORY_PARAM.test(category) ? category.toLowerCase() : undefined,
    minPrice: price("minPrice"),
    maxPrice: price("maxPrice"),
    // "relevance" means something only with a search.
    sort: LIST_SORTS.includes(sort as ListSort) && (q || sort !== "relevance") ? (sort as ListSort) : defaultSort(q),
    inStock: ["1", "true", "on"].includes(first(params.inStock) ?? ""),
    options: readOptions(params),
  };
}

function toInput(f: FilterValues): CatalogInput {
  return {
    limit: PAGE_SIZE,
    sort: f.sort,
    ...(f.q ? { q: f.q } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.minPrice !== undefined ? { minPrice: toMinorUnits(f.minPrice, SHOP_CURRENCY) } : {}),
    ...(f.maxPrice !== undefined ? { maxPrice: toMinorUnits(f.maxPrice, SHOP_CURRENCY) } : {}),
    ...(f.inStock ? { inStock: true } : {}),
    ...(optionsFilter(f.options) ? { options: optionsFilter(f.options) } : {}),
  };
}

/** A catalog URL with these filters; category links keep the search and the other filters. */
function catalogHref(f: FilterValues, change: Partial<FilterValues>): string {
  const next = { ...f, ...change };
  const qs = new URLSearchParams();
  if (next.q) qs.set("q", next.q);
  if (next.category) qs.set("category", next.category);
  if (next.minPrice) qs.set("minPrice", next.minPrice);
  if (next.maxPrice) qs.set("maxPrice", next.maxPrice);
  const sort = next.sort === "relevance" && !next.q ? "newest" : next.sort;
  if (sort !== defaultSort(next.q)) qs.set("sort", sort);
  if (next.inStock) qs.set("inStock", "1");
  for (const [key, values] of Object.entries(next.options)) for (const value of values) qs.append(key, value);
  const s = qs.toString();
  return s ? `/?${s}` : "/";
}

function findCategory(nodes: CategoryNode[], slug: string): CategoryNode | undefined {
  for (const node of nodes) {
    if (node.slug === slug) return node;
    const found = findCategory(node.children, slug);
    if (found) return found;
  }
  return undefined;
}

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const f = readFilters(await searchParams);
  // One address per category: the search, the order, the cursor and the other filters only rearrange or narrow
  // the same products. Relative: the root layout's metadataBase makes it absolute.
  const alternates = { canonical: f.category ? `/?${new URLSearchParams({ category: f.category })}` : "/" };
  // Search results are for the visitor, not for the index (endless near-duplicates); their links still count.
  if (f.q) return { title: `Search: ${f.q}`, alternates, robots: { index: false, follow: true } };
  return {
    title: { absolute: "Shop · Catalog" },
    description: "Browse the shop's catalogue: search, filter by category and price.",
    alternates,
  };
}

function CategoryTree({
  nodes,
  filters,
  counts,
  depth = 0,
}: {
  nodes: CategoryNode[];
  filters: FilterValues;
  counts: Map<string, number> | null;
  depth?: number;
}) {
  return (
    <ul className={depth === 0 ? "category-tree" : undefined}>
      {nodes.map((node) => (
        <li key={node.id}>
          <Link href={catalogHref(filters, { category: node.slug })} aria-current={filters.category === node.slug ? "page" : undefined}>
            {node.name}
          </Link>
          {counts && <span className="muted small count">{counts.get(node.id) ?? 0}</span>}
          {node.children.length > 0 && <CategoryTree nodes={node.children} filters={filters} counts={counts} depth={depth + 1} />}
        </li>
      ))}
    </ul>
  );
}

/** Each option's values with their counts, as links that add or remove the value (kept in the URL). */
function OptionFacets({ facets, filters }: { facets: ProductFacets; filters: FilterValues }) {
  if (facets.options.length === 0) return null;
  const toggled = (key: string, value: string) => {
    const chosen = filters.options[key] ?? [];
    const lower = value.toLowerCase();
    const next = chosen.some((v) => v.toLowerCase() === lower) ? chosen.filter((v) => v.toLowerCase() !== lower) : [...chosen, value];
    const { [key]: _, ...others } = filters.options;
    return catalogHref(filters, { options: next.length > 0 ? { ...others, [key]: next } : others });
  };
  return (
    <nav aria-label="Refine by option" className="facets">
      {facets.options.map((option) => (
        <section key={option.key} aria-labelledby={`facet-${option.key}`}>
          <h2 id={`facet-${option.key}`}>{option.name}</h2>
          <ul className="facet-values">
            {option.values.map((v) => (
              <li key={v.value}>
                <Link href={toggled(option.key, v.value)} className={v.selected ? "facet selected" : "facet"} aria-current={v.selected ? "true" : undefined}>
                  {v.selected && <span aria-hidden="true">✓ </span>}
                  {v.value} <span className="muted small">({v.count})</span>
                  {v.selected && <span className="visually-hidden"> (selected, choose to remove)</span>}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}

/**
 * Keeps only the parameters that name an option of the matching products: anything else in the address (a
 * campaign's utm_source, a stale link) must not filter the catalogue down to nothing.
 */
async function knownOptionsOnly(api: Awaited<ReturnType<typeof serverApi>>, filters: FilterValues): Promise<FilterValues> {
  if (Object.keys(filters.options).length === 0) return filters;
  const { limit: _limit, sort: _sort, options: _options, ...rest } = toInput({ ...filters, options: {} });
  const known = await api.catalog.facets(rest).catch(() => null);
  const keys = new Set(known?.options.map((o) => o.key) ?? []);
  return { ...filters, options: Object.fromEntries(Object.entries(filters.options).filter(([key]) => keys.has(key))) };
}

/** The categories, the page of products and the facet counts for these filters, at once. */
async function load(api: Awaited<ReturnType<typeof serverApi>>, filters: FilterValues) {
  const input = toInput(filters);
  const { limit: _limit, sort: _sort, ...facetInput } = input;
  const [tree, listing, facets] = await Promise.all([
    api.catalog.categories(),
    api.catalog.list(input).then(
      (page): { page: ProductList; error: null } => ({ page, error: null }),
      (error: unknown) => {
        // Filters the API refuses (e.g. max below min) are the visitor's to fix, not an error page.
        if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
          const message = error.cause instanceof ZodError ? "Some filters are out of range: check the prices." : error.message;
          return { page: { items: [], nextCursor: null, total: 0, totalIsEstimate: false, sort: input.sort }, error: message };
        }
        throw error;
      },
    ),
    // Counts beside the categories and option values; a refused filter (answered above) shows none.
    api.catalog.facets(facetInput).catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "BAD_REQUEST") return null;
      throw error;
    }),
  ]);
  return { input, tree, listing, facets };
}

export default async function CatalogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const api = await serverApi();
  let filters = readFilters(await searchParams);
  let loaded = await load(api, filters);
  // Every chosen option shows up in the facets (each counted without its own filter). One that does not may be a
  // parameter naming no option at all, which also empties the others' counts: sorted out, and loaded again.
  if (Object.keys(filters.options).some((key) => !loaded.facets?.options.some((o) => o.key === key))) {
    filters = await knownOptionsOnly(api, filters);
    loaded = await load(api, filters);
  }
  const { input, tree, listing, facets } = loaded;
  const categoryCounts = facets ? new Map(facets.categories.map((c) => [c.id, c.count])) : null;
  const category = filters.category ? findCategory(tree.items, filters.category) : undefined;
  const title = category?.name ?? "All products";
  const filtered = Boolean(
    filters.q || filters.category || filters.minPrice || filters.maxPrice || filters.inStock || Object.keys(filters.options).length > 0,
  );

  return (
    <main className="wide">
      <div className="catalog">
        <aside className="catalog-side">
          <nav aria-label="Categories">
            <h2>Categories</h2>
            <ul className="category-tree">
              <li>
                <Link href={catalogHref(filters, { category: undefined })} aria-current={!filters.category ? "page" : undefined}>
                  All products
                </Link>
              </li>
            </ul>
            <CategoryTree nodes={tree.items} filters={filters} counts={categoryCounts} />
          </nav>
          {/* Within a category or a search: over the whole catalogue every size of everything is no help. */}
          {facets && (filters.category || filters.q) && <OptionFacets facets={facets} filters={filters} />}
        </aside>
        <section className="catalog-main" aria-labelledby="catalog-title">
          <h1 id="catalog-title">
            {title}
            {filters.q && <span className="muted"> · results for “{filters.q}”</span>}
          </h1>
          {category?.description && <p className="muted">{category.description}</p>}
          <CatalogFilters key={JSON.stringify(filters)} values={filters} sorts={filters.q ? ["relevance", ...PRODUCT_SORTS] : PRODUCT_SORTS} />
          <ResultCount total={listing.page.total} isEstimate={listing.page.totalIsEstimate} />
          {listing.error && (
            <p className="alert" role="alert">
              {listing.error}
            </p>
          )}
          {!listing.error && listing.page.items.length === 0 ? (
            <div className="empty panel">
              <h2>No products match</h2>
              <p className="muted">Try another search or fewer filters.</p>
              {filtered && <Link href="/">Clear all filters</Link>}
            </div>
          ) : (
            <ProductGrid key={JSON.stringify(input)} input={input} firstPage={listing.page} />
          )}
        </section>
      </div>
    </main>
  );
}
