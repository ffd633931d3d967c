import { describe, expect, it } from "vitest";
import type { AdminCategory } from "./categories-admin.schemas";
import { buildAdminTree, freeSlug, placeAmong } from "./category-tree";

const row = (id: string, parentId: string | null, productCount = 0): AdminCategory => ({
  id,
  slug: id,
  name: id,
  description: null,
  parentId,
  position: 0,
  archivedAt: null,
  productCount,
  activeProductCount: productCount,
  createdAt: "2026-12-05T00:00:00.000Z",
  updatedAt: "2026-12-05T00:00:00.000Z",
});

describe("buildAdminTree", () => {
  it("nests children in row order and adds up products of the whole subtree", () => {
    const tree = buildAdminTree([row("a", null, 1), row("b", "a", 2), row("c", "b", 4), row("d", "a", 8), row("e", null)]);
    expect(tree.map((n) => n.id)).toEqual(["a", "e"]);
    expect(tree[0]!.children.map((n) => n.id)).toEqual(["b", "d"]);
    expect(tree[0]!.subtreeProductCount).toBe(15);
    expect(tree[0]!.children[0]!.subtreeProductCount).toBe(6);
  });

  it("leaves out rows in a parent cycle or under a missing parent", () => {
    const tree = buildAdminTree([row("x", "y"), row("y", "x"), row("z", "missing"), row("r", null)]);
    expect(tree.map((n) => n.id)).toEqual(["r"]);
  });
});

describe("placeAmong", () => {
  it("moves within the same siblings", () => {
    expect(placeAmong(["a", "b", "c", "d"], "d", 0)).toEqual(["d", "a", "b", "c"]);
    expect(placeAmong(["a", "b", "c", "d"], "a", 2)).toEqual(["b", "c", "a", "d"]);
  });
  it("inserts among new siblings, a position past the end meaning last", () => {
    expect(placeAmong(["a", "b"], "x", 1)).toEqual(["a", "x", "b"]);
    expect(placeAmong(["a", "b"], "x", 99)).toEqual(["a", "b", "x"]);
    expect(placeAmong([], "x", 3)).toEqual(["x"]);
  });
});

describe("freeSlug", () => {
  it("takes the base when free, else the first free numbered one", () => {
    expect(freeSlug("tools", [], 120)).toBe("tools");
    expect(freeSlug("tools", ["tools", "tools-2", "tools-4"], 120)).toBe("tools-3");
  });
  it("keeps within the length limit", () => {
    expect(freeSlug("abcdef", ["abcdef"], 6)).toBe("abcd-2");
  });
});
