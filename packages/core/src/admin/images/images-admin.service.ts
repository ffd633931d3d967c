import { DomainError } from "../../errors/domain-error";
import { uuidv7 } from "../../infra/uuid";
import { requireAdmin, type Actor } from "../actor";
import { recordAudit } from "../audit/audit-record";
import type { AdminDeps } from "../services";
import { processImage } from "./image-processing";
import {
  DEFAULT_IMAGE_SETTINGS,
  type AdminImage,
  type AdminImageList,
  type ImageSettings,
  type ReorderImagesInput,
  type UpdateImageInput,
  type UploadImageFields,
} from "./images-admin.schemas";
import {
  deleteImage,
  findImage,
  findImagesOf,
  findProductName,
  imageSlots,
  insertImage,
  lockProduct,
  rewritePositions,
  storedSizes,
  updateAlt,
  type ImageRow,
  type StoredSize,
} from "./images-admin.repository";
import type { ImageStorage } from "./storage";

export interface ImageAdmin {
  /** The product's images in display order. */
  list(actor: Actor, productId: string): Promise<AdminImageList>;
  /** Decodes, resizes and stores an upload, then adds it after the product's last image. */
  upload(actor: Actor, productId: string, fields: UploadImageFields): Promise<AdminImage>;
  /** Changes an image's alt text. */
  update(actor: Actor, input: UpdateImageInput): Promise<AdminImage>;
  /** Puts the product's images in the given order (every one of them, once). */
  reorder(actor: Actor, input: ReorderImagesInput): Promise<AdminImageList>;
  /** Removes an image, then its stored files. */
  remove(actor: Actor, imageId: string): Promise<void>;
}

const notFound = (what: "product" | "image") =>
  new DomainError("NOT_FOUND", what === "product" ? "No such product" : "No such image");

function toAdminImage(row: ImageRow): AdminImage {
  return {
    id: row.id,
    productId: row.productId,
    url: row.url,
    alt: row.alt,
    position: row.position,
    width: row.width,
    height: row.height,
    sizes: storedSizes(row.sizes).map(({ width, height, url }) => ({ width, height, url })),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Every file a row points at: its sizes and its storage key (the largest size, listed once). */
const filesOf = (row: Pick<ImageRow, "sizes" | "storageKey">): string[] => [
  ...new Set([...storedSizes(row.sizes).map((s) => s.key), ...(row.storageKey ? [row.storageKey] : [])]),
];

export function createImageAdmin(deps: AdminDeps): ImageAdmin {
  const { db, catalogCache } = deps;
  const settings: ImageSettings = { ...DEFAULT_IMAGE_SETTINGS, ...deps.imageSettings };
  const log = settings.log ?? ((entry, message) => console.warn(message, entry));
  const allowed = (actor: Actor) => requireAdmin(actor, "manage product images");

  /** Deletes files after the fact (a failed upload, a removed image): what cannot be deleted is logged, never thrown. */
  async function deleteFiles(storage: ImageStorage | undefined, keys: readonly string[], why: string): Promise<void> {
    if (keys.length === 0) return;
    if (!storage) {
      log({ keys, why }, "image files left in storage: no image storage is configured to delete them from");
      return;
    }
    const results = await Promise.allSettled(keys.map((key) => storage.delete(key)));
    const failed = keys.filter((_, i) => results[i]!.status === "rejected");
    if (failed.length > 0) {
      const reason = results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason;
      log({ keys: failed, why, storage: storage.kind, error: reason instanceof Error ? reason.message : String(reason) }, "could not delete image files");
    }
  }

  async function requireProduct(productId: string): Promise<{ name: string }> {
    const product = await findProductName(db, productId);
    if (!product) throw notFound("product");
    return product;
  }

  return {
    async list(actor, productId) {
      allowed(actor);
      await requireProduct(productId);
      return { items: (await findImagesOf(db, productId)).map(toAdminImage) };
    },

    async upload(actor, productId, fields) {
      allowed(actor);
      const storage = deps.imageStorage;
      if (!storage) {
        throw new DomainError("UNAVAILABLE", "Image uploads are off: no image storage is configured (MEDIA_DIR or S3_*)");
      }
      await requireProduct(productId);
      // Checked before the work and again under the product's lock (another upload may have come in meanwhile).
      const before = await imageSlots(db, productId);
      const full = () =>
        new DomainError("CONFLICT", `A product has at most ${settings.maxPerProduct} images: delete one first`, {
          details: { max: settings.maxPerProduct },
        });
      if (before.count >= settings.maxPerProduct) throw full();

      const image = await processImage(fields.file, settings);
      const id = uuidv7();
      const sizes: StoredSize[] = image.sizes.map((size) => {
        const key = `products/${productId}/${id}-${size.width}.webp`;
        return { width: size.width, height: size.height, key, url: storage.urlFor(key) };
      });
      // All files or none: what was stored of a failed upload is deleted again.
      const puts = await Promise.allSettled(image.sizes.map((size, i) => storage.put(sizes[i]!.key, size.bytes, "image/webp")));
      const failedPut = puts.find((p): p is PromiseRejectedResult => p.status === "rejected");
      if (failedPut) {
        await deleteFiles(
          storage,
          sizes.filter((_, i) => puts[i]!.status === "fulfilled").map((s) => s.key),
          "upload failed",
        );
        throw new DomainError("UNAVAILABLE", "The image could not be stored; nothing was saved. Try again shortly", {
          retryAfterSeconds: 5,
          cause: failedPut.reason,
        });
      }
      // The shop shows the display width, or the widest size not above it (a narrow image: its own width).
      const largest = sizes.at(-1)!;
      const shown = [...sizes].reverse().find((s) => s.width <= settings.displayWidth) ?? largest;
      try {
        const row = await db.$transaction(async (tx) => {
          const product = await lockProduct(tx, productId);
          if (!product) throw notFound("product");
          const slots = await imageSlots(tx, productId);
          if (slots.count >= settings.maxPerProduct) throw full();
          const inserted = await insertImage(tx, {
            id,
            productId,
            url: shown.url,
            alt: fields.alt,
            position: slots.nextPosition,
            storageKey: largest.key,
            sizes,
            width: image.width,
            height: image.height,
          });
          await recordAudit(tx, actor, {
            action: "product_image.upload",
            entityType: "product_image",
            entityId: id,
            summary: `Image ${image.width}x${image.height} (${image.format}) added to ${product.name}`,
            after: {
              productId,
              url: inserted.url,
              alt: inserted.alt,
              position: inserted.position,
              width: image.width,
              height: image.height,
              sizes: sizes.map((s) => s.width),
            },
          });
          return inserted;
        });
        catalogCache.clear();
        return toAdminImage(row);
      } catch (error) {
        await deleteFiles(storage, sizes.map((s) => s.key), "upload not recorded");
        throw error;
      }
    },

    async update(actor, input) {
      allowed(actor);
      const row = await db.$transaction(async (tx) => {
        const current = await findImage(tx, input.id);
        if (!current) throw notFound("image");
        const product = await lockProduct(tx, current.productId);
        const updated = await updateAlt(tx, input.id, input.alt);
        await recordAudit(tx, actor, {
          action: "product_image.update",
          entityType: "product_image",
          entityId: input.id,
          summary: `Alt text of an image of ${product?.name ?? "a product"} changed`,
          before: { alt: current.alt },
          after: { alt: updated.alt },
        });
        return updated;
      });
      catalogCache.clear();
      return toAdminImage(row);
    },

    async reorder(actor, input) {
      allowed(actor);
      const rows = await db.$transaction(async (tx) => {
        const product = await lockProduct(tx, input.id);
        if (!product) throw notFound("product");
        const current = await findImagesOf(tx, input.id);
        const known = new Set(current.map((r) => r.id));
        const seen = new Set<string>();
        const duplicates = input.imageIds.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
        const unknown = input.imageIds.filter((id) => !known.has(id));
        const missing = current.map((r) => r.id).filter((id) => !seen.has(id));
        if (duplicates.length || unknown.length || missing.length) {
          const problems = [
            duplicates.length ? `listed twice: ${[...new Set(duplicates)].join(", ")}` : "",
            unknown.length ? `not images of this product: ${unknown.join(", ")}` : "",
            missing.length ? `missing: ${missing.join(", ")}` : "",
          ].filter(Boolean);
          throw new DomainError("VALIDATION", `imageIds must list each of the product's ${current.length} images exactly once (${problems.join("; ")})`, {
            details: { field: "imageIds", expected: current.length, duplicates: [...new Set(duplicates)], unknown, missing },
          });
        }
        const before = current.map((r) => r.id);
        if (before.some((id, i) => id !== input.imageIds[i]) || current.some((r, i) => r.position !== i)) {
          await rewritePositions(tx, input.id, input.imageIds);
          await recordAudit(tx, actor, {
            action: "product_image.reorder",
            entityType: "product",
            entityId: input.id,
            summary: `Images of ${product.name} reordered`,
            before: { imageIds: before },
            after: { imageIds: input.imageIds },
          });
        }
        return findImagesOf(tx, input.id);
      });
      catalogCache.clear();
      return { items: rows.map(toAdminImage) };
    },

    async remove(actor, imageId) {
      allowed(actor);
      const removed = await db.$transaction(async (tx) => {
        const current = await findImage(tx, imageId);
        if (!current) throw notFound("image");
        const product = await lockProduct(tx, current.productId);
        if (!(await deleteImage(tx, imageId))) throw notFound("image");
        await recordAudit(tx, actor, {
          action: "product_image.delete",
          entityType: "product_image",
          entityId: imageId,
          summary: `Image removed from ${product?.name ?? "a product"}`,
          before: toAdminImage(current),
        });
        return current;
      });
      catalogCache.clear();
      // After the commit: the row is gone for good, so its files are no longer shown anywhere.
      await deleteFiles(deps.imageStorage, filesOf(removed), "image deleted");
    },
  };
}
