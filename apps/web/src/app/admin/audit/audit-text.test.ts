import { describe, expect, it } from "vitest";
import { entityHref, formatJson } from "./audit-text";

const id = "0b6f2c1e-3a4d-4c5b-9e8f-7a6b5c4d3e2f";

describe("entityHref", () => {
  it("links the entities that have a back-office page", () => {
    expect(entityHref("order", id)).toBe(`/admin/orders/${id}`);
    expect(entityHref("customer", id)).toBe(`/admin/customers/${id}`);
    expect(entityHref("product", id)).toBe(`/admin/products/${id}`);
    expect(entityHref("category", id)).toBe("/admin/categories");
  });

  it("links nothing for other entities, no id, or an id that is not a UUID", () => {
    expect(entityHref("variant", id)).toBeUndefined();
    expect(entityHref("order", null)).toBeUndefined();
    expect(entityHref("order", "../../etc")).toBeUndefined();
  });
});

describe("formatJson", () => {
  it("indents objects and keeps scalars readable", () => {
    expect(formatJson({ status: "paid", note: null })).toBe('{\n  "status": "paid",\n  "note": null\n}');
    expect(formatJson("x")).toBe('"x"');
    expect(formatJson(undefined)).toBe("undefined");
  });
});
