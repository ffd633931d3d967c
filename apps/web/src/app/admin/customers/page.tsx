import type { Metadata } from "next";
import Link from "next/link";
import { requireBackOffice } from "../_components/access";
import { DataTable, type Column } from "../_components/data-table";
import { EmptyState } from "../_components/empty-state";
import { FilterSelect, ListFilters } from "../_components/list-filters";
import { Money } from "../_components/money";
import { PageHeader } from "../_components/page-header";
import { cursorState, Pagination } from "../_components/pagination";
import { StatusBadge } from "../_components/status-badge";
import { hrefWith, oneOf, param, type SearchParams } from "../_components/url-state";
import { formatDate, formatDateTime } from "../../../lib/format";
import { serverApi } from "../../../trpc/server";
import { FilterField, FilterIssues } from "../orders/_lib/filter-field";
import { withInputIssues } from "../orders/_lib/input-issues";
import { ROLE_LABEL, ROLE_VALUES } from "./_lib/roles";
import "../orders/_lib/orders.css";

export const metadata: Metadata = { title: "Customers" };

const PATH = "/admin/customers";
const PAGE_SIZE = 25;
const FIELDS = ["q", "role", "blocked"] as const;
const LABELS: Record<string, string> = { q: "Search", role: "Role", blocked: "Blocked", cursor: "Page" };

export default async function AdminCustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  await requireBackOffice(hrefWith(PATH, params));
  const api = await serverApi();
  const { cursor } = cursorState(params);
  const blocked = oneOf(params, "blocked", ["true", "false"] as const);
  const { data: list, issues } = await withInputIssues(() =>
    api.admin.customers.list({ q: param(params, "q"), role: oneOf(params, "role", ROLE_VALUES), blocked, limit: PAGE_SIZE, cursor }),
  );

  type Item = NonNullable<typeof list>["items"][number];
  const columns: Column<Item>[] = [
    {
      key: "name",
      header: "Customer",
      rowHeader: true,
      cell: (c) => (
        <>
          <Link href={`${PATH}/${c.id}`}>{c.name ?? "No name"}</Link>
          <div className="muted small">{c.phone}</div>
        </>
      ),
    },
    { key: "email", header: "Email", cell: (c) => c.email ?? <span className="muted">—</span> },
    {
      key: "role",
      header: "Role",
      cell: (c) => (
        <div className="admin-badges">
          <StatusBadge tone={c.role === "customer" ? "neutral" : "info"}>{ROLE_LABEL[c.role]}</StatusBadge>
          {c.blockedAt && <StatusBadge tone="bad">Blocked</StatusBadge>}
        </div>
      ),
    },
    { key: "orders", header: "Orders", numeric: true, cell: (c) => c.orderCount },
    {
      key: "spent",
      header: "Spent",
      numeric: true,
      cell: (c) =>
        c.totalSpent.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          c.totalSpent.map((t, i) => (
            <div key={t.currency}>
              {i > 0 && <span className="visually-hidden">, </span>}
              <Money minor={t.amount} currency={t.currency} />
            </div>
          ))
        ),
    },
    { key: "joined", header: "Joined", cell: (c) => formatDate(c.createdAt) },
    { key: "seen", header: "Last sign-in", cell: (c) => (c.lastSignInAt ? formatDateTime(c.lastSignInAt) : <span className="muted">Never</span>) },
  ];
  const filtered = FIELDS.some((f) => param(params, f) !== undefined);

  return (
    <>
      <PageHeader title="Customers" description="Search by phone (any part of it), name or email." />
      <ListFilters path={PATH} params={params} fields={FIELDS} label="Search customers">
        <FilterField params={params} name="q" label="Search" issues={issues} type="search" placeholder="07400 123, Sam, sam@example.com" maxLength={120} className="admin-search" />
        <FilterSelect params={params} name="role" label="Role" options={ROLE_VALUES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} />
        <FilterSelect
          params={params}
          name="blocked"
          label="Blocked"
          options={[
            { value: "true", label: "Blocked only" },
            { value: "false", label: "Not blocked" },
          ]}
        />
      </ListFilters>
      <FilterIssues issues={issues} labels={LABELS} />
      {list && (
        <>
          <DataTable
            caption="Customers"
            captionHidden
            columns={columns}
            rows={list.items}
            rowKey={(c) => c.id}
            empty={
              <EmptyState title={filtered ? "No customer matches" : "No customers yet"} action={filtered ? <Link href={PATH}>Show everyone</Link> : undefined}>
                {filtered ? "Try part of the phone number, or another spelling of the name." : "Customers appear here once they sign up."}
              </EmptyState>
            }
          />
          <Pagination path={PATH} params={params} nextCursor={list.nextCursor} summary={list.total === 1 ? "1 customer" : `${list.total} customers`} />
        </>
      )}
    </>
  );
}
