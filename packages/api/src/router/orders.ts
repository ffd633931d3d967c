import {
  CreateOrderInput,
  ListOrdersInput,
  Order,
  OrderIdInput,
  OrderPage,
  parseIdempotencyKey,
  Refund,
  RefundOrderInput,
  UpdateOrderStatusInput,
} from "@shop/core";
import { IdempotencyRequestHeaders, IdempotencyResponseHeaders } from "../headers";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

export const ordersRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/shop/orders",
        tags: ["orders"],
        summary: "The caller's orders, newest first",
        description:
          "Summaries (number, status, total, currency, itemCount = units ordered, createdAt); GET /shop/orders/{id} " +
          "has the full order. Keyset-paginated: pass nextCursor as cursor for the next page.",
        protect: true,
        errorResponses: { 400: "Invalid limit or cursor", 401: "Missing or invalid access token", 503: "Busy, retry" },
      },
    })
    .input(ListOrdersInput)
    .output(OrderPage)
    .query(({ ctx, input }) => ctx.services.orders.list(ctx.user.id, input)),

  create: protectedProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/shop/orders",
        tags: ["orders"],
        summary: "Check out: turn the whole cart into an order",
        description:
          "Copies each product's name and current price, decrements stock and empties the cart, all at once or not " +
          "at all. shippingAddress defaults to the profile's. 409 when stock does not cover the cart, with " +
          "details.lines = [{productId, requested, available}] for every short line (nothing changes). " +
          "Idempotency-Key: a repeat with the same body replays the first response (Idempotent-Replayed: true), " +
          "another body is a 422, a repeat while the first is still running a 409. 201 and 400 responses are kept " +
          "for the key; after a 409 out of stock or a 503 the key is free again, so the same retry may succeed.",
        protect: true,
        requestHeaders: IdempotencyRequestHeaders,
        responseHeaders: IdempotencyResponseHeaders,
        errorResponses: {
          400: "No shipping address, empty cart, unknown field or invalid Idempotency-Key",
          401: "Missing or invalid access token",
          409: "Not enough stock (details.lines), or a request with this Idempotency-Key is still running",
          422: "Idempotency-Key reused with a different body",
          503: "Busy, retry after Retry-After seconds",
        },
      },
      successStatus: 201,
    })
    .input(CreateOrderInput)
    .output(Order)
    .mutation(async ({ ctx, input }) => {
      const idempotencyKey = parseIdempotencyKey(ctx.req.headers.get("idempotency-key"));
      const outcome = await ctx.services.orders.create({ userId: ctx.user.id, input, idempotencyKey });
      if (outcome.replayed) ctx.http.headers.set("idempotent-replayed", "true");
      if (!outcome.ok) throw outcome.error;
      return outcome.order;
    }),

  byId: protectedProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/shop/orders/{id}",
        tags: ["orders"],
        summary: "One of the caller's orders",
        protect: true,
        errorResponses: { 401: "Missing or invalid access token", 404: "No such order of yours", 503: "Busy, retry" },
      },
    })
    .input(OrderIdInput)
    .output(Order)
    .query(({ ctx, input }) => ctx.services.orders.byId(ctx.user.id, input.id)),

  cancel: protectedProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/shop/orders/{id}/cancel",
        tags: ["orders"],
        summary: "Cancel a pending order",
        description: "Restores the items' stock. Only while the order is pending; otherwise 409 with details {from, to}.",
        protect: true,
        errorResponses: {
          401: "Missing or invalid access token",
          404: "No such order of yours",
          409: "The order is no longer pending",
          503: "Busy, retry",
        },
      },
    })
    .input(OrderIdInput)
    .output(Order)
    .mutation(({ ctx, input }) => ctx.services.orders.cancel(ctx.user.id, input.id)),

  updateStatus: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "PATCH",
        path: "/shop/orders/{id}/status",
        tags: ["orders", "admin"],
        summary: "Admin: move an order along its lifecycle",
        description:
          "pending -> paid -> shipped -> delivered, or -> cancelled from pending or paid (restores stock). Sets the " +
          "matching paidAt / shippedAt / deliveredAt / cancelledAt. Other moves are 409 with details {from, to}.",
        protect: true,
        errorResponses: {
          400: "Unknown status or field",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          404: "No such order",
          409: "Illegal transition",
          503: "Busy, retry",
        },
      },
    })
    .input(UpdateOrderStatusInput)
    .output(Order)
    .mutation(async ({ ctx, input }) => {
      // Cancelling a paid order gives its money back first (a refund that fails leaves the order as it was).
      if (input.status === "cancelled") await ctx.services.payments.refundBeforeCancel(input.id, ctx.user.id);
      const order = await ctx.services.orders.updateStatus(input.id, input.status, { actorId: ctx.user.id });
      if (input.status === "paid") await ctx.services.payments.recordManualPayment(order.id);
      return order;
    }),

  refund: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/shop/orders/{id}/refunds",
        tags: ["orders", "payments", "admin"],
        summary: "Admin: refund part or all of an order's payment",
        description:
          "Through the provider that took the money (Stripe: a refund of the PaymentIntent; manual: recorded as given " +
          "back by hand). amount defaults to everything paid and not yet refunded; the sum of refunds never exceeds " +
          "what was paid (409 with details {paid, refunded}). The order's status does not change.",
        protect: true,
        errorResponses: {
          400: "Invalid amount or unknown field",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          404: "No such order",
          409: "Nothing (or less) left to refund, or no payment",
          503: "The payment provider did not answer (Retry-After); nothing was refunded",
        },
      },
      successStatus: 201,
    })
    .input(RefundOrderInput)
    .output(Refund)
    .mutation(({ ctx, input }) =>
      ctx.services.payments.refund({ orderId: input.id, amount: input.amount, reason: input.reason, adminId: ctx.user.id }),
    ),
});
