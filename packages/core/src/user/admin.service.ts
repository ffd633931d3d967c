import type { Db } from "@shop/db";
import { hashPassword, Password, type PasswordHashing } from "../auth/password";
import { normalisePhone } from "../auth/phone";
import { DomainError } from "../errors/domain-error";
import { upsertAdmin } from "./admin.repository";

export interface AdminInput {
  phone: string;
  password?: string;
  name?: string;
}

/**
 * Creates an admin account, or promotes an existing account to admin (its password changes only when one is
 * given). Open sessions keep working: roles are read from the database on every request.
 */
export async function createOrPromoteAdmin(
  db: Db,
  input: AdminInput,
  hashing?: PasswordHashing,
): Promise<{ id: string; phone: string; created: boolean }> {
  const phone = normalisePhone(input.phone);
  if (input.password !== undefined) {
    const check = Password.safeParse(input.password);
    if (!check.success) throw new DomainError("VALIDATION", `Password: ${check.error.issues[0]?.message}`);
  }
  const passwordHash = input.password ? await hashPassword(input.password, hashing) : undefined;
  return upsertAdmin(db, { phone, name: input.name, passwordHash });
}
