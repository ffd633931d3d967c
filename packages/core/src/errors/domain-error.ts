/**
 * The one error type services throw. Only packages/api knows how a code becomes a tRPC code / HTTP status;
 * the domain only says what went wrong.
 */
export const DOMAIN_ERROR_CODES = [
  "VALIDATION", // the request is well-formed but not acceptable (400)
  "UNAUTHENTICATED", // no valid credentials (401)
  "FORBIDDEN", // authenticated, not allowed (403)
  "NOT_FOUND", // absent, or not the caller's (404)
  "CONFLICT", // clashes with current state: duplicate, out of stock, illegal transition (409)
  "UNPROCESSABLE", // e.g. an idempotency key reused with another body (422)
  "RATE_LIMITED", // too many attempts (429)
  "UNAVAILABLE", // a dependency is down (503)
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainErrorOptions {
  /** Machine-readable extra facts a client can act on (e.g. available stock). Never secrets. */
  details?: Record<string, unknown>;
  /** Seconds after which retrying may succeed (sent as Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class DomainError extends Error {
  override readonly name = "DomainError";
  readonly code: DomainErrorCode;
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(code: DomainErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
