import {
  AdminCustomerDetail,
  AdminCustomerIdInput,
  AdminCustomerPage,
  AdminCustomerProfile,
  BlockCustomerInput,
  ChangeCustomerRoleInput,
  ListCustomersInput,
} from "@shop/core";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../../trpc";

const tags = ["admin"];

/** The back office's customers: staff may search and read, only admins change roles and block. */
export const adminCustomersRouter = createTRPCRouter({
  list: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/customers",
        tags,
        summary: "Search customers",
        description:
          "Newest first, keyset paginated (pass nextCursor as `cursor`) with the total matching. `q` of digits and " +
          "phone punctuation searches phone numbers (any part; a national number's leading 0 may be typed), anything " +
          "else names and emails. Each customer with their order count, money spent per currency and last sign-in. " +
          "Staff and admins.",
        protect: true,
        errorResponses: {
          400: "Invalid filter, limit or cursor",
          401: "Missing or invalid access token",
          403: "Staff or administrator access required",
          503: "Busy, retry",
        },
      },
    })
    .input(ListCustomersInput)
    .output(AdminCustomerPage)
    .query(({ ctx, input }) => ctx.services.admin.customers.list(ctx.actor, input)),

  byId: staffProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/customers/{id}",
        tags,
        summary: "One customer: profile, recent orders, reviews and sessions",
        description: "Reviews include the ones the shop hid. Staff and admins.",
        protect: true,
        errorResponses: {
          400: "Invalid id",
          401: "Missing or invalid access token",
          403: "Staff or administrator access required",
          404: "No such customer",
          503: "Busy, retry",
        },
      },
    })
    .input(AdminCustomerIdInput)
    .output(AdminCustomerDetail)
    .query(({ ctx, input }) => ctx.services.admin.customers.byId(ctx.actor, input)),

  changeRole: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "PATCH",
        path: "/admin/customers/{id}/role",
        tags,
        summary: "Change a customer's role (customer, staff, admin)",
        description:
          "Takes effect on the account's next request (roles are read from the database each time). The shop always " +
          "keeps one administrator who can sign in: demoting the last one is a 409. Audited. Admins only.",
        protect: true,
        errorResponses: {
          400: "Unknown role, invalid id or unknown field",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          404: "No such customer",
          409: "It is the last administrator",
          503: "Busy, retry",
        },
      },
    })
    .input(ChangeCustomerRoleInput)
    .output(AdminCustomerProfile)
    .mutation(({ ctx, input }) => ctx.services.admin.customers.changeRole(ctx.actor, input)),

  block: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/customers/{id}/block",
        tags,
        summary: "Block a customer",
        description:
          "Revokes every session of the account at once (its next request is a 401, its refresh token refused) and " +
          "refuses sign-in by password or code with 403 \"This account is blocked; contact the shop\" until it is " +
          "unblocked. Blocking a blocked account again only updates the reason. An admin cannot block themself " +
          "(409). Audited. Admins only.",
        protect: true,
        errorResponses: {
          400: "Missing reason, invalid id or unknown field",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          404: "No such customer",
          409: "The caller's own account",
          503: "Busy, retry",
        },
      },
    })
    .input(BlockCustomerInput)
    .output(AdminCustomerProfile)
    .mutation(({ ctx, input }) => ctx.services.admin.customers.block(ctx.actor, input)),

  unblock: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/admin/customers/{id}/unblock",
        tags,
        summary: "Unblock a customer",
        description: "They can sign in again (their old sessions stay revoked). Audited. Admins only.",
        protect: true,
        errorResponses: {
          400: "Invalid id or unknown field",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          404: "No such customer",
          503: "Busy, retry",
        },
      },
    })
    .input(AdminCustomerIdInput)
    .output(AdminCustomerProfile)
    .mutation(({ ctx, input }) => ctx.services.admin.customers.unblock(ctx.actor, input)),
});
