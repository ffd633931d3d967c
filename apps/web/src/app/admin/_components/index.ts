/**
 * The back office's shared UI (apps/web/src/app/admin/**). The admin layout renders the nav and the page's one
 * <main id="admin-content">: a page renders its content without a <main>, starting with <PageHeader> (the h1).
 *
 * Every module here is safe to import from server and client components alike, so this barrel is too. Two
 * server-only helpers are imported by their own paths instead:
 * - ./access: requireBackOffice(path, { adminOnly? })  every page's guard (sign-in redirect back to `path`,
 *   403 for customers, and for staff on admin-only pages).
 * - ../_raw/raw-route: rawRoute(...)  a route handler for raw-body (upload, CSV import) and CSV-export calls with
 *   the session cookie and a same-origin check (read its header before using it).
 *
 * Mostly for server components:
 * - PageHeader       the h1, a description and the page's action buttons/links.
 * - DataTable        a table from columns + rows; sort links in headers; stacks into labelled cards on a phone.
 * - Pagination, cursorState  keyset pages in the URL (?cursor=&prev=), with First/Previous/Next links;
 *   PagePagination  numbered pages (?page=N) for lists whose API counts its rows.
 * - ListFilters + SearchBox / FilterSelect / FilterCheckbox  a GET form: search and filters live in the URL
 *   (?q=&status=...), other parameters (sort) are carried, a new search starts at page 1.
 * - Money, StatusBadge, EmptyState  an amount in minor units; a state pill (tone ok/warn/bad/info/neutral);
 *   what an empty list says.
 * - url-state: param / oneOf / hrefWith / withoutPage  read and build list addresses (pure).
 *
 * Client (in "use client" components):
 * - Field, FormErrors, issuesOf, issueAt  server-side validation messages next to the fields (tRPC data.issues
 *   or a raw call's issues), and a summary of the rest.
 * - ConfirmDialog    native <dialog> confirmation for destructive actions (focus on Cancel, returns on close).
 * - rawCall, RawCallError  send a FormData/File to a rawRoute and get its JSON (errors thrown with issues).
 */
export type { BackOfficeRole } from "./access";
export { PageHeader } from "./page-header";
export { DataTable, type Column, type DataTableProps } from "./data-table";
export { Pagination, PagePagination, cursorState, pageWindow, MAX_TRAIL } from "./pagination";
export { ListFilters, SearchBox, FilterSelect, FilterCheckbox, type FilterOption } from "./list-filters";
export { Money } from "./money";
export { StatusBadge, type Tone } from "./status-badge";
export { EmptyState } from "./empty-state";
export { param, oneOf, hrefWith, withoutPage, PAGE_PARAMS, type SearchParams } from "./url-state";
export { Field, FormErrors, issuesOf, issueAt, formMessage, type FieldIssue } from "./form-errors";
export { ConfirmDialog, type ConfirmDialogProps } from "./confirm-dialog";
export { rawCall, RawCallError, type RawIssue } from "./raw-client";
export { AdminNav, ADMIN_NAV } from "./admin-nav";
