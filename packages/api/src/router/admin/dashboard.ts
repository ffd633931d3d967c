import { Dashboard, DashboardInput } from "@shop/core";
import { createTRPCRouter, staffProcedure } from "../../trpc";

export const adminDashboardRouter = createTRPCRouter({
  get: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/dashboard",
        tags: ["admin"],
        summary: "Staff: sales, orders by status, low stock, top products",
        description:
          "Sales per currency today, in the last 7 and the last 30 days (days start at midnight in the shop's time " +
          "zone, SHOP_TIMEZONE): orders paid in the period (gross), refunds given in it, and net = gross - refunds. " +
          "Every order by status; active variants at or below the low-stock threshold, lowest first (20); the 10 " +
          "products with the most units sold in paid, not cancelled orders of the 30 days.",
        protect: true,
        errorResponses: {
          400: "Invalid lowStockThreshold",
          401: "Missing or invalid access token",
          403: "Staff or administrator access required",
          503: "Busy, retry",
        },
      },
    })
    .input(DashboardInput)
    .output(Dashboard)
    .query(({ ctx, input }) => ctx.services.admin.dashboard.get(ctx.actor, input)),
});
