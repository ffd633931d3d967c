/**
 * From a create-product request to the options and variants to store: every rule about what a product may sell
 * (one value per option, each a value of that option, one variant per combination, unique SKUs) in one pure
 * function, so that the API, the seed and the back office agree.
 */
import { DomainError } from "../errors/domain-error";
import { optionKey, type CreateProductInput } from "./catalog.schemas";
import type { NewVariant } from "./product.repository";

const SKU_MAX_LENGTH = 64;

const invalid = (message: string, field: string, extra: Record<string, unknown> = {}) =>
  new DomainError("VALIDATION", message, { details: { field, ...extra } });

/** A SKU from the slug and option values: "trail-runner-42-black", shortened to 64 characters. */
export function deriveSku(slug: string, values: readonly string[]): string {
  const parts = [slug, ...values.map((v) => v.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""))].filter(Boolean);
  const sku = parts.join("-");
  return sku.length <= SKU_MAX_LENGTH ? sku : sku.slice(0, SKU_MAX_LENGTH).replace(/-+$/, "");
}

export interface PlannedCatalogEntry {
  options: { name: string; values: string[] }[];
  variants: NewVariant[];
  /** The product row's own copies: lowest and highest active price, stock of the active variants. */
  price: number;
  maxPrice: number;
  stock: number;
}

export function planVariants(input: CreateProductInput, slug: string): PlannedCatalogEntry {
  const options = input.options.map((o) => ({ name: o.name, values: o.values }));
  const names = new Set<string>();
  options.forEach((option, i) => {
    const key = option.name.toLowerCase();
    if (names.has(key)) throw invalid(`Option "${option.name}" is given twice`, `options.${i}.name`);
    names.add(key);
    const seen = new Set<string>();
    option.values.forEach((value, j) => {
      if (seen.has(value.toLowerCase())) throw invalid(`Value "${value}" of ${option.name} is given twice`, `options.${i}.values.${j}`);
      seen.add(value.toLowerCase());
    });
  });

  if (options.length === 0) {
    if (input.variants.length > 1) throw invalid("A product without options has one variant: add options to sell several", "variants");
    const only = input.variants[0];
    if (only && Object.keys(only.options).length > 0) throw invalid("This variant names options the product does not have", "variants.0.options");
    const variant: NewVariant = {
      sku: only?.sku ?? input.sku ?? deriveSku(slug, []),
      title: "",
      values: [],
      keys: [],
      price: only?.price ?? input.price,
      compareAtPrice: only?.compareAtPrice ?? null,
      stock: only ? only.stock : input.stock,
      imagePosition: only?.imageIndex ?? null,
      isActive: true,
    };
    checkVariant(variant, input, 0);
    return { options, variants: [variant], price: variant.price, maxPrice: variant.price, stock: variant.stock };
  }

  if (input.variants.length === 0) throw invalid("A product with options needs its variants: one per combination sold", "variants");
  const combinations = new Set<string>();
  const skus = new Set<string>();
  const variants = input.variants.map((given, i): NewVariant => {
    const byName = new Map(Object.entries(given.options).map(([name, value]) => [name.trim().toLowerCase(), value.trim()]));
    for (const name of byName.keys()) {
      if (!names.has(name)) throw invalid(`The product has no option "${name}"`, `variants.${i}.options`);
    }
    const values = options.map((option) => {
      const value = byName.get(option.name.toLowerCase());
      if (value === undefined) throw invalid(`Variant ${i + 1} has no value for ${option.name}`, `variants.${i}.options`);
      const known = option.values.find((v) => v.toLowerCase() === value.toLowerCase());
      if (known === undefined) {
        throw invalid(`"${value}" is not a value of ${option.name}`, `variants.${i}.options`, { allowed: option.values });
      }
      return known;
    });
    const combination = values.map((v) => v.toLowerCase()).join("\u0000");
    if (combinations.has(combination)) throw invalid(`Two variants are ${values.join(" / ")}`, `variants.${i}.options`);
    combinations.add(combination);
    const variant: NewVariant = {
      sku: given.sku ?? deriveSku(slug, values),
      title: values.join(" / "),
      values,
      keys: options.map((option, j) => optionKey(option.name, values[j]!)),
      price: given.price ?? input.price,
      compareAtPrice: given.compareAtPrice ?? null,
      stock: given.stock,
      imagePosition: given.imageIndex ?? null,
      isActive: given.isActive,
    };
    if (skus.has(variant.sku.toLowerCase())) throw invalid(`SKU ${variant.sku} is given twice`, `variants.${i}.sku`);
    skus.add(variant.sku.toLowerCase());
    checkVariant(variant, input, i);
    return variant;
  });
  const active = variants.filter((v) => v.isActive);
  const prices = (active.length > 0 ? active : variants).map((v) => v.price);
  return {
    options,
    variants,
    price: Math.min(...prices),
    maxPrice: Math.max(...prices),
    stock: Math.min(active.reduce((sum, v) => sum + v.stock, 0), 2_147_483_647),
  };
}

function checkVariant(variant: NewVariant, input: CreateProductInput, i: number) {
  if (variant.compareAtPrice !== null && variant.compareAtPrice <= variant.price) {
    throw invalid("compareAtPrice must be above the price", `variants.${i}.compareAtPrice`);
  }
  if (variant.imagePosition !== null && variant.imagePosition >= input.images.length) {
    throw invalid(`imageIndex ${variant.imagePosition} names no image (the product has ${input.images.length})`, `variants.${i}.imageIndex`);
  }
}
