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

/** errorMessage, plus the stock facts of a 409 when the API sent them. */
export function stockErrorMessage(error: unknown): string {
  const { available, inCart } = errorDetails(error);
  const message = errorMessage(error);
  if (typeof available !== "number") return message;
  const held = typeof inCart === "number" && inCart > 0 ? `, ${inCart} already in your cart` : "";
  return `${message}: ${available} available${held}.`;
}
