/** The admin category tree, as the page gets it (AdminCategoryNode), and what the editor needs from it. */
export interface CategoryNode {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  parentId: string | null;
  position: number;
  archivedAt: string | null;
  productCount: number;
  activeProductCount: number;
  subtreeProductCount: number;
  children: CategoryNode[];
}

export interface ParentChoice {
  id: string;
  label: string;
  archived: boolean;
}

/**
 * Every category as a possible parent, "A › B" labels in tree order, leaving out `exclude` and everything under it
 * (a category cannot move under itself: the API refuses such a cycle with 409, the form never offers it).
 */
export function parentChoices(nodes: readonly CategoryNode[], exclude?: string, prefix = ""): ParentChoice[] {
  const out: ParentChoice[] = [];
  for (const node of nodes) {
    if (node.id === exclude) continue;
    out.push({ id: node.id, label: `${prefix}${node.name}`, archived: node.archivedAt !== null });
    out.push(...parentChoices(node.children, exclude, `${prefix}${node.name} › `));
  }
  return out;
}

/** The siblings of a node's new parent, for the position select ("first", "after X"...). */
export function childrenOf(nodes: readonly CategoryNode[], parentId: string | null): CategoryNode[] {
  return parentId === null ? [...nodes] : (findNode(nodes, parentId)?.children ?? []);
}

export function findNode(nodes: readonly CategoryNode[], id: string): CategoryNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const found = findNode(node.children, id);
    if (found) return found;
  }
  return undefined;
}
