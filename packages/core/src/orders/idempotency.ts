/**
 * Idempotency-Key bookkeeping in the idempotency_keys table, per (user, scope, key):
 * - the first request claims the key race-free (INSERT ... ON CONFLICT DO NOTHING) and runs;
 * - a repeat with the same body gets the stored response; with another body, 422; while the first still runs, 409;
 * - an in_progress claim older than `abandonAfterMs` belongs to a request that died: the next one takes it over;
 * - rows live 24 h (expiresAt; the maintenance job purges them); an expired row that is still there counts as absent.
 * The claim's row id is the claim token: a takeover gives the row a new id, so the request that lost it can no
 * longer complete or release it.
 */
import { createHash } from "node:crypto";
import { Prisma, type Db } from "@shop/db";
import { DomainError, type DomainErrorCode } from "../errors/domain-error";
import { uuidv7 } from "../infra/uuid";

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
export const IDEMPOTENCY_ABANDON_AFTER_MS = 60_000;

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** The Idempotency-Key header's value, undefined when absent; 400 when it is not 1..255 printable ASCII. */
export function parseIdempotencyKey(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!KEY_PATTERN.test(raw)) {
    throw new DomainError("VALIDATION", "Idempotency-Key must be 1 to 255 printable ASCII characters", {
      details: { header: "Idempotency-Key" },
    });
  }
  return raw;
}

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function requestHash(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body ?? null)).digest("hex");
}

export interface IdempotencyRequest {
  userId: string;
  scope: string;
  key: string;
  requestHash: string;
}

export type IdempotencyClaim =
  | { kind: "claimed"; claimId: string }
  | { kind: "replay"; status: number; body: unknown };

export interface ClaimOptions {
  now?: Date;
  abandonAfterMs?: number;
}

/** Claims the key for this request, or answers with what the first request with it produced. */
export async function claimIdempotencyKey(db: Db, req: IdempotencyRequest, options: ClaimOptions = {}): Promise<IdempotencyClaim> {
  const now = options.now ?? new Date();
  const abandonAfterMs = options.abandonAfterMs ?? IDEMPOTENCY_ABANDON_AFTER_MS;
  const fresh = () => ({
    id: uuidv7(now),
    requestHash: req.requestHash,
    status: "in_progress" as const,
    createdAt: now,
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
  });
  // A takeover starts the row over: new claim id, no stored response.
  const restart = (claim: ReturnType<typeof fresh>) => ({ ...claim, responseStatus: null, responseBody: Prisma.DbNull });
  const where = { userId: req.userId, scope: req.scope, key: req.key };

  // A few rounds cover the row vanishing (released, purged) or being taken over between our statements.
  for (let round = 0; round < 3; round++) {
    const claim = fresh();
    const inserted = await db.idempotencyKey.createMany({ data: [{ ...where, ...claim }], skipDuplicates: true });
    if (inserted.count === 1) return { kind: "claimed", claimId: claim.id };

    const row = await db.idempotencyKey.findUnique({
      where: { userId_scope_key: where },
      select: { id: true, requestHash: true, status: true, responseStatus: true, responseBody: true, createdAt: true, expiresAt: true },
    });
    if (!row) continue;
    if (row.expiresAt <= now) {
      const taken = await db.idempotencyKey.updateMany({ where: { id: row.id, expiresAt: { lte: now } }, data: restart(claim) });
      if (taken.count === 1) return { kind: "claimed", claimId: claim.id };
      continue;
    }
    if (row.requestHash !== req.requestHash) {
      throw new DomainError("UNPROCESSABLE", "This Idempotency-Key was already used with a different request body", {
        details: { header: "Idempotency-Key" },
      });
    }
    if (row.status === "completed") return { kind: "replay", status: row.responseStatus ?? 200, body: row.responseBody };
    if (row.createdAt.getTime() <= now.getTime() - abandonAfterMs) {
      const taken = await db.idempotencyKey.updateMany({
        where: { id: row.id, status: "in_progress", createdAt: { lte: new Date(now.getTime() - abandonAfterMs) } },
        data: restart(claim),
      });
      if (taken.count === 1) return { kind: "claimed", claimId: claim.id };
      continue;
    }
    break;
  }
  throw new DomainError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry shortly", {
    details: { header: "Idempotency-Key" },
    retryAfterSeconds: 1,
  });
}

/** Records the final response of a claim (only while the claim is still ours). */
export async function completeIdempotencyKey(db: Db, claimId: string, status: number, body: unknown): Promise<void> {
  await db.idempotencyKey.updateMany({
    where: { id: claimId, status: "in_progress" },
    data: { status: "completed", responseStatus: status, responseBody: body as object },
  });
}

/** Forgets a claim whose request changed nothing, so a retry with the same key runs afresh. */
export async function releaseIdempotencyKey(db: Db, claimId: string): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { id: claimId, status: "in_progress" } });
}

/** What a stored error response looks like, and how it becomes the same DomainError again on replay. */
export interface StoredError {
  code: DomainErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function storedError(error: DomainError): StoredError {
  return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
}

export function replayedError(body: unknown): DomainError {
  const stored = body as StoredError;
  return new DomainError(stored.code, stored.message, stored.details ? { details: stored.details } : {});
}
