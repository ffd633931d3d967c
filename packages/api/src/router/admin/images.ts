import { createTRPCRouter } from "../../trpc";

// Scaffolding (issue 16): the back office's images procedures, under /admin/... with tags ["admin"].
export const adminImagesRouter = createTRPCRouter({});
