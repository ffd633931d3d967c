import { z } from "zod";
import { MAX_INT4 } from "../infra/int4";
import { QueryBoolean, QueryInt, QueryLimit } from "../infra/query-params";
import { UUID_PATTERN } from "../infra/uuid";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "./slug";

// Postgres text cannot hold NUL: refused here, it would otherwise fail the query as a 500.
const Text = () => z.string().refine((value) => !value.includes("\0"), "Must not contain NUL characters");

export const PRODUCT_SORTS = ["newest", "price_asc", "price_desc", "rating"] as const;
export const ProductSort = z.enum(PRODUCT_SORTS);
export type ProductSort = z.infer<typeof ProductSort>;

/**
 * The orders a list can be asked for: the explicit sorts plus `relevance`, which only means something with `q`
 * (without it the list is newest first). Kept apart from PRODUCT_SORTS, which the storefront's sort menu shows.
 */
export const LIST_SORTS = [...PRODUCT_SORTS, "relevance"] as const;
export const ListSort = z.enum(LIST_SORTS);
export type ListSort = z.infer<typeof ListSort>;

// Options and variants. Names and values may not hold the separators of the `options` filter (name:value,...).
export const MAX_OPTIONS = 3;
export const MAX_OPTION_VALUES = 100;
export const MAX_VARIANTS = 100;
export const OPTION_NAME_MAX_LENGTH = 40;
export const OPTION_VALUE_MAX_LENGTH = 60;
const OPTION_SEPARATORS = /[:,|]/;
const OptionText = (max: number) =>
  Text()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !OPTION_SEPARATORS.test(value), "Must not contain : , or |");

/** The filter's key of one option value: lower-case "name:value" (product_variants.option_keys). */
export const optionKey = (name: string, value: string) => `${name.trim().toLowerCase()}:${value.trim().toLowerCase()}`;

// Free-form search words on a product. Limits keep one product's tags from dominating the search vocabulary.
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/**
 * Option filters, e.g. `size:42,colour:black` or `size:42|43` (either size): a product matches when one of its
 * active variants has every named option at one of the listed values (with inStock=true, a variant in stock).
 * Names and values ignore case.
 */
export const OptionsFilter = z
  .string()
  .trim()
  .max(500)
  .regex(
    /^[^:,|]+:[^:,|]+(\|[^:,|]+)*(,[^:,|]+:[^:,|]+(\|[^:,|]+)*)*$/,
    "name:value pairs separated by commas, alternatives by |, e.g. size:42|43,colour:black",
  )
  .describe(
    "Option filters: name:value pairs separated by commas, alternative values by |, e.g. size:42|43,colour:black. " +
      "A product matches when one active variant has every named option at a listed value (and stock, with " +
      "inStock=true). Case is ignored. At most 5 options of 20 values.",
  );

/** Parsed `options`: lower-case option name → its accepted "name:value" keys. */
export function parseOptionsFilter(value: string | undefined): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  if (!value) return groups;
  for (const pair of value.split(",")) {
    const [rawName, rawValues] = pair.split(":") as [string, string];
    const name = rawName.trim().toLowerCase();
    const keys = rawValues.split("|").map((v) => optionKey(name, v)).filter((k) => !k.endsWith(":"));
    groups.set(name, [...new Set([...(groups.get(name) ?? []), ...keys])]);
  }
  return groups;
}

export const ListProductsInput = z
  .object({
    limit: QueryLimit(),
    cursor: z.string().max(512).optional().describe("nextCursor of the previous page (same sort)"),
    q: Text()
      .trim()
      .max(200)
      .optional()
      .describe(
        "Search words, all of which must match the name, tags, category names (the whole path) or description. " +
          'Words match in their English forms too ("book" finds "Books"), the last word also as a prefix (for ' +
          "search-as-you-type), and a word no product contains also matches the catalogue's closest words (typos). " +
          'Syntax: "a phrase", either or other, -excluded.',
      ),
    category: z
      .string()
      .max(200)
      .refine((value) => UUID_PATTERN.test(value) || SLUG_PATTERN.test(value), "A category id or slug")
      .optional()
      .describe("Category id or slug; includes every sub-category"),
    minPrice: QueryInt(0, MAX_INT4, { description: "Minimum price in minor units (inclusive)" }).optional(),
    maxPrice: QueryInt(0, MAX_INT4, { description: "Maximum price in minor units (inclusive)" }).optional(),
    inStock: QueryBoolean.optional().describe("true: only products with stock; false: only sold-out ones"),
    options: OptionsFilter.optional(),
    sort: ListSort.optional().describe(
      "Default: relevance when q is given, else newest. relevance ranks name matches above tags, category and " +
        "description matches (ties: newest first); it applies when the database expects a bounded number of " +
        "matches (1,000 by default), broader searches and lists without q are newest first. The answer's sort " +
        "says which order was used; its cursor continues in that order.",
    ),
  })
  .strict();
export type ListProductsInput = z.infer<typeof ListProductsInput>;

export const ProductIdInput = z
  .object({ id: z.string().min(1).max(500).describe("Product id (UUID) or slug") })
  .strict();
export type ProductIdInput = z.infer<typeof ProductIdInput>;

export const CategoryRef = z.object({ id: z.string(), slug: z.string(), name: z.string() }).meta({ id: "CategoryRef" });
export type CategoryRef = z.infer<typeof CategoryRef>;

export const PriceRange = z
  .object({
    min: z.number().int().describe("The lowest price of the active variants (= price), minor units"),
    max: z.number().int().describe("The highest price of the active variants, minor units"),
  })
  .meta({ id: "PriceRange" });

export const ProductSummary = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    price: z.number().int().describe("Minor units of currency: the lowest price of the active variants"),
    currency: z.string().describe("ISO 4217"),
    stock: z.number().int().describe("The sum of the active variants' stock"),
    priceRange: PriceRange,
    variantCount: z.number().int().describe("Active variants (1 for a product without options)"),
    imageUrl: z.string().nullable().describe("The first image, or null"),
    ratingAverage: z.number(),
    ratingCount: z.number().int(),
    category: CategoryRef.nullable(),
  })
  .meta({ id: "ProductSummary" });
export type ProductSummary = z.infer<typeof ProductSummary>;

export const ProductList = z
  .object({
    items: z.array(ProductSummary),
    nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last page"),
    total: z
      .number()
      .int()
      .min(0)
      .describe(
        "How many products match the filters (all pages). Exact up to the count limit (1,000 by default); above " +
          "it, the database's estimate, and totalIsEstimate is true",
      ),
    totalIsEstimate: z.boolean().describe("true when total is an estimate (show it as \"about\")"),
    sort: ListSort.describe(
      "The order of items: the sort asked for, or the default (relevance for a search the database expects to " +
        "match at most 1,000 products by default, newest otherwise)",
    ),
  })
  .meta({ id: "ProductList" });
export type ProductList = z.infer<typeof ProductList>;

export const ProductImage = z
  .object({ url: z.string(), alt: z.string(), position: z.number().int() })
  .meta({ id: "ProductImage" });

export const ProductOption = z
  .object({
    name: z.string().describe('e.g. "Size"'),
    values: z.array(z.string()).describe("In display order"),
  })
  .meta({ id: "ProductOption" });
export type ProductOption = z.infer<typeof ProductOption>;

export const OptionValue = z.object({ name: z.string(), value: z.string() }).meta({ id: "OptionValue" });
export type OptionValue = z.infer<typeof OptionValue>;

/** A variant's option values (stored in option order) with their options' names: what every answer shows. */
export function namedOptionValues(names: readonly string[], values: readonly string[]): OptionValue[] {
  return names.map((name, i) => ({ name, value: values[i] ?? "" }));
}

export const ProductVariant = z
  .object({
    id: z.string(),
    sku: z.string(),
    title: z.string().describe('The option values, e.g. "42 / Black"; empty for a product without options'),
    options: z.array(OptionValue).describe("One value per option of the product, in option order"),
    price: z.number().int().describe("Minor units of the product's currency"),
    compareAtPrice: z.number().int().nullable().describe("The former price to show struck through, or null"),
    stock: z.number().int(),
    inStock: z.boolean(),
    imageUrl: z.string().nullable().describe("The variant's own image (one of the product's images), or null"),
  })
  .meta({ id: "ProductVariant" });
export type ProductVariant = z.infer<typeof ProductVariant>;

export const Product = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    price: z.number().int().describe("Minor units of currency: the lowest price of the active variants"),
    currency: z.string().describe("ISO 4217"),
    stock: z.number().int().describe("The sum of the active variants' stock"),
    inStock: z.boolean(),
    priceRange: PriceRange,
    options: z.array(ProductOption).describe("In display order; empty for a product without options"),
    variants: z
      .array(ProductVariant)
      .describe("The active variants, in display order; a product without options has exactly one"),
    tags: z.array(z.string()).describe("Free-form search words, in the order they were given"),
    images: z.array(ProductImage),
    category: CategoryRef.extend({
      path: z.array(CategoryRef).describe("Ancestors from the root down to this category, itself included"),
    })
      .meta({ id: "ProductCategory" })
      .nullable(),
    ratingAverage: z.number(),
    ratingCount: z.number().int(),
    createdAt: z.string().describe("ISO 8601"),
    updatedAt: z.string().describe("ISO 8601"),
  })
  .meta({ id: "Product" });
export type Product = z.infer<typeof Product>;

export interface CategoryNode {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  children: CategoryNode[];
}

export const CategoryNode: z.ZodType<CategoryNode> = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    get children() {
      return z.array(CategoryNode);
    },
  })
  .meta({ id: "CategoryNode" });

export const CategoryTree = z.object({ items: z.array(CategoryNode) }).meta({ id: "CategoryTree" });
export type CategoryTree = z.infer<typeof CategoryTree>;

// trpc-to-openapi switches plain z.number() fields of an input object to coercion, JSON bodies included
// (Number(null) === 0, Number("") === 0). A pipe is left alone, so a price of null or "" stays a 400.
const BodyInt = (min: number, max: number) => z.number().int().min(min).max(max).pipe(z.number());

/** An absolute http(s) URL, or a site path ("/images/x.png"; not "//host/...", which would leave the site). */
export function isImageUrl(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s\\\u0000-\u001f\u007f]/.test(value)) return false;
  if (value.startsWith("/")) return !value.startsWith("//");
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export const CreateProductImage = z
  .object({
    url: z.string().min(1).max(500).refine(isImageUrl, "An absolute http(s) URL or a path starting with /"),
    alt: Text().trim().max(200).optional(),
  })
  .strict();

const Sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Letters, digits, dots, hyphens and underscores");

export const CreateProductOption = z
  .object({
    name: OptionText(OPTION_NAME_MAX_LENGTH),
    values: z.array(OptionText(OPTION_VALUE_MAX_LENGTH)).min(1).max(MAX_OPTION_VALUES),
  })
  .strict();

export const CreateProductVariant = z
  .object({
    sku: Sku.optional().describe("Unique across the shop; derived from the slug and option values when absent"),
    options: z
      .record(z.string().max(OPTION_NAME_MAX_LENGTH), z.string().max(OPTION_VALUE_MAX_LENGTH))
      .default({})
      .describe('One value per option of the product, e.g. {"Size": "42", "Colour": "Black"}'),
    price: BodyInt(0, MAX_INT4).optional().describe("Minor units; the product's price when absent"),
    compareAtPrice: BodyInt(0, MAX_INT4).nullable().optional().describe("Above price when given"),
    stock: BodyInt(0, MAX_INT4).default(0),
    imageIndex: BodyInt(0, 9).optional().describe("Position of one of the product's images"),
    isActive: z.boolean().default(true),
  })
  .strict();
export type CreateProductVariant = z.infer<typeof CreateProductVariant>;

/** Rating, activity and ids are not settable: unknown fields are a 400 (mass assignment). */
export const CreateProductInput = z
  .object({
    slug: z
      .string()
      .max(SLUG_MAX_LENGTH)
      .regex(SLUG_PATTERN, "Lowercase letters, digits and single hyphens")
      .optional()
      .describe("Derived from the name when absent"),
    name: Text().trim().min(1).max(200),
    description: Text().max(10_000).default(""),
    price: BodyInt(0, MAX_INT4).describe("Minor units of currency; the default of every variant's price"),
    currency: z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code, e.g. USD").default("USD"),
    stock: BodyInt(0, MAX_INT4).default(0).describe("The stock of the default variant (a product without options)"),
    sku: Sku.optional().describe("The default variant's SKU (a product without options); the slug when absent"),
    options: z.array(CreateProductOption).max(MAX_OPTIONS).default([]).describe("e.g. Size and Colour, in display order"),
    variants: z
      .array(CreateProductVariant)
      .max(MAX_VARIANTS)
      .default([])
      .describe("Required with options: one per combination sold (one value per option, combinations unique)"),
    categoryId: z.uuid().nullable().optional(),
    images: z.array(CreateProductImage).max(10).default([]).describe("In display order; the first is the main image"),
    tags: z
      .array(Text().trim().min(1).max(MAX_TAG_LENGTH))
      .max(MAX_TAGS)
      .default([])
      .describe(`Search words, e.g. ["novel", "mystery"]; at most ${MAX_TAGS} of ${MAX_TAG_LENGTH} characters, repeats ignored`),
  })
  .strict();
export type CreateProductInput = z.infer<typeof CreateProductInput>;

/** The filters of a list, without paging: what the facet counts are counted under. */
export const ProductFacetsInput = ListProductsInput.pick({
  q: true,
  category: true,
  minPrice: true,
  maxPrice: true,
  inStock: true,
  options: true,
}).strict();
export type ProductFacetsInput = z.infer<typeof ProductFacetsInput>;

/** Lower edges of the price bands (minor units); the last band is open-ended. */
export const PRICE_BAND_EDGES = [0, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000] as const;

export const FacetCount = z.number().int().min(0);

export const ProductFacets = z
  .object({
    total: FacetCount.describe("Products matching every filter"),
    inStock: FacetCount.describe("Of those, how many are in stock (inStock itself ignored)"),
    categories: z
      .array(
        z.object({
          id: z.string(),
          slug: z.string(),
          name: z.string(),
          parentId: z.string().nullable(),
          count: FacetCount.describe("Matching products in this category and its sub-categories"),
        }),
      )
      .describe("Categories with matches under every filter but category, in tree order"),
    options: z
      .array(
        z.object({
          name: z.string(),
          key: z.string().describe("The lower-case name used in the options filter"),
          values: z.array(
            z.object({
              value: z.string(),
              count: FacetCount.describe("Products with an active variant of this value"),
              selected: z.boolean(),
            }),
          ),
        }),
      )
      .describe("Each option's values, counted under every filter but that option's own"),
    priceBands: z
      .array(
        z.object({
          min: z.number().int(),
          max: z.number().int().nullable().describe("Exclusive; null for the last band"),
          count: FacetCount,
        }),
      )
      .describe("Products by price, counted under every filter but minPrice and maxPrice"),
  })
  .meta({ id: "ProductFacets" });
export type ProductFacets = z.infer<typeof ProductFacets>;

export const RelatedProductsInput = z
  .object({
    id: z.string().min(1).max(500).describe("Product id (UUID) or slug"),
    limit: QueryLimit(24, 8),
  })
  .strict();
export type RelatedProductsInput = z.infer<typeof RelatedProductsInput>;

export const RelatedProducts = z.object({ items: z.array(ProductSummary) }).meta({ id: "RelatedProducts" });
export type RelatedProducts = z.infer<typeof RelatedProducts>;
