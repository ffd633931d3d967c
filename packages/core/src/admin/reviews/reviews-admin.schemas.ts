import { z } from "zod";
import { QueryBoolean, QueryInt, QueryLimit } from "../../infra/query-params";
import { UUID_PATTERN } from "../../infra/uuid";

const Id = z.string().regex(UUID_PATTERN, "Must be a UUID");

export const ListAdminReviewsInput = z
  .object({
    productId: Id.optional().describe("Only this product's reviews"),
    rating: QueryInt(1, 5, { description: "Only reviews of this many stars" }).optional(),
    hidden: QueryBoolean.optional().describe("true: hidden reviews only; false: visible ones only"),
    q: z.string().trim().max(120).optional().describe("Part of the title, text or author's name (any case)"),
    limit: QueryLimit(100, 25),
    cursor: z.string().max(512).optional().describe("nextCursor of the previous page"),
  })
  .strict();
export type ListAdminReviewsInput = z.infer<typeof ListAdminReviewsInput>;

export const HideReviewInput = z
  .object({
    id: Id.describe("Review id"),
    reason: z.string().trim().min(1, "Say why the review is hidden").max(200).describe("Kept for the shop; never shown to customers"),
  })
  .strict();
export type HideReviewInput = z.infer<typeof HideReviewInput>;

export const AdminReviewIdInput = z.object({ id: Id.describe("Review id") }).strict();
export type AdminReviewIdInput = z.infer<typeof AdminReviewIdInput>;

export const AdminReview = z
  .object({
    id: z.string(),
    productId: z.string(),
    productName: z.string(),
    productSlug: z.string(),
    rating: z.number().int().min(1).max(5),
    title: z.string().nullable(),
    comment: z.string().nullable(),
    verifiedPurchase: z.boolean(),
    author: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string() }),
    hiddenAt: z.string().nullable().describe("ISO 8601; null: shown in the shop"),
    hiddenReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "AdminReview" });
export type AdminReview = z.infer<typeof AdminReview>;

export const AdminReviewPage = z
  .object({ items: z.array(AdminReview), nextCursor: z.string().nullable(), total: z.number().int() })
  .meta({ id: "AdminReviewPage" });
export type AdminReviewPage = z.infer<typeof AdminReviewPage>;

/** A moderated review with its product's rating summary as it is now (visible reviews only). */
export const AdminReviewModeration = z
  .object({
    review: AdminReview,
    ratingAverage: z.number().describe("The product's mean rating over its visible reviews, 2 decimals"),
    ratingCount: z.number().int().describe("The product's visible reviews"),
  })
  .meta({ id: "AdminReviewModeration" });
export type AdminReviewModeration = z.infer<typeof AdminReviewModeration>;
