/**
 * From the editor's full set of options and variants to what to store: the same rules as a new product's
 * (catalog/variants.ts: one value per option, each a value of its option, one variant per combination, unique
 * SKUs), plus the back office's own: ids name this product's variants, an image is one of its images, and the
 * variants left out are the ones to delete. Pure, so every rule is unit-tested (variant-plan.test.ts).
 */
import { optionKey } from "../../catalog/catalog.schemas";
import { DomainError } from "../../errors/domain-error";
import type { ReplaceVariantsInput } from "./products-admin.schemas";

export interface PlannedVariant {
  /** null: a new variant. */
  id: string | null;
  sku: string;
  title: string;
  values: string[];
  keys: string[];
  price: number;
  compareAtPrice: number | null;
  /** Opening stock of a new variant; null for an existing one (its stock is never touched here). */
  openingStock: number | null;
  imageId: string | null;
  isActive: boolean;
  position: number;
}

export interface VariantPlan {
  options: { name: string; values: string[] }[];
  variants: PlannedVariant[];
  /** Existing variants left out of the request. */
  removed: string[];
}

const invalid = (message: string, field: string, extra: Record<string, unknown> = {}) =>
  new DomainError("VALIDATION", message, { details: { field, ...extra } });

export function planVariantEdit(
  input: Pick<ReplaceVariantsInput, "options" | "variants">,
  existing: { variantIds: readonly string[]; imageIds: readonly string[] },
): VariantPlan {
  const options = input.options.map((o) => ({ name: o.name, values: o.values }));
  const names = new Map<string, number>();
  options.forEach((option, i) => {
    const key = option.name.toLowerCase();
    if (names.has(key)) throw invalid(`Option "${option.name}" is given twice`, `options.${i}.name`);
    names.set(key, i);
    const seen = new Set<string>();
    option.values.forEach((value, j) => {
      if (seen.has(value.toLowerCase())) throw invalid(`Value "${value}" of ${option.name} is given twice`, `options.${i}.values.${j}`);
      seen.add(value.toLowerCase());
    });
  });
  if (options.length === 0 && input.variants.length > 1) {
    throw invalid("A product without options has one variant: add options to sell several", "variants");
  }

  const known = new Set(existing.variantIds);
  const images = new Set(existing.imageIds);
  const ids = new Set<string>();
  const skus = new Set<string>();
  const combinations = new Set<string>();
  const variants = input.variants.map((given, i): PlannedVariant => {
    if (given.id !== undefined) {
      if (!known.has(given.id)) throw invalid("This variant is not one of the product's", `variants.${i}.id`);
      if (ids.has(given.id)) throw invalid("This variant is given twice", `variants.${i}.id`);
      ids.add(given.id);
    }
    const byName = new Map(Object.entries(given.options).map(([name, value]) => [name.trim().toLowerCase(), value.trim()]));
    for (const name of byName.keys()) {
      if (!names.has(name)) throw invalid(`The product has no option "${name}"`, `variants.${i}.options`);
    }
    const values = options.map((option) => {
      const value = byName.get(option.name.toLowerCase());
      if (value === undefined) throw invalid(`Variant ${i + 1} has no value for ${option.name}`, `variants.${i}.options`);
      const match = option.values.find((v) => v.toLowerCase() === value.toLowerCase());
      if (match === undefined) throw invalid(`"${value}" is not a value of ${option.name}`, `variants.${i}.options`, { allowed: option.values });
      return match;
    });
    const combination = values.map((v) => v.toLowerCase()).join("\u0000");
    if (combinations.has(combination)) throw invalid(`Two variants are ${values.join(" / ") || "the default variant"}`, `variants.${i}.options`);
    combinations.add(combination);
    if (skus.has(given.sku)) throw invalid(`SKU ${given.sku} is given twice`, `variants.${i}.sku`);
    skus.add(given.sku);
    if (given.compareAtPrice !== null && given.compareAtPrice <= given.price) {
      throw invalid("compareAtPrice must be above the price", `variants.${i}.compareAtPrice`);
    }
    if (given.imageId !== null && !images.has(given.imageId)) throw invalid("Not one of the product's images", `variants.${i}.imageId`);
    if (given.id !== undefined && given.stock !== undefined) {
      throw invalid("An existing variant's stock changes through a stock adjustment", `variants.${i}.stock`);
    }
    return {
      id: given.id ?? null,
      sku: given.sku,
      title: values.join(" / "),
      values,
      keys: options.map((option, j) => optionKey(option.name, values[j]!)),
      price: given.price,
      compareAtPrice: given.compareAtPrice,
      openingStock: given.id === undefined ? (given.stock ?? 0) : null,
      imageId: given.imageId,
      isActive: given.isActive,
      position: i,
    };
  });
  return { options, variants, removed: existing.variantIds.filter((id) => !ids.has(id)) };
}
