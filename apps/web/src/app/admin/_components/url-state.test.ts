import { describe, expect, it } from "vitest";
import { hrefWith, oneOf, param, withoutPage } from "./url-state";

describe("admin url state", () => {
  it("reads the first non-empty value of a parameter", () => {
    expect(param({ q: ["  shoe ", "x"] }, "q")).toBe("shoe");
    expect(param({ q: "  " }, "q")).toBeUndefined();
    expect(param({}, "q")).toBeUndefined();
  });

  it("accepts only the allowed values of an enumerated parameter", () => {
    const sorts = ["name", "price"] as const;
    expect(oneOf({ sort: "price" }, "sort", sorts, "name")).toBe("price");
    expect(oneOf({ sort: "'; drop" }, "sort", sorts, "name")).toBe("name");
    expect(oneOf({}, "sort", sorts)).toBeUndefined();
  });

  it("builds canonical addresses: changes applied, empty values dropped, repeated values kept", () => {
    expect(hrefWith("/admin/products", { q: "mug", status: "", cursor: "abc" }, { cursor: undefined, sort: "price" })).toBe(
      "/admin/products?q=mug&sort=price",
    );
    expect(hrefWith("/admin/products", { tag: ["a", "b"] })).toBe("/admin/products?tag=a&tag=b");
    expect(hrefWith("/admin/products", {})).toBe("/admin/products");
  });

  it("drops the page position when the list changes", () => {
    expect(withoutPage({ q: "mug", cursor: "c", prev: "a,b", page: "3" })).toEqual({ q: "mug" });
  });
});
