import { AdminReviewIdInput, AdminReviewModeration, AdminReviewPage, HideReviewInput, ListAdminReviewsInput } from "@shop/core";
import { adminProcedure, createTRPCRouter } from "../../trpc";

const tags = ["admin"];

/** Review moderation (admins only): hiding and restoring keep the product's rating summary exact. */
export const adminReviewsRouter = createTRPCRouter({
  list: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/reviews",
        tags,
        summary: "Reviews to moderate, newest first",
        description:
          "Every product's reviews, hidden ones included, with their author. Filters: productId, rating, hidden, q " +
          "(title, text or author's name). Keyset paginated with the total matching. Admins only.",
        protect: true,
        errorResponses: {
          400: "Invalid filter, limit or cursor",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          503: "Busy, retry",
        },
      },
    })
    .input(ListAdminReviewsInput)
    .output(AdminReviewPage)
    .query(({ ctx, input }) => ctx.services.admin.reviews.list(ctx.actor, input)),

  hide: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/reviews/{id}/hide",
        tags,
        summary: "Hide a review from the shop",
        description:
          "Left out of the product's reviews and of its rating summary, recomputed at once (answered here). Its " +
          "author still sees it as their own. Hiding a hidden review again only updates the reason. Audited.",
        protect: true,
        errorResponses: {
          400: "Missing reason, invalid id or unknown field",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          404: "No such review",
          503: "Busy, retry",
        },
      },
    })
    .input(HideReviewInput)
    .output(AdminReviewModeration)
    .mutation(({ ctx, input }) => ctx.services.admin.reviews.hide(ctx.actor, input)),

  restore: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/reviews/{id}/restore",
        tags,
        summary: "Show a hidden review again",
        description: "Back in the product's reviews and rating summary (recomputed at once). Audited.",
        protect: true,
        errorResponses: {
          400: "Invalid id or unknown field",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          404: "No such review",
          503: "Busy, retry",
        },
      },
    })
    .input(AdminReviewIdInput)
    .output(AdminReviewModeration)
    .mutation(({ ctx, input }) => ctx.services.admin.reviews.restore(ctx.actor, input)),
});
