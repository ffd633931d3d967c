import { param, type SearchParams } from "../../_components/url-state";
import { issueFor, type InputIssue } from "./input-issues";

/**
 * A text or date filter of a list's GET form (see ListFilters), pre-filled from the address, with the API's
 * message for it next to it (aria-invalid + aria-describedby) when the value was refused.
 */
export function FilterField({
  params,
  name,
  label,
  issues,
  path = name,
  type = "text",
  placeholder,
  inputMode,
  maxLength = 100,
  className,
}: {
  params: SearchParams;
  name: string;
  label: string;
  issues: readonly InputIssue[] | null;
  /** The input's field the API names in its issues, when it differs from the parameter's name. */
  path?: string;
  type?: "text" | "date" | "search" | "tel";
  placeholder?: string;
  inputMode?: "text" | "tel" | "numeric";
  maxLength?: number;
  className?: string;
}) {
  const message = issueFor(issues, path);
  const id = `filter-${name}`;
  return (
    <label className={`${className ?? ""}${message ? " invalid" : ""}`.trim() || undefined} htmlFor={id}>
      {label}
      <input
        id={id}
        type={type}
        name={name}
        defaultValue={param(params, name) ?? ""}
        placeholder={placeholder}
        inputMode={inputMode}
        maxLength={maxLength}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
      />
      {message && (
        <span id={`${id}-error`} className="field-error">
          {message}
        </span>
      )}
    </label>
  );
}

/** What the page says above a list whose filters were refused: which ones, and that nothing was searched. */
export function FilterIssues({ issues, labels }: { issues: readonly InputIssue[] | null; labels: Record<string, string> }) {
  if (!issues?.length) return null;
  return (
    <div className="alert" role="alert">
      <p>Some filters could not be used; correct them and apply again:</p>
      <ul>
        {issues.map((issue, i) => {
          const field = issue.path.split(".")[0] ?? "";
          return (
            <li key={`${issue.path}-${i}`}>
              {labels[field] ?? (issue.path === "(root)" ? "Filters" : issue.path)}: {issue.message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
