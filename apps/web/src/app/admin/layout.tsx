import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "../../lib/session";
import { AdminNav } from "./_components/admin-nav";
import "./_components/admin.css";

export const metadata: Metadata = { title: { default: "Back office", template: "%s · Back office · Shop" }, robots: { index: false } };

/**
 * The back office's shell: admins and staff only (each page also guards itself with requireBackOffice, which
 * knows its own path for the sign-in redirect). The layout renders the one <main> of every admin page: pages
 * render their content (h1 first) without a <main> of their own.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=%2Fadmin");
  if (user.role !== "admin" && user.role !== "staff") forbidden();
  return (
    <div className="admin-shell">
      <a href="#admin-content" className="skip-link">
        Skip to back-office content
      </a>
      <aside className="admin-side">
        <p className="admin-title">
          Back office <span className="muted small">({user.role})</span>
        </p>
        <AdminNav role={user.role} />
      </aside>
      <main id="admin-content" className="admin-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
