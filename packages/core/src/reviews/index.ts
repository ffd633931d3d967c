export * from "./review.schemas";
export { createReview, findOwnReview, listReviews } from "./review.service";
