"use client";
import { TRPCClientError } from "@trpc/client";
import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";
import { errorMessage } from "../../../lib/errors";
import { RawCallError } from "./raw-client";

export interface FieldIssue {
  /** Dotted path of the field in the input, e.g. "variants.0.price"; "(root)" for the whole input. */
  path: string;
  message: string;
}

/** The field-level issues of a failed call: a tRPC error's data.issues, or a raw (upload/import) call's issues. */
export function issuesOf(error: unknown): FieldIssue[] {
  if (error instanceof RawCallError) return error.issues;
  if (error instanceof TRPCClientError) {
    const issues = (error.data as { issues?: FieldIssue[] | null } | undefined)?.issues;
    return Array.isArray(issues) ? issues : [];
  }
  return [];
}

/** The message of the first issue at `path` (or under it: "variants.0" also catches "variants.0.price"). */
export function issueAt(issues: readonly FieldIssue[], path: string, { prefix = false } = {}): string | undefined {
  return issues.find((i) => i.path === path || (prefix && i.path.startsWith(`${path}.`)))?.message;
}

/** The message for the form as a whole: the API's, or its non-field issues. */
export function formMessage(error: unknown): string {
  if (error instanceof RawCallError) return error.message;
  return errorMessage(error);
}

/**
 * One labelled control with its server-side message next to it: the message is tied to the control by
 * aria-describedby and the control is marked aria-invalid, so a screen reader says which field failed and why.
 *
 *   <Field label="Price" path="price" issues={issues}><input name="price" /></Field>
 */
export function Field({
  label,
  path,
  issues,
  hint,
  children,
  className,
  prefix = false,
}: {
  label: ReactNode;
  path: string;
  issues: readonly FieldIssue[];
  hint?: ReactNode;
  children: ReactElement<Record<string, unknown>>;
  className?: string;
  /** Also show issues under the path (a list field: "tags" shows "tags.3"'s message). */
  prefix?: boolean;
}) {
  const id = useId();
  const message = issueAt(issues, path, { prefix });
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const control = isValidElement(children)
    ? cloneElement(children, { id: (children.props.id as string | undefined) ?? id, "aria-invalid": message ? true : undefined, "aria-describedby": describedBy })
    : children;
  return (
    <div className={`field${message ? " invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={(children.props.id as string | undefined) ?? id}>{label}</label>
      {control}
      {hint && (
        <span id={hintId} className="muted small">
          {hint}
        </span>
      )}
      {message && (
        <span id={errorId} className="field-error">
          {message}
        </span>
      )}
    </div>
  );
}

/**
 * The error summary above a form: the API's message and, as a list, the issues no Field on the form shows
 * (`shown` are the paths that have one). Announced (role=alert) when it appears.
 */
export function FormErrors({ error, shown = [], issues: given }: { error: unknown; shown?: readonly string[] | ((path: string) => boolean); issues?: readonly FieldIssue[] }) {
  if (!error && !given?.length) return null;
  const issues = given ?? issuesOf(error);
  const isShown = typeof shown === "function" ? shown : (path: string) => shown.some((s) => path === s || path.startsWith(`${s}.`));
  const rest = issues.filter((i) => !isShown(i.path));
  const message = issues.length ? "Please correct the fields marked below." : formMessage(error);
  return (
    <div className="alert" role="alert">
      <p>{issues.length && rest.length === issues.length ? "The changes were not saved:" : message}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((issue, i) => (
            <li key={`${issue.path}-${i}`}>{issue.path && issue.path !== "(root)" ? `${issue.path}: ${issue.message}` : issue.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
