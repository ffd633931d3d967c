import { describe, expect, it } from "vitest";
import { z } from "zod";
import { uuidv7 } from "./uuid";

describe("uuidv7", () => {
  it("makes valid version-7 UUIDs that sort in creation order, even within one millisecond", () => {
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    for (const id of ids.slice(0, 50)) {
      expect(z.uuid({ version: "v7" }).safeParse(id).success, id).toBe(true);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const ms = parseInt(ids[0]!.replace(/-/g, "").slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });
});
