import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalImageStorage } from "./local-storage";
import { contentTypeOfKey, isStorageKey } from "./storage";

describe("isStorageKey", () => {
  it("takes the keys the service makes and nothing that could leave the folder", () => {
    expect(isStorageKey("products/0195f7a0-0000-7000-8000-000000000000/0195f7a0-0000-7000-8000-000000000001-800.webp")).toBe(true);
    for (const bad of ["", "..", "a/../b.webp", "../b.webp", "/etc/passwd", "a//b.webp", ".env", "a/.hidden", "a\\b.webp", "a/b.webp\0", "ä.webp", "a/%2e%2e/b", "x".repeat(301)]) {
      expect(isStorageKey(bad), bad).toBe(false);
    }
  });

  it("knows the content-type of what is stored by its extension", () => {
    expect(contentTypeOfKey("a/b-400.webp")).toBe("image/webp");
    expect(contentTypeOfKey("a/b.AVIF")).toBe("image/avif");
    expect(contentTypeOfKey("a/b.html")).toBeNull();
    expect(contentTypeOfKey("a/b")).toBeNull();
  });
});

describe("local storage", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("writes a file by key (no temporary file left), deletes it, and deleting again is fine", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "shop-storage-"));
    dirs.push(dir);
    const storage = createLocalImageStorage({ dir });
    await storage.put("products/p/i-400.webp", new Uint8Array([1, 2, 3]), "image/webp");
    expect([...(await readFile(path.join(dir, "products/p/i-400.webp")))]).toEqual([1, 2, 3]);
    expect(await readdir(path.join(dir, "products/p"))).toEqual(["i-400.webp"]);
    expect(storage.urlFor("products/p/i-400.webp")).toBe("/media/products/p/i-400.webp");
    await storage.delete("products/p/i-400.webp");
    await storage.delete("products/p/i-400.webp");
    expect(await readdir(path.join(dir, "products/p"))).toEqual([]);
    await expect(storage.put("../escape.webp", new Uint8Array([1]), "image/webp")).rejects.toThrow(/Invalid storage key/);
    await expect(storage.delete("../../etc/passwd")).rejects.toThrow(/Invalid storage key/);
  });
});
