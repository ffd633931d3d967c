/** Pure helpers of the back office's category tree: nesting rows, and the sibling order after a move. */
import type { AdminCategory, AdminCategoryNode } from "./categories-admin.schemas";

/**
 * Nests categories (already in sibling order) under their parents and adds up subtree product counts. A row
 * whose parent is missing, or that sits in a parent cycle, is reachable from no root and left out.
 */
export function buildAdminTree(rows: readonly AdminCategory[]): AdminCategoryNode[] {
  const nodes = new Map<string, AdminCategoryNode>();
  for (const row of rows) nodes.set(row.id, { ...row, subtreeProductCount: row.productCount, children: [] });
  const roots: AdminCategoryNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    if (row.parentId === null) roots.push(node);
    else nodes.get(row.parentId)?.children.push(node);
  }
  const total = (node: AdminCategoryNode): number => {
    node.subtreeProductCount = node.productCount + node.children.reduce((sum, child) => sum + total(child), 0);
    return node.subtreeProductCount;
  };
  roots.forEach(total);
  return roots;
}

/** `siblings` without `id`, then `id` placed at `position` (clamped to the end): the new sibling order. */
export function placeAmong(siblings: readonly string[], id: string, position: number): string[] {
  const others = siblings.filter((s) => s !== id);
  const at = Math.max(0, Math.min(position, others.length));
  return [...others.slice(0, at), id, ...others.slice(at)];
}

/** `base`, or `base-2`, `base-3`... whichever is not taken (`taken`: the slugs in use that look like these). */
export function freeSlug(base: string, taken: readonly string[], maxLength: number): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, maxLength - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}
