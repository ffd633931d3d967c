import { slugify } from "../../catalog/slug";
import { DomainError } from "../../errors/domain-error";
import { isUniqueViolation } from "../../infra/db-errors";
import type { Queryable } from "../../infra/queryable";
import { requireAdmin, type Actor } from "../actor";
import { recordAudit } from "../audit/audit-record";
import type { AdminDeps } from "../services";
import {
  findAdminCategory,
  findAllAdminCategories,
  findAncestorIds,
  findArchiveBlockers,
  findSiblingIds,
  findSlugsLike,
  findSubtreeHeight,
  insertCategory,
  lockCategoryTree,
  renumber,
  slugTaken,
  updateCategoryFields,
  type AdminCategoryRow,
} from "./categories-admin.repository";
import {
  MAX_CATEGORY_DEPTH,
  type AdminCategory,
  type AdminCategoryTree,
  type AdminCategoryIdInput,
  type CreateCategoryInput,
  type MoveCategoryInput,
  type UpdateCategoryInput,
} from "./categories-admin.schemas";
import { buildAdminTree, freeSlug, placeAmong } from "./category-tree";

const SLUG_MAX = 120;
/** How many blocking sub-categories and products a refused archive names. */
const BLOCKERS_LISTED = 20;

const notFound = () => new DomainError("NOT_FOUND", "Category not found");
const slugConflict = (slug: string, cause?: unknown) =>
  new DomainError("CONFLICT", `The slug "${slug}" is already used by another category`, { details: { field: "slug" }, cause });

function toCategory(row: AdminCategoryRow): AdminCategory {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    parentId: row.parent_id,
    position: row.position,
    archivedAt: row.archived_at ? new Date(row.archived_at).toISOString() : null,
    productCount: row.product_count,
    activeProductCount: row.active_product_count,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The fields the audit log keeps of a category. */
const audited = (c: AdminCategory) => ({
  name: c.name,
  slug: c.slug,
  description: c.description,
  parentId: c.parentId,
  position: c.position,
  archivedAt: c.archivedAt,
});

/**
 * Categories in the back office (admins only). Every write takes the tree lock (lockCategoryTree), so moves
 * never make a cycle and sibling positions stay dense (0..n-1, in the public tree's order) whatever runs at the
 * same time. Archiving is refused (409, naming them) while the category still has sub-categories that are not
 * archived or products on sale: nothing on sale ever disappears from the menus by surprise, and an active
 * category's parents are always active. The shop's tree and category filters leave archived categories out;
 * every write clears the catalogue cache, and the products' search documents follow renames and moves by trigger.
 */
export interface CategoryAdmin {
  tree(actor: Actor): Promise<AdminCategoryTree>;
  create(actor: Actor, input: CreateCategoryInput): Promise<AdminCategory>;
  update(actor: Actor, input: UpdateCategoryInput): Promise<AdminCategory>;
  move(actor: Actor, input: MoveCategoryInput): Promise<AdminCategory>;
  archive(actor: Actor, input: AdminCategoryIdInput): Promise<AdminCategory>;
  restore(actor: Actor, input: AdminCategoryIdInput): Promise<AdminCategory>;
}

export function createCategoryAdmin(deps: AdminDeps): CategoryAdmin {
  const { db, catalogCache } = deps;
  const now = deps.clock ?? (() => new Date());

  /** A write inside the tree lock; the catalogue cache is cleared once it has committed. */
  async function write(actor: Actor, fn: (tx: Queryable) => Promise<AdminCategory>, slug?: string): Promise<AdminCategory> {
    requireAdmin(actor, "edit categories");
    try {
      const result = await db.$transaction(async (tx) => {
        await lockCategoryTree(tx);
        return fn(tx);
      });
      catalogCache.clear();
      return result;
    } catch (error) {
      if (isUniqueViolation(error, "slug")) throw slugConflict(slug ?? "", error);
      throw error;
    }
  }

  async function existing(tx: Queryable, id: string): Promise<AdminCategory> {
    const row = await findAdminCategory(tx, id);
    if (!row) throw notFound();
    return toCategory(row);
  }

  /** The parent a category may be placed under: known, shown in the shop, and with room below it. */
  async function checkParent(tx: Queryable, parentId: string, subtreeHeight: number): Promise<string[]> {
    const parent = await findAdminCategory(tx, parentId);
    if (!parent) throw new DomainError("VALIDATION", "Unknown parent category", { details: { field: "parentId" } });
    if (parent.archived_at) {
      throw new DomainError("CONFLICT", `"${parent.name}" is archived: restore it first, or choose another parent`, { details: { field: "parentId" } });
    }
    const ancestors = await findAncestorIds(tx, parentId);
    if (ancestors.length + subtreeHeight > MAX_CATEGORY_DEPTH) {
      throw new DomainError("VALIDATION", `Categories nest at most ${MAX_CATEGORY_DEPTH} levels deep`, {
        details: { field: "parentId", maxDepth: MAX_CATEGORY_DEPTH },
      });
    }
    return ancestors;
  }

  async function audit(tx: Queryable, actor: Actor, action: string, summary: string, before: AdminCategory | null, after: AdminCategory) {
    await recordAudit(tx, actor, {
      action,
      entityType: "category",
      entityId: after.id,
      summary,
      before: before ? audited(before) : undefined,
      after: audited(after),
    });
  }

  return {
    async tree(actor) {
      requireAdmin(actor, "edit categories");
      const rows = await findAllAdminCategories(db);
      return { items: buildAdminTree(rows.map(toCategory)) };
    },

    create(actor, input) {
      return write(
        actor,
        async (tx) => {
          const parentId = input.parentId?.toLowerCase() ?? null;
          if (parentId) await checkParent(tx, parentId, 1);
          let slug = input.slug;
          if (slug === undefined) {
            const base = slugify(input.name, SLUG_MAX);
            if (base === "") {
              throw new DomainError("VALIDATION", "The name has no letters or digits to make an address from: give a slug", {
                details: { field: "slug" },
              });
            }
            slug = freeSlug(base, await findSlugsLike(tx, base), SLUG_MAX);
          } else if (await slugTaken(tx, slug)) {
            throw slugConflict(slug);
          }
          const siblings = await findSiblingIds(tx, parentId);
          const id = await insertCategory(tx, {
            name: input.name,
            slug,
            parentId,
            description: input.description || null,
            position: siblings.length,
          });
          await renumber(tx, [...siblings, id]);
          const created = await existing(tx, id);
          await audit(tx, actor, "category.create", `Created category ${created.name} (${created.slug})`, null, created);
          return created;
        },
        input.slug,
      );
    },

    update(actor, input) {
      return write(
        actor,
        async (tx) => {
          const before = await existing(tx, input.id);
          if (input.slug !== undefined && input.slug !== before.slug && (await slugTaken(tx, input.slug, before.id))) {
            throw slugConflict(input.slug);
          }
          const data = {
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.slug !== undefined ? { slug: input.slug } : {}),
            ...(input.description !== undefined ? { description: input.description || null } : {}),
          };
          await updateCategoryFields(tx, before.id, data);
          const after = await existing(tx, before.id);
          const changes = (["name", "slug", "description"] as const).filter((k) => before[k] !== after[k]);
          if (changes.length > 0) {
            const summary =
              before.name !== after.name ? `Renamed category ${before.name} -> ${after.name}` : `Edited category ${after.name} (${changes.join(", ")})`;
            await audit(tx, actor, "category.update", summary, before, after);
          }
          return after;
        },
        input.slug,
      );
    },

    move(actor, input) {
      return write(actor, async (tx) => {
        const before = await existing(tx, input.id);
        const parentId = input.parentId?.toLowerCase() ?? null;
        if (parentId === before.id) {
          throw new DomainError("CONFLICT", "A category cannot be moved under itself", { details: { field: "parentId" } });
        }
        if (parentId) {
          const ancestors = await checkParent(tx, parentId, await findSubtreeHeight(tx, before.id));
          if (ancestors.includes(before.id)) {
            throw new DomainError("CONFLICT", "A category cannot be moved under one of its own sub-categories", {
              details: { field: "parentId" },
            });
          }
        }
        const from = before.parentId;
        const target = placeAmong(await findSiblingIds(tx, parentId), before.id, input.position);
        if (from !== parentId) {
          await updateCategoryFields(tx, before.id, { parentId });
          await renumber(tx, (await findSiblingIds(tx, from)).filter((id) => id !== before.id));
        }
        await renumber(tx, target);
        const after = await existing(tx, before.id);
        if (after.parentId !== before.parentId || after.position !== before.position) {
          await audit(
            tx,
            actor,
            "category.move",
            from === parentId ? `Moved category ${after.name} to place ${after.position + 1}` : `Moved category ${after.name} to another parent`,
            before,
            after,
          );
        }
        return after;
      });
    },

    archive(actor, { id }) {
      return write(actor, async (tx) => {
        const before = await existing(tx, id);
        if (before.archivedAt) return before;
        const blockers = await findArchiveBlockers(tx, id, BLOCKERS_LISTED);
        if (blockers.activeChildCount > 0 || blockers.activeProductCount > 0) {
          const parts = [
            blockers.activeChildCount > 0 ? `${blockers.activeChildCount} sub-categor${blockers.activeChildCount === 1 ? "y" : "ies"}` : null,
            blockers.activeProductCount > 0 ? `${blockers.activeProductCount} product${blockers.activeProductCount === 1 ? "" : "s"} on sale` : null,
          ].filter(Boolean);
          throw new DomainError("CONFLICT", `"${before.name}" still has ${parts.join(" and ")}: archive or move them first`, {
            details: {
              activeChildCount: blockers.activeChildCount,
              children: blockers.children,
              activeProductCount: blockers.activeProductCount,
              products: blockers.products,
            },
          });
        }
        await updateCategoryFields(tx, id, { archivedAt: now() });
        const after = await existing(tx, id);
        await audit(tx, actor, "category.archive", `Archived category ${after.name}`, before, after);
        return after;
      });
    },

    restore(actor, { id }) {
      return write(actor, async (tx) => {
        const before = await existing(tx, id);
        if (!before.archivedAt) return before;
        if (before.parentId) {
          const parent = await existing(tx, before.parentId);
          if (parent.archivedAt) {
            throw new DomainError("CONFLICT", `Its parent "${parent.name}" is archived: restore it first`, { details: { parentId: parent.id } });
          }
        }
        await updateCategoryFields(tx, id, { archivedAt: null });
        const after = await existing(tx, id);
        await audit(tx, actor, "category.restore", `Restored category ${after.name}`, before, after);
        return after;
      });
    },
  };
}
