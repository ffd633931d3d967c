import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { domainCause } from "./errors";
import { fieldIssues, type FieldIssue } from "./trpc";

export interface RestErrorBody {
  code: string;
  message: string;
  requestId: string;
  issues?: FieldIssue[];
  details?: Record<string, unknown>;
}

/**
 * An error of a procedure called in-process (createCaller) as REST would answer it: its status, the one error
 * shape and Retry-After. For app routes that call procedures themselves (the back office's uploads and CSV
 * downloads); `internal` says the cause must be logged, never sent.
 */
export function restError(error: unknown, requestId: string): { status: number; body: RestErrorBody; headers: Record<string, string>; internal: boolean } {
  if (!(error instanceof TRPCError)) {
    return { status: 500, body: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error", requestId }, headers: {}, internal: true };
  }
  const status = getHTTPStatusCodeFromError(error);
  const domain = domainCause(error);
  const internal = status >= 500 && !domain;
  const headers: Record<string, string> = {};
  if (domain?.retryAfterSeconds !== undefined) headers["retry-after"] = String(Math.ceil(domain.retryAfterSeconds));
  return {
    status,
    headers,
    internal,
    body: {
      code: error.code,
      message: internal ? "Internal server error" : error.message,
      requestId,
      ...(error.cause instanceof ZodError ? { issues: fieldIssues(error.cause) } : {}),
      ...(domain?.details ? { details: domain.details } : {}),
    },
  };
}
