import {
  AdminCategory,
  AdminCategoryIdInput,
  AdminCategoryTree,
  CreateCategoryInput,
  MoveCategoryInput,
  UpdateCategoryInput,
} from "@shop/core";
import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../../trpc";

const tags = ["admin"];
const base = { 401: "Missing or invalid access token", 403: "Administrator access required", 503: "Busy, retry" } as const;

/** The category tree (admins only). Every write is audited and clears the shop's catalogue cache. */
export const adminCategoriesRouter = createTRPCRouter({
  tree: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/categories",
        tags,
        summary: "The whole category tree, archived categories included",
        description: "Siblings in position order, each with its products (direct, on sale, and in its whole subtree).",
        protect: true,
        errorResponses: { ...base },
      },
    })
    .input(z.object({}).strict())
    .output(AdminCategoryTree)
    .query(({ ctx }) => ctx.services.admin.categories.tree(ctx.actor)),

  create: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/categories",
        tags,
        summary: "Create a category",
        description:
          "Placed last among its siblings. The slug is made from the name when absent (-2, -3... when taken); a " +
          "slug given that is taken is a 409. The parent must exist (400) and not be archived (409).",
        protect: true,
        errorResponses: {
          400: "Invalid name, slug or description, unknown parent, too deep, or unknown field",
          ...base,
          409: "Slug taken, or the parent is archived",
        },
      },
      successStatus: 201,
    })
    .input(CreateCategoryInput)
    .output(AdminCategory)
    .mutation(({ ctx, input }) => ctx.services.admin.categories.create(ctx.actor, input)),

  update: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "PATCH",
        path: "/admin/categories/{id}",
        tags,
        summary: "Rename a category, change its slug or description",
        description: "The products' search documents follow a rename. description null clears it.",
        protect: true,
        errorResponses: { 400: "Invalid field, nothing to change, or unknown field", ...base, 404: "No such category", 409: "Slug taken" },
      },
    })
    .input(UpdateCategoryInput)
    .output(AdminCategory)
    .mutation(({ ctx, input }) => ctx.services.admin.categories.update(ctx.actor, input)),

  move: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/categories/{id}/move",
        tags,
        summary: "Move a category in the tree, or reorder it among its siblings",
        description:
          "parentId null: top level; the same parent: a reorder. position is its 0-based place among the new " +
          "siblings (past the end: last); positions stay 0..n-1 on both sides. Under itself or one of its own " +
          "sub-categories is a 409; moves run one at a time, so two crossing moves cannot make a cycle.",
        protect: true,
        errorResponses: {
          400: "Invalid position, unknown parent, too deep, or unknown field",
          ...base,
          404: "No such category",
          409: "The move would make a cycle, or the parent is archived",
        },
      },
    })
    .input(MoveCategoryInput)
    .output(AdminCategory)
    .mutation(({ ctx, input }) => ctx.services.admin.categories.move(ctx.actor, input)),

  archive: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/categories/{id}/archive",
        tags,
        summary: "Archive a category (hide it from the shop)",
        description:
          "Refused with 409 while it has sub-categories that are not archived or products on sale; details lists " +
          "them (children, products and their counts). Inactive products may stay in it. Archiving an archived " +
          "category changes nothing.",
        protect: true,
        errorResponses: { 400: "Invalid id", ...base, 404: "No such category", 409: "Active sub-categories or products on sale" },
      },
    })
    .input(AdminCategoryIdInput)
    .output(AdminCategory)
    .mutation(({ ctx, input }) => ctx.services.admin.categories.archive(ctx.actor, input)),

  restore: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/categories/{id}/restore",
        tags,
        summary: "Show an archived category in the shop again",
        description: "Its parent must not be archived (409: restore the parent first).",
        protect: true,
        errorResponses: { 400: "Invalid id", ...base, 404: "No such category", 409: "The parent is archived" },
      },
    })
    .input(AdminCategoryIdInput)
    .output(AdminCategory)
    .mutation(({ ctx, input }) => ctx.services.admin.categories.restore(ctx.actor, input)),
});
