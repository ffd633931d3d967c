import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { DomainError, type DomainErrorCode } from "@shop/core";

/** The one place where domain error codes become tRPC codes (and through them, HTTP statuses). */
export const DOMAIN_TO_TRPC: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION: "BAD_REQUEST", // 400
  UNAUTHENTICATED: "UNAUTHORIZED", // 401
  FORBIDDEN: "FORBIDDEN", // 403
  NOT_FOUND: "NOT_FOUND", // 404
  CONFLICT: "CONFLICT", // 409
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT", // 422
  RATE_LIMITED: "TOO_MANY_REQUESTS", // 429
  UNAVAILABLE: "SERVICE_UNAVAILABLE", // 503
};

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: DOMAIN_TO_TRPC[error.code], message: error.message, cause: error });
}

/** The DomainError behind a tRPC error, if any. */
export function domainCause(error: TRPCError): DomainError | undefined {
  return error.cause instanceof DomainError ? error.cause : undefined;
}
