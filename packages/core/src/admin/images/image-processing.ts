import sharp, { type Metadata } from "sharp";
import { DomainError } from "../../errors/domain-error";
import type { ImageSettings } from "./images-admin.schemas";

export const ACCEPTED_FORMATS = "JPEG, PNG, WebP, GIF or AVIF";

export interface ProcessedSize {
  width: number;
  height: number;
  bytes: Uint8Array;
}

export interface ProcessedImage {
  /** What the upload was, as sharp decoded it ("jpeg", "png", "webp", "gif", "avif"). */
  format: string;
  /** After EXIF rotation. */
  width: number;
  height: number;
  /** WebP files, narrowest first. */
  sizes: ProcessedSize[];
}

const invalid = (reason: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError("VALIDATION", message, { details: { field: "file", reason, ...details } });

/** The widths to make of an image `width` wide: the configured ones below it, and its own width when narrower than the widest. */
export function targetWidths(width: number, widths: readonly number[]): number[] {
  const sorted = [...new Set(widths)].sort((a, b) => a - b);
  const out = sorted.filter((w) => w < width);
  const widest = Math.min(width, sorted.at(-1) ?? width);
  if (!out.includes(widest)) out.push(widest);
  return out;
}

const ascii = (bytes: Uint8Array, start: number, text: string) =>
  bytes.length >= start + text.length && [...text].every((c, i) => bytes[start + i] === c.charCodeAt(0));

/** Whether the file starts like a JPEG, PNG, GIF, WebP or AVIF (so an unreadable one is damaged, not foreign). */
function looksLikeAccepted(bytes: Uint8Array): boolean {
  return (
    (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) ||
    (bytes[0] === 0x89 && ascii(bytes, 1, "PNG")) ||
    ascii(bytes, 0, "GIF8") ||
    (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) ||
    (ascii(bytes, 4, "ftyp") && (ascii(bytes, 8, "avif") || ascii(bytes, 8, "avis")))
  );
}

/** The format an upload really is (its bytes, never its name), or null when it is none the shop takes. */
function acceptedFormat(meta: Metadata): string | null {
  switch (meta.format) {
    case "jpeg":
    case "png":
    case "webp":
    case "gif":
      return meta.format;
    // sharp names AVIF "heif"; HEIC (HEVC-compressed HEIF) is another codec, not taken.
    case "heif":
      return meta.compression === "av1" ? "avif" : null;
    default:
      return null;
  }
}

/**
 * Decodes an upload and makes its WebP sizes: rotated upright by its EXIF orientation, metadata stripped (sharp
 * writes none unless asked: no camera serial numbers or GPS positions leave the shop), sRGB. Refuses, with 400 and
 * details.reason, files that are not an accepted image (whatever their name says), images above maxPixels, and
 * files that do not decode to the end (truncated or corrupt).
 */
export async function processImage(bytes: Uint8Array, settings: Pick<ImageSettings, "maxPixels" | "widths" | "quality">): Promise<ProcessedImage> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    // Unreadable: a damaged file of an accepted kind (by its signature) is corrupt, anything else is not an image.
    if (looksLikeAccepted(bytes)) throw invalid("corrupt", "The image could not be decoded: the file is truncated or corrupt");
    throw invalid("unsupported_format", `The file is not an image the shop takes: send a ${ACCEPTED_FORMATS} image`);
  }
  const format = acceptedFormat(meta);
  if (!format) {
    throw invalid("unsupported_format", `A ${meta.format.toUpperCase()} file is not taken: send a ${ACCEPTED_FORMATS} image`, {
      format: meta.format,
    });
  }
  if (!meta.width || !meta.height) throw invalid("corrupt", "The image has no size: the file is corrupt");
  const pixels = meta.width * meta.height;
  if (pixels > settings.maxPixels) {
    throw invalid(
      "too_many_pixels",
      `The image is ${meta.width}x${meta.height} (${(pixels / 1e6).toFixed(1)} megapixels); at most ${(settings.maxPixels / 1e6).toFixed(1)} megapixels are taken`,
      { width: meta.width, height: meta.height, maxPixels: settings.maxPixels },
    );
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  // One decode (first frame of an animation), then a resize per width. failOn "warning": a truncated file fails
  // here instead of being stored half grey.
  const base = sharp(bytes, { failOn: "warning", limitInputPixels: settings.maxPixels, pages: 1 }).autoOrient();
  try {
    const sizes: ProcessedSize[] = [];
    for (const target of targetWidths(width, settings.widths)) {
      const out = await base
        .clone()
        .resize({ width: target, withoutEnlargement: true })
        .webp({ quality: settings.quality })
        .toBuffer({ resolveWithObject: true });
      sizes.push({ width: out.info.width, height: out.info.height, bytes: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength) });
    }
    return { format, width, height, sizes };
  } catch (cause) {
    throw new DomainError("VALIDATION", "The image could not be decoded: the file is truncated or corrupt", {
      details: { field: "file", reason: "corrupt" },
      cause,
    });
  }
}
