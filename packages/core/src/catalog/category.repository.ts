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

export function findAllCategories(db: Db): Promise<CategoryRow[]> {
  return db.category.findMany({
    select: { id: true, slug: true, name: true, description: true, parentId: true, position: true },
    orderBy: [{ position: "asc" }, { name: "asc" }, { id: "asc" }],
  });
}

// Deeper than any real catalogue; only there so a parent cycle in bad data cannot loop forever.
const MAX_DEPTH = 64;

/** The ancestors of a category from the root down to the category itself. */
export async function findCategoryPath(db: Db, categoryId: string): Promise<CategoryRef[]> {
  return db.$queryRaw<CategoryRef[]>(Prisma.sql`
    WITH RECURSIVE up AS (
      SELECT id, slug, name, parent_id, 0 AS depth FROM categories WHERE id = ${categoryId}::uuid
      UNION ALL
      SELECT c.id, c.slug, c.name, c.parent_id, up.depth + 1
      FROM categories c JOIN up ON c.id = up.parent_id
      WHERE up.depth < ${MAX_DEPTH}
    )
    SELECT id::text AS id, slug, name FROM up ORDER BY depth DESC`);
}
