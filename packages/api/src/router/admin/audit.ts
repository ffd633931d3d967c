import { createTRPCRouter } from "../../trpc";

// Scaffolding (issue 16): the back office's audit procedures, under /admin/... with tags ["admin"].
export const adminAuditRouter = createTRPCRouter({});
