import { AuditListInput, AuditPage } from "@shop/core";
import { adminProcedure, createTRPCRouter } from "../../trpc";

export const adminAuditRouter = createTRPCRouter({
  list: adminProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/admin/audit",
        tags: ["admin"],
        summary: "Admin: the audit log of every back-office write",
        description:
          "Newest first. Filters combine: actorId, action (exact or its beginning, e.g. order.), entityType, " +
          "entityId, from/to (a date is a whole UTC day, or an ISO instant). Each entry: who (actor now, and the " +
          "role they wrote with), what (action, entity, summary, before and after), when and the request's id. " +
          "Keyset-paginated: pass nextCursor as cursor.",
        protect: true,
        errorResponses: {
          400: "Invalid filter, limit or cursor",
          401: "Missing or invalid access token",
          403: "Administrator access required",
          503: "Busy, retry",
        },
      },
    })
    .input(AuditListInput)
    .output(AuditPage)
    .query(({ ctx, input }) => ctx.services.admin.audit.list(ctx.actor, input)),
});
