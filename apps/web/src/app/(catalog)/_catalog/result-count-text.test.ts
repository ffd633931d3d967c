import { describe, expect, it } from "vitest";
import { resultCountText } from "./result-count-text";

describe("result count text", () => {
  it("says how many results, singular for one, grouped thousands", () => {
    expect(resultCountText(1, false)).toBe("1 result");
    expect(resultCountText(24, false)).toBe("24 results");
    expect(resultCountText(1000, false)).toBe("1,000 results");
  });

  it("rounds an estimate to two significant digits and says it is one", () => {
    expect(resultCountText(1001, true)).toBe("about 1,000 results");
    expect(resultCountText(97_970, true)).toBe("about 98,000 results");
    expect(resultCountText(1_249, true)).toBe("about 1,200 results");
  });
});
