import type { Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import { isForeignKeyViolation, isUniqueViolation } from "../infra/db-errors";
import { UUID_PATTERN } from "../infra/uuid";
import {
  type CategoryRef,
  type CategoryTree,
  type CreateProductInput,
  type ListProductsInput,
  type ListSort,
  namedOptionValues,
  parseOptionsFilter,
  type Product,
  type ProductFacets,
  type ProductFacetsInput,
  type ProductList,
  type ProductSummary,
  type RelatedProducts,
  type RelatedProductsInput,
} from "./catalog.schemas";
import type { TtlCache } from "../infra/ttl-cache";
import { findCategoryPath } from "./category.repository";
import { getCategoryTree } from "./category.service";
import { decodeProductCursor, encodeProductCursor, productCursorAfter } from "./cursor";
import {
  estimateProductCount,
  findActiveProduct,
  findProductPage,
  findRelatedProducts,
  findSlugsLike,
  findTakenSkus,
  insertProduct,
  type ProductDetailRow,
  type ProductFilters,
  type ProductPageRow,
} from "./product.repository";
import { buildTsQuery, parseSearch, termKey, termsToResolve, type ParsedSearch, type SearchTuning } from "./search-query";
import { resolveSearchTerms, type SuggestionTuning } from "./search.repository";
import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify } from "./slug";
import { countFacets, type FacetMemo, type FacetRow } from "./facets";
import { planVariants } from "./variants";

export interface ListProductsOptions extends SearchTuning, SuggestionTuning {
  /** Matches are counted exactly when the planner expects at most this many; otherwise total is its estimate. */
  countLimit: number;
  /**
   * A search is ranked by relevance (its default order) when the planner expects at most this many matches;
   * ranking reads every match, so broader searches ("black") are listed newest first instead.
   */
  relevanceLimit: number;
}

/** Safe defaults; every field can be overridden per call (e.g. from the app's configuration). */
export const DEFAULT_LIST_OPTIONS: Readonly<ListProductsOptions> = {
  countLimit: 1_000,
  relevanceLimit: 1_000,
  prefixMinLength: 3,
  fuzzyMinLength: 4,
  fuzzyMaxLength: 40,
  fuzzyMaxWords: 3,
  suggestions: 3,
  similarity: 0.3,
  suggestionMargin: 0.1,
  completions: 20,
};

/*
 * The functions below have no state of their own: each answer depends only on the input and the database, so
 * the catalog service (the end of this file) caches them as they are, keyed by the parsed input.
 */

/** `{id}` and `category` accept a UUID or a slug; only a canonical UUID is ever compared with a uuid column. */
function idOrSlug(value: string): { slug: string; id?: string } {
  return UUID_PATTERN.test(value) ? { slug: value.toLowerCase(), id: value.toLowerCase() } : { slug: value };
}

/** products.price is the lowest active variant price and max_price the highest (kept by the rollup trigger). */
const priceRange = (price: number, maxPrice: number) => ({ min: price, max: Math.max(maxPrice, price) });

function toSummary(row: ProductPageRow): ProductSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    priceRange: priceRange(row.price, row.max_price),
    variantCount: row.variant_count,
    imageUrl: row.image_url,
    ratingAverage: Number(row.rating_average),
    ratingCount: row.rating_count,
    category:
      row.category_id && row.category_slug && row.category_name
        ? { id: row.category_id, slug: row.category_slug, name: row.category_name }
        : null,
  };
}

/** q as a tsquery: each word with its forms, completions and typo corrections; null when nothing can match. */
async function searchTsQuery(db: Db, parsed: ParsedSearch, options: Readonly<ListProductsOptions>): Promise<string | null> {
  const lookups = termsToResolve(parsed, options);
  const resolved = await resolveSearchTerms(db, lookups, options);
  return buildTsQuery(parsed, new Map(lookups.map((l, i) => [termKey(l.term), resolved[i]!])), options);
}

/** Exact when counted (or when one first page holds everything), else the planner's estimate above the limit. */
function totalOf(
  counted: number | null,
  firstPageIsAll: boolean,
  pageRows: number,
  estimate: number,
  countLimit: number,
): { total: number; totalIsEstimate: boolean } {
  if (counted !== null && counted <= countLimit) return { total: counted, totalIsEstimate: false };
  if (firstPageIsAll) return { total: pageRows, totalIsEstimate: false };
  return { total: Math.max(estimate, countLimit + 1), totalIsEstimate: true };
}

const MAX_OPTION_FILTERS = 5;
const MAX_OPTION_FILTER_VALUES = 20;

/** The `options` filter as key groups (400 over the limits). */
function optionGroups(options: string | undefined): string[][] | undefined {
  const groups = parseOptionsFilter(options);
  if (groups.size === 0) return undefined;
  if (groups.size > MAX_OPTION_FILTERS) {
    throw new DomainError("VALIDATION", `At most ${MAX_OPTION_FILTERS} options can be filtered by`, { details: { field: "options" } });
  }
  for (const keys of groups.values()) {
    if (keys.length > MAX_OPTION_FILTER_VALUES) {
      throw new DomainError("VALIDATION", `At most ${MAX_OPTION_FILTER_VALUES} values per option`, { details: { field: "options" } });
    }
  }
  return [...groups.values()];
}

/** The filters of a list or of its facets, checked. */
function listFilters(input: ProductFacetsInput): Omit<ProductFilters, "tsquery"> {
  if (input.minPrice !== undefined && input.maxPrice !== undefined && input.minPrice > input.maxPrice) {
    throw new DomainError("VALIDATION", "maxPrice must not be below minPrice", { details: { field: "maxPrice" } });
  }
  return {
    category: input.category ? idOrSlug(input.category) : undefined,
    minPrice: input.minPrice,
    maxPrice: input.maxPrice,
    inStock: input.inStock,
    optionGroups: optionGroups(input.options),
  };
}

export async function listProducts(
  db: Db,
  input: ListProductsInput,
  options: Readonly<ListProductsOptions> = DEFAULT_LIST_OPTIONS,
): Promise<ProductList> {
  const checked = listFilters(input);
  const parsed = input.q ? parseSearch(input.q) : null;
  // Relevance needs something to look for (a search of -exclusions only ranks nothing).
  const searching = parsed !== null && parsed.clauses.some((clause) => clause.some((term) => !term.negated));
  const ranked = input.sort === undefined || input.sort === "relevance";
  // Relevance, when asked for or by default, may turn out newest first (see relevanceLimit): a cursor of either
  // continues in its own order, so every page of one search agrees even if the estimate moves between pages.
  const cursorSorts: ListSort[] = !ranked ? [input.sort!] : searching ? ["relevance", "newest"] : ["newest"];
  const after = input.cursor ? decodeProductCursor(input.cursor, cursorSorts) : null;

  let tsquery: string | undefined;
  if (parsed) {
    const built = await searchTsQuery(db, parsed, options);
    // Nothing in q that a product could contain ("!!!"): nothing matches, as with websearch_to_tsquery.
    if (built === null) return { items: [], nextCursor: null, total: 0, totalIsEstimate: false, sort: cursorSorts[0]! };
    tsquery = built;
  }

  const filters: ProductFilters = { tsquery, ...checked };
  const estimate = await estimateProductCount(db, filters);
  const sort: ListSort = !ranked
    ? input.sort!
    : (after?.sort ?? (searching && estimate <= options.relevanceLimit ? "relevance" : "newest"));
  const countExactly = estimate <= options.countLimit;
  const { rows, counted } = await findProductPage(db, {
    ...filters,
    sort,
    take: input.limit + 1,
    after,
    countLimit: countExactly ? options.countLimit : null,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const more = rows.length > input.limit;
  return {
    items: page.map(toSummary),
    nextCursor: more && last ? encodeProductCursor(productCursorAfter(last, sort)) : null,
    ...totalOf(counted, !after && !more, rows.length, estimate, options.countLimit),
    sort,
  };
}

/** Trimmed, inner whitespace collapsed, repeats (ignoring case) dropped; the first spelling and order win. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const clean = tag.trim().replace(/\s+/gu, " ");
    const key = clean.toLowerCase();
    if (clean === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(clean);
  }
  return out;
}

async function toProduct(db: Db, row: ProductDetailRow, knownPath?: CategoryRef[]): Promise<Product> {
  const path = row.category ? (knownPath ?? (await findCategoryPath(db, row.category.id))) : [];
  const names = row.options.map((option) => option.name);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    inStock: row.stock > 0,
    priceRange: priceRange(row.price, row.maxPrice),
    options: row.options,
    variants: row.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      options: namedOptionValues(names, v.values),
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      stock: v.stock,
      inStock: v.stock > 0,
      imageUrl: v.imageUrl,
    })),
    tags: row.tags ?? [],
    images: row.images,
    category: row.category ? { ...row.category, path } : null,
    ratingAverage: row.ratingAverage.toNumber(),
    ratingCount: row.ratingCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const notFound = () => new DomainError("NOT_FOUND", "Product not found");

/** An active product by id or slug; absent and inactive ones are the same 404. */
export async function getProduct(db: Db, idOrSlugValue: string): Promise<Product> {
  // Nothing else can name a product: answered without a query (and "\0" would not even be valid Postgres text).
  if (!UUID_PATTERN.test(idOrSlugValue) && !SLUG_PATTERN.test(idOrSlugValue)) throw notFound();
  const found = await findActiveProduct(db, idOrSlug(idOrSlugValue));
  if (!found) throw notFound();
  return toProduct(db, found.row, found.categoryPath);
}

/** Attempts at a derived slug before giving up (each loses only to a concurrent create of the same name). */
const SLUG_ATTEMPTS = 5;

/** `base`, else `base-2`, `base-3`, ... : the first suffix above every one taken, within the length limit. */
export function nextFreeSlug(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  let highest = 1;
  for (const slug of taken) {
    const n = /^-(\d{1,9})$/.exec(slug.slice(base.length))?.[1];
    if (slug.startsWith(base) && n) highest = Math.max(highest, Number(n));
  }
  const suffix = `-${highest + 1}`;
  return `${base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
}

export async function createProduct(db: Db, input: CreateProductInput): Promise<Product> {
  // A slug the client chose is theirs to fix when taken (409); one derived from the name is made unique here,
  // since the client never sent it and a 409 on it would be about nothing they can see.
  const derived = input.slug === undefined;
  const base = input.slug ?? slugify(input.name);
  if (!base) {
    throw new DomainError("VALIDATION", "The name gives no usable slug: send one explicitly", { details: { field: "slug" } });
  }
  let slug = derived ? nextFreeSlug(base, await findSlugsLike(db, base)) : base;
  for (let attempt = 1; ; attempt++) {
    // SKUs are derived from the slug when not given, so they are planned again with each slug.
    const plan = planVariants(input, slug);
    try {
      await insertProduct(db, {
        slug,
        name: input.name,
        description: input.description,
        price: plan.price,
        maxPrice: plan.maxPrice,
        currency: input.currency,
        stock: plan.stock,
        categoryId: input.categoryId ?? null,
        tags: normalizeTags(input.tags),
        images: input.images.map((image) => ({ url: image.url, alt: image.alt ?? "" })),
        options: plan.options,
        variants: plan.variants,
      });
      break;
    } catch (error) {
      if (isUniqueViolation(error, "sku")) {
        const taken = await findTakenSkus(db, plan.variants.map((v) => v.sku));
        throw new DomainError("CONFLICT", `SKU ${taken[0] ?? "of a variant"} is taken by another product`, {
          details: { field: "sku", skus: taken },
        });
      }
      if (isUniqueViolation(error, "slug")) {
        if (derived && attempt < SLUG_ATTEMPTS) {
          slug = nextFreeSlug(base, await findSlugsLike(db, base));
          continue;
        }
        throw new DomainError("CONFLICT", "A product with this slug already exists", { details: { field: "slug", slug } });
      }
      if (isForeignKeyViolation(error)) {
        throw new DomainError("VALIDATION", "Unknown category", { details: { field: "categoryId" } });
      }
      throw error;
    }
  }
  const found = await findActiveProduct(db, { slug });
  if (!found) throw notFound();
  return toProduct(db, found.row, found.categoryPath);
}

/** Products to show beside one: in stock, its own category first, then its sibling categories, best rated first. */
export async function relatedProducts(db: Db, input: RelatedProductsInput): Promise<RelatedProducts> {
  if (!UUID_PATTERN.test(input.id) && !SLUG_PATTERN.test(input.id)) throw notFound();
  const rows = await findRelatedProducts(db, idOrSlug(input.id), input.limit);
  if (rows === null) throw notFound();
  return { items: rows.map(toSummary) };
}

/** Where productFacets takes its counting rows and the category tree from (the catalogue cache, in the service). */
export interface FacetSources {
  rows?: FacetMemo;
  tree?: () => Promise<CategoryTree>;
}

/** The facet counts of a list's filters (catalog/facets.ts). */
export async function productFacets(
  db: Db,
  input: ProductFacetsInput,
  options: Readonly<ListProductsOptions> = DEFAULT_LIST_OPTIONS,
  sources: FacetSources = {},
): Promise<ProductFacets> {
  const filters = listFilters(input);
  let tsquery: string | undefined;
  if (input.q) {
    const built = await searchTsQuery(db, parseSearch(input.q), options);
    if (built === null) return { total: 0, inStock: 0, categories: [], options: [], priceBands: [] };
    tsquery = built;
  }
  const tree = await (sources.tree ? sources.tree() : getCategoryTree(db));
  return countFacets(db, { ...filters, tsquery }, tree, sources.rows);
}

/**
 * The public catalogue reads, through the process's catalogue cache (catalogCacheTtlMs; off at 0). Every write
 * that changes what they show clears it inside its own service: product creation here, stock changes in the
 * order service, rating changes in the review service.
 */
export interface CatalogService {
  list(input: ListProductsInput): Promise<ProductList>;
  byId(idOrSlug: string): Promise<Product>;
  facets(input: ProductFacetsInput): Promise<ProductFacets>;
  related(input: RelatedProductsInput): Promise<RelatedProducts>;
  categories(): Promise<CategoryTree>;
  create(input: CreateProductInput): Promise<Product>;
}

export function createCatalogService({ db, catalogCache }: { db: Db; catalogCache: TtlCache<unknown> }): CatalogService {
  const cached = <T>(key: string, load: () => Promise<T>) => catalogCache.get(key, load) as Promise<T>;
  const categories = () => cached("categories", () => getCategoryTree(db));
  return {
    list: (input) => cached(`list:${JSON.stringify(input)}`, () => listProducts(db, input)),
    byId: (idOrSlugValue) => cached(`product:${idOrSlugValue}`, () => getProduct(db, idOrSlugValue)),
    // The counting rows are shared by every category of the same other filters (catalog/facets.ts).
    facets: (input) =>
      cached(`facets:${JSON.stringify(input)}`, () =>
        productFacets(db, input, DEFAULT_LIST_OPTIONS, {
          rows: (key, load) => cached<FacetRow[]>(`facet-rows:${key}`, load),
          tree: categories,
        }),
      ),
    related: (input) => cached(`related:${JSON.stringify(input)}`, () => relatedProducts(db, input)),
    categories,
    async create(input) {
      const product = await createProduct(db, input);
      catalogCache.clear();
      return product;
    },
  };
}
