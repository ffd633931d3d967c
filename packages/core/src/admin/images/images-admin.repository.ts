import type { Prisma } from "@shop/db";
import type { Queryable } from "../../infra/queryable";

export interface StoredSize {
  width: number;
  height: number;
  key: string;
  url: string;
}

export interface ImageRow {
  id: string;
  productId: string;
  url: string;
  alt: string;
  position: number;
  storageKey: string | null;
  sizes: Prisma.JsonValue;
  width: number | null;
  height: number | null;
  createdAt: Date;
}

const IMAGE_SELECT = {
  id: true,
  productId: true,
  url: true,
  alt: true,
  position: true,
  storageKey: true,
  sizes: true,
  width: true,
  height: true,
  createdAt: true,
} as const;

/** The sizes column as written by the service; anything else (an image given by URL: []) reads as no sizes. */
export function storedSizes(value: Prisma.JsonValue): StoredSize[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (s): s is Prisma.JsonObject & StoredSize =>
      !!s && typeof s === "object" && !Array.isArray(s) && typeof s.key === "string" && typeof s.url === "string" && typeof s.width === "number" && typeof s.height === "number",
  );
}

/** The product's name, or null when there is none; FOR UPDATE inside a transaction, so image writes of one product queue. */
export async function lockProduct(tx: Queryable, productId: string): Promise<{ name: string } | null> {
  const rows = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM products WHERE id = ${productId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

export function findProductName(db: Queryable, productId: string): Promise<{ name: string } | null> {
  return db.product.findUnique({ where: { id: productId }, select: { name: true } });
}

export function findImagesOf(db: Queryable, productId: string): Promise<ImageRow[]> {
  return db.productImage.findMany({ where: { productId }, select: IMAGE_SELECT, orderBy: [{ position: "asc" }, { id: "asc" }] });
}

export function findImage(db: Queryable, id: string): Promise<ImageRow | null> {
  return db.productImage.findUnique({ where: { id }, select: IMAGE_SELECT });
}

/** How many images the product has and the position after its last one. */
export async function imageSlots(tx: Queryable, productId: string): Promise<{ count: number; nextPosition: number }> {
  const agg = await tx.productImage.aggregate({ where: { productId }, _count: { _all: true }, _max: { position: true } });
  return { count: agg._count._all, nextPosition: agg._max.position === null ? 0 : agg._max.position + 1 };
}

export function insertImage(
  tx: Queryable,
  image: { id: string; productId: string; url: string; alt: string; position: number; storageKey: string; sizes: StoredSize[]; width: number; height: number },
): Promise<ImageRow> {
  return tx.productImage.create({ data: { ...image, sizes: image.sizes as unknown as Prisma.InputJsonValue }, select: IMAGE_SELECT });
}

export function updateAlt(tx: Queryable, id: string, alt: string): Promise<ImageRow> {
  return tx.productImage.update({ where: { id }, data: { alt }, select: IMAGE_SELECT });
}

/** Removes the row; variants showing it get image_id null (ON DELETE SET NULL). */
export async function deleteImage(tx: Queryable, id: string): Promise<boolean> {
  const { count } = await tx.productImage.deleteMany({ where: { id } });
  return count === 1;
}

/**
 * Positions 0..n-1 in the order of `ids` (all of the product's images). (product_id, position) is unique and
 * checked row by row, so the rows first move to negative positions, where no new position can collide.
 */
export async function rewritePositions(tx: Queryable, productId: string, ids: readonly string[]): Promise<void> {
  await tx.$executeRaw`UPDATE product_images SET position = -1 - position WHERE product_id = ${productId}::uuid`;
  await tx.$executeRaw`UPDATE product_images AS i SET position = o.ord - 1
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS o(id, ord)
    WHERE i.id = o.id AND i.product_id = ${productId}::uuid`;
}
