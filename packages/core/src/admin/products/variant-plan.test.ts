import { describe, expect, it } from "vitest";
import { EditVariant } from "./products-admin.schemas";
import { planVariantEdit } from "./variant-plan";

const variant = (given: Record<string, unknown>) => EditVariant.parse(given);
const existing = { variantIds: ["a0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-000000000002"], imageIds: ["b0000000-0000-4000-8000-000000000001"] };
const [A, B] = existing.variantIds as [string, string];

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { details?: { field?: string } }).details?.field;
  }
  throw new Error("did not throw");
};

describe("planVariantEdit", () => {
  it("renames options and values, keeps, adds and removes variants in the given order", () => {
    const plan = planVariantEdit(
      {
        options: [{ name: "Colour", values: ["Black", "Navy"] }],
        variants: [
          variant({ sku: "NEW-NAVY", options: { colour: "navy" }, price: 1200, stock: 4 }),
          variant({ id: A, sku: "OLD-BLACK", options: { Colour: "Black" }, price: 1000, compareAtPrice: 1500, imageId: existing.imageIds[0] }),
        ],
      },
      existing,
    );
    expect(plan.removed).toEqual([B]);
    expect(plan.variants).toEqual([
      expect.objectContaining({ id: null, sku: "NEW-NAVY", values: ["Navy"], keys: ["colour:navy"], title: "Navy", openingStock: 4, position: 0 }),
      expect.objectContaining({ id: A, values: ["Black"], openingStock: null, compareAtPrice: 1500, position: 1 }),
    ]);
  });

  it("refuses what a product cannot sell, naming the field", () => {
    const opts = [{ name: "Size", values: ["S", "M"] }];
    expect(fieldOf(() => planVariantEdit({ options: [{ name: "Size", values: ["S"] }, { name: "size", values: ["M"] }], variants: [variant({ sku: "X", price: 1 })] }, existing))).toBe("options.1.name");
    expect(fieldOf(() => planVariantEdit({ options: [], variants: [variant({ sku: "X", price: 1 }), variant({ sku: "Y", price: 1 })] }, existing))).toBe("variants");
    expect(fieldOf(() => planVariantEdit({ options: opts, variants: [variant({ sku: "X", price: 1, options: { Size: "XL" } })] }, existing))).toBe("variants.0.options");
    expect(fieldOf(() => planVariantEdit({ options: opts, variants: [variant({ sku: "X", price: 1, options: {} })] }, existing))).toBe("variants.0.options");
    expect(
      fieldOf(() => planVariantEdit({ options: opts, variants: [variant({ sku: "X", price: 1, options: { Size: "S" } }), variant({ sku: "Y", price: 1, options: { Size: "s" } })] }, existing)),
    ).toBe("variants.1.options");
    expect(
      fieldOf(() => planVariantEdit({ options: opts, variants: [variant({ sku: "X", price: 1, options: { Size: "S" } }), variant({ sku: "X", price: 1, options: { Size: "M" } })] }, existing)),
    ).toBe("variants.1.sku");
    expect(fieldOf(() => planVariantEdit({ options: [], variants: [variant({ sku: "X", price: 100, compareAtPrice: 100 })] }, existing))).toBe("variants.0.compareAtPrice");
    expect(fieldOf(() => planVariantEdit({ options: [], variants: [variant({ sku: "X", price: 1, imageId: A })] }, existing))).toBe("variants.0.imageId");
    expect(fieldOf(() => planVariantEdit({ options: [], variants: [variant({ id: "c0000000-0000-4000-8000-000000000009", sku: "X", price: 1 })] }, existing))).toBe("variants.0.id");
    expect(fieldOf(() => planVariantEdit({ options: [], variants: [variant({ id: A, sku: "X", price: 1, stock: 3 })] }, existing))).toBe("variants.0.stock");
  });
});
