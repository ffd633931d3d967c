import { CreateReviewInput, ListReviewsInput, OwnReviewInput, Review, ReviewPage } from "@shop/core";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const reviewsRouter = createTRPCRouter({
  create: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/shop/products/{id}/review",
        tags: ["reviews"],
        summary: "Review a product (once per customer)",
        description:
          "`{id}` is the product id or slug. verifiedPurchase is set by the shop (a non-cancelled order containing " +
          "the product), never by the client; unknown fields are a 400. The product's rating summary is updated " +
          "with the review.",
        protect: true,
        errorResponses: {
          400: "Invalid rating, text too long or unknown field",
          401: "Missing or invalid access token",
          404: "Unknown or inactive product",
          409: "Already reviewed by the caller",
        },
      },
      successStatus: 201,
    })
    .input(CreateReviewInput)
    .output(Review)
    .mutation(({ ctx, input }) => ctx.services.reviews.create(ctx.user.id, input)),

  mine: protectedProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/shop/products/{id}/review",
        tags: ["reviews"],
        summary: "The caller's own review of a product",
        description: "`{id}` is the product id or slug. A storefront shows this instead of the review form.",
        protect: true,
        errorResponses: {
          400: "Invalid product reference",
          401: "Missing or invalid access token",
          404: "Unknown or inactive product, or not reviewed by the caller",
        },
      },
    })
    .input(OwnReviewInput)
    .output(Review)
    .query(({ ctx, input }) => ctx.services.reviews.mine(ctx.user.id, input)),

  list: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/shop/products/{id}/reviews",
        tags: ["reviews"],
        summary: "A product's reviews, newest first, with its rating summary",
        description: "`{id}` is the product id or slug. Keyset paginated: pass nextCursor as `cursor` for the next page.",
        protect: false,
        errorResponses: { 400: "Invalid limit or cursor", 404: "Unknown or inactive product" },
      },
    })
    .input(ListReviewsInput)
    .output(ReviewPage)
    .query(({ ctx, input }) => ctx.services.reviews.list(input)),
});
