import { createTRPCRouter } from "../../trpc";
import { adminAuditRouter } from "./audit";
import { adminCategoriesRouter } from "./categories";
import { adminCustomersRouter } from "./customers";
import { adminDashboardRouter } from "./dashboard";
import { adminImagesRouter } from "./images";
import { adminOrdersRouter } from "./orders";
import { adminProductsRouter } from "./products";
import { adminReviewsRouter } from "./reviews";

/**
 * The back office, REST under /api/v1/admin/... (every operation tagged "admin") and tRPC for /admin pages.
 * adminProcedure: admins only; staffProcedure: staff too (orders, fulfilment, stock).
 */
export const adminRouter = createTRPCRouter({
  products: adminProductsRouter,
  images: adminImagesRouter,
  categories: adminCategoriesRouter,
  orders: adminOrdersRouter,
  customers: adminCustomersRouter,
  reviews: adminReviewsRouter,
  dashboard: adminDashboardRouter,
  audit: adminAuditRouter,
});
