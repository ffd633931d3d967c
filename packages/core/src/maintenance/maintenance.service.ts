import type { Db } from "@shop/db";

export interface PurgeResult {
  idempotencyKeys: number;
  sessions: number;
}

/**
 * Deletes rows whose retention is over: idempotency keys past `expiresAt` (kept 24 h) and sessions that
 * expired or were revoked more than `sessionRetentionMs` ago (their refresh tokens cascade). Safe to run
 * concurrently and repeatedly: each delete is a single idempotent statement.
 */
export async function purgeExpired(
  db: Db,
  { now = new Date(), sessionRetentionMs = 7 * 24 * 3_600_000 }: { now?: Date; sessionRetentionMs?: number } = {},
): Promise<PurgeResult> {
  const sessionCutoff = new Date(now.getTime() - sessionRetentionMs);
  const [keys, sessions] = await Promise.all([
    db.idempotencyKey.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.session.deleteMany({
      where: { OR: [{ expiresAt: { lt: sessionCutoff } }, { revokedAt: { lt: sessionCutoff } }] },
    }),
  ]);
  return { idempotencyKeys: keys.count, sessions: sessions.count };
}
