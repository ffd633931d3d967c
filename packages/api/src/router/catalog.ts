import { z } from "zod";
import {
  CategoryTree,
  createProduct,
  CreateProductInput,
  getCategoryTree,
  getProduct,
  listProducts,
  ListProductsInput,
  Product,
  ProductIdInput,
  ProductList,
} from "@shop/core";
import type { Context } from "../context";
import { adminProcedure, createTRPCRouter, publicProcedure } from "../trpc";

/** Public reads go through the in-process catalogue cache (ApiConfig/env CATALOG_CACHE_TTL_MS; off in tests). */
function cached<T>(ctx: Context, key: string, load: () => Promise<T>): Promise<T> {
  return ctx.services.catalogCache.get(key, load) as Promise<T>;
}

export const catalogRouter = createTRPCRouter({
  list: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/shop/products",
        tags: ["catalog"],
        summary: "List active products",
        description:
          "Keyset pagination: pass nextCursor back as cursor (with the same sort and filters) until it is null. " +
          "Filters combine with AND. Sorts: relevance (the default with q), newest (the default without q), " +
          "price_asc, price_desc, rating. q matches names, tags, category names and descriptions, with English " +
          "word forms, the last word as a prefix and typo tolerance; relevance ranks name matches first and " +
          "applies while the database expects at most 1,000 matches (broader searches are newest first; the " +
          "answer's sort says which). total counts every match: exact up to 1,000, an estimate above " +
          "(totalIsEstimate). Unknown parameters and a cursor of another sort are a 400.",
        protect: false,
        errorResponses: { 400: "Invalid parameter, unknown parameter or bad cursor" },
      },
    })
    .input(ListProductsInput)
    .output(ProductList)
    .query(({ ctx, input }) => cached(ctx, `list:${JSON.stringify(input)}`, () => listProducts(ctx.db, input))),

  byId: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/shop/products/{id}",
        tags: ["catalog"],
        summary: "One active product by id or slug",
        protect: false,
        errorResponses: { 404: "No active product with this id or slug" },
      },
    })
    .input(ProductIdInput)
    .output(Product)
    .query(({ ctx, input }) => cached(ctx, `product:${input.id}`, () => getProduct(ctx.db, input.id))),

  categories: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/shop/categories",
        tags: ["catalog"],
        summary: "The category tree",
        description: "Every category, nested under its parent at any depth; siblings ordered by position, then name.",
        protect: false,
      },
    })
    .input(z.void())
    .output(CategoryTree)
    .query(({ ctx }) => cached(ctx, "categories", () => getCategoryTree(ctx.db))),

  create: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/shop/products",
        tags: ["catalog"],
        summary: "Create a product (admin)",
        description:
          "The slug is derived from the name when absent. Rating, activity and ids cannot be set: unknown fields " +
          "are a 400. An unknown categoryId is a 400 with details.field = categoryId.",
        protect: true,
        errorResponses: {
          400: "Invalid or forbidden field, or unknown category",
          401: "Missing or invalid access token",
          403: "Not an administrator",
          409: "Slug already in use",
        },
      },
      successStatus: 201,
    })
    .input(CreateProductInput)
    .output(Product)
    .mutation(async ({ ctx, input }) => {
      const product = await createProduct(ctx.db, input);
      ctx.services.catalogCache.clear();
      ctx.http.status = 201;
      return product;
    }),
});
