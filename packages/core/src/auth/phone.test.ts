import { describe, expect, it } from "vitest";
import { maskPhone, normalisePhone } from "./phone";

describe("normalisePhone", () => {
  it("normalises common international formats to E.164", () => {
    for (const written of ["+998 90 123 45 67", "+998-90-123-45-67", "+998 (90) 1234567", "  +998901234567 "]) {
      expect(normalisePhone(written)).toBe("+998901234567");
    }
    expect(normalisePhone("+1 (415) 555-2671")).toBe("+14155552671");
  });

  it("uses the default country for national numbers only when one is configured", () => {
    expect(normalisePhone("(415) 555-2671", { defaultCountry: "US" })).toBe("+14155552671");
    expect(() => normalisePhone("(415) 555-2671")).toThrow("Invalid phone number");
  });

  it("refuses impossible numbers", () => {
    for (const bad of ["12345", "+1 555 0100", "+999 123456789", "hello", "+44 7700 900123"]) {
      expect(() => normalisePhone(bad), bad).toThrow("Invalid phone number");
    }
  });

  it("applies the SMS country allowlist", () => {
    const policy = { allowedCountries: ["UZ", "KZ"] };
    expect(normalisePhone("+998901234567", policy)).toBe("+998901234567");
    expect(() => normalisePhone("+14155552671", policy)).toThrow("not supported");
  });

  it("masks all but the last four digits for logs", () => {
    expect(maskPhone("+998901234567")).toBe("•••4567");
  });
});
