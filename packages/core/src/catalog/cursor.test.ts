import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/domain-error";
import { decodeProductCursor, encodeProductCursor, type ProductCursor } from "./cursor";

const id = "0192f5a4-7c1e-7b2a-9c3d-4e5f6a7b8c9d";
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function rejected(value: string, sort: ProductCursor["sort"] = "newest"): DomainError {
  try {
    decodeProductCursor(value, sort);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("VALIDATION");
    expect((error as DomainError).details).toEqual({ field: "cursor" });
    return error as DomainError;
  }
  throw new Error(`accepted ${value}`);
}

describe("product cursors", () => {
  const cursors: ProductCursor[] = [
    { sort: "newest", createdAt: "2026-12-01T10:11:12.345Z", id },
    { sort: "price_asc", price: 1999, id },
    { sort: "price_desc", price: 0, id },
    { sort: "rating", ratingAverage: "4.50", ratingCount: 12, id },
    { sort: "relevance", score: 607927, id },
  ];

  it.each(cursors)("round-trips a $sort cursor as opaque base64url", (cursor) => {
    const encoded = encodeProductCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeProductCursor(encoded, cursor.sort)).toEqual(cursor);
  });

  it("refuses a cursor made for another sort order", () => {
    const newest = encodeProductCursor(cursors[0]!);
    expect(rejected(newest, "price_asc").message).toMatch(/sort=newest/);
    rejected(encodeProductCursor(cursors[1]!), "price_desc");
    rejected(encodeProductCursor(cursors[3]!), "newest");
    expect(rejected(encodeProductCursor(cursors[4]!), "newest").message).toMatch(/sort=relevance/);
    rejected(encodeProductCursor(cursors[0]!), "relevance");
  });

  it("refuses garbage and tampered values before they can reach SQL", () => {
    rejected("");
    rejected("not a cursor!");
    rejected("%%%");
    rejected("x".repeat(600));
    rejected(Buffer.from("not json").toString("base64url"));
    rejected(b64({ sort: "newest" }));
    rejected(b64(["newest", "yesterday", id]));
    rejected(b64(["newest", "2026-12-01T10:11:12.345Z", "' OR 1=1 --"]));
    rejected(b64(["price_asc", "1999", id]), "price_asc");
    rejected(b64(["price_asc", -1, id]), "price_asc");
    rejected(b64(["price_asc", 1.5, id]), "price_asc");
    rejected(b64(["price_asc", 2 ** 31, id]), "price_asc");
    rejected(b64(["rating", "4.5; DROP TABLE products", 1, id]), "rating");
    rejected(b64(["rating", "4.50", 1, id, "extra"]), "rating");
    rejected(b64(["bogus", 1, id]));
    rejected(b64(["relevance", 0.5, id]), "relevance");
    rejected(b64(["relevance", -1, id]), "relevance");
    rejected(b64(["relevance", "1", id]), "relevance");
  });
});
