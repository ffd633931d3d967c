import type { Metadata } from "next";
import Link from "next/link";
import { requireBackOffice } from "./_components/access";
import { DataTable } from "./_components/data-table";
import { Money } from "./_components/money";
import { PageHeader } from "./_components/page-header";
import { StatusBadge } from "./_components/status-badge";
import { formatDateTime } from "../../lib/format";
import { serverApi } from "../../trpc/server";
import { ORDER_STATUS_LABEL, ORDER_STATUS_TONE, ORDER_STATUS_VALUES } from "./orders/_lib/labels";
import "./orders/_lib/orders.css";

// A layout's title template applies to the segments below it, not to the page beside it: this one spells it out.
export const metadata: Metadata = { title: { absolute: "Dashboard · Back office · Shop" } };

type Period = { from: string; byCurrency: { currency: string; orders: number; gross: number; refunds: number; net: number }[] };

/** One period's sales: net per currency (never added across currencies), with the orders and refunds behind it. */
function SalesCard({ title, period }: { title: string; period: Period }) {
  const headingId = `sales-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <section className="panel admin-stat" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {period.byCurrency.length === 0 ? (
        <>
          <p className="figure">None</p>
          <p className="muted small">No order paid and no refund</p>
        </>
      ) : (
        period.byCurrency.map((line) => (
          <div key={line.currency}>
            <p className="figure" data-testid={`${headingId}-${line.currency}`}>
              <Money minor={line.net} currency={line.currency} />
            </p>
            <p className="muted small">
              {line.orders === 1 ? "1 order" : `${line.orders} orders`}, <Money minor={line.gross} currency={line.currency} /> gross
              {line.refunds > 0 && (
                <>
                  , <Money minor={line.refunds} currency={line.currency} /> refunded
                </>
              )}
            </p>
          </div>
        ))
      )}
    </section>
  );
}

export default async function AdminDashboardPage() {
  const user = await requireBackOffice("/admin");
  const api = await serverApi();
  const d = await api.admin.dashboard.get({});
  const openOrders = d.ordersByStatus.paid + d.ordersByStatus.pending;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            Hello {user.name ?? "there"}. Figures as of {formatDateTime(d.generatedAt)}; days start at midnight {d.timeZone}.
          </>
        }
        actions={
          <Link href="/admin/orders?status=paid" className="button">
            Orders to ship ({d.ordersByStatus.paid})
          </Link>
        }
      />

      <section className="admin-section" aria-labelledby="sales-heading">
        <h2 id="sales-heading">Sales</h2>
        <p className="muted small">Net: paid orders’ totals minus refunds given in the period.</p>
        <div className="admin-stat-grid">
          <SalesCard title="Today" period={d.sales.today} />
          <SalesCard title="Last 7 days" period={d.sales.last7Days} />
          <SalesCard title="Last 30 days" period={d.sales.last30Days} />
        </div>
      </section>

      <section className="admin-section" aria-labelledby="status-heading">
        <h2 id="status-heading">Orders by status</h2>
        <p className="muted small">{openOrders === 1 ? "1 order is" : `${openOrders} orders are`} waiting for payment or shipping.</p>
        <ul className="admin-status-links">
          {ORDER_STATUS_VALUES.map((status) => (
            <li key={status}>
              <Link href={`/admin/orders?status=${status}`}>
                <StatusBadge tone={ORDER_STATUS_TONE[status]}>{ORDER_STATUS_LABEL[status]}</StatusBadge>{" "}
                <span className="count">{d.ordersByStatus[status]}</span>
                <span className="visually-hidden">{d.ordersByStatus[status] === 1 ? " order" : " orders"}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <div className="admin-columns">
        <section className="admin-section" aria-labelledby="low-heading">
          <h2 id="low-heading">Low stock</h2>
          <p className="muted small">Active variants with {d.lowStock.threshold} or fewer in stock, lowest first.</p>
          <DataTable
            caption="Low-stock variants"
            captionHidden
            rows={d.lowStock.items}
            rowKey={(v) => v.variantId}
            empty={<p className="notice">Nothing is running low.</p>}
            columns={[
              {
                key: "product",
                header: "Variant",
                rowHeader: true,
                cell: (v) => (
                  <>
                    <Link href={`/admin/products/${v.productId}`}>{v.productName}</Link>
                    {v.title && <span className="muted small"> · {v.title}</span>}
                    <div className="muted small">{v.sku}</div>
                  </>
                ),
              },
              {
                key: "stock",
                header: "Stock",
                numeric: true,
                cell: (v) => (v.stock <= 0 ? <StatusBadge tone="bad">Out ({v.stock})</StatusBadge> : <StatusBadge tone="warn">{v.stock} left</StatusBadge>),
              },
            ]}
          />
        </section>

        <section className="admin-section" aria-labelledby="top-heading">
          <h2 id="top-heading">Top products, last 30 days</h2>
          <p className="muted small">By units sold in paid orders.</p>
          <DataTable
            caption="Top products"
            captionHidden
            rows={d.topProducts.items}
            rowKey={(p) => `${p.productId}-${p.currency}`}
            empty={<p className="muted">No sales in the last 30 days.</p>}
            columns={[
              { key: "name", header: "Product", rowHeader: true, cell: (p) => <Link href={`/admin/products/${p.productId}`}>{p.name}</Link> },
              { key: "units", header: "Units", numeric: true, cell: (p) => p.units },
              { key: "orders", header: "Orders", numeric: true, cell: (p) => p.orders },
              { key: "revenue", header: "Revenue", numeric: true, cell: (p) => <Money minor={p.revenue} currency={p.currency} /> },
            ]}
          />
        </section>
      </div>
    </>
  );
}
