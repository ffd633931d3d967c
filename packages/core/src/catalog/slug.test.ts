import { describe, expect, it } from "vitest";
import { SLUG_PATTERN, slugify } from "./slug";

describe("slugify", () => {
  it("lowercases and joins words with single hyphens", () => {
    expect(slugify("Wireless Noise-Cancelling  Headphones")).toBe("wireless-noise-cancelling-headphones");
    expect(slugify("Coffee & Tea, 2 pcs.")).toBe("coffee-tea-2-pcs");
  });

  it("folds accents and special letters to ASCII and drops apostrophes", () => {
    expect(slugify("Crème Brûlée Set")).toBe("creme-brulee-set");
    expect(slugify("Straße Øl Æble")).toBe("strasse-ol-aeble");
    expect(slugify("O'Neil’s Kettle")).toBe("oneils-kettle");
  });

  it("trims hyphens at both ends, also after cutting to the maximum length", () => {
    expect(slugify("  --Hello--  ")).toBe("hello");
    const cut = slugify("abcd efgh", 5);
    expect(cut).toBe("abcd");
    expect(slugify("word ".repeat(100)).length).toBeLessThanOrEqual(160);
  });

  it("returns only valid slugs, or an empty string when nothing ASCII is left", () => {
    for (const name of ["Tea", "A  B", "100% Cotton!", "ÉÉ", "x_y.z"]) expect(slugify(name)).toMatch(SLUG_PATTERN);
    expect(slugify("日本茶")).toBe("");
    expect(slugify("!!!")).toBe("");
  });
});
