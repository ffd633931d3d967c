/**
 * Back-office images through the real REST handler, Postgres and sharp: the same suite runs against local-disk
 * storage (a temporary folder) and against S3-compatible storage (the official SDK talking to a local S3 stub that
 * insists on signed requests). Uploads are real PNG/JPEG files made with sharp, with EXIF orientations.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "@shop/db/testing";
import { createLocalImageStorage, createS3ImageStorage, mediaResponse, type ImageStorage } from "@shop/core";
import { startS3Stub, type S3Stub } from "@shop/test-support";
import { createInnerContext } from "../src/context";
import { createRestHandler } from "../src/rest";
import { createCaller } from "../src/root";
import { BASE, restClient } from "./http";
import { createProduct, signedInUser } from "./orders-fixtures";
import { createTestDeps, type TestDeps } from "./support";

/** A white picture with a red square in its top-left corner, stored with an EXIF orientation. */
async function picture(format: "png" | "jpeg", width: number, height: number, orientation?: number): Promise<Buffer> {
  const square = await sharp({ create: { width: 200, height: 200, channels: 3, background: "#ff0000" } }).png().toBuffer();
  const image = sharp({ create: { width, height, channels: 3, background: "#ffffff" } }).composite([{ input: square, left: 0, top: 0 }]);
  const encoded = format === "png" ? image.png() : image.jpeg({ quality: 90 });
  return (orientation ? encoded.withMetadata({ orientation }) : encoded).toBuffer();
}

function form(file: Uint8Array | string | null, options: { alt?: string; name?: string; type?: string; extra?: Record<string, string> } = {}): FormData {
  const body = new FormData();
  if (file !== null) body.append("file", new Blob([typeof file === "string" ? file : new Uint8Array(file)], { type: options.type ?? "application/octet-stream" }), options.name ?? "photo.jpg");
  if (options.alt !== undefined) body.append("alt", options.alt);
  for (const [name, value] of Object.entries(options.extra ?? {})) body.append(name, value);
  return body;
}

interface Backend {
  name: string;
  storage: ImageStorage;
  /** The bytes stored under a key, or null. */
  read(key: string): Promise<Buffer | null>;
  /** How many files are stored under the product's folder. */
  count(productId: string): Promise<number>;
  /** Makes chosen puts / deletes fail (null: none). */
  failPut(predicate: ((key: string) => boolean) | null): void;
  failDelete(predicate: ((key: string) => boolean) | null): void;
  /** What the URL of a key must look like. */
  urlOf(key: string): string;
  /** Fetches a stored file through its public URL, as a browser would. */
  fetchUrl(url: string): Promise<{ status: number; contentType: string | null; cacheControl: string | null; bytes: Buffer }>;
  close(): Promise<void>;
}

async function localBackend(): Promise<Backend> {
  const dir = await mkdtemp(path.join(tmpdir(), "shop-media-"));
  const disk = createLocalImageStorage({ dir });
  let failPut: ((key: string) => boolean) | null = null;
  let failDelete: ((key: string) => boolean) | null = null;
  // The real disk storage; only the chosen keys fail, as a full disk or a permission error would.
  const storage: ImageStorage = {
    kind: disk.kind,
    put: async (key, bytes, type) => (failPut?.(key) ? Promise.reject(new Error(`ENOSPC: ${key}`)) : disk.put(key, bytes, type)),
    delete: async (key) => (failDelete?.(key) ? Promise.reject(new Error(`EACCES: ${key}`)) : disk.delete(key)),
    urlFor: disk.urlFor,
  };
  const { readdir } = await import("node:fs/promises");
  return {
    name: "local disk",
    storage,
    read: (key) => readFile(path.join(dir, key)).catch(() => null),
    count: async (productId) => (await readdir(path.join(dir, "products", productId)).catch(() => [])).filter((f) => !f.endsWith(".tmp")).length,
    failPut: (p) => void (failPut = p),
    failDelete: (p) => void (failDelete = p),
    urlOf: (key) => `/media/${key}`,
    async fetchUrl(url) {
      expect(url.startsWith("/media/")).toBe(true);
      const res = await mediaResponse(dir, url.slice("/media/".length).split("/"));
      return {
        status: res.status,
        contentType: res.headers.get("content-type"),
        cacheControl: res.headers.get("cache-control"),
        bytes: Buffer.from(await res.arrayBuffer()),
      };
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

async function s3Backend(): Promise<Backend> {
  const bucket = `shop-test-${uniqueSuffix()}`;
  const stub: S3Stub = await startS3Stub({ bucket, requireSignature: true });
  const storage = createS3ImageStorage({
    bucket,
    region: "us-east-1",
    accessKeyId: "AKIATESTSHOP",
    secretAccessKey: "test-secret-key",
    endpoint: stub.url,
    forcePathStyle: true,
    publicUrl: `${stub.url}/${bucket}`,
    maxAttempts: 2,
  });
  return {
    name: "S3 stub",
    storage,
    read: async (key) => stub.objects.get(key)?.bytes ?? null,
    count: async (productId) => [...stub.objects.keys()].filter((k) => k.startsWith(`products/${productId}/`)).length,
    failPut: (p) => void (stub.failPut = p),
    failDelete: (p) => void (stub.failDelete = p),
    urlOf: (key) => `${stub.url}/${bucket}/${key}`,
    async fetchUrl(url) {
      // Public reads: the stub demands a signature of every call, so this one is signed like the SDK's would be.
      const res = await fetch(url, { headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIATESTSHOP/20261205/us-east-1/s3/aws4_request" } });
      return {
        status: res.status,
        contentType: res.headers.get("content-type"),
        cacheControl: res.headers.get("cache-control"),
        bytes: Buffer.from(await res.arrayBuffer()),
      };
    },
    async close() {
      // Every call the shop made was signed with SigV4 (the stub refused any that was not).
      expect(stub.calls.filter((c) => !c.authorization?.startsWith("AWS4-HMAC-SHA256 "))).toEqual([]);
      expect(stub.calls.some((c) => c.method === "PUT" && c.status === 200)).toBe(true);
      expect(stub.calls.filter((c) => c.method === "PUT" && c.status === 200).every((c) => c.contentType === "image/webp")).toBe(true);
      await stub.close();
    },
  };
}

const UPLOAD_LIMIT = 2 * 1_048_576;

describe.each([
  { name: "local disk", make: localBackend },
  { name: "S3-compatible storage (local stub)", make: s3Backend },
])("admin images on $name", ({ make }) => {
  let backend: Backend;
  let deps: TestDeps;
  let api: ReturnType<typeof restClient>;
  let handle: (request: Request) => Promise<Response>;
  let admin: { id: string; token: string };
  const logged: { entry: Record<string, unknown>; message: string }[] = [];

  beforeAll(async () => {
    backend = await make();
    deps = createTestDeps({
      imageStorage: backend.storage,
      config: { maxUploadBytes: UPLOAD_LIMIT },
      imageSettings: { maxPixels: 4_000_000, maxPerProduct: 4, log: (entry, message) => logged.push({ entry, message }) },
    });
    api = restClient(deps);
    handle = createRestHandler({ deps });
    admin = await signedInUser(deps, { role: "admin" });
  });
  afterAll(async () => {
    await deps?.close();
    await backend?.close();
  });

  const upload = async (productId: string, body: FormData | string, token = admin.token, contentType?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (contentType) headers["content-type"] = contentType;
    const res = await handle(new Request(`${BASE}/admin/products/${productId}/images`, { method: "POST", headers, body }));
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const rowsOf = (productId: string) =>
    deps.db.productImage.findMany({ where: { productId }, orderBy: { position: "asc" }, select: { id: true, position: true, url: true, alt: true, storageKey: true, sizes: true, width: true, height: true } });
  const keyOf = (url: string) => url.slice(url.indexOf("products/"));

  it("uploads a PNG turned by EXIF: WebP sizes 400/800/1500 upright and without metadata, a row, an audit entry, shown by the shop", async () => {
    const product = await createProduct(deps, { stock: 3 });
    // 2000x1500 stored, orientation 6 (turn 90° clockwise to view): the picture is 1500 wide and 2000 high.
    const res = await upload(product.id, form(await picture("png", 2000, 1500, 6), { alt: "  A red square, turned  ", type: "image/png", name: "x.png" }));

    expect(res.status).toBe(201);
    const image = res.body;
    expect(image).toMatchObject({ productId: product.id, alt: "A red square, turned", position: 0, width: 1500, height: 2000 });
    expect(image.sizes.map((s: { width: number; height: number }) => [s.width, s.height])).toEqual([
      [400, 533],
      [800, 1067],
      [1500, 2000],
    ]);
    expect(image.url).toBe(image.sizes[1].url);
    for (const size of image.sizes) {
      expect(size.url).toBe(backend.urlOf(keyOf(size.url)));
      expect(keyOf(size.url)).toMatch(new RegExp(`^products/${product.id}/${image.id}-\\d+\\.webp$`));
      const bytes = await backend.read(keyOf(size.url));
      expect(bytes).not.toBeNull();
      const meta = await sharp(bytes!).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["webp", size.width, size.height]);
      // Metadata stripped: no EXIF (so no orientation left to apply twice), no camera data.
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
    }
    // Really turned, not just relabelled: the red corner is now top-right.
    const small = await sharp((await backend.read(keyOf(image.sizes[0].url)))!).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...small.data.subarray((y * small.info.width + x) * small.info.channels, (y * small.info.width + x) * small.info.channels + 3)];
    expect(pixel(395, 5)[0]).toBeGreaterThan(200);
    expect(pixel(395, 5)[1]).toBeLessThan(60);
    expect(pixel(5, 5)).toEqual([255, 255, 255]);

    const [row] = await rowsOf(product.id);
    expect(row).toMatchObject({ id: image.id, position: 0, url: image.url, width: 1500, height: 2000, storageKey: keyOf(image.sizes[2].url) });
    expect(row!.sizes).toEqual(image.sizes.map((s: { width: number; height: number; url: string }) => ({ ...s, key: keyOf(s.url) })));

    const audit = await deps.db.auditLog.findFirst({ where: { entityId: image.id, action: "product_image.upload" }, select: { actorId: true, actorRole: true, after: true } });
    expect(audit).toMatchObject({ actorId: admin.id, actorRole: "admin", after: { productId: product.id, width: 1500, height: 2000, sizes: [400, 800, 1500] } });

    const shop = await api.call("GET", `/shop/products/${product.slug}`);
    expect(shop.status).toBe(200);
    expect(shop.body.images).toEqual([expect.objectContaining({ url: image.url, alt: "A red square, turned" })]);

    const served = await backend.fetchUrl(image.url);
    expect(served.status).toBe(200);
    expect(served.contentType).toBe("image/webp");
    expect(served.cacheControl).toBe("public, max-age=31536000, immutable");
    expect(served.bytes.equals((await backend.read(keyOf(image.url)))!)).toBe(true);
  });

  it("uploads a JPEG (EXIF 180°) narrower than the widest size after the first: never upscaled, next position", async () => {
    const product = await createProduct(deps, { stock: 3 });
    expect((await upload(product.id, form(await picture("jpeg", 900, 600)))).status).toBe(201);
    const res = await upload(product.id, form(await picture("jpeg", 1200, 900, 3), { name: "IMG_0001.JPG", type: "image/jpeg" }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ position: 1, width: 1200, height: 900, alt: "" });
    expect(res.body.sizes.map((s: { width: number; height: number }) => [s.width, s.height])).toEqual([
      [400, 300],
      [800, 600],
      [1200, 900],
    ]);
    // The 180° turn moved the red corner to the bottom right.
    const small = await sharp((await backend.read(keyOf(res.body.sizes[0].url)))!).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => small.data[(y * small.info.width + x) * small.info.channels]!;
    expect(at(395, 295)).toBeGreaterThan(200);
    expect(small.data[(295 * small.info.width + 395) * small.info.channels + 1]).toBeLessThan(60);
    expect(at(5, 5)).toBeGreaterThan(240);
    expect(small.data[(5 * small.info.width + 5) * small.info.channels + 1]).toBeGreaterThan(240);

    // A small image: one size, its own width, and that is the url.
    const tiny = await upload(product.id, form(await picture("png", 300, 200)));
    expect(tiny.status).toBe(201);
    expect(tiny.body.sizes.map((s: { width: number }) => s.width)).toEqual([300]);
    expect(tiny.body.url).toBe(tiny.body.sizes[0].url);
    expect((await rowsOf(product.id)).map((r) => r.position)).toEqual([0, 1, 2]);
    // The listing of the back office has them in order.
    const list = await api.call("GET", `/admin/products/${product.id}/images`, { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { position: number }) => i.position)).toEqual([0, 1, 2]);
  });

  it("takes WebP, GIF and AVIF too, by their bytes whatever the file is called", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const base = sharp({ create: { width: 640, height: 480, channels: 3, background: "#2255aa" } });
    for (const bytes of [await base.clone().webp().toBuffer(), await base.clone().gif().toBuffer(), await base.clone().avif().toBuffer()]) {
      const res = await upload(product.id, form(bytes, { name: "picture.png", type: "image/png" }));
      expect(res.status).toBe(201);
      expect(res.body.sizes.map((s: { width: number }) => s.width)).toEqual([400, 640]);
    }
  });

  it("refuses a text file, an SVG, a truncated PNG and a truncated JPEG with 400 and stores nothing", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const png = await picture("png", 1000, 800);
    const jpeg = await picture("jpeg", 1000, 800);
    const cases: [Uint8Array | string, string, string][] = [
      ["this is not a picture, just text", "unsupported_format", "image/jpeg"],
      ['<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>', "unsupported_format", "image/svg+xml"],
      [png.subarray(0, Math.floor(png.length / 2)), "corrupt", "image/png"],
      [jpeg.subarray(0, Math.floor(jpeg.length / 2)), "corrupt", "image/jpeg"],
    ];
    for (const [bytes, reason, type] of cases) {
      const res = await upload(product.id, form(bytes, { type }));
      expect(res.status, reason).toBe(400);
      expect(res.body).toMatchObject({ code: "BAD_REQUEST", details: { field: "file", reason } });
      expect(res.body.message).toMatch(reason === "corrupt" ? /truncated or corrupt/ : /JPEG, PNG, WebP, GIF or AVIF/);
    }
    expect(await rowsOf(product.id)).toEqual([]);
    expect(await backend.count(product.id)).toBe(0);
  });

  it("refuses an image above the megapixel limit (400), a body above the upload limit (413), and a body that is not a form (415/400)", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const big = await upload(product.id, form(await picture("png", 2500, 2000)));
    expect(big.status).toBe(400);
    expect(big.body.details).toMatchObject({ reason: "too_many_pixels", width: 2500, height: 2000, maxPixels: 4_000_000 });
    expect(big.body.message).toMatch(/5\.0 megapixels.*at most 4\.0/);

    const huge = await upload(product.id, form(new Uint8Array(UPLOAD_LIMIT + 1024).fill(7)));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe("PAYLOAD_TOO_LARGE");

    const json = await upload(product.id, JSON.stringify({ file: "x" }), admin.token, "application/json");
    expect(json.status).toBe(415);
    const broken = await upload(product.id, "--nope\r\n\r\n", admin.token, "multipart/form-data; boundary=other");
    expect(broken.status).toBe(400);
    expect(await rowsOf(product.id)).toEqual([]);
    expect(await backend.count(product.id)).toBe(0);
  });

  it("lists each wrong part of the form under issues: no file, a text file part, alt too long, unknown part", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const png = await picture("png", 500, 400);
    const noFile = await upload(product.id, form(null, { alt: "x" }));
    expect(noFile.status).toBe(400);
    expect(noFile.body.issues).toEqual([expect.objectContaining({ path: "file" })]);
    const textPart = new FormData();
    textPart.append("file", "just a string");
    expect((await upload(product.id, textPart)).body.issues).toEqual([expect.objectContaining({ path: "file" })]);
    const longAlt = await upload(product.id, form(png, { alt: "a".repeat(201) }));
    expect(longAlt.status).toBe(400);
    expect(longAlt.body.issues).toEqual([expect.objectContaining({ path: "alt", message: "At most 200 characters" })]);
    const extra = await upload(product.id, form(png, { extra: { position: "3" } }));
    expect(extra.status).toBe(400);
    expect(extra.body.issues[0].message).toMatch(/position/);
    const nul = await upload(product.id, form(png, { alt: "a\0b" }));
    expect(nul.status).toBe(400);
    expect(nul.body.issues).toEqual([expect.objectContaining({ path: "alt" })]);
    expect(await rowsOf(product.id)).toEqual([]);
  });

  it("answers 404 for an unknown product, 409 when the product has its most images, 401/403 to anyone but an admin", async () => {
    const png = await picture("png", 500, 400);
    expect((await upload("0195f7a0-0000-7000-8000-000000000000", form(png))).status).toBe(404);
    expect((await upload("not-a-uuid", form(png))).status).toBe(400);

    const product = await createProduct(deps, { stock: 1 });
    await deps.db.productImage.createMany({
      data: [0, 1, 2, 3].map((position) => ({ productId: product.id, url: `/images/demo-${position}.jpg`, position })),
    });
    const full = await upload(product.id, form(png));
    expect(full.status).toBe(409);
    expect(full.body.details).toEqual({ max: 4 });
    expect(await backend.count(product.id)).toBe(0);

    const other = await createProduct(deps, { stock: 1 });
    for (const role of ["staff", "customer"] as const) {
      const user = await signedInUser(deps, { role });
      expect((await upload(other.id, form(png), user.token)).status, role).toBe(403);
    }
    const anonymous = await handle(new Request(`${BASE}/admin/products/${other.id}/images`, { method: "POST", body: form(png) }));
    expect(anonymous.status).toBe(401);
    expect(await backend.count(other.id)).toBe(0);
  });

  it("concurrent uploads to one product get distinct positions; the one over the limit leaves no file behind", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const files = await Promise.all([500, 600, 700].map((w) => picture("png", w, 400)));
    const first = await Promise.all(files.map((file) => upload(product.id, form(file))));
    expect(first.map((r) => r.status)).toEqual([201, 201, 201]);
    expect((await rowsOf(product.id)).map((r) => r.position)).toEqual([0, 1, 2]);
    // One slot left (at most 4): both pass the first check, only one is recorded; the other's files are deleted.
    const race = await Promise.all([800, 900].map(async (w) => upload(product.id, form(await picture("png", w, 400)))));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    const rows = await rowsOf(product.id);
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2, 3]);
    const sizesOf = (r: { sizes: unknown }) => (r.sizes as unknown[]).length;
    expect(await backend.count(product.id)).toBe(rows.reduce((n, r) => n + sizesOf(r), 0));
  });

  it("deletes what was stored when one size fails to store half-way: 503, no row, no file left", async () => {
    const product = await createProduct(deps, { stock: 1 });
    backend.failPut((key) => key.startsWith(`products/${product.id}/`) && key.endsWith("-1600.webp"));
    try {
      const res = await upload(product.id, form(await picture("jpeg", 2000, 1500)));
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.body.message).toMatch(/nothing was saved/);
    } finally {
      backend.failPut(null);
    }
    expect(await rowsOf(product.id)).toEqual([]);
    expect(await backend.count(product.id)).toBe(0);
    expect(await deps.db.auditLog.count({ where: { action: "product_image.upload", after: { path: ["productId"], equals: product.id } } })).toBe(0);
  });

  it("changes alt text (trimmed, audited, shown by the shop) and refuses a bad one with issues", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const image = (await upload(product.id, form(await picture("png", 500, 400), { alt: "old" }))).body;
    const res = await api.call("PATCH", `/admin/images/${image.id}`, { token: admin.token, body: { alt: "  Walnut desk, side view " } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: image.id, alt: "Walnut desk, side view", url: image.url });
    expect((await api.call("GET", `/shop/products/${product.slug}`)).body.images[0].alt).toBe("Walnut desk, side view");
    const audit = await deps.db.auditLog.findFirst({ where: { entityId: image.id, action: "product_image.update" }, select: { before: true, after: true } });
    expect(audit).toEqual({ before: { alt: "old" }, after: { alt: "Walnut desk, side view" } });

    const long = await api.call("PATCH", `/admin/images/${image.id}`, { token: admin.token, body: { alt: "x".repeat(201) } });
    expect(long.status).toBe(400);
    expect(long.body.issues).toEqual([expect.objectContaining({ path: "alt" })]);
    expect((await api.call("PATCH", `/admin/images/${image.id}`, { token: admin.token, body: { alt: "x", url: "/evil.png" } })).status).toBe(400);
    expect((await api.call("PATCH", `/admin/images/0195f7a0-0000-7000-8000-000000000000`, { token: admin.token, body: { alt: "x" } })).status).toBe(404);
    const staff = await signedInUser(deps, { role: "staff" });
    expect((await api.call("PATCH", `/admin/images/${image.id}`, { token: staff.token, body: { alt: "x" } })).status).toBe(403);
    expect((await rowsOf(product.id))[0]!.alt).toBe("Walnut desk, side view");
  });

  it("reorders a product's images (the shop follows) and refuses anything but a permutation of them, changing nothing", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const ids: string[] = [];
    for (const width of [400, 500, 600]) ids.push((await upload(product.id, form(await picture("png", width, 300)))).body.id);
    const foreignProduct = await createProduct(deps, { stock: 1 });
    const foreign = (await upload(foreignProduct.id, form(await picture("png", 400, 300)))).body.id;

    const reversed = [...ids].reverse();
    const res = await api.call("PUT", `/admin/products/${product.id}/images/order`, { token: admin.token, body: { imageIds: reversed } });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string; position: number }) => [i.id, i.position])).toEqual(reversed.map((id, i) => [id, i]));
    const shop = await api.call("GET", `/shop/products/${product.slug}`);
    const urls = (await rowsOf(product.id)).map((r) => r.url);
    expect(shop.body.images.map((i: { url: string }) => i.url)).toEqual(urls);
    expect(urls).toEqual(reversed.map((id) => expect.stringContaining(id)));
    const audit = await deps.db.auditLog.findFirst({ where: { entityId: product.id, action: "product_image.reorder" }, select: { before: true, after: true } });
    expect(audit).toEqual({ before: { imageIds: ids }, after: { imageIds: reversed } });

    const bad: [unknown, RegExp | null][] = [
      [[reversed[0], reversed[1]], /missing/],
      [[reversed[0], reversed[1], reversed[1]], /listed twice/],
      [[reversed[0], reversed[1], foreign], /not images of this product/],
      [[...reversed, foreign], /not images of this product/],
      [[], null],
      [["nope", ...reversed.slice(1)], null],
      ["all", null],
    ];
    for (const [imageIds, message] of bad) {
      const refused = await api.call("PUT", `/admin/products/${product.id}/images/order`, { token: admin.token, body: { imageIds } });
      expect(refused.status, JSON.stringify(imageIds)).toBe(400);
      if (message) expect(refused.body.message).toMatch(message);
      else expect(refused.body.issues?.[0]?.path).toMatch(/^imageIds/);
    }
    expect((await rowsOf(product.id)).map((r) => [r.id, r.position])).toEqual(reversed.map((id, i) => [id, i]));
    expect((await rowsOf(foreignProduct.id)).map((r) => r.position)).toEqual([0]);
    expect((await api.call("PUT", `/admin/products/0195f7a0-0000-7000-8000-000000000000/images/order`, { token: admin.token, body: { imageIds: ids } })).status).toBe(404);
  });

  it("deletes an image: 204, row gone, the variant showing it shows none, files removed, audited; again is 404", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const keep = (await upload(product.id, form(await picture("png", 500, 400)))).body;
    const image = (await upload(product.id, form(await picture("png", 1000, 800)))).body;
    await deps.db.productVariant.updateMany({ where: { productId: product.id }, data: { imageId: image.id } });
    expect(await backend.count(product.id)).toBe(2 + 3);

    const res = await api.call("DELETE", `/admin/images/${image.id}`, { token: admin.token });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await rowsOf(product.id)).map((r) => r.id)).toEqual([keep.id]);
    expect(await deps.db.productVariant.findMany({ where: { productId: product.id }, select: { imageId: true } })).toEqual([{ imageId: null }]);
    for (const size of image.sizes) expect(await backend.read(keyOf(size.url))).toBeNull();
    expect(await backend.count(product.id)).toBe(2);
    expect((await backend.fetchUrl(image.url)).status).toBe(404);
    const audit = await deps.db.auditLog.findFirst({ where: { entityId: image.id, action: "product_image.delete" }, select: { before: true } });
    expect(audit?.before).toMatchObject({ id: image.id, url: image.url });
    expect((await api.call("GET", `/shop/products/${product.slug}`)).body.images.map((i: { url: string }) => i.url)).toEqual([keep.url]);
    expect((await api.call("DELETE", `/admin/images/${image.id}`, { token: admin.token })).status).toBe(404);
  });

  it("deletes the image even when its files cannot be deleted: 204, and the files left are logged", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const image = (await upload(product.id, form(await picture("png", 500, 400)))).body;
    backend.failDelete((key) => key.includes(image.id));
    logged.length = 0;
    try {
      expect((await api.call("DELETE", `/admin/images/${image.id}`, { token: admin.token })).status).toBe(204);
    } finally {
      backend.failDelete(null);
    }
    expect(await rowsOf(product.id)).toEqual([]);
    expect(logged).toEqual([
      { message: "could not delete image files", entry: expect.objectContaining({ keys: image.sizes.map((s: { url: string }) => keyOf(s.url)), why: "image deleted" }) },
    ]);
  });

  it("works through tRPC too (createCaller with the body's bytes in the context)", async () => {
    const product = await createProduct(deps, { stock: 1 });
    const request = new Request("http://shop.test/", { method: "POST", body: form(await picture("png", 640, 480), { alt: "tRPC" }) });
    const rawContentType = request.headers.get("content-type") ?? undefined;
    const rawBytes = new Uint8Array(await request.arrayBuffer());
    const ctx = createInnerContext(deps, { headers: new Headers({ authorization: `Bearer ${admin.token}` }), rawBytes, rawContentType });
    const caller = createCaller(ctx);
    const image = await caller.admin.images.upload({ id: product.id });
    expect(image).toMatchObject({ alt: "tRPC", width: 640, height: 480 });
    expect((await caller.admin.images.list({ id: product.id })).items.map((i) => i.id)).toEqual([image.id]);
    await caller.admin.images.remove({ id: image.id });
    expect(await backend.count(product.id)).toBe(0);
  });
});

describe("admin images without storage", () => {
  const deps = createTestDeps();
  const handle = createRestHandler({ deps });
  afterAll(() => deps.close());

  it("answers uploads with 503 (and stores nothing), while the rest of the images API still works", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const product = await createProduct(deps, { stock: 1 });
    const res = await handle(
      new Request(`${BASE}/admin/products/${product.id}/images`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin.token}` },
        body: form(await picture("png", 500, 400)),
      }),
    );
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/no image storage is configured/);
    expect(await deps.db.productImage.count({ where: { productId: product.id } })).toBe(0);

    // An image given by URL (the older "New product" form) can still be renamed and deleted.
    const row = await deps.db.productImage.create({ data: { productId: product.id, url: "/images/demo.jpg", position: 0 }, select: { id: true } });
    const api = restClient(deps);
    expect((await api.call("PATCH", `/admin/images/${row.id}`, { token: admin.token, body: { alt: "Demo" } })).body).toMatchObject({ alt: "Demo", sizes: [], width: null });
    expect((await api.call("DELETE", `/admin/images/${row.id}`, { token: admin.token })).status).toBe(204);
  });
});

describe("/media/<key> (local files)", () => {
  let dir: string;
  beforeAll(async () => {
    const parent = await mkdtemp(path.join(tmpdir(), "shop-media-route-"));
    dir = path.join(parent, "media");
    const storage = createLocalImageStorage({ dir });
    await storage.put("products/p1/a-400.webp", new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).webp().toBuffer()), "image/webp");
    const { writeFile, symlink } = await import("node:fs/promises");
    await writeFile(path.join(parent, "secret.webp"), "outside the media folder");
    await writeFile(path.join(parent, "secrets.json"), "{}");
    await symlink(path.join(parent, "secret.webp"), path.join(dir, "products", "p1", "link.webp"));
  });
  afterAll(() => rm(path.dirname(dir), { recursive: true, force: true }));

  it("serves a stored file with its type and a year of immutable caching; HEAD has no body", async () => {
    const res = await mediaResponse(dir, ["products", "p1", "a-400.webp"]);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).format).toBe("webp");
    const head = await mediaResponse(dir, ["products", "p1", "a-400.webp"], "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await stat(path.join(dir, "products", "p1", "a-400.webp"))).size).toBe(Number(res.headers.get("content-length")));
  });

  it("answers 404 for unknown keys and refuses every way out of the media folder", async () => {
    const attempts = [
      ["products", "p1", "missing-400.webp"],
      ["..", "secret.webp"],
      ["products", "..", "..", "secret.webp"],
      ["../secret.webp"],
      ["products/../../secret.webp"],
      ["%2e%2e", "secret.webp"],
      ["..%2fsecret.webp"],
      ["..\\secret.webp"],
      [path.join(path.dirname(dir), "secret.webp")],
      ["", "etc", "passwd"],
      ["products", "p1", "link.webp"],
      ["products", "p1", ".hidden.webp"],
      ["..", "secrets.json"],
      ["products", "p1"],
      ["products", "p1", "a-400.webp\0.png"],
      [],
    ];
    for (const segments of attempts) {
      const res = await mediaResponse(dir, segments);
      expect(res.status, JSON.stringify(segments)).toBe(404);
      expect(await res.text()).not.toContain("outside the media folder");
    }
  });
});
