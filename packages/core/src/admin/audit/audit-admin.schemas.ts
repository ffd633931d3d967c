import { z } from "zod";
import { QueryLimit } from "../../infra/query-params";
import { UUID_PATTERN } from "../../infra/uuid";
import { parseDateBound } from "../orders/orders-admin.schemas";

const isoDate = z.string().describe("ISO 8601");

const DateBound = (bound: "from" | "to", description: string) =>
  z
    .string()
    .max(40)
    .refine((value) => parseDateBound(value, bound) !== null, "An ISO 8601 date (2026-12-01) or date-time (2026-12-01T09:30:00Z)")
    .describe(description);

export const AuditListInput = z
  .object({
    actorId: z.string().regex(UUID_PATTERN, "A user id (UUID)").optional().describe("Only this admin's or staff member's writes"),
    action: z
      .string()
      .trim()
      .regex(/^[a-z0-9_.]{1,60}$/, "Lower-case letters, digits, _ and . (e.g. order. or order.transition)")
      .optional()
      .describe('An action or its beginning: "order." finds order.transition and order.refund'),
    entityType: z
      .string()
      .trim()
      .regex(/^[a-z0-9_]{1,40}$/, "Lower-case letters, digits and _ (e.g. order, product, variant)")
      .optional(),
    entityId: z.string().trim().min(1).max(64).regex(/^[^\0]*$/, "Must not contain NUL characters").optional().describe("Exactly this entity (with or without entityType)"),
    from: DateBound("from", "Written at or after: a date (its start, UTC) or an ISO 8601 instant").optional(),
    to: DateBound("to", "Written before: a date (included as a whole day, UTC) or an ISO 8601 instant").optional(),
    limit: QueryLimit(100, 50),
    cursor: z.string().max(512).optional().describe("nextCursor of the previous page"),
  })
  .strict();
export type AuditListInput = z.infer<typeof AuditListInput>;

export const AuditEntryView = z
  .object({
    id: z.string(),
    action: z.string().describe('"<entity>.<verb>", e.g. order.transition, product.update'),
    entityType: z.string(),
    entityId: z.string().nullable(),
    summary: z.string(),
    before: z.unknown().describe("The changed fields before the write (JSON), or null"),
    after: z.unknown().describe("The changed fields after the write (JSON), or null"),
    actorRole: z.string().describe("The role the actor had when writing"),
    actor: z
      .object({ id: z.string(), name: z.string().nullable(), phone: z.string(), role: z.string().describe("Their role now") })
      .nullable()
      .describe("null once the user was deleted"),
    requestId: z.string().nullable().describe("The request's X-Request-Id, to find it in the server's logs"),
    createdAt: isoDate,
  })
  .meta({ id: "AuditEntry" });
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = z
  .object({
    items: z.array(AuditEntryView),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  })
  .meta({ id: "AuditPage" });
export type AuditPage = z.infer<typeof AuditPage>;
