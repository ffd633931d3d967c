import {
  AdminProductDetail,
  AdminProductIdInput,
  AdminProductPage,
  DomainError,
  ExportProductsInput,
  ImportReport,
  ListAdminProductsInput,
  ReplaceVariantsInput,
  StockAdjustmentInput,
  StockAdjustmentResult,
  StockHistoryInput,
  StockHistoryPage,
  UpdateProductInput,
  UpdateVariantInput,
} from "@shop/core";
import { z } from "zod";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../../trpc";

const tags = ["admin"];
const staffErrors = { 401: "Missing or invalid access token", 403: "Staff or administrator access required", 503: "Busy, retry" } as const;
const adminErrors = { 401: "Missing or invalid access token", 403: "Administrator access required", 503: "Busy, retry" } as const;

const CSV_BODY = {
  contentTypes: ["text/csv"],
  limit: "upload",
  schema: {
    type: "string",
    description:
      "A UTF-8 CSV file with a header row; columns (any subset that includes sku, in any order): sku, product_slug, " +
      "product_name, category_slug, option1_name, option1_value, option2_name, option2_value, option3_name, " +
      "option3_value, price, compare_at_price, stock, active, currency, description, tags (separated by |). Prices in " +
      "minor units. The export's format.",
  },
} as const;

const IMPORT_RULES =
  "One row per variant, found by SKU: an unknown SKU creates a variant of the product named by product_slug (a " +
  "new product for a new slug; product_name and price are then required), a known SKU updates its variant and " +
  "product. Empty price, stock or active cells leave the value as it is; empty compare_at_price, category_slug, " +
  "description or tags mean none. The rows of one product must agree on its columns. Stock is the count on hand: " +
  "a change is kept as a stock adjustment (reason import). Every row is checked (types, required fields, unknown " +
  "category, a SKU twice in the file, options that do not match the product, negative numbers, limits) and each " +
  "row's errors are listed as {row, sku, errors: [{column, message}]} (the header is row 1). 400 for a file that " +
  "is not UTF-8 CSV, has unknown columns or more rows than the limit (50,000 by default).";

/** What the raw body of an import is, or a 400 that says what to send (a tRPC caller must pass ctx.req.rawBytes). */
function csvBytes(bytes: Uint8Array | undefined): Uint8Array {
  if (!bytes) throw new DomainError("VALIDATION", "Send the CSV file as the request body (content-type text/csv)", { details: { field: "body" } });
  return bytes;
}

/**
 * The back office's products, variants and stock. Staff list, read and adjust stock; everything that changes a
 * price, the catalogue or its files is for admins. Every write is audited and clears the shop's catalogue cache.
 */
export const adminProductsRouter = createTRPCRouter({
  // Before byId: /admin/products/export would otherwise be taken for a product id (paths match in this order).
  export: adminProcedure
    .meta({
      cacheControl: "no-store",
      produces: "text/csv",
      openapi: {
        method: "GET",
        path: "/admin/products/export",
        tags,
        summary: "Export products as CSV, one row per variant",
        description:
          "Streamed as it is read from the database (pages of variants in product order), with the list's filters. " +
          "Columns: sku, product_slug, product_name, category_slug, option1_name, option1_value, option2_name, " +
          "option2_value, option3_name, option3_value, price, compare_at_price (minor units), stock, active, " +
          "currency, description, tags (separated by |). Importing the file back changes nothing.",
        protect: true,
        errorResponses: { 400: "Invalid filter", ...adminErrors },
      },
    })
    .input(ExportProductsInput)
    .output(z.null())
    .query(({ ctx, input }) => {
      ctx.http.body = ctx.services.admin.products.exportCsv(ctx.actor, input);
      const day = new Date().toISOString().slice(0, 10);
      ctx.http.headers.set("content-disposition", `attachment; filename="products-${day}.csv"`);
      return null;
    }),

  list: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/products",
        tags,
        summary: "Products, paginated, with search, filters and sort",
        description:
          "Every product (drafts and archived ones too, unless status says otherwise). q matches part of the name, " +
          "slug or a variant's SKU. lowStock=true keeps products with an active variant at or below " +
          "lowStockThreshold (5 by default); minPrice/maxPrice compare the lowest active price. total and pageCount " +
          "count every match.",
        protect: true,
        errorResponses: { 400: "Invalid filter, sort or page", ...staffErrors },
      },
    })
    .input(ListAdminProductsInput)
    .output(AdminProductPage)
    .query(({ ctx, input }) => ctx.services.admin.products.list(ctx.actor, input)),

  byId: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/products/{id}",
        tags,
        summary: "One product with every variant, option and image",
        description: "Inactive variants included; orderLines says which variants orders name (those are never deleted).",
        protect: true,
        errorResponses: { 400: "Invalid id", ...staffErrors, 404: "No such product" },
      },
    })
    .input(AdminProductIdInput)
    .output(AdminProductDetail)
    .query(({ ctx, input }) => ctx.services.admin.products.byId(ctx.actor, input.id)),

  update: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "PATCH",
        path: "/admin/products/{id}",
        tags,
        summary: "Edit a product's name, slug, description, category, tags or whether it is on sale",
        description:
          "Only the fields sent change. Prices and stock belong to the variants; the currency is fixed. isActive " +
          "true needs an active variant and is refused (409) for an archived product (restore it).",
        protect: true,
        errorResponses: {
          400: "Invalid field (issues), unknown or archived category, or unknown field",
          ...adminErrors,
          404: "No such product",
          409: "Slug taken (details.field slug), or the product cannot go on sale",
        },
      },
    })
    .input(UpdateProductInput)
    .output(AdminProductDetail)
    .mutation(({ ctx, input }) => ctx.services.admin.products.update(ctx.actor, input)),

  replaceVariants: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "PUT",
        path: "/admin/products/{id}/variants",
        tags,
        summary: "Replace a product's options and variants",
        description:
          "The editor's whole set, in display order: rename options, add or remove values, add variants (no id; " +
          "stock is their opening stock, kept as a restock), edit any variant's SKU, options, price, compareAtPrice, " +
          "image, active flag. A variant left out is deleted, which is refused (409, details.skus) when orders name " +
          "it: send it with isActive false instead. Existing variants' stock changes through stock adjustments.",
        protect: true,
        errorResponses: {
          400: "Invalid options or variants (issues or details.field)",
          ...adminErrors,
          404: "No such product",
          409: "A SKU is taken by another product, or orders name a variant left out",
        },
      },
    })
    .input(ReplaceVariantsInput)
    .output(AdminProductDetail)
    .mutation(({ ctx, input }) => ctx.services.admin.products.replaceVariants(ctx.actor, input)),

  updateVariant: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "PATCH",
        path: "/admin/variants/{id}",
        tags,
        summary: "Edit one variant: SKU, price, compare-at price, image, active, position",
        description: "Only the fields sent change; answers with the whole product. The last active variant of a product on sale cannot be deactivated (409).",
        protect: true,
        errorResponses: {
          400: "Invalid field (issues or details.field), or unknown field",
          ...adminErrors,
          404: "No such variant",
          409: "SKU taken, or the product's last active variant",
        },
      },
    })
    .input(UpdateVariantInput)
    .output(AdminProductDetail)
    .mutation(({ ctx, input }) => ctx.services.admin.products.updateVariant(ctx.actor, input)),

  archive: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/products/{id}/archive",
        tags,
        summary: "Archive a product: off sale and out of the shop, kept for its orders",
        description: "Products are never deleted, so every order keeps what it names. Archiving an archived product changes nothing.",
        protect: true,
        errorResponses: { 400: "Invalid id", ...adminErrors, 404: "No such product" },
      },
    })
    .input(AdminProductIdInput)
    .output(AdminProductDetail)
    .mutation(({ ctx, input }) => ctx.services.admin.products.archive(ctx.actor, input.id)),

  restore: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/products/{id}/restore",
        tags,
        summary: "Restore an archived product",
        description: "Back on sale when it has an active variant, else a draft. Restoring a product that is not archived changes nothing.",
        protect: true,
        errorResponses: { 400: "Invalid id", ...adminErrors, 404: "No such product" },
      },
    })
    .input(AdminProductIdInput)
    .output(AdminProductDetail)
    .mutation(({ ctx, input }) => ctx.services.admin.products.restore(ctx.actor, input.id)),

  adjustStock: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/variants/{id}/stock-adjustments",
        tags,
        summary: "Adjust a variant's stock, with a reason",
        description:
          "delta adds or removes units; setTo records a count (the change is computed from the stock at that " +
          "moment). Applied in one conditional update, so concurrent checkouts and adjustments never lose one " +
          "another's change. Removing more than there is: 409 with details.available. setTo equal to the stock " +
          "records nothing (adjustment null).",
        protect: true,
        errorResponses: {
          400: "Neither or both of delta and setTo, delta 0, unknown reason or field",
          ...staffErrors,
          404: "No such variant",
          409: "Not enough stock (details.available)",
        },
      },
      successStatus: 201,
    })
    .input(StockAdjustmentInput)
    .output(StockAdjustmentResult)
    .mutation(({ ctx, input }) => ctx.services.admin.products.adjustStock(ctx.actor, input)),

  variantStockHistory: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/variants/{id}/stock-adjustments",
        tags,
        summary: "A variant's stock adjustments, newest first",
        description: "Keyset-paginated: pass nextCursor as cursor. Each entry names who made it (name, phone).",
        protect: true,
        errorResponses: { 400: "Invalid id, limit or cursor", ...staffErrors, 404: "No such variant" },
      },
    })
    .input(StockHistoryInput)
    .output(StockHistoryPage)
    .query(({ ctx, input }) => ctx.services.admin.products.variantStockHistory(ctx.actor, input)),

  productStockHistory: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/products/{id}/stock-adjustments",
        tags,
        summary: "The stock adjustments of every variant of a product, newest first",
        description: "Keyset-paginated: pass nextCursor as cursor.",
        protect: true,
        errorResponses: { 400: "Invalid id, limit or cursor", ...staffErrors, 404: "No such product" },
      },
    })
    .input(StockHistoryInput)
    .output(StockHistoryPage)
    .query(({ ctx, input }) => ctx.services.admin.products.productStockHistory(ctx.actor, input)),

  importDryRun: adminProcedure
    .meta({
      cacheControl: "no-store",
      rawBody: CSV_BODY,
      openapi: {
        method: "POST",
        path: "/admin/products/import/dry-run",
        tags,
        summary: "Check a product CSV without writing anything",
        description: `${IMPORT_RULES} Answers what the import would do: counts of rows to create, update, leave unchanged, and every invalid row.`,
        protect: true,
        errorResponses: { 400: "Not a UTF-8 CSV file, unknown columns, or too many rows", ...adminErrors },
      },
    })
    .input(z.object({}).strict())
    .output(ImportReport)
    .mutation(({ ctx }) => ctx.services.admin.products.importCsv(ctx.actor, csvBytes(ctx.req.rawBytes), { dryRun: true })),

  import: adminProcedure
    .meta({
      cacheControl: "no-store",
      rawBody: CSV_BODY,
      openapi: {
        method: "POST",
        path: "/admin/products/import",
        tags,
        summary: "Import a product CSV: create and update by SKU",
        description:
          `${IMPORT_RULES} Writes exactly the good rows, in batches of about 500 rows, one transaction each (with ` +
          "its stock adjustments and one audit entry); invalid rows are reported and skipped. written says what was " +
          "committed; a batch that fails at write time is rolled back alone and listed in written.failedBatches.",
        protect: true,
        errorResponses: { 400: "Not a UTF-8 CSV file, unknown columns, or too many rows", ...adminErrors },
      },
    })
    .input(z.object({}).strict())
    .output(ImportReport)
    .mutation(({ ctx }) => ctx.services.admin.products.importCsv(ctx.actor, csvBytes(ctx.req.rawBytes), { dryRun: false })),
});
