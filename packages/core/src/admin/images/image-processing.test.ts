import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../errors/domain-error";
import { processImage, targetWidths } from "./image-processing";

const SETTINGS = { maxPixels: 40_000_000, widths: [400, 800, 1600], quality: 80 };
const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#808080" } });

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("targetWidths", () => {
  it("makes the configured widths below the image and its own width when narrower than the widest, never more", () => {
    expect(targetWidths(2000, [400, 800, 1600])).toEqual([400, 800, 1600]);
    expect(targetWidths(1600, [400, 800, 1600])).toEqual([400, 800, 1600]);
    expect(targetWidths(1000, [400, 800, 1600])).toEqual([400, 800, 1000]);
    expect(targetWidths(800, [400, 800, 1600])).toEqual([400, 800]);
    expect(targetWidths(300, [400, 800, 1600])).toEqual([300]);
    expect(targetWidths(5000, [1600, 400, 800, 800])).toEqual([400, 800, 1600]);
  });
});

describe("processImage", () => {
  it("turns by EXIF orientation before sizing (orientation 8: 1200x600 stored is 600x1200 seen)", async () => {
    const bytes = await solid(1200, 600).jpeg().withMetadata({ orientation: 8 }).toBuffer();
    const image = await processImage(bytes, SETTINGS);
    expect([image.format, image.width, image.height]).toEqual(["jpeg", 600, 1200]);
    expect(image.sizes.map((s) => [s.width, s.height])).toEqual([
      [400, 800],
      [600, 1200],
    ]);
    for (const size of image.sizes) {
      const meta = await sharp(size.bytes).metadata();
      expect([meta.format, meta.width, meta.height, meta.exif, meta.icc]).toEqual(["webp", size.width, size.height, undefined, undefined]);
    }
  });

  it("takes the first frame of an animated GIF", async () => {
    const frames = await sharp({ create: { width: 100, height: 300, channels: 4, background: "#ff0000" } }).gif().toBuffer();
    const animated = await sharp(frames, { pages: -1 }).gif({ loop: 0 }).toBuffer();
    const image = await processImage(animated, SETTINGS);
    expect(image.sizes.map((s) => [s.width, s.height])).toEqual([[100, 300]]);
  });

  it("refuses what is not an accepted image by its bytes: text, SVG, TIFF", async () => {
    for (const [bytes, format] of [
      [Buffer.from("just text, not a picture"), undefined],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"/>'), "svg"],
      [await solid(50, 50).tiff().toBuffer(), "tiff"],
    ] as const) {
      const error = await refusal(processImage(bytes, SETTINGS));
      expect(error.code).toBe("VALIDATION");
      expect(error.details).toMatchObject({ field: "file", reason: "unsupported_format", ...(format ? { format } : {}) });
    }
  });

  it("refuses an image above the pixel limit before decoding it, and a truncated one", async () => {
    const big = await solid(3000, 2000).png().toBuffer();
    const error = await refusal(processImage(big, { ...SETTINGS, maxPixels: 5_000_000 }));
    expect(error.details).toMatchObject({ reason: "too_many_pixels", width: 3000, height: 2000 });
    expect(error.message).toBe("The image is 3000x2000 (6.0 megapixels); at most 5.0 megapixels are taken");
    // Starts like a GIF but is not one: damaged, not foreign.
    expect((await refusal(processImage(Buffer.from("GIF89a and then nothing of a picture"), SETTINGS))).details).toMatchObject({ reason: "corrupt" });
    const webp = await solid(900, 900).webp().toBuffer();
    expect((await refusal(processImage(webp.subarray(0, webp.length - 200), SETTINGS))).details).toMatchObject({ reason: "corrupt" });
  });
});
