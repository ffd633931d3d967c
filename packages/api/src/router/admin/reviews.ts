import { createTRPCRouter } from "../../trpc";

// Scaffolding (issue 16): the back office's reviews procedures, under /admin/... with tags ["admin"].
export const adminReviewsRouter = createTRPCRouter({});
