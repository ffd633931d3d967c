import { describe, expect, it } from "vitest";
import { addRefusalMessage, addRoom, lineLimit, setRefusalMessage } from "./cart.rules";

describe("lineLimit and addRoom", () => {
  it("is the lower of stock and cap, never negative; room is what is left of it", () => {
    expect(lineLimit(42, 50)).toBe(42);
    expect(lineLimit(100, 50)).toBe(50);
    expect(lineLimit(-3, 50)).toBe(0);
    expect(addRoom(42, 50, 3)).toBe(39);
    expect(addRoom(3, 50, 5)).toBe(0);
  });
});

describe("refusal messages", () => {
  it("name the bound that applies, for adding and for setting alike", () => {
    expect(addRefusalMessage({ stock: 42, lineCap: 50, inCart: 0 })).toBe("Only 42 in stock: add 42 or fewer");
    expect(addRefusalMessage({ stock: 42, lineCap: 50, inCart: 3 })).toBe("Only 42 in stock, and your cart already holds 3: add 39 or fewer");
    expect(addRefusalMessage({ stock: 100, lineCap: 50, inCart: 50 })).toBe("At most 50 of one product per cart, and your cart already holds 50: you cannot add more");
    expect(addRefusalMessage({ stock: 0, lineCap: 50, inCart: 0 })).toBe("This product is out of stock");
    expect(setRefusalMessage({ stock: 42, lineCap: 50, inCart: 3 })).toBe("Only 42 in stock: choose 42 or fewer");
    expect(setRefusalMessage({ stock: 100, lineCap: 50, inCart: 3 })).toBe("At most 50 of one product per cart: choose 50 or fewer");
    expect(setRefusalMessage({ stock: 0, lineCap: 50, inCart: 3 })).toBe("This product is out of stock: remove it from your cart");
  });
});
