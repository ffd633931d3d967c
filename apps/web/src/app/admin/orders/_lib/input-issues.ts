/**
 * A list page's filters come from its address, which anyone can edit: a value the API refuses (a malformed phone,
 * a date that is not one) must show as a message next to that filter, not as an error page. Server components
 * call procedures through createCaller, where a refused input is a TRPCError BAD_REQUEST caused by the ZodError.
 */
import { TRPCError } from "@trpc/server";

export interface InputIssue {
  /** Dotted path in the input, "(root)" for the whole of it. */
  path: string;
  message: string;
}

/** The field issues of a refused input; null when the error is something else (rethrow it). */
export function inputIssues(error: unknown): InputIssue[] | null {
  if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") return null;
  const issues = (error.cause as { issues?: { path?: PropertyKey[]; message?: string }[] } | undefined)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return [{ path: "(root)", message: error.message }];
  return issues.map((i) => ({ path: (i.path ?? []).map(String).join(".") || "(root)", message: i.message ?? "Invalid value" }));
}

/** Runs a list call; a refused filter answers its issues instead of throwing. */
export async function withInputIssues<T>(call: () => Promise<T>): Promise<{ data: T; issues: null } | { data: null; issues: InputIssue[] }> {
  try {
    return { data: await call(), issues: null };
  } catch (error) {
    const issues = inputIssues(error);
    if (!issues) throw error;
    return { data: null, issues };
  }
}

export function issueFor(issues: readonly InputIssue[] | null, path: string): string | undefined {
  return issues?.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
}
