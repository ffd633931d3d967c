import { describe, expect, it } from "vitest";
import { DomainError } from "./domain-error";

describe("DomainError", () => {
  it("is an Error with a code, details and a retry hint", () => {
    const error = new DomainError("RATE_LIMITED", "Too many attempts", { details: { field: "code" }, retryAfterSeconds: 30 });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "DomainError", code: "RATE_LIMITED", details: { field: "code" }, retryAfterSeconds: 30 });
  });

  it("nothing else passes for one: a look-alike object or an Error with a code is not a DomainError", () => {
    const lookAlike = Object.assign(new Error("x"), { name: "DomainError", code: "NOT_FOUND" });
    for (const value of [lookAlike, new Error("x"), { code: "NOT_FOUND", message: "x" }, null, undefined, "NOT_FOUND", 42]) {
      expect(value instanceof DomainError).toBe(false);
    }
  });
});
