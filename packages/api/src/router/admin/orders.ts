import { createTRPCRouter } from "../../trpc";

// Scaffolding (issue 16): the back office's orders procedures, under /admin/... with tags ["admin"].
export const adminOrdersRouter = createTRPCRouter({});
