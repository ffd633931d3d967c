import type { Metadata } from "next";
import Link from "next/link";
import { requireBackOffice } from "../_components/access";
import { DataTable, type Column } from "../_components/data-table";
import { EmptyState } from "../_components/empty-state";
import { FilterSelect, ListFilters, type FilterOption } from "../_components/list-filters";
import { Money } from "../_components/money";
import { PageHeader } from "../_components/page-header";
import { PagePagination } from "../_components/pagination";
import { StatusBadge } from "../_components/status-badge";
import { hrefWith, param, type SearchParams } from "../_components/url-state";
import { formatDateTime } from "../../../lib/format";
import { serverApi } from "../../../trpc/server";
import { FilterField, FilterIssues } from "./_lib/filter-field";
import { ORDER_FILTER_LABELS, ORDER_FILTERS, ORDER_SORTS, orderFilters } from "./_lib/filters";
import { withInputIssues } from "./_lib/input-issues";
import {
  ORDER_STATUS_LABEL,
  ORDER_STATUS_TONE,
  ORDER_STATUS_VALUES,
  PAYMENT_METHOD_LABEL,
  PAYMENT_METHOD_VALUES,
  PAYMENT_STATUS_LABEL,
  PAYMENT_STATUS_TONE,
  PAYMENT_STATUS_VALUES,
} from "./_lib/labels";
import "./_lib/orders.css";

export const metadata: Metadata = { title: "Orders" };

const PATH = "/admin/orders";
const PAGE_SIZE = 25;

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  await requireBackOffice(hrefWith(PATH, params));
  const api = await serverApi();
  const filters = orderFilters(params);
  const page = Math.max(1, Math.min(100_000, Number.parseInt(param(params, "page") ?? "1", 10) || 1));
  const { data: list, issues } = await withInputIssues(() => api.admin.orders.list({ ...filters, page, pageSize: PAGE_SIZE }));

  type Item = NonNullable<typeof list>["items"][number];
  const columns: Column<Item>[] = [
    {
      key: "number",
      header: "Order",
      rowHeader: true,
      cell: (o) => <Link href={`${PATH}/${o.id}`}>{o.number}</Link>,
    },
    { key: "date", header: "Placed", cell: (o) => formatDateTime(o.createdAt) },
    {
      key: "customer",
      header: "Customer",
      cell: (o) => (
        <>
          {o.customer.name ?? <span className="muted">No name</span>}
          <div className="muted small">{o.customer.phone}</div>
        </>
      ),
    },
    { key: "status", header: "Status", cell: (o) => <StatusBadge tone={ORDER_STATUS_TONE[o.status]}>{ORDER_STATUS_LABEL[o.status]}</StatusBadge> },
    {
      key: "payment",
      header: "Payment",
      cell: (o) => (
        <>
          <StatusBadge tone={PAYMENT_STATUS_TONE[o.paymentStatus]}>{PAYMENT_STATUS_LABEL[o.paymentStatus]}</StatusBadge>
          <div className="muted small">{PAYMENT_METHOD_LABEL[o.paymentMethod] ?? o.paymentMethod}</div>
        </>
      ),
    },
    { key: "items", header: "Items", numeric: true, cell: (o) => o.itemCount },
    {
      key: "total",
      header: "Total",
      numeric: true,
      cell: (o) => (
        <>
          <Money minor={o.total} currency={o.currency} />
          {o.refundedTotal > 0 && (
            <div className="muted small">
              −<Money minor={o.refundedTotal} currency={o.currency} /> refunded
            </div>
          )}
        </>
      ),
    },
  ];

  const filtered = ORDER_FILTERS.some((name) => name !== "sort" && param(params, name) !== undefined);
  const exportHref = hrefWith(`${PATH}/export`, { ...filters, sort: filters.sort === "newest" ? undefined : filters.sort });
  const statusValue = param(params, "status");
  const statusOptions: FilterOption[] = ORDER_STATUS_VALUES.map((s) => ({ value: s, label: ORDER_STATUS_LABEL[s] }));
  // A link may name several statuses (status=paid,shipped): keep that choice selectable.
  if (statusValue?.includes(",")) statusOptions.push({ value: statusValue, label: statusValue.split(",").map((s) => ORDER_STATUS_LABEL[s as keyof typeof ORDER_STATUS_LABEL] ?? s).join(" or ") });

  return (
    <>
      <PageHeader
        title="Orders"
        description="Every order of the shop. Filters stay in the address, so a filtered list can be bookmarked or shared."
        actions={
          <a href={exportHref} className="button secondary" download>
            Export CSV
          </a>
        }
      />
      <ListFilters path={PATH} params={params} fields={ORDER_FILTERS} label="Filter orders">
        <FilterField params={params} name="number" label="Order number" issues={issues} placeholder="SO-20261201-…" maxLength={32} />
        <FilterField params={params} name="phone" label="Customer phone" issues={issues} type="tel" inputMode="tel" placeholder="+447400123456" maxLength={40} />
        <FilterField params={params} name="q" label="Search" issues={issues} type="search" placeholder="Name, email, number" />
        <FilterSelect params={params} name="status" label="Status" options={statusOptions} />
        <FilterSelect params={params} name="paymentStatus" label="Payment" options={PAYMENT_STATUS_VALUES.map((s) => ({ value: s, label: PAYMENT_STATUS_LABEL[s] }))} />
        <FilterSelect params={params} name="paymentMethod" label="Method" options={PAYMENT_METHOD_VALUES.map((s) => ({ value: s, label: PAYMENT_METHOD_LABEL[s]! }))} />
        <FilterField params={params} name="createdFrom" label="Placed from" issues={issues} type="date" />
        <FilterField params={params} name="createdTo" label="Placed to" issues={issues} type="date" />
        <FilterSelect params={params} name="sort" label="Sort" options={ORDER_SORTS} anyLabel={null} fallback="newest" />
      </ListFilters>
      <FilterIssues issues={issues} labels={ORDER_FILTER_LABELS} />
      {list && (
        <>
          <p className="muted small admin-count" role="status">
            {list.total === 1 ? "1 order" : `${list.totalIsExact ? "" : "More than "}${list.total} orders`}
            {list.pages > 1 && `, page ${list.page} of ${list.pages}`}
          </p>
          <DataTable
            caption="Orders"
            captionHidden
            columns={columns}
            rows={list.items}
            rowKey={(o) => o.id}
            empty={
              <EmptyState
                title={filtered ? "No orders match these filters" : page > 1 ? "No orders on this page" : "No orders yet"}
                action={filtered || page > 1 ? <Link href={PATH}>Show all orders</Link> : undefined}
              >
                {filtered ? "Try another number, a wider date range or fewer filters." : "Orders placed in the shop appear here."}
              </EmptyState>
            }
          />
          <PagePagination path={PATH} params={params} page={list.page} pageCount={list.pages} />
        </>
      )}
    </>
  );
}
