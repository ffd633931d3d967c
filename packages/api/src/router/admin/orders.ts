import {
  AdminOrderDetail,
  AdminOrderExportInput,
  AdminOrderIdInput,
  AdminOrderListInput,
  AdminOrderPage,
  AdminRefundInput,
  AdminTransitionInput,
  Refund,
} from "@shop/core";
import { z } from "zod";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../../trpc";

const STAFF = { 401: "Missing or invalid access token", 403: "Staff or administrator access required" } as const;

/** The back office's orders: staff list, read, export and move orders on; refunds are an admin's. */
export const adminOrdersRouter = createTRPCRouter({
  list: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/orders",
        tags: ["admin"],
        summary: "Staff: orders, filtered and sorted, by page",
        description:
          "Filters combine (AND): status (one or several, comma-separated), paymentStatus (derived: unpaid, paid, " +
          "partially_refunded, refunded), paymentMethod, createdFrom/createdTo (a date is a whole UTC day, or an " +
          "ISO instant), phone (the customer's, exactly: E.164 or its digits), number (exact or its beginning), q " +
          "(number prefix, or part of the customer's name, email or phone). Sorted newest (default), oldest or " +
          "total_desc. Numbered pages: total counts matching orders up to 10,000 (totalIsExact false beyond), and " +
          "pages reach as far as that count; narrow the filters or export CSV for more.",
        protect: true,
        errorResponses: { 400: "Invalid filter, sort or page (`issues` per field; details.maxPage past the last page)", ...STAFF, 503: "Busy, retry" },
      },
    })
    .input(AdminOrderListInput)
    .output(AdminOrderPage)
    .query(({ ctx, input }) => ctx.services.admin.orders.list(ctx.actor, input)),

  export: staffProcedure
    .meta({
      cacheControl: "no-store",
      produces: "text/csv",
      openapi: {
        method: "GET",
        path: "/admin/orders/export",
        tags: ["admin"],
        summary: "Staff: the filtered orders as CSV, streamed",
        description:
          "The same filters and sort as GET /admin/orders, every matching order (no pages), read in batches as the " +
          "download proceeds. Columns: number, created_at, status, payment_status, payment_method, customer_name, " +
          "customer_phone, item_count, subtotal, shipping, total, refunded (minor units), currency. A name that a " +
          "spreadsheet would run as a formula is prefixed with '.",
        protect: true,
        errorResponses: { 400: "Invalid filter or sort", ...STAFF, 503: "Busy, retry" },
      },
    })
    .input(AdminOrderExportInput)
    .output(z.null())
    .query(async ({ ctx, input }) => {
      ctx.http.body = await ctx.services.admin.orders.exportCsv(ctx.actor, input);
      const day = new Date().toISOString().slice(0, 10);
      ctx.http.headers.set("content-disposition", `attachment; filename="orders-${day}.csv"`);
      return null;
    }),

  byId: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/orders/{id}",
        tags: ["admin"],
        summary: "Staff: one order with its payments, history and texts",
        description:
          "The order (items, address, totals, refundedTotal, refundable), its customer, payments (provider, status, " +
          "amounts), payment events (type, outcome, receivedAt; never the raw payload), refunds, status history " +
          "(from, to, note, who, when), the texts sent to the customer, and allowedTransitions.",
        protect: true,
        errorResponses: { ...STAFF, 404: "No such order", 503: "Busy, retry" },
      },
    })
    .input(AdminOrderIdInput)
    .output(AdminOrderDetail)
    .query(({ ctx, input }) => ctx.services.admin.orders.byId(ctx.actor, input.id)),

  transition: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/orders/{id}/transitions",
        tags: ["admin"],
        summary: "Staff: move an order on, with a note",
        description:
          "pending -> paid -> shipped -> delivered, or -> cancelled from pending or paid, with the same effects as " +
          "the shop's own status change: stock back on cancel, a text to the customer, a manual payment recorded " +
          "when an order is marked paid. Cancelling a paid order refunds what is left of its payment first, which " +
          "only an administrator may do (403 for staff). The note goes into the order's history; the move is " +
          "audited. An illegal move is a 409 with details {from, to, allowed}. Answers the order as GET does.",
        protect: true,
        errorResponses: {
          400: "Unknown status or field, or a note over 500 characters",
          401: "Missing or invalid access token",
          403: "Staff or administrator access required; cancelling a paid order (a refund) needs an administrator",
          404: "No such order",
          409: "Illegal transition (details.allowed lists the next statuses)",
          503: "Busy, or the payment provider did not answer (nothing changed)",
        },
      },
    })
    .input(AdminTransitionInput)
    .output(AdminOrderDetail)
    .mutation(({ ctx, input }) => ctx.services.admin.orders.transition(ctx.actor, input)),

  refund: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/orders/{id}/refunds",
        tags: ["admin"],
        summary: "Admin: refund part or all of an order's payment",
        description:
          "Through the payments module and the provider that took the money (manual: recorded as given back by " +
          "hand). amount defaults to everything paid and not yet refunded; refunds never exceed what was paid. The " +
          "reason is required and kept; the refund is audited. The order's status does not change.",
        protect: true,
        errorResponses: {
          400: "Invalid amount, missing reason or unknown field",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          404: "No such order",
          409: "Nothing (or less) left to refund, or no payment",
          503: "The payment provider did not answer (Retry-After); nothing was refunded",
        },
      },
      successStatus: 201,
    })
    .input(AdminRefundInput)
    .output(Refund)
    .mutation(({ ctx, input }) => ctx.services.admin.orders.refund(ctx.actor, input)),
});
