/**
 * The back office's products: what the owner lists, edits, archives, restocks, imports and exports. Every write
 * runs in one transaction with its audit entry (recordAudit) and clears the catalogue cache once committed, so
 * the shop never shows a change that was rolled back, nor keeps showing one that was made.
 */
import { stringify } from "csv-stringify/sync";
import { namedOptionValues } from "../../catalog/catalog.schemas";
import { normalizeTags } from "../../catalog/catalog.service";
import { findTakenSkus } from "../../catalog/product.repository";
import { DomainError } from "../../errors/domain-error";
import { decodeNewestCursor, encodeNewestCursor } from "../../infra/cursor";
import { isForeignKeyViolation, isUniqueViolation, unlessBusy } from "../../infra/db-errors";
import type { Queryable } from "../../infra/queryable";
import { uuidv7 } from "../../infra/uuid";
import { requireAdmin, type Actor } from "../actor";
import { recordAudit } from "../audit/audit-record";
import type { AdminDeps } from "../services";
import { CSV_COLUMNS, readCsvFile, TAG_SEPARATOR } from "./product-csv";
import { batchesOf, batchFailure, loadSnapshot, planImport, writeBatch, type BatchResult } from "./product-import";
import {
  applyStockDelta,
  findAdminProduct,
  findAdminProductPage,
  findExportPage,
  findStockAdjustments,
  lockProduct,
  lockVariantsOf,
  lockVariantStock,
  setVariantStock,
  statusOf,
  stockAdjustmentSelect,
  variantsWithOrders,
  type ExportRow,
  type ProductDetailRecord,
  type StockAdjustmentRecord,
} from "./products-admin.repository";
import type {
  AdminProductDetail,
  AdminProductPage,
  ExportProductsInput,
  ImportReport,
  ListAdminProductsInput,
  ReplaceVariantsInput,
  StockAdjustment,
  StockAdjustmentInput,
  StockAdjustmentResult,
  StockHistoryInput,
  StockHistoryPage,
  UpdateProductInput,
  UpdateVariantInput,
} from "./products-admin.schemas";
import { planVariantEdit } from "./variant-plan";

/** Limits of the import and export; every one can be set per service (safe defaults below). */
export interface ProductAdminOptions {
  /** Most data rows one CSV import may have. */
  importMaxRows: number;
  /** Rows written per transaction by an import (a product's rows always share one). */
  importBatchSize: number;
  /** Longest a batch's transaction may run (ms). */
  importBatchTimeoutMs: number;
  /** Variants read per page of the streamed export. */
  exportPageSize: number;
}

export const DEFAULT_PRODUCT_ADMIN_OPTIONS: Readonly<ProductAdminOptions> = {
  importMaxRows: 50_000,
  importBatchSize: 500,
  importBatchTimeoutMs: 60_000,
  exportPageSize: 500,
};

export interface ProductAdmin {
  list(actor: Actor, input: ListAdminProductsInput): Promise<AdminProductPage>;
  byId(actor: Actor, id: string): Promise<AdminProductDetail>;
  update(actor: Actor, input: UpdateProductInput): Promise<AdminProductDetail>;
  replaceVariants(actor: Actor, input: ReplaceVariantsInput): Promise<AdminProductDetail>;
  updateVariant(actor: Actor, input: UpdateVariantInput): Promise<AdminProductDetail>;
  archive(actor: Actor, id: string): Promise<AdminProductDetail>;
  restore(actor: Actor, id: string): Promise<AdminProductDetail>;
  adjustStock(actor: Actor, input: StockAdjustmentInput): Promise<StockAdjustmentResult>;
  variantStockHistory(actor: Actor, input: StockHistoryInput): Promise<StockHistoryPage>;
  productStockHistory(actor: Actor, input: StockHistoryInput): Promise<StockHistoryPage>;
  /** The matching products as CSV, one row per variant, read from the database page by page as it is sent. */
  exportCsv(actor: Actor, filters: ExportProductsInput): ReadableStream<Uint8Array>;
  /** A CSV file's rows checked (dryRun) or written; the same report either way. */
  importCsv(actor: Actor, bytes: Uint8Array | undefined, options: { dryRun: boolean }): Promise<ImportReport>;
}

const notFound = () => new DomainError("NOT_FOUND", "Product not found");
const variantNotFound = () => new DomainError("NOT_FOUND", "Variant not found");
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toDetail(p: ProductDetailRecord): AdminProductDetail {
  const names = p.options.map((o) => o.name);
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    status: statusOf({ is_active: p.isActive, archived_at: p.archivedAt }),
    isActive: p.isActive,
    archivedAt: iso(p.archivedAt),
    currency: p.currency,
    priceRange: { min: p.price, max: Math.max(p.price, p.maxPrice) },
    stock: p.stock,
    variantCount: p.variantCount,
    tags: p.tags,
    category: p.category,
    options: p.options.map((o) => ({ name: o.name, values: o.values })),
    images: p.images,
    variants: p.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      options: namedOptionValues(names, v.optionValues),
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      stock: v.stock,
      isActive: v.isActive,
      position: v.position,
      imageId: v.imageId,
      imageUrl: v.image?.url ?? null,
      orderLines: v._count.orderItems,
      updatedAt: v.updatedAt.toISOString(),
    })),
    orderLines: p._count.orderItems,
    ratingAverage: p.ratingAverage.toNumber(),
    ratingCount: p.ratingCount,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function toAdjustment(a: StockAdjustmentRecord): StockAdjustment {
  return {
    id: a.id,
    variantId: a.variantId,
    productId: a.productId,
    sku: a.variant.sku,
    delta: a.delta,
    stockAfter: a.stockAfter,
    reason: a.reason as StockAdjustment["reason"],
    note: a.note,
    actor: a.actor,
    createdAt: a.createdAt.toISOString(),
  };
}

/** The fields of `after` whose values differ from `before`, as the audit log keeps them. */
function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const out = { before: {} as Partial<T>, after: {} as Partial<T> };
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] === undefined || JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    out.before[key] = before[key];
    out.after[key] = after[key];
  }
  return out;
}

async function takenSkuConflict(db: Queryable, skus: string[]): Promise<DomainError> {
  const taken = await findTakenSkus(db as Parameters<typeof findTakenSkus>[0], skus);
  return new DomainError("CONFLICT", `SKU ${taken[0] ?? "of a variant"} is taken by another product`, { details: { field: "sku", skus: taken } });
}

/** The export's row of one variant: the columns of CSV_COLUMNS, in order. */
export function exportCells(row: ExportRow): string[] {
  const options = [0, 1, 2].flatMap((k) => [row.option_names[k] ?? "", row.option_names[k] ? (row.option_values[k] ?? "") : ""]);
  return [
    row.sku,
    row.slug,
    row.name,
    row.category_slug ?? "",
    ...options,
    String(row.price),
    row.compare_at_price === null ? "" : String(row.compare_at_price),
    String(row.stock),
    row.is_active ? "true" : "false",
    row.currency,
    row.description,
    row.tags.join(TAG_SEPARATOR),
  ];
}

function checkPriceRange({ minPrice, maxPrice }: { minPrice?: number; maxPrice?: number }) {
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    throw new DomainError("VALIDATION", "maxPrice must not be below minPrice", { details: { field: "maxPrice" } });
  }
}

export function createProductAdmin(deps: AdminDeps, overrides: Partial<ProductAdminOptions> = {}): ProductAdmin {
  const { db, catalogCache } = deps;
  const options: ProductAdminOptions = { ...DEFAULT_PRODUCT_ADMIN_OPTIONS, ...overrides };
  const clock = deps.clock ?? (() => new Date());

  async function detail(id: string): Promise<AdminProductDetail> {
    const found = await findAdminProduct(db, id);
    if (!found) throw notFound();
    return toDetail(found);
  }

  /** A write: one transaction with its audit entry, then the shop's cache cleared. */
  async function write<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const result = await unlessBusy(() => db.$transaction(fn, { maxWait: 5_000, timeout: 15_000 }));
    catalogCache.clear();
    return result;
  }

  async function history(where: { variantId: string } | { productId: string }, input: StockHistoryInput): Promise<StockHistoryPage> {
    const after = input.cursor ? decodeNewestCursor(input.cursor) : null;
    const rows = await findStockAdjustments(db, where, after, input.limit + 1);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map(toAdjustment),
      nextCursor: rows.length > input.limit && last ? encodeNewestCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  return {
    async list(_actor, input) {
      checkPriceRange(input);
      const { rows, total } = await findAdminProductPage(db, input, input.sort, (input.page - 1) * input.limit, input.limit);
      return {
        items: rows.map((r) => ({
          id: r.id,
          slug: r.slug,
          name: r.name,
          status: statusOf(r),
          priceRange: { min: r.price, max: Math.max(r.price, r.max_price) },
          currency: r.currency,
          stock: r.stock,
          variantCount: r.variant_count,
          lowStockVariants: r.low_stock_variants,
          category: r.category_id && r.category_slug && r.category_name ? { id: r.category_id, slug: r.category_slug, name: r.category_name } : null,
          imageUrl: r.image_url,
          createdAt: r.created_at.toISOString(),
          updatedAt: r.updated_at.toISOString(),
        })),
        page: input.page,
        limit: input.limit,
        total,
        pageCount: Math.ceil(total / input.limit),
      };
    },

    byId: (_actor, id) => detail(id),

    async update(actor, input) {
      requireAdmin(actor, "edit products");
      const { id, ...given } = input;
      try {
        await write(async (tx) => {
          if (!(await lockProduct(tx, id))) throw notFound();
          const current = await tx.product.findUniqueOrThrow({
            where: { id },
            select: { name: true, slug: true, description: true, categoryId: true, tags: true, isActive: true, archivedAt: true, variantCount: true },
          });
          const wanted = { ...given, tags: given.tags ? normalizeTags(given.tags) : undefined };
          const changes = diff(current, wanted);
          if (Object.keys(changes.after).length === 0) return;
          if (changes.after.isActive === true) {
            if (current.archivedAt) {
              throw new DomainError("CONFLICT", "This product is archived: restore it to put it on sale again", { details: { field: "isActive" } });
            }
            if (current.variantCount === 0) {
              throw new DomainError("CONFLICT", "The product has no active variant: activate one before putting it on sale", { details: { field: "isActive" } });
            }
          }
          if (changes.after.categoryId) {
            const category = await tx.category.findUnique({ where: { id: changes.after.categoryId }, select: { archivedAt: true } });
            if (!category) throw new DomainError("VALIDATION", "Unknown category", { details: { field: "categoryId" } });
            if (category.archivedAt) throw new DomainError("VALIDATION", "This category is archived", { details: { field: "categoryId" } });
          }
          await tx.product.update({ where: { id }, data: changes.after, select: { id: true } });
          await recordAudit(tx, actor, {
            action: "product.update",
            entityType: "product",
            entityId: id,
            summary: `Edited ${current.slug}: ${Object.keys(changes.after).join(", ")}`,
            ...changes,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error, "slug")) {
          throw new DomainError("CONFLICT", "Another product has this slug", { details: { field: "slug", slug: input.slug } });
        }
        if (isForeignKeyViolation(error)) throw new DomainError("VALIDATION", "Unknown category", { details: { field: "categoryId" } });
        throw error;
      }
      return detail(id);
    },

    async replaceVariants(actor, input) {
      requireAdmin(actor, "edit variants and prices");
      try {
        await write(async (tx) => {
          if (!(await lockProduct(tx, input.id))) throw notFound();
          // Checkouts of these variants wait for this transaction, so a deletion sees every order line.
          await lockVariantsOf(tx, input.id);
          const product = await tx.product.findUniqueOrThrow({
            where: { id: input.id },
            select: {
              slug: true,
              isActive: true,
              options: { select: { name: true, values: true }, orderBy: { position: "asc" } },
              images: { select: { id: true } },
              variants: {
                select: { id: true, sku: true, optionValues: true, price: true, compareAtPrice: true, stock: true, isActive: true, imageId: true, position: true },
                orderBy: [{ position: "asc" }, { id: "asc" }],
              },
            },
          });
          const plan = planVariantEdit(input, { variantIds: product.variants.map((v) => v.id), imageIds: product.images.map((i) => i.id) });
          if (product.isActive && !plan.variants.some((v) => v.isActive)) {
            throw new DomainError("VALIDATION", "An active product needs an active variant: keep one active, or make the product a draft first", {
              details: { field: "variants" },
            });
          }
          const referenced = await variantsWithOrders(tx, plan.removed);
          if (referenced.size > 0) {
            const skus = product.variants.filter((v) => referenced.has(v.id)).map((v) => v.sku);
            throw new DomainError("CONFLICT", `Order lines name ${skus.join(", ")}: keep ${skus.length > 1 ? "them" : "it"} with isActive false instead of deleting`, {
              details: { field: "variants", skus, variantIds: [...referenced] },
            });
          }
          if (plan.removed.length > 0) await tx.productVariant.deleteMany({ where: { id: { in: plan.removed } } });
          const kept = plan.variants.filter((v) => v.id !== null);
          // Kept variants first take placeholders, so that SKUs and combinations may swap between them.
          for (const v of kept) {
            await tx.$executeRaw`UPDATE product_variants SET sku = ${`~${v.id}`}, option_values = ARRAY[${`~${v.id}`}] WHERE id = ${v.id}::uuid`;
          }
          await tx.productOption.deleteMany({ where: { productId: input.id } });
          if (plan.options.length > 0) {
            await tx.productOption.createMany({ data: plan.options.map((o, position) => ({ productId: input.id, name: o.name, values: o.values, position })) });
          }
          for (const v of kept) {
            await tx.productVariant.update({
              where: { id: v.id! },
              data: {
                sku: v.sku,
                title: v.title,
                optionValues: v.values,
                optionKeys: v.keys,
                price: v.price,
                compareAtPrice: v.compareAtPrice,
                imageId: v.imageId,
                isActive: v.isActive,
                position: v.position,
              },
              select: { id: true },
            });
          }
          const created = plan.variants.filter((v) => v.id === null).map((v) => ({ ...v, id: uuidv7() }));
          if (created.length > 0) {
            await tx.productVariant.createMany({
              data: created.map((v) => ({
                id: v.id,
                productId: input.id,
                sku: v.sku,
                title: v.title,
                optionValues: v.values,
                optionKeys: v.keys,
                price: v.price,
                compareAtPrice: v.compareAtPrice,
                stock: v.openingStock ?? 0,
                imageId: v.imageId,
                isActive: v.isActive,
                position: v.position,
              })),
            });
            const stocked = created.filter((v) => (v.openingStock ?? 0) > 0);
            if (stocked.length > 0) {
              await tx.stockAdjustment.createMany({
                data: stocked.map((v) => ({
                  variantId: v.id,
                  productId: input.id,
                  delta: v.openingStock!,
                  stockAfter: v.openingStock!,
                  reason: "restock",
                  note: "Opening stock of a new variant",
                  actorId: actor.id,
                })),
              });
            }
          }
          const shape = (list: { sku: string; values: string[]; price: number; compareAtPrice: number | null; isActive: boolean; imageId: string | null }[]) =>
            list.map((v) => ({ sku: v.sku, options: v.values, price: v.price, compareAtPrice: v.compareAtPrice, isActive: v.isActive, imageId: v.imageId }));
          await recordAudit(tx, actor, {
            action: "product.variants_replace",
            entityType: "product",
            entityId: input.id,
            summary:
              `Options and variants of ${product.slug}: ${created.length} added, ${plan.removed.length} deleted, ${kept.length} kept`,
            before: { options: product.options, variants: shape(product.variants.map((v) => ({ ...v, values: v.optionValues }))) },
            after: { options: plan.options, variants: shape(plan.variants) },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error, "sku")) throw await takenSkuConflict(db, input.variants.map((v) => v.sku));
        throw error;
      }
      return detail(input.id);
    },

    async updateVariant(actor, input) {
      requireAdmin(actor, "edit variants and prices");
      const { id, ...given } = input;
      const owner = await db.productVariant.findUnique({ where: { id }, select: { productId: true } });
      if (!owner) throw variantNotFound();
      try {
        await write(async (tx) => {
          await lockProduct(tx, owner.productId);
          const variant = await tx.productVariant.findUnique({
            where: { id },
            select: {
              sku: true,
              price: true,
              compareAtPrice: true,
              imageId: true,
              isActive: true,
              position: true,
              optionValues: true,
              product: { select: { slug: true, isActive: true } },
            },
          });
          if (!variant) throw variantNotFound();
          const { product, optionValues: _, ...current } = variant;
          const changes = diff(current, given);
          if (Object.keys(changes.after).length === 0) return;
          const price = given.price ?? current.price;
          const compareAtPrice = given.compareAtPrice !== undefined ? given.compareAtPrice : current.compareAtPrice;
          if (compareAtPrice !== null && compareAtPrice <= price) {
            throw new DomainError("VALIDATION", `compareAtPrice must be above the price (${price})`, { details: { field: "compareAtPrice" } });
          }
          if (changes.after.imageId) {
            const image = await tx.productImage.findFirst({ where: { id: changes.after.imageId, productId: owner.productId }, select: { id: true } });
            if (!image) throw new DomainError("VALIDATION", "Not one of the product's images", { details: { field: "imageId" } });
          }
          if (changes.after.isActive === false && product.isActive) {
            const others = await tx.productVariant.count({ where: { productId: owner.productId, isActive: true, id: { not: id } } });
            if (others === 0) {
              throw new DomainError("CONFLICT", "This is the product's last active variant: make the product a draft or archive it instead", {
                details: { field: "isActive" },
              });
            }
          }
          const { position, ...fields } = changes.after;
          await tx.productVariant.update({ where: { id }, data: fields, select: { id: true } });
          if (position !== undefined) {
            const siblings = await tx.productVariant.findMany({
              where: { productId: owner.productId },
              orderBy: [{ position: "asc" }, { id: "asc" }],
              select: { id: true },
            });
            const order = siblings.map((s) => s.id).filter((s) => s !== id);
            order.splice(Math.min(position, order.length), 0, id);
            for (const [i, sibling] of order.entries()) {
              await tx.productVariant.update({ where: { id: sibling }, data: { position: i }, select: { id: true } });
            }
          }
          const what = Object.entries(changes.after).map(([k, v]) => `${k} ${JSON.stringify(changes.before[k as keyof typeof changes.before])} -> ${JSON.stringify(v)}`);
          await recordAudit(tx, actor, {
            action: "variant.update",
            entityType: "variant",
            entityId: id,
            summary: `${current.sku} (${product.slug}): ${what.join(", ")}`,
            ...changes,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error, "sku")) throw await takenSkuConflict(db, [given.sku ?? ""]);
        throw error;
      }
      return detail(owner.productId);
    },

    async archive(actor, id) {
      requireAdmin(actor, "archive products");
      await write(async (tx) => {
        if (!(await lockProduct(tx, id))) throw notFound();
        const current = await tx.product.findUniqueOrThrow({ where: { id }, select: { slug: true, isActive: true, archivedAt: true } });
        if (current.archivedAt) return;
        const archivedAt = clock();
        await tx.product.update({ where: { id }, data: { isActive: false, archivedAt }, select: { id: true } });
        await recordAudit(tx, actor, {
          action: "product.archive",
          entityType: "product",
          entityId: id,
          summary: `Archived ${current.slug}`,
          before: { isActive: current.isActive, archivedAt: null },
          after: { isActive: false, archivedAt },
        });
      });
      return detail(id);
    },

    async restore(actor, id) {
      requireAdmin(actor, "restore products");
      await write(async (tx) => {
        if (!(await lockProduct(tx, id))) throw notFound();
        const current = await tx.product.findUniqueOrThrow({ where: { id }, select: { slug: true, archivedAt: true, variantCount: true } });
        if (!current.archivedAt) return;
        // Back on sale when it has something to sell; otherwise a draft to finish first.
        const isActive = current.variantCount > 0;
        await tx.product.update({ where: { id }, data: { isActive, archivedAt: null }, select: { id: true } });
        await recordAudit(tx, actor, {
          action: "product.restore",
          entityType: "product",
          entityId: id,
          summary: `Restored ${current.slug}${isActive ? "" : " as a draft (no active variant)"}`,
          before: { isActive: false, archivedAt: current.archivedAt },
          after: { isActive, archivedAt: null },
        });
      });
      return detail(id);
    },

    async adjustStock(actor, input) {
      return write(async (tx) => {
        let row;
        let delta: number;
        if (input.delta !== undefined) {
          delta = input.delta;
          // One conditional UPDATE: concurrent checkouts and adjustments of the same variant queue on its row
          // lock, and each applies to the stock the previous one left (never a read-then-write).
          row = await applyStockDelta(tx, input.id, delta);
          if (!row) {
            const current = await lockVariantStock(tx, input.id);
            if (!current) throw variantNotFound();
            if (delta < 0) {
              throw new DomainError("CONFLICT", `Only ${current.stock} in stock: cannot remove ${-delta}`, {
                details: { field: "delta", available: current.stock },
              });
            }
            throw new DomainError("VALIDATION", "The stock would exceed the largest possible number", { details: { field: "delta" } });
          }
        } else {
          const current = await lockVariantStock(tx, input.id);
          if (!current) throw variantNotFound();
          delta = input.setTo! - current.stock;
          if (delta === 0) return { adjustment: null, variant: { id: current.id, sku: current.sku, stock: current.stock } };
          await setVariantStock(tx, input.id, input.setTo!);
          row = { ...current, stock: input.setTo! };
        }
        const created = await tx.stockAdjustment.create({
          data: { variantId: row.id, productId: row.product_id, delta, stockAfter: row.stock, reason: input.reason, note: input.note || null, actorId: actor.id },
          select: stockAdjustmentSelect,
        });
        await recordAudit(tx, actor, {
          action: "variant.stock_adjust",
          entityType: "variant",
          entityId: row.id,
          summary: `Stock of ${row.sku} ${delta > 0 ? "+" : ""}${delta} (${input.reason}) -> ${row.stock}`,
          before: { stock: row.stock - delta },
          after: { stock: row.stock, reason: input.reason, note: input.note ?? null },
        });
        return { adjustment: toAdjustment(created), variant: { id: row.id, sku: row.sku, stock: row.stock } };
      });
    },

    async variantStockHistory(_actor, input) {
      const exists = await db.productVariant.findUnique({ where: { id: input.id }, select: { id: true } });
      if (!exists) throw variantNotFound();
      return history({ variantId: input.id }, input);
    },

    async productStockHistory(_actor, input) {
      const exists = await db.product.findUnique({ where: { id: input.id }, select: { id: true } });
      if (!exists) throw notFound();
      return history({ productId: input.id }, input);
    },

    exportCsv(actor, filters) {
      requireAdmin(actor, "export the catalogue");
      checkPriceRange(filters);
      const encoder = new TextEncoder();
      let after: { productId: string; position: number; variantId: string } | null = null;
      let started = false;
      let done = false;
      return new ReadableStream<Uint8Array>({
        // One page per pull: the consumer's pace decides how much is read, never the whole catalogue at once.
        async pull(controller) {
          if (!started) {
            started = true;
            controller.enqueue(encoder.encode(stringify([[...CSV_COLUMNS]])));
            return;
          }
          if (done) return;
          try {
            const rows = await findExportPage(db, filters, after, options.exportPageSize);
            if (rows.length > 0) {
              const last = rows.at(-1)!;
              after = { productId: last.product_id, position: last.position, variantId: last.variant_id };
              controller.enqueue(encoder.encode(stringify(rows.map(exportCells))));
            }
            if (rows.length < options.exportPageSize) {
              done = true;
              controller.close();
            }
          } catch (error) {
            controller.error(error);
          }
        },
        cancel() {
          done = true;
        },
      });
    },

    async importCsv(actor, bytes, { dryRun }) {
      requireAdmin(actor, "import products");
      const file = readCsvFile(bytes, { maxRows: options.importMaxRows });
      const plan = planImport(file, await loadSnapshot(db, file));
      const report: ImportReport = {
        dryRun,
        rows: plan.rows,
        counts: plan.counts,
        productsToCreate: plan.productsToCreate,
        errors: plan.errors,
        written: null,
      };
      if (dryRun) return report;
      const batches = batchesOf(plan.groups, options.importBatchSize);
      const written: NonNullable<ImportReport["written"]> = {
        batches: 0,
        productsCreated: 0,
        variantsCreated: 0,
        variantsUpdated: 0,
        stockAdjustments: 0,
        failedBatches: [],
      };
      for (const [i, batch] of batches.entries()) {
        const label = `CSV import, batch ${i + 1} of ${batches.length}`;
        try {
          const result: BatchResult = await db.$transaction((tx) => writeBatch(tx, actor, batch, label), {
            maxWait: 10_000,
            timeout: options.importBatchTimeoutMs,
          });
          written.batches += 1;
          written.productsCreated += result.productsCreated;
          written.variantsCreated += result.variantsCreated;
          written.variantsUpdated += result.variantsUpdated;
          written.stockAdjustments += result.stockAdjustments;
        } catch (error) {
          written.failedBatches.push({ firstRow: batch.firstRow, lastRow: batch.lastRow, rows: batch.rows, message: batchFailure(error) });
        }
      }
      if (written.batches > 0) catalogCache.clear();
      return { ...report, written };
    },
  };
}
