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

// Free-form search words on a product. Limits keep one product's tags from dominating the search vocabulary.
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

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

export const ProductSummary = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    price: z.number().int().describe("Minor units of currency"),
    currency: z.string().describe("ISO 4217"),
    stock: z.number().int(),
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

export const Product = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    price: z.number().int().describe("Minor units of currency"),
    currency: z.string().describe("ISO 4217"),
    stock: z.number().int(),
    inStock: z.boolean(),
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
    price: BodyInt(0, MAX_INT4).describe("Minor units of currency"),
    currency: z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code, e.g. USD").default("USD"),
    stock: BodyInt(0, MAX_INT4).default(0),
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
