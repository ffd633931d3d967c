import { describe, expect, it } from "vitest";
import { formatAmount, ORDER_EVENTS, orderMessage } from "./order-messages";

const order = { number: "SO-20261203-7KQ2M9", total: 4_250, currency: "USD", refundedTotal: 0, paymentMethod: "stripe" };

describe("order texts", () => {
  it("name the order and its sums, and nothing else about the customer", () => {
    for (const event of ORDER_EVENTS) {
      const text = orderMessage(event, { ...order, refundedTotal: event === "refunded" ? 1_000 : 0 });
      expect(text).toContain(order.number);
      expect(text.length).toBeLessThanOrEqual(160);
    }
    expect(orderMessage("paid", order)).toBe("Shop: payment of 42.50 USD received for order SO-20261203-7KQ2M9. Thank you!");
    expect(orderMessage("placed", { ...order, paymentMethod: "manual" })).toContain("Pay on delivery");
    expect(orderMessage("cancelled", { ...order, refundedTotal: 4_250 })).toContain("42.50 USD refunded");
  });

  it("formats minor units by the currency's decimals", () => {
    expect(formatAmount(1_200, "JPY")).toBe("1200 JPY");
    expect(formatAmount(1_234, "KWD")).toBe("1.234 KWD");
    expect(formatAmount(5, "EUR")).toBe("0.05 EUR");
  });
});
