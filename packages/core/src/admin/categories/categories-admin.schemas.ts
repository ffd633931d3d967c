import { z } from "zod";
import { SLUG_PATTERN } from "../../catalog/slug";
import { UUID_PATTERN } from "../../infra/uuid";

/** How deep the tree may go (a root category is level 1); the shop's menus and breadcrumbs stay usable. */
export const MAX_CATEGORY_DEPTH = 8;
const SLUG_MAX = 120;

const Id = z.string().regex(UUID_PATTERN, "Must be a UUID");
const Name = z.string().trim().min(1, "Give the category a name").max(120);
const Slug = z
  .string()
  .trim()
  .max(SLUG_MAX)
  .regex(SLUG_PATTERN, "Lowercase letters and digits joined by single hyphens, e.g. garden-tools")
  .describe("Unique; the shop's address of the category (/categories/<slug>)");
const Description = z.string().trim().max(2_000).nullable();
// trpc-to-openapi coerces a bare z.number() in a JSON body (null -> 0); a pipe is left alone.
const Position = z.number().int().min(0).max(10_000).pipe(z.number());

export const CreateCategoryInput = z
  .object({
    name: Name,
    slug: Slug.optional().describe("Made from the name when absent (with -2, -3... if taken)"),
    parentId: Id.nullable().optional().describe("Parent category; absent or null: a top-level category"),
    description: Description.optional(),
  })
  .strict();
export type CreateCategoryInput = z.infer<typeof CreateCategoryInput>;

export const UpdateCategoryInput = z
  .object({
    id: Id.describe("Category id"),
    name: Name.optional(),
    slug: Slug.optional(),
    description: Description.optional().describe("null clears it"),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.slug !== undefined || v.description !== undefined, {
    message: "Change at least one of name, slug, description",
    path: ["name"],
  });
export type UpdateCategoryInput = z.infer<typeof UpdateCategoryInput>;

export const MoveCategoryInput = z
  .object({
    id: Id.describe("Category id"),
    parentId: Id.nullable().describe("The new parent; null: top level. The same parent reorders the category among its siblings"),
    position: Position.describe("0-based place among the new siblings; past the end: last"),
  })
  .strict();
export type MoveCategoryInput = z.infer<typeof MoveCategoryInput>;

export const AdminCategoryIdInput = z.object({ id: Id.describe("Category id") }).strict();
export type AdminCategoryIdInput = z.infer<typeof AdminCategoryIdInput>;

const categoryFields = {
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  parentId: z.string().nullable(),
  position: z.number().int().describe("0-based place among its siblings"),
  archivedAt: z.string().nullable().describe("ISO 8601; null: shown in the shop"),
  productCount: z.number().int().describe("Products directly in the category, any state"),
  activeProductCount: z.number().int().describe("Of those, the ones on sale (active)"),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const AdminCategory = z.object(categoryFields).meta({ id: "AdminCategory" });
export type AdminCategory = z.infer<typeof AdminCategory>;

export interface AdminCategoryNode extends AdminCategory {
  subtreeProductCount: number;
  children: AdminCategoryNode[];
}

export const AdminCategoryNode: z.ZodType<AdminCategoryNode> = z
  .object({
    ...categoryFields,
    subtreeProductCount: z.number().int().describe("Products in the category and all its sub-categories"),
    get children() {
      return z.array(AdminCategoryNode);
    },
  })
  .meta({ id: "AdminCategoryNode" });

export const AdminCategoryTree = z
  .object({ items: z.array(AdminCategoryNode).describe("Top-level categories, archived ones included, in position order") })
  .meta({ id: "AdminCategoryTree" });
export type AdminCategoryTree = z.infer<typeof AdminCategoryTree>;
