import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkImageStorageEnv, ImageStorageEnv, imageStorageSetup, parseEnv, REPO_ROOT } from "../../config/env";

const Schema = z.object(ImageStorageEnv).superRefine(checkImageStorageEnv);
const read = (vars: Record<string, string>) => parseEnv(Schema, vars);
const S3 = {
  S3_BUCKET: "shop-images",
  S3_REGION: "eu-west-1",
  S3_ACCESS_KEY_ID: "AKIA",
  S3_SECRET_ACCESS_KEY: "secret",
  S3_PUBLIC_URL: "https://cdn.example.com/images",
};

describe("image storage settings", () => {
  it("default to local disk under the data folder, from the repo root whatever the working directory", () => {
    const setup = imageStorageSetup(read({}));
    expect(setup.storage?.kind).toBe("local");
    expect(setup.description).toBe(`images on local disk in ${path.join(REPO_ROOT, ".data", "media")}`);
    expect(imageStorageSetup(read({ SHOP_DATA_DIR: "/srv/shop" })).description).toBe("images on local disk in /srv/shop/media");
    expect(imageStorageSetup(read({ MEDIA_DIR: "var/media" })).description).toBe(`images on local disk in ${path.join(REPO_ROOT, "var/media")}`);
    expect(setup.settings).toMatchObject({ maxPixels: 40_000_000, widths: [400, 800, 1600], displayWidth: 800, maxPerProduct: 20 });
  });

  it("use S3 when it is configured completely, and refuse a partial S3 config at start-up", () => {
    const s3 = imageStorageSetup(read({ ...S3, S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "true" }));
    expect(s3.storage?.kind).toBe("s3");
    expect(s3.storage?.urlFor("products/p/i-800.webp")).toBe("https://cdn.example.com/images/products/p/i-800.webp");
    expect(() => read({ S3_BUCKET: "shop-images" })).toThrow(/partial S3 config \(missing: S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PUBLIC_URL\)/);
    expect(() => read({ S3_ENDPOINT: "http://127.0.0.1:9000" })).toThrow(/partial S3 config/);
    expect(() => read({ IMAGE_STORAGE: "s3" })).toThrow(/S3_BUCKET: partial S3 config/);
    expect(() => read({ ...S3, S3_PUBLIC_URL: "https://cdn.example.com/?sig=1" })).toThrow(/S3_PUBLIC_URL: must be a plain base URL/);
    expect(() => read({ ...S3, S3_BUCKET: "Bad_Bucket" })).toThrow(/S3_BUCKET: must be a bucket name/);
    // Empty values (KEY= in a .env file) mean unset.
    expect(imageStorageSetup(read({ S3_BUCKET: "", S3_REGION: "" })).storage?.kind).toBe("local");
  });

  it("turn uploads off with IMAGE_STORAGE=off, and check the limits", () => {
    expect(imageStorageSetup(read({ ...S3, IMAGE_STORAGE: "off" })).storage).toBeUndefined();
    expect(imageStorageSetup(read({ IMAGE_WIDTHS: "1200, 300,600", IMAGE_MAX_MEGAPIXELS: "12" })).settings).toMatchObject({
      widths: [300, 600, 1200],
      maxPixels: 12_000_000,
    });
    expect(() => read({ IMAGE_WIDTHS: "400,wide" })).toThrow(/IMAGE_WIDTHS/);
    expect(() => read({ IMAGE_WIDTHS: "10,400" })).toThrow(/IMAGE_WIDTHS: widths must be at least 16 pixels/);
    expect(() => read({ IMAGE_MAX_MEGAPIXELS: "0" })).toThrow(/IMAGE_MAX_MEGAPIXELS/);
    expect(() => read({ IMAGE_STORAGE: "ftp" })).toThrow(/IMAGE_STORAGE/);
  });
});
