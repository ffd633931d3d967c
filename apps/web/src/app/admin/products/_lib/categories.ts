/** A category tree flattened for a <select>: "Parent › Child" labels, in tree order. */
export interface CategoryChoice {
  id: string;
  label: string;
  archived?: boolean;
}

interface TreeNode {
  id: string;
  name: string;
  archivedAt?: string | null;
  children?: readonly TreeNode[];
}

export function flattenCategories(nodes: readonly TreeNode[], prefix = ""): CategoryChoice[] {
  const out: CategoryChoice[] = [];
  for (const node of nodes) {
    out.push({ id: node.id, label: `${prefix}${node.name}${node.archivedAt ? " (archived)" : ""}`, archived: Boolean(node.archivedAt) });
    out.push(...flattenCategories(node.children ?? [], `${prefix}${node.name} › `));
  }
  return out;
}
