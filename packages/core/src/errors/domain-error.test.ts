import { describe, expect, it } from "vitest";
import { DomainError, isDomainError } from "./domain-error";

describe("DomainError", () => {
  it("is recognised by instanceof, also when thrown by another copy of this module", () => {
    const own = new DomainError("NOT_FOUND", "Product not found");
    expect(own).toBeInstanceOf(DomainError);
    expect(own).toBeInstanceOf(Error);
    // What a second bundle of @shop/core throws: its own class, the same brand.
    const fromAnotherCopy = Object.assign(new Error("Product not found"), {
      [Symbol.for("shop.core.DomainError")]: true,
      code: "NOT_FOUND",
    });
    expect(fromAnotherCopy instanceof DomainError).toBe(true);
    expect(isDomainError(fromAnotherCopy)).toBe(true);
  });

  it("nothing else passes for one", () => {
    for (const value of [new Error("x"), { code: "NOT_FOUND", message: "x" }, null, undefined, "NOT_FOUND", 42]) {
      expect(value instanceof DomainError).toBe(false);
    }
  });
});
