import { describe, expect, it } from "vitest";
import { formatMajor, parseMajor } from "./price-input";

describe("price inputs", () => {
  it("turns typed major units into minor units without float drift", () => {
    expect(parseMajor("12.5")).toBe(1250);
    expect(parseMajor("19.99")).toBe(1999);
    expect(parseMajor("0")).toBe(0);
    expect(parseMajor(" ")).toBeUndefined();
    expect(parseMajor("1000", "JPY")).toBe(1000);
  });

  it("refuses what is not an amount of the currency", () => {
    for (const bad of ["-1", "1.234", "1e3", "abc", "12,50", "0x10"]) expect(parseMajor(bad)).toBeNaN();
    expect(parseMajor("10.5", "JPY")).toBeNaN();
  });

  it("shows minor units as an input value", () => {
    expect(formatMajor(1250)).toBe("12.50");
    expect(formatMajor(null)).toBe("");
    expect(formatMajor(500, "JPY")).toBe("500");
  });
});
