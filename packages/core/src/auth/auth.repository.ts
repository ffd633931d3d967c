/** The user rows the account flows read and write, found by phone (the sign-in identifier). */
import type { Db } from "@shop/db";
import type { Role } from "./tokens";

export interface SignInUser {
  id: string;
  role: Role;
  /** Set while the account is blocked by the shop: sign-in is refused. */
  blockedAt: Date | null;
}

export function findUserByPhone(db: Db, phone: string): Promise<SignInUser | null> {
  return db.user.findUnique({ where: { phone }, select: { id: true, role: true, blockedAt: true } });
}

/** With the stored password hash (null for an account that signs in by SMS only). */
export function findUserCredentials(db: Db, phone: string): Promise<(SignInUser & { passwordHash: string | null }) | null> {
  return db.user.findUnique({ where: { phone }, select: { id: true, role: true, blockedAt: true, passwordHash: true } });
}

/** Fails with a unique violation when the phone is taken (a concurrent sign-up). */
export function insertUser(db: Db, user: { phone: string; name: string | null; passwordHash: string | null }): Promise<SignInUser> {
  return db.user.create({ data: user, select: { id: true, role: true, blockedAt: true } });
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } });
}
