import { z } from "zod";
import { UUID_PATTERN } from "../../infra/uuid";

const Id = (what: string) => z.string().regex(UUID_PATTERN, "Must be a UUID").describe(what);

/** Text Postgres can store: no NUL (multipart parts are not seen by the API's own check of JSON bodies). */
const storable = (value: string) => !value.includes("\0");

export const Alt = z
  .string()
  .trim()
  .max(200, "At most 200 characters")
  .refine(storable, "Must not contain NUL characters")
  .describe("What the image shows, for screen readers and when it cannot load; empty for a decorative image");

/** What an upload may be, and what is made of it. Every value has a safe default (DEFAULT_IMAGE_SETTINGS). */
export interface ImageSettings {
  /** Largest decoded image (width x height), refused with 400 above it: a small file can unpack to gigabytes. */
  maxPixels: number;
  /** Widths of the WebP sizes made of each upload, ascending; never upscaled (a smaller image gets its own width). */
  widths: readonly number[];
  /** The width whose file becomes the image's `url` (the largest made when the image is narrower). */
  displayWidth: number;
  /** WebP quality, 1..100. */
  quality: number;
  /** Images one product may have; a further upload is a 409. */
  maxPerProduct: number;
  /** Where failures that must not fail the request are told (a stored file that could not be deleted). */
  log?: (entry: Record<string, unknown>, message: string) => void;
}

export const DEFAULT_IMAGE_SETTINGS: ImageSettings = {
  maxPixels: 40_000_000,
  widths: [400, 800, 1600],
  displayWidth: 800,
  quality: 82,
  maxPerProduct: 20,
};

export const ProductIdInput = z.object({ id: Id("Product id") }).strict();
export type ProductIdInput = z.infer<typeof ProductIdInput>;

export const ImageIdInput = z.object({ id: Id("Image id") }).strict();
export type ImageIdInput = z.infer<typeof ImageIdInput>;

export const UpdateImageInput = z.object({ id: Id("Image id"), alt: Alt }).strict();
export type UpdateImageInput = z.infer<typeof UpdateImageInput>;

export const ReorderImagesInput = z
  .object({
    id: Id("Product id"),
    imageIds: z
      .array(Id("Image id"))
      .min(1, "List the product's images")
      .max(100)
      .describe("Every image of the product exactly once, in the new display order (the first is the main image)"),
  })
  .strict();
export type ReorderImagesInput = z.infer<typeof ReorderImagesInput>;

export const ImageSize = z
  .object({
    width: z.int().describe("Pixels"),
    height: z.int().describe("Pixels"),
    url: z.string().describe("The WebP file of this size"),
  })
  .meta({ id: "AdminImageSize" });
export type ImageSize = z.infer<typeof ImageSize>;

export const AdminImage = z
  .object({
    id: z.string(),
    productId: z.string(),
    url: z.string().describe("What the shop shows: the display size of an upload, or the URL given when the product was created"),
    alt: z.string(),
    position: z.int().describe("Display order (ascending); the lowest is the main image"),
    width: z.int().nullable().describe("The upload's width after EXIF rotation; null for an image given by URL"),
    height: z.int().nullable(),
    sizes: z.array(ImageSize).describe("The WebP sizes made of an upload, narrowest first; empty for an image given by URL"),
    createdAt: z.string().describe("ISO 8601"),
  })
  .meta({ id: "AdminImage" });
export type AdminImage = z.infer<typeof AdminImage>;

export const AdminImageList = z.object({ items: z.array(AdminImage) }).meta({ id: "AdminImageList" });
export type AdminImageList = z.infer<typeof AdminImageList>;

/** The parts of an upload's multipart body, once read. */
export const UploadImageFields = z
  .object({
    file: z
      .instanceof(Uint8Array, { message: "Attach the image as a file part named file" })
      .refine((bytes) => bytes.byteLength > 0, "The file is empty"),
    alt: Alt.default(""),
  })
  .strict();
export type UploadImageFields = z.infer<typeof UploadImageFields>;

/** The OpenAPI schema of the upload body (meta.rawBody.schema). */
export const UPLOAD_IMAGE_BODY_SCHEMA = {
  type: "object",
  required: ["file"],
  properties: {
    file: { type: "string", format: "binary", description: "A JPEG, PNG, WebP, GIF (first frame) or AVIF image" },
    alt: { type: "string", maxLength: 200, description: "What the image shows (optional)" },
  },
  additionalProperties: false,
} as const;

/**
 * Reads a multipart/form-data body (the Web API's own parser) into its parts, checked by UploadImageFields. A body
 * that is not multipart at all, or a part of another name, is a field error like any other.
 */
export async function readUploadForm(
  bytes: Uint8Array,
  contentType: string | undefined,
): Promise<{ ok: true; value: UploadImageFields } | { ok: false; error: z.ZodError }> {
  const failure = (path: string[], message: string) => ({
    ok: false as const,
    error: new z.ZodError([{ code: "custom", path, message, input: undefined }]),
  });
  let form: FormData;
  try {
    // Blob takes any Uint8Array under every lib's typing (Response's BodyInit wants an ArrayBuffer-backed one).
    form = await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), { headers: { "content-type": contentType ?? "" } }).formData();
  } catch {
    return failure([], "The body is not a readable multipart/form-data form (check its boundary)");
  }
  const raw: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (name in raw) return failure([name], `The part ${name} is sent more than once`);
    if (name === "file") {
      raw.file = typeof value === "string" ? value : new Uint8Array(await value.arrayBuffer());
    } else {
      raw[name] = typeof value === "string" ? value : `(a file: ${value.name})`;
    }
  }
  const parsed = UploadImageFields.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error };
}
