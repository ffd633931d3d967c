import { Prisma, type Db } from "@shop/db";
import type { CategoryRef } from "./catalog.schemas";

export interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  parentId: string | null;
  position: number;
}

/** The shop's categories: archived ones (and so their sub-categories, archived first) are left out. */
export function findAllCategories(db: Db): Promise<CategoryRow[]> {
  return db.category.findMany({
    where: { archivedAt: null },
    select: { id: true, slug: true, name: true, description: true, parentId: true, position: true },
    orderBy: [{ position: "asc" }, { name: "asc" }, { id: "asc" }],
  });
}

// Deeper than any real catalogue; only there so a parent cycle in bad data cannot loop forever.
const MAX_DEPTH = 64;

/**
 * `up`: the category `start` names and its ancestors (id, slug, name, parent_id; depth 0 is the category itself),
 * for a statement to select from. The one query of a category path: the detail page embeds it, creation runs it alone.
 */
export function categoryAncestors(start: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`WITH RECURSIVE up AS (
      SELECT c.id, c.slug, c.name, c.parent_id, 0 AS depth FROM categories c WHERE c.id = ${start}
      UNION ALL
      SELECT c.id, c.slug, c.name, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id
      WHERE up.depth < ${MAX_DEPTH}
    )`;
}

/** The ancestors of a category from the root down to the category itself. */
export async function findCategoryPath(db: Db, categoryId: string): Promise<CategoryRef[]> {
  return db.$queryRaw<CategoryRef[]>`${categoryAncestors(Prisma.sql`${categoryId}::uuid`)}
    SELECT id::text AS id, slug, name FROM up ORDER BY depth DESC`;
}
