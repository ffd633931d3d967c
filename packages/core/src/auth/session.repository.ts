/** Session and refresh-token rows. Only SHA-256 hashes of refresh tokens are stored or looked up. */
import type { Db } from "@shop/db";
import type { Role } from "./tokens";

export interface NewSession {
  userId: string;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  tokenHash: string;
}

/** The session with its first refresh token; returns the session id. */
export async function insertSession(db: Db, session: NewSession): Promise<string> {
  const { tokenHash, ...fields } = session;
  const row = await db.session.create({
    data: { ...fields, refreshTokens: { create: { tokenHash, expiresAt: session.expiresAt } } },
    select: { id: true },
  });
  return row.id;
}

export interface RefreshTokenRow {
  id: string;
  rotatedAt: Date | null;
  expiresAt: Date;
  session: { id: string; revokedAt: Date | null; expiresAt: Date; user: { id: string; role: Role; blockedAt: Date | null } };
}

export function findRefreshToken(db: Db, tokenHash: string): Promise<RefreshTokenRow | null> {
  return db.refreshToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      rotatedAt: true,
      expiresAt: true,
      session: { select: { id: true, revokedAt: true, expiresAt: true, user: { select: { id: true, role: true, blockedAt: true } } } },
    },
  });
}

export async function findSessionIdOfToken(db: Db, tokenHash: string): Promise<string | null> {
  const row = await db.refreshToken.findUnique({ where: { tokenHash }, select: { sessionId: true } });
  return row?.sessionId ?? null;
}

/**
 * Marks token `tokenId` rotated and adds its successor, in one transaction. Conditional: of two concurrent uses
 * of one token exactly one rotates it; false for the other.
 */
export function rotateRefreshToken(
  db: Db,
  r: { tokenId: string; sessionId: string; nextHash: string; expiresAt: Date; at: Date },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.refreshToken.updateMany({ where: { id: r.tokenId, rotatedAt: null }, data: { rotatedAt: r.at } });
    if (claimed.count !== 1) return false;
    await tx.refreshToken.create({ data: { sessionId: r.sessionId, tokenHash: r.nextHash, expiresAt: r.expiresAt }, select: { id: true } });
    await tx.session.update({ where: { id: r.sessionId }, data: { lastUsedAt: r.at }, select: { id: true } });
    return true;
  });
}

export interface LiveSessionRow {
  user_id: string;
  role: Role;
  revoked_at: Date | null;
  expires_at: Date;
  blocked_at: Date | null;
}

/** One round trip on every authenticated request (the client's nested select would make two). */
export async function findSessionWithRole(db: Db, sessionId: string): Promise<LiveSessionRow | null> {
  const [row] = await db.$queryRaw<LiveSessionRow[]>`
    SELECT s.user_id::text AS user_id, u.role, s.revoked_at, s.expires_at, u.blocked_at
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${sessionId}::uuid`;
  return row ?? null;
}

export async function findSessionOwner(db: Db, sessionId: string): Promise<string | null> {
  const row = await db.session.findUnique({ where: { id: sessionId }, select: { userId: true } });
  return row?.userId ?? null;
}

/** Revokes the live sessions matching `where` (one session, or all of a user's); returns how many. */
export async function revokeSessions(db: Db, where: { id: string } | { userId: string }, at: Date, reason: string): Promise<number> {
  const result = await db.session.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: at, revokedReason: reason } });
  return result.count;
}
