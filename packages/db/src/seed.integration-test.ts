/**
 * The demo catalogue seed on a real database: a complete, browsable catalogue on the first run, and harmless on
 * every run after that (no duplicates, and nothing a live shop changed is overwritten).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "./client";
import { isCatalogEmpty, seedCatalog } from "./seed";
import { SEED_CATEGORIES, SEED_PRODUCTS } from "./seed-data";
import { scratchDatabase, type ScratchDatabase } from "./testing";

const webPublic = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../apps/web/public");

async function snapshot(db: Db) {
  const [categories, products, images] = await Promise.all([
    db.category.findMany({ orderBy: { slug: "asc" } }),
    db.product.findMany({ orderBy: { slug: "asc" } }),
    db.productImage.findMany({ orderBy: [{ productId: "asc" }, { position: "asc" }] }),
  ]);
  return { categories, products, images };
}

describe("seedCatalog on an empty database", () => {
  let scratch: ScratchDatabase;
  let db: Db;

  beforeAll(async () => {
    scratch = await scratchDatabase("db_seed", { migrate: true });
    db = createDb(scratch.url, { poolSize: 3 });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  it("inserts the whole catalogue", async () => {
    expect(await isCatalogEmpty(db)).toBe(true);

    const result = await seedCatalog(db);

    expect(result).toEqual({ categories: SEED_CATEGORIES.length, products: SEED_PRODUCTS.length });
    expect(await db.category.count()).toBe(SEED_CATEGORIES.length);
    expect(await db.product.count()).toBe(SEED_PRODUCTS.length);
    expect(await db.productImage.count()).toBe(SEED_PRODUCTS.length);
    expect(await isCatalogEmpty(db)).toBe(false);
    // "Realistic" means a catalogue worth paginating and filtering, not three rows.
    expect(SEED_CATEGORIES.length).toBeGreaterThanOrEqual(10);
    expect(SEED_PRODUCTS.length).toBeGreaterThanOrEqual(50);
  });

  it("builds a two-level tree with every product in a leaf category", async () => {
    const categories = await db.category.findMany({
      select: { id: true, slug: true, parentId: true, parent: { select: { parentId: true } }, _count: { select: { children: true } } },
    });
    const roots = categories.filter((c) => c.parentId === null);
    expect(roots.length).toBeGreaterThanOrEqual(3);
    for (const c of categories) expect(c.parent?.parentId ?? null, `${c.slug} is nested too deep`).toBeNull();
    for (const root of roots) expect(root._count.children, `${root.slug} has no children`).toBeGreaterThan(0);

    const leafIds = new Set(categories.filter((c) => c._count.children === 0).map((c) => c.id));
    const products = await db.product.findMany({ select: { slug: true, categoryId: true } });
    for (const p of products) expect(leafIds.has(p.categoryId ?? ""), `${p.slug} is not in a leaf category`).toBe(true);
    const usedLeaves = new Set(products.map((p) => p.categoryId));
    expect(usedLeaves.size, "some leaf category has no products").toBe(leafIds.size);
  });

  it("stores every product's tags, in the seed's order", async () => {
    const products = await db.product.findMany({ select: { slug: true, tags: true } });
    expect(products).toHaveLength(SEED_PRODUCTS.length);
    for (const p of products) expect(p.tags, p.slug).toEqual(SEED_PRODUCTS.find((s) => s.slug === p.slug)?.tags);
  });

  it("prices every product above zero in USD, with a few sold out", async () => {
    const products = await db.product.findMany({ select: { slug: true, price: true, currency: true, stock: true } });
    for (const p of products) {
      expect(Number.isInteger(p.price) && p.price > 0, `${p.slug} price ${p.price}`).toBe(true);
      expect(p.currency).toBe("USD");
    }
    const soldOut = products.filter((p) => p.stock === 0).length;
    expect(soldOut).toBeGreaterThanOrEqual(2);
    expect(soldOut).toBeLessThan(products.length / 4);
  });

  it("gives every product one image whose file exists under apps/web/public", async () => {
    const products = await db.product.findMany({
      select: { slug: true, name: true, images: { select: { url: true, alt: true, position: true } } },
    });
    for (const p of products) {
      expect(p.images).toEqual([{ url: `/images/products/${p.slug}.svg`, alt: p.name, position: 0 }]);
      const file = path.join(webPublic, ...p.images[0]!.url.split("/"));
      expect(existsSync(file), `${file} is missing: run node packages/db/scripts/generate-placeholders.mjs`).toBe(true);
    }
  });

  it("changes nothing when run again", async () => {
    const before = await snapshot(db);

    const result = await seedCatalog(db);

    expect(result).toEqual({ categories: 0, products: 0 });
    expect(await snapshot(db)).toEqual(before);
  });

  it("leaves what the shop changed alone and only restores what is missing", async () => {
    const [edited, imageless, deleted] = SEED_PRODUCTS.map((p) => p.slug);
    await db.product.update({ where: { slug: edited }, data: { stock: 1, price: 99, name: "Renamed by an admin" } });
    await db.productImage.deleteMany({ where: { product: { slug: imageless } } });
    await db.product.delete({ where: { slug: deleted } });

    const result = await seedCatalog(db);

    expect(result).toEqual({ categories: 0, products: 1 });
    expect(await db.product.findUniqueOrThrow({ where: { slug: edited }, select: { stock: true, price: true, name: true } }))
      .toEqual({ stock: 1, price: 99, name: "Renamed by an admin" });
    expect(await db.productImage.count({ where: { product: { slug: imageless } } })).toBe(0);
    const restored = await db.product.findUniqueOrThrow({ where: { slug: deleted }, select: { images: true } });
    expect(restored.images).toHaveLength(1);
    expect(await db.product.count()).toBe(SEED_PRODUCTS.length);
  });
});

describe("seedCatalog started twice at once", () => {
  let scratch: ScratchDatabase;
  let first: Db;
  let second: Db;

  beforeAll(async () => {
    scratch = await scratchDatabase("db_seed_race", { migrate: true });
    first = createDb(scratch.url, { poolSize: 2 });
    second = createDb(scratch.url, { poolSize: 2 });
  });

  afterAll(async () => {
    await first?.$disconnect();
    await second?.$disconnect();
    await scratch?.drop();
  });

  // Two app instances booting against one empty database both see it empty and both seed.
  it("still produces exactly one catalogue", async () => {
    const results = await Promise.all([seedCatalog(first), seedCatalog(second)]);

    expect(results.reduce((sum, r) => sum + r.products, 0)).toBe(SEED_PRODUCTS.length);
    expect(results.reduce((sum, r) => sum + r.categories, 0)).toBe(SEED_CATEGORIES.length);
    expect(await first.product.count()).toBe(SEED_PRODUCTS.length);
    expect(await first.productImage.count()).toBe(SEED_PRODUCTS.length);
  });
});
