import { describe, expect, it } from "vitest";
import { childrenOf, findNode, parentChoices, type CategoryNode } from "./tree";

const node = (id: string, children: CategoryNode[] = [], archived = false): CategoryNode => ({
  id,
  slug: id,
  name: id.toUpperCase(),
  description: null,
  parentId: null,
  position: 0,
  archivedAt: archived ? "2026-01-01T00:00:00.000Z" : null,
  productCount: 0,
  activeProductCount: 0,
  subtreeProductCount: 0,
  children,
});

const tree = [node("a", [node("b", [node("c")]), node("d")]), node("e", [], true)];

describe("category tree helpers", () => {
  it("offers every category as a parent, labelled with its path", () => {
    expect(parentChoices(tree).map((c) => c.label)).toEqual(["A", "A › B", "A › B › C", "A › D", "E"]);
    expect(parentChoices(tree).find((c) => c.id === "e")?.archived).toBe(true);
  });

  it("never offers a category or its descendants as its own parent", () => {
    expect(parentChoices(tree, "b").map((c) => c.id)).toEqual(["a", "d", "e"]);
    expect(parentChoices(tree, "a").map((c) => c.id)).toEqual(["e"]);
  });

  it("finds the siblings under a parent and a node anywhere", () => {
    expect(childrenOf(tree, null).map((n) => n.id)).toEqual(["a", "e"]);
    expect(childrenOf(tree, "a").map((n) => n.id)).toEqual(["b", "d"]);
    expect(childrenOf(tree, "b").map((n) => n.id)).toEqual(["c"]);
    expect(childrenOf(tree, "c")).toEqual([]);
    expect(findNode(tree, "c")?.name).toBe("C");
  });
});
