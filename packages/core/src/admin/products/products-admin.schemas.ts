/**
 * The back office's products: list, detail, edits of a product and of its options and variants, archive and
 * restore, stock adjustments with their history, and the CSV import's report. GET inputs arrive as query strings
 * (QueryInt, QueryBoolean); JSON bodies use BodyInt and StrictBoolean, which trpc-to-openapi does not coerce.
 */
import { z } from "zod";
import { MAX_OPTION_VALUES, MAX_OPTIONS, MAX_TAG_LENGTH, MAX_TAGS, MAX_VARIANTS, OPTION_NAME_MAX_LENGTH, OPTION_VALUE_MAX_LENGTH, OptionValue } from "../../catalog/catalog.schemas";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "../../catalog/slug";
import { MAX_INT4 } from "../../infra/int4";
import { QueryBoolean, QueryInt, QueryLimit, StrictBoolean } from "../../infra/query-params";

// Postgres text cannot hold NUL.
const Text = () => z.string().refine((value) => !value.includes("\0"), "Must not contain NUL characters");
// A plain z.number() in a body is coerced by trpc-to-openapi (null -> 0); a pipe is left alone.
const BodyInt = (min: number, max: number) => z.number().int().min(min).max(max).pipe(z.number());
const isoDate = z.string().describe("ISO 8601");
const money = (what: string) => z.int().min(0).describe(`${what}, integer minor units of the product's currency`);

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const Sku = z.string().trim().min(1).max(64).regex(SKU_PATTERN, "Letters, digits, dots, hyphens and underscores, starting with a letter or digit");

const OPTION_SEPARATORS = /[:,|]/;
const OptionText = (max: number) =>
  Text()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !OPTION_SEPARATORS.test(value), "Must not contain : , or |");

export const ADMIN_PRODUCT_SORTS = ["newest", "oldest", "name", "price_asc", "price_desc", "stock_asc", "updated"] as const;
export const AdminProductSort = z.enum(ADMIN_PRODUCT_SORTS);
export type AdminProductSort = z.infer<typeof AdminProductSort>;

export const PRODUCT_STATUSES = ["active", "draft", "archived"] as const;
export const ProductStatus = z
  .enum(PRODUCT_STATUSES)
  .describe("active: on sale in the shop; draft: inactive, never archived; archived: withdrawn (inactive, archivedAt set)")
  .meta({ id: "AdminProductStatus" });
export type ProductStatus = z.infer<typeof ProductStatus>;

export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

/** The filters the list and the CSV export share. */
export const AdminProductFilters = z.object({
  q: Text().trim().max(200).optional().describe("Part of the name, slug or a variant's SKU (case ignored)"),
  categoryId: z.uuid().optional().describe("Products of this category (not its sub-categories)"),
  status: z
    .enum(["active", "draft", "archived", "all"])
    .default("all")
    .describe("active: on sale; draft: inactive and not archived; archived; all (default)"),
  lowStock: QueryBoolean.optional().describe("true: only products with an active variant at or below lowStockThreshold"),
  lowStockThreshold: QueryInt(0, MAX_INT4, { description: "Stock at or below which a variant is low (default 5)", default: DEFAULT_LOW_STOCK_THRESHOLD })
    .default(DEFAULT_LOW_STOCK_THRESHOLD),
  minPrice: QueryInt(0, MAX_INT4, { description: "Lowest price at least this (minor units, inclusive)" }).optional(),
  maxPrice: QueryInt(0, MAX_INT4, { description: "Lowest price at most this (minor units, inclusive)" }).optional(),
});
export type AdminProductFilters = z.infer<typeof AdminProductFilters>;

export const ListAdminProductsInput = AdminProductFilters.extend({
  page: QueryInt(1, 100_000, { description: "Page number, from 1", default: 1 }).default(1),
  limit: QueryLimit(100, 20),
  sort: AdminProductSort.default("newest").describe("newest (default), oldest, name, price_asc, price_desc, stock_asc (total stock), updated (last edited first)"),
}).strict();
export type ListAdminProductsInput = z.infer<typeof ListAdminProductsInput>;

export const ExportProductsInput = AdminProductFilters.strict();
export type ExportProductsInput = z.infer<typeof ExportProductsInput>;

const AdminCategoryRef = z.object({ id: z.string(), slug: z.string(), name: z.string() }).meta({ id: "AdminProductCategory" });

const PriceRange = z
  .object({ min: money("Lowest active variant price"), max: money("Highest active variant price") })
  .meta({ id: "AdminPriceRange" });

export const AdminProductListItem = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    status: ProductStatus,
    priceRange: PriceRange,
    currency: z.string().describe("ISO 4217"),
    stock: z.int().describe("Sum of the active variants' stock"),
    variantCount: z.int().describe("Active variants"),
    lowStockVariants: z.int().describe("Active variants at or below lowStockThreshold"),
    category: AdminCategoryRef.nullable(),
    imageUrl: z.string().nullable().describe("The first image, or null"),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "AdminProductListItem" });
export type AdminProductListItem = z.infer<typeof AdminProductListItem>;

export const AdminProductPage = z
  .object({
    items: z.array(AdminProductListItem),
    page: z.int().min(1),
    limit: z.int().min(1),
    total: z.int().min(0).describe("Products matching the filters (all pages)"),
    pageCount: z.int().min(0).describe("ceil(total / limit): the page shows \"page N of pageCount\""),
  })
  .meta({ id: "AdminProductPage" });
export type AdminProductPage = z.infer<typeof AdminProductPage>;

export const AdminVariant = z
  .object({
    id: z.string(),
    sku: z.string(),
    title: z.string().describe('The option values, e.g. "42 / Black"; empty without options'),
    options: z.array(OptionValue),
    price: money("Price"),
    compareAtPrice: z.int().nullable().describe("Former price shown struck through, or null"),
    stock: z.int().min(0),
    isActive: z.boolean(),
    position: z.int(),
    imageId: z.string().nullable(),
    imageUrl: z.string().nullable(),
    orderLines: z.int().min(0).describe("Order lines naming this variant: with any, it can be deactivated but never deleted"),
    updatedAt: isoDate,
  })
  .meta({ id: "AdminVariant" });
export type AdminVariant = z.infer<typeof AdminVariant>;

export const AdminProductDetail = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    status: ProductStatus,
    isActive: z.boolean(),
    archivedAt: isoDate.nullable(),
    currency: z.string(),
    priceRange: PriceRange,
    stock: z.int(),
    variantCount: z.int().describe("Active variants"),
    tags: z.array(z.string()),
    category: AdminCategoryRef.nullable(),
    options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })).describe("In display order"),
    images: z.array(z.object({ id: z.string(), url: z.string(), alt: z.string(), position: z.int() })),
    variants: z.array(AdminVariant).describe("Every variant, inactive ones included, in display order"),
    orderLines: z.int().min(0).describe("Order lines naming this product"),
    ratingAverage: z.number(),
    ratingCount: z.int(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "AdminProductDetail" });
export type AdminProductDetail = z.infer<typeof AdminProductDetail>;

export const AdminProductIdInput = z.object({ id: z.uuid().describe("Product id") }).strict();
export type AdminProductIdInput = z.infer<typeof AdminProductIdInput>;

export const AdminVariantIdInput = z.object({ id: z.uuid().describe("Variant id") }).strict();

const Tags = z
  .array(Text().trim().min(1).max(MAX_TAG_LENGTH))
  .max(MAX_TAGS)
  .describe(`Search words; at most ${MAX_TAGS} of ${MAX_TAG_LENGTH} characters, repeats ignored`);

/** The product's own fields; prices, stock and the currency are not here (variants, adjustments; fixed). */
export const UpdateProductInput = z
  .object({
    id: z.uuid().describe("Product id"),
    name: Text().trim().min(1).max(200).optional(),
    slug: z.string().max(SLUG_MAX_LENGTH).regex(SLUG_PATTERN, "Lowercase letters, digits and single hyphens").optional(),
    description: Text().max(10_000).optional(),
    categoryId: z.uuid().nullable().optional().describe("null: no category"),
    tags: Tags.optional(),
    isActive: StrictBoolean.optional().describe("true: on sale (needs an active variant); false: a draft. Archived products are restored instead"),
  })
  .strict();
export type UpdateProductInput = z.infer<typeof UpdateProductInput>;

export const EditOption = z
  .object({
    name: OptionText(OPTION_NAME_MAX_LENGTH),
    values: z.array(OptionText(OPTION_VALUE_MAX_LENGTH)).min(1).max(MAX_OPTION_VALUES).describe("In display order"),
  })
  .strict();

export const EditVariant = z
  .object({
    id: z.uuid().optional().describe("An existing variant of this product; absent: a new variant"),
    sku: Sku,
    options: z
      .record(z.string().max(OPTION_NAME_MAX_LENGTH), z.string().max(OPTION_VALUE_MAX_LENGTH))
      .default({})
      .describe('One value per option, by the options\' (new) names, e.g. {"Size": "42"}'),
    price: BodyInt(0, MAX_INT4).describe("Minor units"),
    compareAtPrice: BodyInt(0, MAX_INT4).nullable().default(null).describe("Above price, or null"),
    stock: BodyInt(0, MAX_INT4).optional().describe("Only for a new variant (its opening stock, recorded as a restock); existing variants' stock changes through stock adjustments"),
    imageId: z.uuid().nullable().default(null).describe("One of the product's images, or null"),
    isActive: StrictBoolean.default(true),
  })
  .strict();
export type EditVariant = z.infer<typeof EditVariant>;

/**
 * The whole set of options and variants, as the editor shows them: positions follow the arrays. A variant of the
 * product left out is deleted, which is refused (409) for one that order lines name: deactivate it instead.
 */
export const ReplaceVariantsInput = z
  .object({
    id: z.uuid().describe("Product id"),
    options: z.array(EditOption).max(MAX_OPTIONS).describe("In display order; [] for a product without options"),
    variants: z.array(EditVariant).min(1).max(MAX_VARIANTS).describe("In display order"),
  })
  .strict();
export type ReplaceVariantsInput = z.infer<typeof ReplaceVariantsInput>;

export const UpdateVariantInput = z
  .object({
    id: z.uuid().describe("Variant id"),
    sku: Sku.optional(),
    price: BodyInt(0, MAX_INT4).optional().describe("Minor units"),
    compareAtPrice: BodyInt(0, MAX_INT4).nullable().optional().describe("Above price, or null to remove"),
    imageId: z.uuid().nullable().optional().describe("One of the product's images, or null"),
    isActive: StrictBoolean.optional(),
    position: BodyInt(0, MAX_VARIANTS - 1).optional().describe("New place among the product's variants, from 0"),
  })
  .strict();
export type UpdateVariantInput = z.infer<typeof UpdateVariantInput>;

export const STOCK_REASONS = ["restock", "correction", "damaged", "returned", "other"] as const;
export const StockReason = z.enum(STOCK_REASONS);

export const StockAdjustmentInput = z
  .object({
    id: z.uuid().describe("Variant id"),
    delta: BodyInt(-MAX_INT4, MAX_INT4)
      .refine((value) => value !== 0, "Must not be 0")
      .optional()
      .describe("Units to add (positive) or remove (negative); give delta or setTo"),
    setTo: BodyInt(0, MAX_INT4).optional().describe("The counted stock: the change is computed from the stock at that moment"),
    reason: StockReason,
    note: Text().trim().max(500).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.delta === undefined) === (value.setTo === undefined)) {
      ctx.addIssue({ code: "custom", path: [value.delta === undefined ? "delta" : "setTo"], message: "Give exactly one of delta and setTo" });
    }
  });
export type StockAdjustmentInput = z.infer<typeof StockAdjustmentInput>;

export const StockAdjustment = z
  .object({
    id: z.string(),
    variantId: z.string(),
    productId: z.string(),
    sku: z.string(),
    delta: z.int(),
    stockAfter: z.int().min(0),
    reason: z.enum([...STOCK_REASONS, "import"]),
    note: z.string().nullable(),
    actor: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string() }).nullable().describe("null once the user is deleted"),
    createdAt: isoDate,
  })
  .meta({ id: "AdminStockAdjustment" });
export type StockAdjustment = z.infer<typeof StockAdjustment>;

export const StockAdjustmentResult = z
  .object({
    adjustment: StockAdjustment.nullable().describe("null when setTo equals the stock already (nothing changed)"),
    variant: z.object({ id: z.string(), sku: z.string(), stock: z.int().min(0) }),
  })
  .meta({ id: "AdminStockAdjustmentResult" });
export type StockAdjustmentResult = z.infer<typeof StockAdjustmentResult>;

export const StockHistoryInput = z
  .object({
    id: z.uuid(),
    limit: QueryLimit(100, 20),
    cursor: z.string().max(512).optional().describe("nextCursor of the previous page"),
  })
  .strict();
export type StockHistoryInput = z.infer<typeof StockHistoryInput>;

export const StockHistoryPage = z
  .object({ items: z.array(StockAdjustment), nextCursor: z.string().nullable() })
  .meta({ id: "AdminStockHistoryPage" });
export type StockHistoryPage = z.infer<typeof StockHistoryPage>;

/** The CSV import's answer, for a dry run and for the real run alike. */
export const ImportReport = z
  .object({
    dryRun: z.boolean(),
    rows: z.int().min(0).describe("Data rows in the file (the header not counted)"),
    counts: z
      .object({
        create: z.int().describe("Rows that create a variant (and with it, for a new slug, its product)"),
        update: z.int().describe("Rows that change an existing variant or its product"),
        unchanged: z.int().describe("Rows that match the shop already"),
        invalid: z.int().describe("Rows with errors: never written"),
      })
      .meta({ id: "AdminImportCounts" }),
    productsToCreate: z.int().describe("New products (distinct new slugs among the good rows)"),
    errors: z
      .array(
        z.object({
          row: z.int().describe("As a spreadsheet numbers it: the header is row 1"),
          sku: z.string().nullable(),
          errors: z.array(z.object({ column: z.string(), message: z.string() })),
        }),
      )
      .describe("Every row with errors, in file order"),
    written: z
      .object({
        batches: z.int().describe("Batches committed (one transaction each)"),
        productsCreated: z.int(),
        variantsCreated: z.int(),
        variantsUpdated: z.int(),
        stockAdjustments: z.int().describe("Stock changes, each kept as a stock adjustment with reason import"),
        failedBatches: z
          .array(z.object({ firstRow: z.int(), lastRow: z.int(), rows: z.int(), message: z.string() }))
          .describe("Batches rolled back at write time (nothing of them was written); the other batches stand"),
      })
      .nullable()
      .describe("What the real run wrote; null for a dry run"),
  })
  .meta({ id: "AdminProductImportReport" });
export type ImportReport = z.infer<typeof ImportReport>;
