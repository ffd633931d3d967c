import { TRPCClientError } from "@trpc/client";

interface ErrorData {
  issues?: { path: string; message: string }[] | null;
  details?: Record<string, unknown> | null;
}

/** The message the API sent, with the offending fields of a validation error, ready to show to a person. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as ErrorData | undefined;
    const issues = data?.issues?.map((i) => (i.path && i.path !== "(root)" ? `${i.path}: ${i.message}` : i.message));
    if (issues?.length) return issues.join("; ");
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong";
}

/** The HTTP status the API answered with; undefined when no answer arrived (network failure). */
export function errorStatus(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const status = (error.data as { httpStatus?: unknown } | undefined)?.httpStatus;
  return typeof status === "number" ? status : undefined;
}

/** The machine-readable `details` of a domain error (e.g. `available` stock), or {}. */
export function errorDetails(error: unknown): Record<string, unknown> {
  if (!(error instanceof TRPCClientError)) return {};
  return ((error.data as ErrorData | undefined)?.details as Record<string, unknown> | null | undefined) ?? {};
}

/** The seconds after which the refused request may succeed (a 429's Retry-After), if the API said. */
export function errorRetryAfterSeconds(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const seconds = (error.data as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === "number" && seconds > 0 ? seconds : undefined;
}
