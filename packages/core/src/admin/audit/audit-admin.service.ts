import { decodeNewestCursor, encodeNewestCursor } from "../../infra/cursor";
import { unlessBusy } from "../../infra/db-errors";
import { requireAdmin, type Actor } from "../actor";
import type { AdminDeps } from "../services";
import { parseDateBound } from "../orders/orders-admin.schemas";
import { selectAuditPage, type AuditRow } from "./audit-admin.repository";
import type { AuditEntryView, AuditListInput, AuditPage } from "./audit-admin.schemas";

export interface AuditAdmin {
  /** Admin: every admin write, newest first, filtered; keyset-paginated (stable while new entries arrive). */
  list(actor: Actor, input: AuditListInput): Promise<AuditPage>;
}

function viewOf(row: AuditRow): AuditEntryView {
  return {
    id: row.id,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    summary: row.summary,
    before: row.before ?? null,
    after: row.after ?? null,
    actorRole: row.actorRole,
    actor: row.actorId ? { id: row.actorId, name: row.actorName, phone: row.actorPhone!, role: row.actorCurrentRole! } : null,
    requestId: row.requestId,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createAuditAdmin(deps: AdminDeps): AuditAdmin {
  const { db } = deps;
  return {
    async list(actor, input) {
      requireAdmin(actor, "read the audit log");
      const after = input.cursor ? decodeNewestCursor(input.cursor) : undefined;
      const filters = {
        actorId: input.actorId,
        actionPrefix: input.action,
        entityType: input.entityType,
        entityId: input.entityId,
        from: input.from ? parseDateBound(input.from, "from")! : undefined,
        to: input.to ? parseDateBound(input.to, "to")! : undefined,
      };
      const rows = await unlessBusy(() => selectAuditPage(db, filters, { limit: input.limit + 1, after }));
      const items = rows.slice(0, input.limit).map(viewOf);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > input.limit && last ? encodeNewestCursor(last) : null };
    },
  };
}
