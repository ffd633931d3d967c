/** Fixtures of the back-office product tests: products with options and variants, made through the catalogue service. */
import { CreateProductInput, type Product } from "@shop/core";
import { uniqueSuffix } from "@shop/db/testing";
import type { TestDeps } from "./support";

/** A word no other file's products contain: list tests search for it, so other files' data never shows up. */
export const uniqueWord = () => `zq${uniqueSuffix().replace(/[^a-z0-9]/gi, "").toLowerCase()}`;

/** A T-shirt in sizes S, M, L (stock 10 each, 2000 minor units unless said otherwise). */
export async function createTee(
  deps: TestDeps,
  options: { word: string; name?: string; price?: number; stocks?: [number, number, number]; categoryId?: string | null; prices?: [number, number, number] } = {
    word: uniqueWord(),
  },
): Promise<Product> {
  const suffix = uniqueSuffix().toLowerCase().replace(/[^a-z0-9]/g, "");
  const stocks = options.stocks ?? [10, 10, 10];
  const prices = options.prices ?? [options.price ?? 2_000, options.price ?? 2_000, options.price ?? 2_000];
  return deps.services.catalog.create(
    CreateProductInput.parse({
      name: options.name ?? `Tee ${options.word}`,
      slug: `tee-${options.word}-${suffix}`,
      price: options.price ?? 2_000,
      categoryId: options.categoryId ?? undefined,
      options: [{ name: "Size", values: ["S", "M", "L"] }],
      variants: ["S", "M", "L"].map((size, i) => ({
        sku: `TEE-${suffix}-${size}`.toUpperCase(),
        options: { Size: size },
        stock: stocks[i],
        price: prices[i],
      })),
    }),
  );
}

export async function createCategory(deps: TestDeps, name = `Cat ${uniqueWord()}`): Promise<{ id: string; slug: string }> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return deps.db.category.create({ data: { name, slug }, select: { id: true, slug: true } });
}
