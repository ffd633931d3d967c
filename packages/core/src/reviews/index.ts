export * from "./review.schemas";
export { createReview, createReviewService, findOwnReview, listReviews, type ReviewService } from "./review.service";
