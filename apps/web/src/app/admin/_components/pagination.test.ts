import { describe, expect, it } from "vitest";
import { cursorState, MAX_TRAIL, pageWindow } from "./pagination-state";

describe("admin pagination", () => {
  it("knows the earlier pages of a keyset list from the address", () => {
    expect(cursorState({})).toEqual({ cursor: undefined, trail: [] });
    expect(cursorState({ cursor: "c2" })).toEqual({ cursor: "c2", trail: [""] });
    expect(cursorState({ cursor: "c3", prev: ".c2" })).toEqual({ cursor: "c3", trail: ["", "c2"] });
  });

  it("ignores tampered trail entries and keeps at most MAX_TRAIL of them", () => {
    expect(cursorState({ cursor: "c3", prev: ".c2.<script>" }).trail).toEqual(["", "c2"]);
    const long = Array.from({ length: MAX_TRAIL + 5 }, (_, i) => `c${i}`).join(".");
    expect(cursorState({ cursor: "x", prev: long }).trail).toHaveLength(MAX_TRAIL);
  });

  it("links the first, the last and the pages around the current one", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 4)).toEqual([1, 2, 3, 4]);
    expect(pageWindow(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
    expect(pageWindow(20, 20)).toEqual([1, null, 18, 19, 20]);
  });
});
