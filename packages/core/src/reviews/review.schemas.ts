import { z } from "zod";
import { QueryLimit } from "../infra/query-params";

/** A product id (UUID) or its slug, as given in the path. */
const ProductRef = z.string().trim().min(1).max(160).describe("Product id (UUID) or slug");

/** What a customer may send; anything else (verifiedPurchase, userId, productId, ratingAverage...) is a 400. */
export const CreateReviewInput = z
  .object({
    id: ProductRef,
    // The pipe keeps trpc-to-openapi from coercing the JSON body field (true would become 1 star).
    rating: z.number().int().min(1).max(5).pipe(z.number()).describe("Whole stars, 1 to 5"),
    title: z.string().trim().max(120).optional(),
    comment: z.string().trim().max(5_000).optional(),
  })
  .strict();
export type CreateReviewInput = z.infer<typeof CreateReviewInput>;

export const OwnReviewInput = z.object({ id: ProductRef }).strict();
export type OwnReviewInput = z.infer<typeof OwnReviewInput>;

export const ListReviewsInput = z
  .object({
    id: ProductRef,
    limit: QueryLimit(),
    cursor: z.string().min(1).max(200).optional().describe("nextCursor of the previous page"),
  })
  .strict();
export type ListReviewsInput = z.infer<typeof ListReviewsInput>;

/** The public face of a review: the author's display name only, never their id or phone. */
export const Review = z
  .object({
    id: z.string(),
    productId: z.string(),
    rating: z.number().int().min(1).max(5),
    title: z.string().nullable(),
    comment: z.string().nullable(),
    verifiedPurchase: z.boolean().describe("The author had a non-cancelled order containing the product"),
    author: z.object({ name: z.string().describe('Display name, or "Customer"') }),
    createdAt: z.string().describe("ISO 8601"),
  })
  .meta({ id: "Review" });
export type Review = z.infer<typeof Review>;

export const ReviewPage = z
  .object({
    items: z.array(Review),
    nextCursor: z.string().nullable(),
    ratingAverage: z.number().describe("Mean rating of the product, 2 decimals; 0 without reviews"),
    ratingCount: z.number().int(),
  })
  .meta({ id: "ReviewPage" });
export type ReviewPage = z.infer<typeof ReviewPage>;
