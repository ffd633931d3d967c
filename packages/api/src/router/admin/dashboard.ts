import { createTRPCRouter } from "../../trpc";

// Scaffolding (issue 16): the back office's dashboard procedures, under /admin/... with tags ["admin"].
export const adminDashboardRouter = createTRPCRouter({});
