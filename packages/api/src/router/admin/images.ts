import { TRPCError } from "@trpc/server";
import { z, ZodRealError } from "zod";
import {
  AdminImage,
  AdminImageList,
  ImageIdInput,
  ImageProductIdInput,
  readUploadForm,
  ReorderImagesInput,
  UPLOAD_IMAGE_BODY_SCHEMA,
  UpdateImageInput,
  type UploadImageFields,
} from "@shop/core";
import type { Context } from "../../context";
import { adminProcedure, createTRPCRouter } from "../../trpc";

const ADMIN_ONLY = { 401: "Missing or invalid access token", 403: "Administrator access required" } as const;

/**
 * The multipart body's parts, read like a JSON body is: a body that is not a form, or parts that do not fit, is a
 * 400 with `issues` per part. (tRPC callers hand the same bytes in through the context.)
 */
async function uploadFields(ctx: Context): Promise<UploadImageFields> {
  const bytes = ctx.req.rawBytes;
  if (!bytes) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Send the image as a multipart/form-data body with a file part named file" });
  }
  const form = await readUploadForm(bytes, ctx.req.rawContentType);
  if (form.ok) return form.value;
  const message = form.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  throw new TRPCError({ code: "BAD_REQUEST", message, cause: new ZodRealError(form.error.issues) });
}

export const adminImagesRouter = createTRPCRouter({
  list: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/products/{id}/images",
        tags: ["admin"],
        summary: "Admin: a product's images",
        description: "In display order (the first is the main image), with the WebP sizes of each upload.",
        protect: true,
        errorResponses: { ...ADMIN_ONLY, 404: "No such product", 503: "Busy, retry" },
      },
    })
    .input(ImageProductIdInput)
    .output(AdminImageList)
    .query(({ ctx, input }) => ctx.services.admin.images.list(ctx.actor, input.id)),

  upload: adminProcedure
    .meta({
      cacheControl: "no-store",
      rawBody: { contentTypes: ["multipart/form-data"], limit: "upload", schema: UPLOAD_IMAGE_BODY_SCHEMA },
      openapi: {
        method: "POST",
        path: "/admin/products/{id}/images",
        tags: ["admin"],
        summary: "Admin: upload an image of a product",
        description:
          "multipart/form-data with a `file` part (JPEG, PNG, WebP, GIF or AVIF, recognised by its bytes, not its name) " +
          "and an optional `alt` part. The image is turned upright by its EXIF orientation, stripped of its metadata " +
          "and stored as WebP sizes (400, 800 and 1600 pixels wide by default, never upscaled); its url is the 800 " +
          "size (or the largest for a narrower image). It is added after the product's last image and the shop shows " +
          "it at once. 400 with details.reason unsupported_format, corrupt or too_many_pixels when the file is not " +
          "taken; nothing is stored then, nor when storing fails part-way (503).",
        protect: true,
        errorResponses: {
          400: "Not an accepted image (details.reason), a corrupt or too large image, or a missing or unknown part (issues)",
          ...ADMIN_ONLY,
          404: "No such product",
          409: "The product already has the most images allowed (details.max)",
          413: "The file exceeds MAX_UPLOAD_BYTES",
          415: "The body is not multipart/form-data",
          503: "No image storage is configured, or storing failed (nothing was saved); retry after Retry-After",
        },
      },
      successStatus: 201,
    })
    .input(ImageProductIdInput)
    .output(AdminImage)
    .mutation(async ({ ctx, input }) => ctx.services.admin.images.upload(ctx.actor, input.id, await uploadFields(ctx))),

  update: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "PATCH",
        path: "/admin/images/{id}",
        tags: ["admin"],
        summary: "Admin: change an image's alt text",
        description: "alt is trimmed, at most 200 characters; empty marks a decorative image.",
        protect: true,
        errorResponses: { 400: "Invalid alt or unknown field", ...ADMIN_ONLY, 404: "No such image", 503: "Busy, retry" },
      },
    })
    .input(UpdateImageInput)
    .output(AdminImage)
    .mutation(({ ctx, input }) => ctx.services.admin.images.update(ctx.actor, input)),

  reorder: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "PUT",
        path: "/admin/products/{id}/images/order",
        tags: ["admin"],
        summary: "Admin: put a product's images in a new order",
        description:
          "imageIds lists every image of the product exactly once; the first becomes the main image. Anything else " +
          "(an image missing, listed twice, or of another product) is a 400 with details {missing, duplicates, unknown} " +
          "and changes nothing. Answers the images in their new order.",
        protect: true,
        errorResponses: { 400: "imageIds is not a permutation of the product's images", ...ADMIN_ONLY, 404: "No such product", 503: "Busy, retry" },
      },
    })
    .input(ReorderImagesInput)
    .output(AdminImageList)
    .mutation(({ ctx, input }) => ctx.services.admin.images.reorder(ctx.actor, input)),

  remove: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "DELETE",
        path: "/admin/images/{id}",
        tags: ["admin"],
        summary: "Admin: delete an image",
        description:
          "Removes the image (variants that showed it show none) and then its stored files. A file that cannot be " +
          "deleted is logged for clean-up; the image is gone either way.",
        protect: true,
        errorResponses: { ...ADMIN_ONLY, 404: "No such image", 503: "Busy, retry" },
      },
      successStatus: 204,
    })
    .input(ImageIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.services.admin.images.remove(ctx.actor, input.id)),
});
