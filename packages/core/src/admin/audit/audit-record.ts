import type { Prisma } from "@shop/db";
import type { Queryable } from "../../infra/queryable";
import type { Actor } from "../actor";

/** One admin write, as the audit log keeps it. before/after are the changed entity's fields (never secrets). */
export interface AuditEntry {
  /** "<entity>.<verb>": product.update, variant.stock_adjust, order.transition, customer.block... */
  action: string;
  entityType: string;
  entityId?: string | null;
  /** One line a person reads in the log ("Price of SKU-1 4999 -> 3999"). */
  summary?: string;
  before?: unknown;
  after?: unknown;
}

const json = (value: unknown) => (value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue));

/**
 * Records an admin write. Call it with the transaction that makes the write, so the entry exists exactly when
 * the change does (a rolled-back change leaves no entry, a committed one always has its entry).
 */
export async function recordAudit(tx: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: actor.id,
      actorRole: actor.role,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      summary: (entry.summary ?? "").slice(0, 300),
      before: json(entry.before),
      after: json(entry.after),
      requestId: actor.requestId ?? null,
    },
    select: { id: true },
  });
}
