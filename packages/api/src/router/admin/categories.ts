import { createTRPCRouter } from "../../trpc";

// Scaffolding (issue 16): the back office's categories procedures, under /admin/... with tags ["admin"].
export const adminCategoriesRouter = createTRPCRouter({});
