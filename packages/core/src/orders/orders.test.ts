import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/domain-error";
import { canonicalJson, parseIdempotencyKey, requestHash } from "./idempotency";
import { uuidv7 } from "../infra/uuid";
import { generateOrderNumber, ORDER_NUMBER_PATTERN } from "./ids";
import { encodeNewestCursor as encodeOrderCursor } from "../infra/cursor";
import { ORDER_TRANSITIONS } from "./order.service";

describe("order numbers", () => {
  it("are SO-<UTC date>-<6 Crockford base32 characters> and vary", () => {
    const at = new Date("2026-12-01T23:59:59.000Z");
    const numbers = new Set(Array.from({ length: 500 }, () => generateOrderNumber(at)));
    for (const number of numbers) {
      expect(number).toMatch(ORDER_NUMBER_PATTERN);
      expect(number.startsWith("SO-20261201-")).toBe(true);
      expect(number.slice(12)).not.toMatch(/[ILOU]/);
    }
    expect(numbers.size).toBeGreaterThan(495);
  });
});

describe("uuidv7", () => {
  it("is a version 7, RFC 9562 variant UUID whose first 48 bits are the time", () => {
    const at = new Date("2026-12-01T10:00:00.123Z");
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(at.getTime());
    expect(uuidv7(new Date(at.getTime() + 1)) > id).toBe(true);
  });
});

describe("Idempotency-Key", () => {
  it("accepts 1..255 printable ASCII characters and refuses anything else with a 400", () => {
    expect(parseIdempotencyKey(null)).toBeUndefined();
    expect(parseIdempotencyKey("a")).toBe("a");
    expect(parseIdempotencyKey("~".repeat(255))).toHaveLength(255);
    for (const bad of ["", "x".repeat(256), "naïve", "line\nbreak", "\u0000"]) {
      expect(() => parseIdempotencyKey(bad)).toThrow(DomainError);
    }
  });

  it("hashes bodies by content, not key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(requestHash({ note: "x", shippingAddress: { city: "A", line1: "B" } })).toBe(
      requestHash({ shippingAddress: { line1: "B", city: "A" }, note: "x" }),
    );
    expect(requestHash({ note: "x" })).not.toBe(requestHash({ note: "y" }));
    expect(requestHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("order lifecycle", () => {
  it("only moves forward, and cancels only before shipping", () => {
    expect(ORDER_TRANSITIONS).toEqual({
      pending: ["paid", "cancelled"],
      paid: ["shipped", "cancelled"],
      shipped: ["delivered"],
      delivered: [],
      cancelled: [],
    });
  });
});

describe("order cursors", () => {
  it("are opaque base64url", () => {
    const cursor = encodeOrderCursor({ createdAt: "2026-12-01T10:00:00.000Z", id: "0195a8f0-0000-7000-8000-000000000000" });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
