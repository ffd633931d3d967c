import { describe, expect, it } from "vitest";
import { containsPattern, parseCustomerSearch } from "./customer-search";

describe("parseCustomerSearch", () => {
  it("is nothing for an empty or blank query", () => {
    expect(parseCustomerSearch(undefined)).toBeNull();
    expect(parseCustomerSearch("   ")).toBeNull();
  });

  it("reads digits and phone punctuation as a phone search on the digits", () => {
    expect(parseCustomerSearch("+44 7400-12")).toEqual({ kind: "phone", patterns: ["%44740012%"] });
    expect(parseCustomerSearch("(415) 555.01")).toEqual({ kind: "phone", patterns: ["%41555501%"] });
  });

  it("also looks for a national number without its trunk 0, as E.164 stores it", () => {
    expect(parseCustomerSearch("07400 123")).toEqual({ kind: "phone", patterns: ["%07400123%", "%7400123%"] });
  });

  it("reads anything with letters as a name or email search", () => {
    expect(parseCustomerSearch("Ada L")).toEqual({ kind: "text", pattern: "%Ada L%" });
    expect(parseCustomerSearch("ada@example.com")).toEqual({ kind: "text", pattern: "%ada@example.com%" });
  });

  it("takes LIKE wildcards literally", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
    expect(parseCustomerSearch("a_b")).toEqual({ kind: "text", pattern: "%a\\_b%" });
  });
});
