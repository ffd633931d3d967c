import { createTRPCRouter } from "../../trpc";

// Scaffolding (issue 16): the back office's customers procedures, under /admin/... with tags ["admin"].
export const adminCustomersRouter = createTRPCRouter({});
