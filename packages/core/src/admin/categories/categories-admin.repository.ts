/** The back office's category queries; every write runs inside the tree lock (lockCategoryTree). */
import { Prisma } from "@shop/db";
import { categoryAncestors } from "../../catalog/category.repository";
import type { Queryable } from "../../infra/queryable";

export interface AdminCategoryRow {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  parent_id: string | null;
  position: number;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  product_count: number;
  active_product_count: number;
}

const SELECT = Prisma.sql`
  SELECT c.id::text AS id, c.slug, c.name, c.description, c.parent_id::text AS parent_id, c.position, c.archived_at,
         c.created_at, c.updated_at,
         (SELECT count(*)::int FROM products p WHERE p.category_id = c.id) AS product_count,
         (SELECT count(*)::int FROM products p WHERE p.category_id = c.id AND p.is_active) AS active_product_count
  FROM categories c`;

/** Every category (archived too), siblings in the public tree's order: position, then name, then id. */
export function findAllAdminCategories(db: Queryable): Promise<AdminCategoryRow[]> {
  return db.$queryRaw<AdminCategoryRow[]>`${SELECT} ORDER BY c.position, c.name, c.id`;
}

export async function findAdminCategory(db: Queryable, id: string): Promise<AdminCategoryRow | null> {
  const [row] = await db.$queryRaw<AdminCategoryRow[]>`${SELECT} WHERE c.id = ${id}::uuid`;
  return row ?? null;
}

/**
 * Serialises every change of the category tree until the transaction ends. Tree writes are rare and small;
 * one lock makes "is the new parent inside the moved subtree?" a question nobody can change while it is asked
 * (two concurrent moves A under B and B under A: the second sees the first and is refused).
 */
export async function lockCategoryTree(tx: Queryable): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('shop:category-tree'))`;
}

/** The ids from `id` up to its root (itself first). */
export async function findAncestorIds(db: Queryable, id: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`${categoryAncestors(Prisma.sql`${id}::uuid`)}
    SELECT id::text AS id FROM up ORDER BY depth`;
  return rows.map((r) => r.id);
}

/** Levels in the subtree of `id` (1: no sub-categories). */
export async function findSubtreeHeight(db: Queryable, id: string): Promise<number> {
  const [row] = await db.$queryRaw<{ height: number }[]>`
    WITH RECURSIVE down AS (
      SELECT id, 1 AS level FROM categories WHERE id = ${id}::uuid
      UNION ALL
      SELECT c.id, d.level + 1 FROM categories c JOIN down d ON c.parent_id = d.id WHERE d.level < 64
    )
    SELECT max(level)::int AS height FROM down`;
  return row?.height ?? 1;
}

/** The children of `parentId` (null: the top level) in tree order, as ids. */
export async function findSiblingIds(db: Queryable, parentId: string | null): Promise<string[]> {
  const rows = await db.category.findMany({
    where: { parentId },
    select: { id: true },
    orderBy: [{ position: "asc" }, { name: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => r.id);
}

/** Positions 0..n-1 in the order of `ids` (only rows whose position changes are written). */
export async function renumber(tx: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRaw`
    UPDATE categories AS c SET position = (v.n - 1)::int, updated_at = CURRENT_TIMESTAMP
    FROM unnest(${[...ids]}::uuid[]) WITH ORDINALITY AS v(id, n)
    WHERE c.id = v.id AND c.position <> v.n - 1`;
}

export async function slugTaken(db: Queryable, slug: string, exceptId?: string): Promise<boolean> {
  const row = await db.category.findFirst({ where: { slug, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  return row !== null;
}

/** Slugs in use that are `base` or `base-<n>`, for picking the next free one. */
export async function findSlugsLike(db: Queryable, base: string): Promise<string[]> {
  const rows = await db.category.findMany({
    where: { OR: [{ slug: base }, { slug: { startsWith: `${base}-` } }] },
    select: { slug: true },
  });
  return rows.map((r) => r.slug);
}

export async function insertCategory(
  tx: Queryable,
  data: { name: string; slug: string; parentId: string | null; description: string | null; position: number },
): Promise<string> {
  const row = await tx.category.create({ data, select: { id: true } });
  return row.id;
}

export async function updateCategoryFields(
  tx: Queryable,
  id: string,
  data: { name?: string; slug?: string; description?: string | null; parentId?: string | null; archivedAt?: Date | null },
): Promise<void> {
  await tx.category.update({ where: { id }, data, select: { id: true } });
}

/** What keeps a category from being archived: sub-categories still shown, products still on sale. */
export async function findArchiveBlockers(db: Queryable, id: string, take: number) {
  // One after another: inside an interactive transaction queries share one connection.
  const children = await db.category.findMany({
    where: { parentId: id, archivedAt: null },
    select: { id: true, slug: true, name: true },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    take,
  });
  const activeChildCount = await db.category.count({ where: { parentId: id, archivedAt: null } });
  const products = await db.product.findMany({
    where: { categoryId: id, isActive: true },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take,
  });
  const activeProductCount = await db.product.count({ where: { categoryId: id, isActive: true } });
  return { children, activeChildCount, products, activeProductCount };
}
