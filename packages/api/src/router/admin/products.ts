import { createTRPCRouter } from "../../trpc";

// Scaffolding (issue 16): the back office's products procedures, under /admin/... with tags ["admin"].
export const adminProductsRouter = createTRPCRouter({});
