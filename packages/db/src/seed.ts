/**
 * Demo catalogue seed (data in ./seed-data). Run directly with `tsx src/seed.ts` (DATABASE_URL names the
 * database), or call `seedCatalog(db)` from a start-up script, typically only when `isCatalogEmpty(db)`.
 *
 * Re-running is safe on a live shop: the seed only INSERTs rows whose slug is missing (ON CONFLICT DO
 * NOTHING) and never updates an existing row. Resetting prices, stock, names or images to the seed values on
 * every start would silently undo what orders and admins have changed since; a product that already exists
 * keeps everything it has, including its images, and the seed adds an image only to a product it created.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDb, type Db } from "./client";
import { databaseName } from "./connection";
import type { Prisma } from "./generated/prisma/client";
import { productImageUrl, SEED_CATEGORIES, SEED_CURRENCY, SEED_PRODUCTS, seedVariantsOf, type SeedCategory } from "./seed-data";
import { seedSummary } from "./seed-summary";

export interface SeedCatalogResult {
  /** Categories this run inserted (0 when every seed slug already existed). */
  categories: number;
  /** Products this run inserted, each with its one image. */
  products: number;
}

/** True when the database holds no products and no categories, i.e. nobody has set up a catalogue yet. */
export async function isCatalogEmpty(db: Db): Promise<boolean> {
  const [product, category] = await Promise.all([
    db.product.findFirst({ select: { id: true } }),
    db.category.findFirst({ select: { id: true } }),
  ]);
  return product === null && category === null;
}

/** Inserts the missing part of the demo catalogue in one transaction; see the file comment for why insert-only. */
export async function seedCatalog(db: Db): Promise<SeedCatalogResult> {
  return db.$transaction(
    async (tx) => {
      const roots = SEED_CATEGORIES.filter((c) => c.parentSlug === undefined);
      const leaves = SEED_CATEGORIES.filter((c) => c.parentSlug !== undefined);

      const insertedRoots = await tx.category.createManyAndReturn({
        data: roots.map((c) => categoryRow(c, null)),
        skipDuplicates: true,
        select: { id: true },
      });
      const rootIds = await categoryIdsBySlug(tx, roots);
      const insertedLeaves = await tx.category.createManyAndReturn({
        data: leaves.map((c) => categoryRow(c, required(rootIds, c.parentSlug ?? "", "parent category"))),
        skipDuplicates: true,
        select: { id: true },
      });
      const categoryIds = await categoryIdsBySlug(tx, SEED_CATEGORIES);

      // RETURNING yields only the rows this statement inserted, so existing products (and their images) are
      // never touched, and two concurrent seeds cannot both add the same image.
      const insertedProducts = await tx.product.createManyAndReturn({
        data: SEED_PRODUCTS.map((p) => ({
          slug: p.slug,
          name: p.name,
          description: p.description,
          price: p.price,
          currency: SEED_CURRENCY,
          stock: p.stock,
          categoryId: required(categoryIds, p.categorySlug, "category"),
          tags: [...p.tags],
        })),
        skipDuplicates: true,
        select: { id: true, slug: true, name: true },
      });
      await tx.productImage.createMany({
        data: insertedProducts.map((p) => ({ productId: p.id, url: productImageUrl(p.slug), alt: p.name, position: 0 })),
        skipDuplicates: true,
      });
      // Sizes and colours of the clothing and footwear. The others get their one default variant at commit (the
      // products_default_variant trigger), and every product's price and stock follow its variants.
      const bySlug = new Map(SEED_PRODUCTS.map((p) => [p.slug, p]));
      const withOptions = insertedProducts.flatMap((row) => {
        const seed = bySlug.get(row.slug);
        return seed?.variants ? [{ id: row.id, seed, spec: seed.variants }] : [];
      });
      await tx.productOption.createMany({
        data: withOptions.flatMap(({ id, spec }) =>
          spec.options.map((option, position) => ({ productId: id, name: option.name, position, values: [...option.values] })),
        ),
      });
      await tx.productVariant.createMany({
        data: withOptions.flatMap(({ id, seed, spec }) =>
          seedVariantsOf(seed).map((v, position) => ({
            productId: id,
            sku: v.sku,
            title: v.title,
            optionValues: v.values,
            optionKeys: v.values.map((value, i) => `${spec.options[i]!.name.toLowerCase()}:${value.toLowerCase()}`),
            price: v.price,
            stock: v.stock,
            position,
          })),
        ),
      });

      return { categories: insertedRoots.length + insertedLeaves.length, products: insertedProducts.length };
    },
    { timeout: 30_000 },
  );
}

function categoryRow(c: SeedCategory, parentId: string | null) {
  const siblings = SEED_CATEGORIES.filter((s) => s.parentSlug === c.parentSlug);
  return { slug: c.slug, name: c.name, description: c.description, parentId, position: siblings.indexOf(c) };
}

async function categoryIdsBySlug(
  tx: Prisma.TransactionClient,
  categories: readonly SeedCategory[],
): Promise<Map<string, string>> {
  const rows = await tx.category.findMany({
    where: { slug: { in: categories.map((c) => c.slug) } },
    select: { id: true, slug: true },
  });
  return new Map(rows.map((r) => [r.slug, r.id]));
}

function required(ids: Map<string, string>, slug: string, what: string): string {
  const id = ids.get(slug);
  if (id === undefined) throw new Error(`Seed data refers to unknown ${what} "${slug}".`);
  return id;
}

async function main(): Promise<void> {
  // Same .env files as prisma.config.ts (a developer's root .env); real environment variables win.
  const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
  for (const file of [path.join(packageDir, "../../.env"), path.join(packageDir, ".env")]) {
    try {
      process.loadEnvFile(file);
    } catch {
      // absent: fine
    }
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; it names the database to seed.");

  const db = createDb(url, { poolSize: 2 });
  try {
    // `--if-empty` (used by `npm start`): a shop that removed or replaced the demo products keeps its catalog.
    if (process.argv.includes("--if-empty") && !(await isCatalogEmpty(db))) {
      console.log(`Catalog of ${databaseName(url)} is not empty: demo data not loaded.`);
      return;
    }
    const started = performance.now();
    const result = await seedCatalog(db);
    const ms = Math.round(performance.now() - started);
    console.log(seedSummary(databaseName(url), result, { categories: SEED_CATEGORIES.length, products: SEED_PRODUCTS.length }, ms));
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
