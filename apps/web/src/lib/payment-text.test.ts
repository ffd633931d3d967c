import { describe, expect, it } from "vitest";
import { expiredUnpaid, formatTimeLeft, paymentStatusText } from "./payment-text";

const base = {
  status: "pending" as const,
  paymentMethod: "stripe" as const,
  total: 2_500,
  refundedTotal: 0,
  currency: "USD",
  paidAt: null,
  cancelledAt: null,
  expiresAt: "2026-12-03T10:30:00.000Z",
};

describe("paymentStatusText", () => {
  it("follows the order from awaiting payment to paid", () => {
    expect(paymentStatusText(base)).toBe("Awaiting payment");
    expect(paymentStatusText({ ...base, status: "paid", paidAt: "2026-12-03T10:05:00.000Z" })).toBe("Paid");
    expect(paymentStatusText({ ...base, status: "delivered", paidAt: "2026-12-03T10:05:00.000Z" })).toBe("Paid");
  });

  it("names the amount refunded, in full or in part", () => {
    const paid = { ...base, status: "cancelled" as const, paidAt: "2026-12-03T10:05:00.000Z", cancelledAt: "2026-12-03T10:06:00.000Z" };
    expect(paymentStatusText({ ...paid, refundedTotal: 2_500 })).toBe("Refunded $25.00");
    expect(paymentStatusText({ ...paid, status: "paid", refundedTotal: 500 })).toBe("Paid, $5.00 refunded");
  });

  it("tells an expired order from one its customer cancelled", () => {
    const expired = { ...base, status: "cancelled" as const, cancelledAt: "2026-12-03T10:30:01.000Z" };
    expect(expiredUnpaid(expired)).toBe(true);
    expect(paymentStatusText(expired)).toBe("Not paid (expired)");
    const withdrawn = { ...expired, cancelledAt: "2026-12-03T10:10:00.000Z" };
    expect(expiredUnpaid(withdrawn)).toBe(false);
    expect(paymentStatusText(withdrawn)).toBe("Not paid");
    expect(expiredUnpaid({ ...expired, expiresAt: null })).toBe(false);
  });
});

describe("formatTimeLeft", () => {
  it("is coarser the further away the end is, and never negative", () => {
    expect(formatTimeLeft(29 * 60_000 + 5_000)).toBe("29 min 05 s");
    expect(formatTimeLeft(59_999)).toBe("59 s");
    expect(formatTimeLeft(2 * 3_600_000 + 5 * 60_000 + 30_000)).toBe("2 h 05 min");
    expect(formatTimeLeft(3 * 86_400_000 + 4 * 3_600_000)).toBe("3 d 4 h");
    expect(formatTimeLeft(-5_000)).toBe("0 s");
  });
});
