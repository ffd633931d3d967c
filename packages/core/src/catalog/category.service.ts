import type { Db } from "@shop/db";
import type { CategoryNode, CategoryTree } from "./catalog.schemas";
import { findAllCategories, type CategoryRow } from "./category.repository";

/** Nests rows (already ordered by position, then name) under their parents; siblings keep that order. */
export function buildCategoryTree(rows: readonly CategoryRow[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const row of rows) {
    nodes.set(row.id, { id: row.id, slug: row.slug, name: row.name, description: row.description, children: [] });
  }
  const roots: CategoryNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parent = row.parentId ? nodes.get(row.parentId) : undefined;
    if (!row.parentId) roots.push(node);
    else parent?.children.push(node);
  }
  // A node in a parent cycle is reachable from no root and is left out, so the output stays a finite tree.
  return roots;
}

/** The whole public category tree (small: one query, nested in memory). A cache can wrap this as is. */
export async function getCategoryTree(db: Db): Promise<CategoryTree> {
  return { items: buildCategoryTree(await findAllCategories(db)) };
}
