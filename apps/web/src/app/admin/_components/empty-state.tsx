import type { ReactNode } from "react";

/** What a list shows when it has no rows: a heading, why, and what to do next (e.g. clear the filters). */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="admin-empty panel" role="status">
      <h2>{title}</h2>
      {children && <div className="muted">{children}</div>}
      {action && <div className="admin-empty-action">{action}</div>}
    </div>
  );
}
