import "server-only";
import { forbidden } from "next/navigation";
import { requireUser } from "../../../lib/session";

export type BackOfficeRole = "admin" | "staff";

/**
 * The guard of every back-office page: a signed-in admin (or, unless `adminOnly`, a staff member), else a redirect
 * to sign-in that comes back to `path`, or a 403 page. The layout checks too, but Next.js renders a layout and its
 * page in parallel, so each page guards itself; the procedures it calls check again (the real boundary).
 */
export async function requireBackOffice(path: string, options: { adminOnly?: boolean } = {}) {
  const user = await requireUser(path);
  const role = user.role;
  if (role !== "admin" && (role !== "staff" || options.adminOnly)) forbidden();
  return { ...user, role: role as BackOfficeRole };
}
