import { describe, expect, it } from "vitest";
import { formatAmount, parseAmount } from "./amount";

describe("parseAmount", () => {
  it("reads major units in the currency's scale", () => {
    expect(parseAmount("12.5", "USD")).toBe(1250);
    expect(parseAmount(" 29.99 ", "USD")).toBe(2999);
    expect(parseAmount("1,299.00", "USD")).toBe(129900);
    expect(parseAmount("1500", "JPY")).toBe(1500);
    expect(parseAmount("1.234", "KWD")).toBe(1234);
  });

  it("is undefined when empty and NaN when not an amount", () => {
    expect(parseAmount("", "USD")).toBeUndefined();
    expect(parseAmount(undefined, "USD")).toBeUndefined();
    for (const bad of ["abc", "-1", "1.234", "1e3", "0x10", "12.5.1"]) expect(parseAmount(bad, "USD"), bad).toBeNaN();
    expect(parseAmount("10.5", "JPY")).toBeNaN();
  });
});

describe("formatAmount", () => {
  it("writes minor units back as the input shows them", () => {
    expect(formatAmount(2999, "USD")).toBe("29.99");
    expect(formatAmount(1500, "JPY")).toBe("1500");
    expect(formatAmount(1234, "KWD")).toBe("1.234");
  });
});
