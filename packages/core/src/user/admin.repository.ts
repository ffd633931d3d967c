import type { Db } from "@shop/db";

export interface AdminFields {
  phone: string;
  name?: string;
  /** Unchanged on an existing account when absent. */
  passwordHash?: string;
}

/** Creates the account as an admin, or makes the existing one (same phone) an admin; `created` says which. */
export async function upsertAdmin(db: Db, admin: AdminFields): Promise<{ id: string; phone: string; created: boolean }> {
  const { phone, name, passwordHash } = admin;
  const existing = await db.user.findUnique({ where: { phone }, select: { id: true } });
  const user = await db.user.upsert({
    where: { phone },
    create: { phone, role: "admin", name: name ?? null, passwordHash: passwordHash ?? null },
    update: { role: "admin", ...(passwordHash ? { passwordHash } : {}), ...(name ? { name } : {}) },
    select: { id: true, phone: true },
  });
  return { ...user, created: existing === null };
}
