import type { Metadata } from "next";
import Link from "next/link";
import { requireBackOffice } from "../_components/access";
import { EmptyState } from "../_components/empty-state";
import { FilterSelect, ListFilters, type FilterOption } from "../_components/list-filters";
import { PageHeader } from "../_components/page-header";
import { cursorState, Pagination } from "../_components/pagination";
import { StatusBadge } from "../_components/status-badge";
import { hrefWith, param, type SearchParams } from "../_components/url-state";
import { formatDateTime } from "../../../lib/format";
import { serverApi } from "../../../trpc/server";
import { FilterField, FilterIssues } from "../orders/_lib/filter-field";
import { withInputIssues } from "../orders/_lib/input-issues";
import { entityHref, ENTITY_TYPES, formatJson, KNOWN_ACTIONS } from "./audit-text";
import "../orders/_lib/orders.css";

export const metadata: Metadata = { title: "Audit log" };

const PATH = "/admin/audit";
const PAGE_SIZE = 50;
const FIELDS = ["actorId", "action", "entityType", "entityId", "from", "to"] as const;
const LABELS: Record<string, string> = { actorId: "Who", action: "Action", entityType: "Entity", entityId: "Entity id", from: "From", to: "To", cursor: "Page" };

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  await requireBackOffice(hrefWith(PATH, params), { adminOnly: true });
  const api = await serverApi();
  const { cursor } = cursorState(params);
  const filters = {
    actorId: param(params, "actorId"),
    action: param(params, "action"),
    entityType: param(params, "entityType"),
    entityId: param(params, "entityId"),
    from: param(params, "from"),
    to: param(params, "to"),
  };
  const [{ data: page, issues }, admins, staff] = await Promise.all([
    withInputIssues(() => api.admin.audit.list({ ...filters, limit: PAGE_SIZE, cursor })),
    api.admin.customers.list({ role: "admin", limit: 100 }),
    api.admin.customers.list({ role: "staff", limit: 100 }),
  ]);
  const actors: FilterOption[] = [...admins.items, ...staff.items].map((u) => ({ value: u.id, label: `${u.name ?? u.phone} (${u.role})` }));
  // An actor named by a link who is no longer admin or staff stays selectable.
  if (filters.actorId && !actors.some((a) => a.value === filters.actorId)) {
    const named = page?.items.find((e) => e.actor?.id === filters.actorId)?.actor;
    actors.push({ value: filters.actorId, label: named ? `${named.name ?? named.phone} (${named.role})` : filters.actorId });
  }
  const filtered = FIELDS.some((f) => param(params, f) !== undefined);

  return (
    <>
      <PageHeader title="Audit log" description="Every write made in the back office: who, when, what, and the values before and after." />
      <ListFilters path={PATH} params={params} fields={FIELDS} label="Filter the audit log">
        <FilterSelect params={params} name="actorId" label="Who" options={actors} anyLabel="Anyone" />
        <FilterField params={params} name="action" label="Action" issues={issues} placeholder="order. or customer.block" maxLength={60} />
        <FilterSelect params={params} name="entityType" label="Entity" options={ENTITY_TYPES} />
        <FilterField params={params} name="entityId" label="Entity id" issues={issues} maxLength={64} />
        <FilterField params={params} name="from" label="From" issues={issues} type="date" />
        <FilterField params={params} name="to" label="To" issues={issues} type="date" />
      </ListFilters>
      <p className="muted small">
        Actions: {KNOWN_ACTIONS.map((a, i) => (
          <span key={a}>
            {i > 0 && ", "}
            <Link href={hrefWith(PATH, { ...filters, action: a })}>{a}</Link>
          </span>
        ))}
      </p>
      <FilterIssues issues={issues} labels={LABELS} />
      {page &&
        (page.items.length === 0 ? (
          <EmptyState title={filtered ? "No entry matches" : "Nothing recorded yet"} action={filtered ? <Link href={PATH}>Show every entry</Link> : undefined}>
            {filtered ? "Try a wider date range or fewer filters." : "Changes made in the back office appear here."}
          </EmptyState>
        ) : (
          <ol className="admin-history audit-entries" aria-label="Audit entries, newest first">
            {page.items.map((entry) => {
              const href = entityHref(entry.entityType, entry.entityId);
              return (
                <li key={entry.id}>
                  <details className="admin-entry">
                    <summary>
                      <span>
                        <strong>{entry.summary}</strong>{" "}
                        <span className="muted small">
                          {formatDateTime(entry.createdAt)} · {entry.actor ? entry.actor.name ?? entry.actor.phone : "a deleted user"} ({entry.actorRole}) ·{" "}
                          <code>{entry.action}</code>
                        </span>
                      </span>
                    </summary>
                    <dl className="admin-facts">
                      <dt>Who</dt>
                      <dd>
                        {entry.actor ? (
                          <>
                            <Link href={`/admin/customers/${entry.actor.id}`}>{entry.actor.name ?? entry.actor.phone}</Link> {entry.actor.phone} · wrote as{" "}
                            {entry.actorRole}
                            {entry.actor.role !== entry.actorRole && `, now ${entry.actor.role}`} ·{" "}
                            <Link href={hrefWith(PATH, { actorId: entry.actor.id })}>Their entries</Link>
                          </>
                        ) : (
                          <span className="muted">A deleted user ({entry.actorRole})</span>
                        )}
                      </dd>
                      <dt>What</dt>
                      <dd>
                        <StatusBadge tone="info">{entry.entityType}</StatusBadge>{" "}
                        {entry.entityId && (href ? <Link href={href}>{entry.entityId}</Link> : <code>{entry.entityId}</code>)}
                        {entry.entityId && (
                          <>
                            {" "}
                            · <Link href={hrefWith(PATH, { entityType: entry.entityType, entityId: entry.entityId })}>History of this {entry.entityType.replace("_", " ")}</Link>
                          </>
                        )}
                      </dd>
                      <dt>Request</dt>
                      <dd>{entry.requestId ? <code>{entry.requestId}</code> : <span className="muted">—</span>}</dd>
                    </dl>
                    <div className="admin-diff">
                      <section>
                        <h3>Before</h3>
                        {entry.before == null ? <p className="muted small">Nothing (a new record)</p> : <pre className="admin-json">{formatJson(entry.before)}</pre>}
                      </section>
                      <section>
                        <h3>After</h3>
                        {entry.after == null ? <p className="muted small">Nothing (removed)</p> : <pre className="admin-json">{formatJson(entry.after)}</pre>}
                      </section>
                    </div>
                  </details>
                </li>
              );
            })}
          </ol>
        ))}
      {page && <Pagination path={PATH} params={params} nextCursor={page.nextCursor} />}
    </>
  );
}
