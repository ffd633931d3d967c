export * from "./review.schemas";
export { createReview, decodeReviewCursor, encodeReviewCursor, listReviews } from "./review.service";
