/**
 * Browsing the audit log, newest first by (created_at, id): the row comparison after a cursor continues a range
 * scan of audit_log_created_at_id_idx, or of the actor, entity or action index when that filter is given.
 */
import { Prisma } from "@shop/db";
import type { NewestKey } from "../../infra/cursor";
import type { Queryable } from "../../infra/queryable";

export interface AuditFilters {
  actorId?: string;
  actionPrefix?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditRow {
  id: string;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
  actorRole: string;
  requestId: string | null;
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
  actorPhone: string | null;
  actorCurrentRole: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function selectAuditPage(db: Queryable, f: AuditFilters, page: { limit: number; after?: NewestKey }): Promise<AuditRow[]> {
  const parts: Prisma.Sql[] = [];
  if (f.actorId) parts.push(Prisma.sql`a.actor_id = ${f.actorId}::uuid`);
  if (f.actionPrefix) parts.push(Prisma.sql`a.action LIKE ${`${escapeLike(f.actionPrefix)}%`}`);
  if (f.entityType) parts.push(Prisma.sql`a.entity_type = ${f.entityType}`);
  if (f.entityId) parts.push(Prisma.sql`a.entity_id = ${f.entityId}`);
  if (f.from) parts.push(Prisma.sql`a.created_at >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`a.created_at < ${f.to}`);
  if (page.after) parts.push(Prisma.sql`(a.created_at, a.id) < (${new Date(page.after.createdAt)}, ${page.after.id}::uuid)`);
  const where = parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
  return db.$queryRaw<AuditRow[]>`
    SELECT a.id::text AS id, a.action, a.entity_type AS "entityType", a.entity_id AS "entityId", a.summary,
           a.before, a.after, a.actor_role AS "actorRole", a.request_id AS "requestId", a.created_at AS "createdAt",
           u.id::text AS "actorId", u.name AS "actorName", u.phone AS "actorPhone", u.role::text AS "actorCurrentRole"
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
    ${where}
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT ${page.limit}`;
}
