import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { TRPCError } from "@trpc/server";
import { requireBackOffice } from "../../_components/access";
import { DataTable } from "../../_components/data-table";
import { Money } from "../../_components/money";
import { PageHeader } from "../../_components/page-header";
import { StatusBadge } from "../../_components/status-badge";
import { formatDate, formatDateTime, stars } from "../../../../lib/format";
import { serverApi } from "../../../../trpc/server";
import { orderStatusLabel, orderStatusTone } from "../../orders/_lib/labels";
import { ROLE_LABEL } from "../_lib/roles";
import { BlockControls, RoleForm } from "./customer-controls";
import "../../orders/_lib/orders.css";

type Params = Promise<{ id: string }>;

const loadCustomer = cache(async (id: string) => {
  const api = await serverApi();
  try {
    return await api.admin.customers.byId({ id });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Customer ${(await params).id.slice(0, 8)}` };
}

export default async function AdminCustomerPage({ params }: { params: Params }) {
  const { id } = await params;
  const user = await requireBackOffice(`/admin/customers/${id}`);
  const detail = await loadCustomer(id);
  const { customer } = detail;
  const isAdmin = user.role === "admin";
  const self = user.id === customer.id;
  const name = customer.name ?? customer.phone;

  return (
    <>
      <p>
        <Link href="/admin/customers">← All customers</Link>
      </p>
      <PageHeader
        title={customer.name ?? "Customer without a name"}
        description={<>Joined {formatDate(customer.createdAt)}</>}
        actions={
          <div className="admin-badges">
            <StatusBadge tone={customer.role === "customer" ? "neutral" : "info"}>{ROLE_LABEL[customer.role]}</StatusBadge>
            {customer.blockedAt && (
              <StatusBadge tone="bad">
                <span data-testid="blocked-badge">Blocked</span>
              </StatusBadge>
            )}
          </div>
        }
      />
      {customer.blockedAt && (
        <p className="alert">
          Blocked {formatDateTime(customer.blockedAt)}
          {customer.blockedReason ? `: ${customer.blockedReason}` : ""}. The account cannot sign in.
        </p>
      )}

      <div className="admin-columns">
        <section className="panel" aria-labelledby="profile-heading">
          <h2 id="profile-heading">Profile</h2>
          <dl className="admin-facts">
            <dt>Phone</dt>
            <dd>
              <a href={`tel:${customer.phone}`}>{customer.phone}</a>
            </dd>
            <dt>Email</dt>
            <dd>{customer.email ?? <span className="muted">—</span>}</dd>
            <dt>Texts</dt>
            <dd>{customer.smsNotifications ? "Order updates by SMS" : "No order texts"}</dd>
            <dt>Orders</dt>
            <dd>{detail.orderCount}</dd>
            <dt>Spent</dt>
            <dd>
              {detail.totalSpent.length === 0 ? (
                <span className="muted">Nothing yet</span>
              ) : (
                detail.totalSpent.map((t, i) => (
                  <span key={t.currency}>
                    {i > 0 && ", "}
                    <Money minor={t.amount} currency={t.currency} />
                  </span>
                ))
              )}
            </dd>
            <dt>Last sign-in</dt>
            <dd>{detail.lastSignInAt ? formatDateTime(detail.lastSignInAt) : <span className="muted">Never</span>}</dd>
            <dt>Sessions</dt>
            <dd>
              {detail.activeSessions} active of {detail.totalSessions}
            </dd>
          </dl>
        </section>
        {isAdmin && (
          <section className="panel" aria-labelledby="role-heading">
            <h2 id="role-heading">Role</h2>
            <RoleForm customerId={customer.id} role={customer.role} self={self} />
          </section>
        )}
        {isAdmin && (
          <section className="panel" aria-labelledby="block-heading">
            <h2 id="block-heading">{customer.blockedAt ? "Unblock" : "Block"}</h2>
            <BlockControls customerId={customer.id} name={name} blocked={Boolean(customer.blockedAt)} self={self} />
          </section>
        )}
      </div>

      <section className="admin-section" aria-labelledby="orders-heading">
        <h2 id="orders-heading">Recent orders</h2>
        <DataTable
          caption="Recent orders"
          captionHidden
          rows={detail.recentOrders}
          rowKey={(o) => o.id}
          empty={<p className="muted">No orders yet.</p>}
          columns={[
            { key: "number", header: "Order", rowHeader: true, cell: (o) => <Link href={`/admin/orders/${o.id}`}>{o.number}</Link> },
            { key: "date", header: "Placed", cell: (o) => formatDateTime(o.createdAt) },
            { key: "status", header: "Status", cell: (o) => <StatusBadge tone={orderStatusTone(o.status)}>{orderStatusLabel(o.status)}</StatusBadge> },
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
          ]}
        />
        {detail.orderCount > detail.recentOrders.length && (
          <p>
            <Link href={`/admin/orders?phone=${encodeURIComponent(customer.phone)}`}>All {detail.orderCount} orders of this customer</Link>
          </p>
        )}
      </section>

      <section className="admin-section" aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Reviews</h2>
        <DataTable
          caption="Reviews"
          captionHidden
          rows={detail.reviews}
          rowKey={(r) => r.id}
          empty={<p className="muted">No reviews written.</p>}
          columns={[
            { key: "product", header: "Product", rowHeader: true, cell: (r) => <Link href={`/admin/products/${r.productId}`}>{r.productName}</Link> },
            {
              key: "rating",
              header: "Rating",
              cell: (r) => (
                <>
                  <span aria-hidden="true">{stars(r.rating)}</span>
                  <span className="visually-hidden">{r.rating} out of 5</span>
                </>
              ),
            },
            { key: "title", header: "Title", cell: (r) => r.title ?? <span className="muted">—</span> },
            {
              key: "state",
              header: "Shown",
              cell: (r) =>
                r.hiddenAt ? (
                  <>
                    <StatusBadge tone="bad">Hidden</StatusBadge>
                    {r.hiddenReason && <div className="muted small">{r.hiddenReason}</div>}
                  </>
                ) : (
                  <StatusBadge tone="ok">Shown</StatusBadge>
                ),
            },
            { key: "date", header: "Written", cell: (r) => formatDate(r.createdAt) },
          ]}
        />
        {isAdmin && detail.reviews.length > 0 && customer.name && (
          <p>
            <Link href={`/admin/reviews?q=${encodeURIComponent(customer.name ?? "")}`}>Moderate reviews</Link>
          </p>
        )}
      </section>
    </>
  );
}
