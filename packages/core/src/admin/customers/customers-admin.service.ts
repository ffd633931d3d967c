import { DomainError } from "../../errors/domain-error";
import type { Queryable } from "../../infra/queryable";
import { decodeNewestCursor, encodeNewestCursor } from "../../infra/cursor";
import { requireAdmin, type Actor } from "../actor";
import { recordAudit } from "../audit/audit-record";
import type { AdminDeps } from "../services";
import { parseCustomerSearch } from "./customer-search";
import {
  countOtherActiveAdmins,
  findCustomerFigures,
  findCustomerPage,
  findCustomerProfile,
  findCustomerReviews,
  findRecentOrders,
  findRoleAndBlock,
  lockAdminRoster,
  revokeAllSessions,
  setBlocked,
  setRole,
  type CustomerProfileRow,
} from "./customers-admin.repository";
import type {
  AdminCustomerDetail,
  AdminCustomerPage,
  AdminCustomerProfile,
  BlockCustomerInput,
  ChangeCustomerRoleInput,
  AdminCustomerIdInput,
  CustomerRole,
  ListCustomersInput,
} from "./customers-admin.schemas";

export const LAST_ADMIN = "The shop must keep at least one administrator who can sign in";
export const CANNOT_BLOCK_SELF = "You cannot block your own account";
export const RECENT_ORDERS = 10;
export const CUSTOMER_REVIEWS = 50;

const notFound = () => new DomainError("NOT_FOUND", "Customer not found");
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const money = (rows: { currency: string; amount: number }[]) => rows.map((r) => ({ currency: r.currency, amount: Number(r.amount) }));

function toProfile(row: CustomerProfileRow): AdminCustomerProfile {
  return {
    id: row.id,
    phone: row.phone,
    name: row.name,
    email: row.email,
    role: row.role as CustomerRole,
    blockedAt: iso(row.blockedAt),
    blockedReason: row.blockedReason,
    smsNotifications: row.smsNotifications,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The fields the audit log keeps of an account (never its password hash or address). */
const audited = (row: { role: string; blockedAt: Date | null; blockedReason: string | null }) => ({
  role: row.role,
  blockedAt: iso(row.blockedAt),
  blockedReason: row.blockedReason,
});

/**
 * Customers in the back office. Staff may search and read; roles and blocks are the admins'. Role changes and
 * blocks run under one lock of the admin roster (customers-admin.repository.ts lockAdminRoster) and re-check the
 * acting admin inside it, so concurrent changes can never leave the shop without an administrator who can sign in.
 * A block revokes every session in the same transaction: the customer's next request is a 401 and their refresh
 * token is refused; sign-in (by password or code) answers 403 "This account is blocked" while it lasts.
 */
export interface CustomerAdmin {
  list(actor: Actor, input: ListCustomersInput): Promise<AdminCustomerPage>;
  byId(actor: Actor, input: AdminCustomerIdInput): Promise<AdminCustomerDetail>;
  changeRole(actor: Actor, input: ChangeCustomerRoleInput): Promise<AdminCustomerProfile>;
  block(actor: Actor, input: BlockCustomerInput): Promise<AdminCustomerProfile>;
  unblock(actor: Actor, input: AdminCustomerIdInput): Promise<AdminCustomerProfile>;
}

export function createCustomerAdmin(deps: AdminDeps): CustomerAdmin {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());

  /** Inside the roster lock: the acting admin must still be one, and not blocked (a concurrent change may have just made them neither). */
  async function checkActorStillAdmin(tx: Queryable, actor: Actor) {
    const self = await findRoleAndBlock(tx, actor.id);
    if (!self || self.role !== "admin" || self.blockedAt) throw new DomainError("FORBIDDEN", "Administrator access required");
  }

  return {
    async list(_actor, input) {
      const after = input.cursor ? decodeNewestCursor(input.cursor) : null;
      const { rows, total } = await findCustomerPage(
        db,
        { search: parseCustomerSearch(input.q), role: input.role, blocked: input.blocked },
        after,
        input.limit + 1,
      );
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => ({
          id: row.id,
          phone: row.phone,
          name: row.name,
          email: row.email,
          role: row.role,
          blockedAt: iso(row.blocked_at),
          orderCount: row.order_count,
          totalSpent: money(row.total_spent),
          createdAt: new Date(row.created_at).toISOString(),
          lastSignInAt: iso(row.last_sign_in_at),
        })),
        nextCursor:
          rows.length > input.limit && last ? encodeNewestCursor({ createdAt: new Date(last.created_at).toISOString(), id: last.id }) : null,
        total,
      };
    },

    async byId(_actor, { id }) {
      const profile = await findCustomerProfile(db, id);
      if (!profile) throw notFound();
      const [figures, orders, reviews] = await Promise.all([
        findCustomerFigures(db, id, now()),
        findRecentOrders(db, id, RECENT_ORDERS),
        findCustomerReviews(db, id, CUSTOMER_REVIEWS),
      ]);
      if (!figures) throw notFound();
      return {
        customer: toProfile(profile),
        orderCount: figures.order_count,
        totalSpent: money(figures.total_spent),
        lastSignInAt: iso(figures.last_sign_in_at),
        activeSessions: figures.active_sessions,
        totalSessions: figures.total_sessions,
        recentOrders: orders.map((o) => ({
          id: o.id,
          number: o.number,
          status: o.status,
          total: o.total,
          refundedTotal: o.refunded_total,
          currency: o.currency,
          itemCount: o.item_count,
          createdAt: new Date(o.created_at).toISOString(),
        })),
        reviews: reviews.map((r) => ({
          id: r.id,
          productId: r.productId,
          productName: r.product.name,
          rating: r.rating,
          title: r.title,
          hiddenAt: iso(r.hiddenAt),
          hiddenReason: r.hiddenReason,
          createdAt: r.createdAt.toISOString(),
        })),
      };
    },

    async changeRole(actor, { id, role }) {
      requireAdmin(actor, "change roles");
      return db.$transaction(async (tx) => {
        await lockAdminRoster(tx);
        await checkActorStillAdmin(tx, actor);
        const target = await findRoleAndBlock(tx, id);
        if (!target) throw notFound();
        if (target.role === role) return toProfile((await findCustomerProfile(tx, id))!);
        if (target.role === "admin" && (await countOtherActiveAdmins(tx, id)) === 0) {
          throw new DomainError("CONFLICT", LAST_ADMIN, { details: { field: "role" } });
        }
        const updated = await setRole(tx, id, role);
        await recordAudit(tx, actor, {
          action: "customer.role_change",
          entityType: "customer",
          entityId: id,
          summary: `Role of ${updated.phone} ${target.role} -> ${role}`,
          before: { role: target.role },
          after: { role },
        });
        return toProfile(updated);
      });
    },

    async block(actor, { id, reason }) {
      requireAdmin(actor, "block customers");
      if (id.toLowerCase() === actor.id.toLowerCase()) throw new DomainError("CONFLICT", CANNOT_BLOCK_SELF);
      return db.$transaction(async (tx) => {
        await lockAdminRoster(tx);
        await checkActorStillAdmin(tx, actor);
        const target = await findRoleAndBlock(tx, id);
        if (!target) throw notFound();
        const at = target.blockedAt ?? now();
        const updated = await setBlocked(tx, id, { at, reason });
        // Also when already blocked: a session that slipped in (a sign-in racing the first block) dies now.
        const revoked = await revokeAllSessions(tx, id, now(), "blocked");
        if (!target.blockedAt || target.blockedReason !== reason || revoked > 0) {
          await recordAudit(tx, actor, {
            action: "customer.block",
            entityType: "customer",
            entityId: id,
            summary: `Blocked ${updated.phone}: ${reason} (${revoked} session${revoked === 1 ? "" : "s"} revoked)`,
            before: audited(target),
            after: { ...audited(updated), sessionsRevoked: revoked },
          });
        }
        return toProfile(updated);
      });
    },

    async unblock(actor, { id }) {
      requireAdmin(actor, "unblock customers");
      return db.$transaction(async (tx) => {
        await lockAdminRoster(tx);
        await checkActorStillAdmin(tx, actor);
        const target = await findRoleAndBlock(tx, id);
        if (!target) throw notFound();
        if (!target.blockedAt) return toProfile((await findCustomerProfile(tx, id))!);
        const updated = await setBlocked(tx, id, null);
        await recordAudit(tx, actor, {
          action: "customer.unblock",
          entityType: "customer",
          entityId: id,
          summary: `Unblocked ${updated.phone}`,
          before: audited(target),
          after: audited(updated),
        });
        return toProfile(updated);
      });
    },
  };
}
