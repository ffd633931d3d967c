import { describe, expect, it } from "vitest";
import { seedSummary } from "./seed-summary";

const totals = { categories: 14, products: 60 };

describe("seedSummary", () => {
  it("an empty database: the counts, and no word about rows that already existed", () => {
    const line = seedSummary("shop", { categories: 14, products: 60 }, totals, 812);
    expect(line).toBe("Seeded shop: 14 categories and 60 products in 812 ms.");
    expect(line).not.toMatch(/already/);
  });

  it("a partly seeded database says what was left alone", () => {
    expect(seedSummary("shop", { categories: 0, products: 3 }, totals, 40)).toBe(
      "Seeded shop: 0 categories and 3 products in 40 ms (14 categories and 57 products already existed and were left as they are).",
    );
  });

  it("a fully seeded one says nothing changed", () => {
    expect(seedSummary("shop", { categories: 0, products: 0 }, totals, 5)).toMatch(/already there .* nothing changed/);
  });
});
