import { describe, expect, it } from "vitest";
import type { CategoryRow } from "./category.repository";
import { buildCategoryTree } from "./category.service";

const row = (id: string, parentId: string | null, position = 0): CategoryRow => ({
  id,
  slug: id,
  name: id.toUpperCase(),
  description: null,
  parentId,
  position,
});

describe("buildCategoryTree", () => {
  it("nests children under their parents at any depth, keeping the given sibling order", () => {
    const tree = buildCategoryTree([row("a", null), row("b", null), row("a1", "a"), row("a2", "a"), row("a1x", "a1")]);
    expect(tree.map((n) => n.id)).toEqual(["a", "b"]);
    expect(tree[0]!.children.map((n) => n.id)).toEqual(["a1", "a2"]);
    expect(tree[0]!.children[0]!.children.map((n) => n.id)).toEqual(["a1x"]);
    expect(tree[1]!.children).toEqual([]);
  });

  it("leaves out categories caught in a parent cycle, so the output stays finite", () => {
    const tree = buildCategoryTree([row("root", null), row("x", "y"), row("y", "x")]);
    expect(tree.map((n) => n.id)).toEqual(["root"]);
    expect(() => JSON.stringify(tree)).not.toThrow();
  });
});
