import { describe, expect, it } from "vitest";
import { paymentStatusOf } from "./orders-admin.repository";
import { AdminOrderListInput, AdminRefundInput, AdminTransitionInput, normalisePhoneFilter, orderFiltersOf, parseDateBound } from "./orders-admin.schemas";

describe("normalisePhoneFilter", () => {
  it("takes E.164 and its digits written the usual ways", () => {
    expect(normalisePhoneFilter("+447400123456")).toBe("+447400123456");
    expect(normalisePhoneFilter("447400123456")).toBe("+447400123456");
    expect(normalisePhoneFilter("+44 7400 123-456")).toBe("+447400123456");
    expect(normalisePhoneFilter("0044 (7400) 123.456")).toBe("+447400123456");
  });
  it("refuses what cannot be a number", () => {
    for (const bad of ["", "+", "12345", "+0447400123456", "phone", "+44740012345678901", "44x7400123456"]) {
      expect(normalisePhoneFilter(bad), bad).toBeNull();
    }
  });
});

describe("parseDateBound", () => {
  it("reads a date as its whole UTC day: from its start, to the next day's start", () => {
    expect(parseDateBound("2026-12-01", "from")?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(parseDateBound("2026-12-01", "to")?.toISOString()).toBe("2026-12-02T00:00:00.000Z");
  });
  it("reads an instant as it is, offsets included", () => {
    expect(parseDateBound("2026-12-01T09:30:00+02:00", "to")?.toISOString()).toBe("2026-12-01T07:30:00.000Z");
    expect(parseDateBound("2026-12-01T09:30Z", "from")?.toISOString()).toBe("2026-12-01T09:30:00.000Z");
  });
  it("refuses impossible and loose dates", () => {
    for (const bad of ["2026-02-30", "2026-13-01", "yesterday", "1733000000", "2026-12-01 09:30", "2026-12-01T09:30:00"]) {
      expect(parseDateBound(bad, "from"), bad).toBeNull();
    }
  });
});

describe("paymentStatusOf", () => {
  it("derives unpaid, paid, partially_refunded and refunded from paid_at, refunded_total and total", () => {
    expect(paymentStatusOf({ paidAt: null, refundedTotal: 0, total: 1_000 })).toBe("unpaid");
    expect(paymentStatusOf({ paidAt: new Date(), refundedTotal: 0, total: 1_000 })).toBe("paid");
    expect(paymentStatusOf({ paidAt: new Date(), refundedTotal: 1, total: 1_000 })).toBe("partially_refunded");
    expect(paymentStatusOf({ paidAt: new Date(), refundedTotal: 1_000, total: 1_000 })).toBe("refunded");
    // A payment that came after the order was cancelled (never paid_at) and was given back in full.
    expect(paymentStatusOf({ paidAt: null, refundedTotal: 1_000, total: 1_000 })).toBe("refunded");
  });
});

describe("AdminOrderListInput and orderFiltersOf", () => {
  it("parses query strings into filters: several statuses, a number prefix in upper case, a phone in E.164", () => {
    const input = AdminOrderListInput.parse({ status: "paid,shipped,paid", number: "so-2026", phone: "44 7400 123456", page: "2", pageSize: "50" });
    expect(input).toMatchObject({ page: 2, pageSize: 50, sort: "newest" });
    expect(orderFiltersOf(input)).toMatchObject({ statuses: ["paid", "shipped"], numberPrefix: "SO-2026", phone: "+447400123456" });
  });
  it("names each bad field", () => {
    const result = AdminOrderListInput.safeParse({ status: "paid,lost", paymentStatus: "maybe", createdFrom: "2026-02-30", number: "SO%", page: "0", sort: "name" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths.sort()).toEqual(["createdFrom", "number", "page", "paymentStatus", "sort", "status"]);
  });
  it("refuses unknown fields, a one-letter search and hex page numbers", () => {
    expect(AdminOrderListInput.safeParse({ userId: "x" }).success).toBe(false);
    expect(AdminOrderListInput.safeParse({ q: "a" }).success).toBe(false);
    expect(AdminOrderListInput.safeParse({ page: "0x10" }).success).toBe(false);
  });
});

describe("transition and refund bodies", () => {
  it("moves only to paid, shipped, delivered or cancelled, with a note of at most 500 characters", () => {
    expect(AdminTransitionInput.safeParse({ id: "x", status: "pending" }).success).toBe(false);
    expect(AdminTransitionInput.safeParse({ id: "x", status: "shipped", note: "a".repeat(501) }).success).toBe(false);
    expect(AdminTransitionInput.parse({ id: "x", status: "shipped", note: "  DHL 123  " }).note).toBe("DHL 123");
  });
  it("requires a reason for a refund and a positive whole amount", () => {
    expect(AdminRefundInput.safeParse({ id: "x" }).success).toBe(false);
    expect(AdminRefundInput.safeParse({ id: "x", reason: "   " }).success).toBe(false);
    expect(AdminRefundInput.safeParse({ id: "x", reason: "damaged", amount: 0 }).success).toBe(false);
    expect(AdminRefundInput.safeParse({ id: "x", reason: "damaged", amount: 1.5 }).success).toBe(false);
    expect(AdminRefundInput.parse({ id: "x", reason: "damaged", amount: 500 })).toEqual({ id: "x", reason: "damaged", amount: 500 });
  });
});
