export * from "./review.schemas";
export { createReview, decodeReviewCursor, encodeReviewCursor, findOwnReview, listReviews } from "./review.service";
