/** The fuzzer's own generators, checked against Ajv: "valid" really is valid and "invalid" really is not. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { invalidArb, operations, validator, valueArb } from "./openapi-fuzz";

const withBody = operations().filter((op) => op.body);

describe("schema -> arbitrary", () => {
  it("finds request bodies to generate for", () => {
    expect(withBody.length).toBeGreaterThanOrEqual(12);
  });

  for (const op of withBody) {
    it(`${op.key}: valid samples pass the documented schema, invalid ones fail it`, () => {
      const validate = validator(op.body!);
      for (const value of fc.sample(valueArb(op.body!), { numRuns: 200, seed: 7 })) {
        expect(validate(value), `${JSON.stringify(value)} ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      for (const value of fc.sample(invalidArb(op.body!), { numRuns: 100, seed: 7 })) {
        expect(validate(value), JSON.stringify(value)).toBe(false);
      }
    });
  }
});
