import { describe, expect, it } from "vitest";
import { compareOptionValues } from "./facets";

describe("facet option values", () => {
  it("lists named sizes in their products' order, then numeric sizes ascending, never interleaved", () => {
    const values = [
      { value: "41", order: 1 },
      { value: "M", order: 1 },
      { value: "38", order: 0 },
      { value: "XL", order: 3 },
      { value: "S", order: 0 },
      { value: "40.5", order: 2 },
      { value: "L", order: 2 },
    ];
    expect(values.sort(compareOptionValues).map((v) => v.value)).toEqual(["S", "M", "L", "XL", "38", "40.5", "41"]);
  });
});
