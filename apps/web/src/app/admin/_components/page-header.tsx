import type { ReactNode } from "react";

/** The h1 of a back-office page, with the page's main actions beside it (they wrap under it on a phone). */
export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="admin-page-header">
      <div>
        <h1>{title}</h1>
        {description && <p className="muted">{description}</p>}
      </div>
      {actions && <div className="admin-actions">{actions}</div>}
    </div>
  );
}
