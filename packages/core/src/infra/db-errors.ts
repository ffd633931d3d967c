/**
 * What a database error means, decided once for every domain: a unique or foreign-key violation the caller can
 * fix (a 409 or 400 of the service's own wording), or a saturated database (503, retry).
 */
import { Prisma } from "@shop/db";
import { DomainError } from "../errors/domain-error";

/** A unique index refused the write (P2002); with `field`, only when the violated target names it. */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!field) return true;
  return JSON.stringify(error.meta ?? {}).includes(field);
}

/** A Prisma write named a row that does not exist (P2003), e.g. an unknown category id. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";
}

/** The foreign key a raw statement violated (a row deleted concurrently), if that is what failed. */
export function violatedForeignKey(error: unknown): string | null {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string; constraint?: { index?: string } } } } })?.meta
    ?.driverAdapterError?.cause;
  return cause?.kind === "ForeignKeyConstraintViolation" ? (cause.constraint?.index ?? "") : null;
}

/** Prisma codes that mean "busy, try again": pool timeout, interactive-transaction timeouts, write conflicts. */
const BUSY_PRISMA_CODES = new Set(["P2024", "P2028", "P2034"]);

/**
 * Postgres SQLSTATEs of the same kind: serialization failure, deadlock, lock timeout, statement timeout or
 * cancel, too many connections, server shutting down.
 */
const BUSY_SQLSTATES = new Set(["40001", "40P01", "55P03", "57014", "53300", "57P01", "57P03"]);

function sqlState(error: unknown): string | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { code?: unknown } } } }).meta;
  const code = meta?.driverAdapterError?.cause?.code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Whether an error means the database is saturated or briefly unavailable rather than that the request is wrong.
 * On the driver-adapter path pg-pool's "timeout exceeded when trying to connect" arrives as a plain Error.
 */
export function isTransientDbError(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (BUSY_PRISMA_CODES.has(error.code)) return true;
    const state = sqlState(error);
    return state !== undefined && BUSY_SQLSTATES.has(state);
  }
  if (!(error instanceof Error)) return false;
  if (error.name === "DriverAdapterError") {
    const state = sqlState(error);
    return state !== undefined && BUSY_SQLSTATES.has(state);
  }
  return /timeout exceeded when trying to connect|Connection terminated/i.test(error.message);
}

/** What a saturated database means to a client: 503 UNAVAILABLE with Retry-After, never an internal error. */
export function busyError(cause: unknown): DomainError {
  return new DomainError("UNAVAILABLE", "The shop is busy right now; please retry in a moment", { retryAfterSeconds: 1, cause });
}

/** Runs `fn`; a saturated database becomes busyError (the API maps any other procedure's the same way). */
export async function unlessBusy<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isTransientDbError(error)) throw busyError(error);
    throw error;
  }
}
