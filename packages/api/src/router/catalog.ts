import { z } from "zod";
import {
  CategoryTree,
  CreateProductInput,
  ListProductsInput,
  Product,
  ProductFacets,
  ProductFacetsInput,
  ProductIdInput,
  ProductList,
  RelatedProducts,
  RelatedProductsInput,
} from "@shop/core";
import { adminProcedure, createTRPCRouter, publicProcedure } from "../trpc";

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
    .query(({ ctx, input }) => ctx.services.catalog.list(input)),

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
    .query(({ ctx, input }) => ctx.services.catalog.byId(input.id)),

  facets: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/shop/facets",
        tags: ["catalog"],
        summary: "Facet counts for a product list's filters",
        description:
          "Takes the filters of GET /shop/products (q, category, minPrice, maxPrice, inStock, options) and counts " +
          "the matching products: in total, in stock, per category (sub-categories included), per price band " +
          "and per option value. Each dimension is counted under every filter but its own, so the other values " +
          "of a chosen option keep their counts. Option values count products with an active variant of that " +
          "value that also has the other chosen option values (and stock, with inStock=true).",
        protect: false,
        errorResponses: { 400: "Invalid parameter or unknown parameter" },
      },
    })
    .input(ProductFacetsInput)
    .output(ProductFacets)
    .query(({ ctx, input }) => ctx.services.catalog.facets(input)),

  related: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/shop/products/{id}/related",
        tags: ["catalog"],
        summary: "Products related to one",
        description:
          "Active products in stock from the product's own category first, then from its sibling categories " +
          "(same parent), each best rated first; never the product itself. Empty for a product without a category.",
        protect: false,
        errorResponses: { 404: "No active product with this id or slug" },
      },
    })
    .input(RelatedProductsInput)
    .output(RelatedProducts)
    .query(({ ctx, input }) => ctx.services.catalog.related(input)),

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
    .query(({ ctx }) => ctx.services.catalog.categories()),

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
    .mutation(({ ctx, input }) => ctx.services.catalog.create(input)),
});
