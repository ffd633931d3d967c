// The back office's reviews (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { createReviewAdmin, type ReviewAdmin } from "./reviews-admin.service";
export {
  AdminReview,
  AdminReviewModeration,
  AdminReviewPage,
  HideReviewInput,
  ListAdminReviewsInput,
  AdminReviewIdInput,
} from "./reviews-admin.schemas";
