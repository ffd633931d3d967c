import type { Role } from "@shop/db";
import { DomainError } from "../errors/domain-error";

/**
 * Who performs a back-office action: a signed-in admin or staff member, and the request it came in (kept in the
 * audit log). Admin services take one on every write; the procedures pass the caller.
 */
export interface Actor {
  id: string;
  role: Extract<Role, "admin" | "staff">;
  requestId?: string;
}

export const BACK_OFFICE_ROLES = ["admin", "staff"] as const;

/** For the few staff-reachable services whose options are admin-only (e.g. a price inside a stock edit). */
export function requireAdmin(actor: Actor, what: string): void {
  if (actor.role !== "admin") throw new DomainError("FORBIDDEN", `Only an administrator may ${what}`);
}
