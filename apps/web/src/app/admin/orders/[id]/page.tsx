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
import { PostalAddress } from "../../../../components/postal-address";
import { formatDateTime } from "../../../../lib/format";
import { serverApi } from "../../../../trpc/server";
import { ORDER_STATUS_LABEL, ORDER_STATUS_TONE, PAYMENT_METHOD_LABEL, PAYMENT_STATUS_LABEL, PAYMENT_STATUS_TONE } from "../_lib/labels";
import { OrderActions } from "./order-actions";
import { RefundForm } from "./refund-form";
import "../_lib/orders.css";

type Params = Promise<{ id: string }>;

/** An unknown id and a malformed one are the same 404. */
const loadOrder = cache(async (id: string) => {
  const api = await serverApi();
  try {
    return await api.admin.orders.byId({ id });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Order ${(await params).id.slice(0, 8)}` };
}

const PAYMENT_ROW_STATUS: Record<string, string> = { open: "Open", paid: "Paid", failed: "Failed", expired: "Expired" };
const EVENT_LABEL: Record<string, string> = { pending: "Waiting to be sent", sent: "Sent", skipped: "Not sent" };

function who(actor: { name: string | null; role: string } | null, fallback: string) {
  if (!actor) return <span className="muted">{fallback}</span>;
  return (
    <>
      {actor.name ?? "Unnamed user"} <span className="muted small">({actor.role})</span>
    </>
  );
}

export default async function AdminOrderPage({ params }: { params: Params }) {
  const { id } = await params;
  const user = await requireBackOffice(`/admin/orders/${id}`);
  const order = await loadOrder(id);
  const isAdmin = user.role === "admin";
  const paid = order.payments.some((p) => p.status === "paid");

  return (
    <>
      <p>
        <Link href="/admin/orders">← All orders</Link>
      </p>
      <PageHeader
        title={`Order ${order.number}`}
        description={
          <>
            Placed {formatDateTime(order.createdAt)} · {PAYMENT_METHOD_LABEL[order.paymentMethod] ?? order.paymentMethod}
          </>
        }
        actions={
          <div className="admin-badges" aria-label="Order state">
            <StatusBadge tone={ORDER_STATUS_TONE[order.status]}>
              <span className="visually-hidden">Status: </span>
              <span data-testid="order-status">{ORDER_STATUS_LABEL[order.status]}</span>
            </StatusBadge>
            <StatusBadge tone={PAYMENT_STATUS_TONE[order.paymentStatus]}>
              <span className="visually-hidden">Payment: </span>
              <span data-testid="payment-status">{PAYMENT_STATUS_LABEL[order.paymentStatus]}</span>
            </StatusBadge>
          </div>
        }
      />

      <div className="admin-columns">
        <section className="panel" aria-labelledby="status-heading">
          <h2 id="status-heading">Change status</h2>
          <OrderActions
            orderId={order.id}
            orderNumber={order.number}
            status={order.status}
            allowed={order.allowedTransitions}
            role={user.role}
            refundable={order.refundable}
            currency={order.currency}
          />
        </section>
        {isAdmin && (paid || order.refundedTotal > 0) && (
          <section className="panel" aria-labelledby="refund-heading">
            <h2 id="refund-heading">Refund</h2>
            <RefundForm orderId={order.id} orderNumber={order.number} refundable={order.refundable} currency={order.currency} />
          </section>
        )}
      </div>

      <section className="admin-section" aria-labelledby="items-heading">
        <h2 id="items-heading">Items</h2>
        <div className="admin-table-scroll" role="region" aria-labelledby="items-heading" tabIndex={0}>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">SKU</th>
                <th scope="col" className="num">
                  Unit price
                </th>
                <th scope="col" className="num">
                  <abbr title="Quantity">Qty</abbr>
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((item, i) => (
                <tr key={`${item.variantId ?? item.productId ?? "gone"}-${item.sku}-${i}`}>
                  <th scope="row" data-label="Product">
                    {item.productId ? <Link href={`/admin/products/${item.productId}`}>{item.productName}</Link> : item.productName}
                    {item.variantTitle && <span className="muted small"> · {item.variantTitle}</span>}
                  </th>
                  <td data-label="SKU">{item.sku}</td>
                  <td data-label="Unit price" className="num">
                    <Money minor={item.unitPrice} currency={order.currency} />
                  </td>
                  <td data-label="Quantity" className="num">
                    {item.quantity}
                  </td>
                  <td data-label="Total" className="num">
                    <Money minor={item.lineTotal} currency={order.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="admin-facts order-totals">
          <dt>Subtotal</dt>
          <dd>
            <Money minor={order.subtotal} currency={order.currency} />
          </dd>
          <dt>Shipping</dt>
          <dd>
            <Money minor={order.shippingTotal} currency={order.currency} />
          </dd>
          <dt>Total</dt>
          <dd>
            <strong>
              <Money minor={order.total} currency={order.currency} />
            </strong>
          </dd>
          {order.refundedTotal > 0 && (
            <>
              <dt>Refunded</dt>
              <dd>
                <Money minor={order.refundedTotal} currency={order.currency} />
              </dd>
            </>
          )}
        </dl>
      </section>

      <div className="admin-columns">
        <section className="panel" aria-labelledby="customer-heading">
          <h2 id="customer-heading">Customer</h2>
          <dl className="admin-facts">
            <dt>Name</dt>
            <dd>
              <Link href={`/admin/customers/${order.customer.id}`}>{order.customer.name ?? "No name"}</Link>
              {order.customer.blocked && (
                <>
                  {" "}
                  <StatusBadge tone="bad">Blocked</StatusBadge>
                </>
              )}
            </dd>
            <dt>Phone</dt>
            <dd>
              <a href={`tel:${order.customer.phone}`}>{order.customer.phone}</a>
            </dd>
            <dt>Email</dt>
            <dd>{order.customer.email ?? <span className="muted">—</span>}</dd>
          </dl>
        </section>
        <section className="panel address" aria-labelledby="ship-heading">
          <h2 id="ship-heading">Shipping to</h2>
          <PostalAddress address={order.shippingAddress} />
          {order.note && <p className="muted">Customer’s note: {order.note}</p>}
        </section>
      </div>

      <section className="admin-section" aria-labelledby="history-heading">
        <h2 id="history-heading">Status history</h2>
        {order.history.length === 0 ? (
          <p className="muted">No changes recorded yet.</p>
        ) : (
          <ol className="admin-history">
            {order.history.map((h, i) => (
              <li key={`${h.at}-${i}`}>
                <strong>{h.from ? `${ORDER_STATUS_LABEL[h.from]} → ${ORDER_STATUS_LABEL[h.to]}` : `Placed (${ORDER_STATUS_LABEL[h.to]})`}</strong>{" "}
                <span className="muted small">
                  {formatDateTime(h.at)} · {who(h.actor, "the shop")}
                </span>
                {h.note && <p className="note">Note: {h.note}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="admin-section" aria-labelledby="payments-heading">
        <h2 id="payments-heading">Payments</h2>
        <DataTable
          caption="Payments"
          captionHidden
          rows={order.payments}
          rowKey={(p) => p.id}
          empty={<p className="muted">No payment yet.</p>}
          columns={[
            { key: "provider", header: "Method", rowHeader: true, cell: (p) => PAYMENT_METHOD_LABEL[p.provider] ?? p.provider },
            { key: "status", header: "Status", cell: (p) => <StatusBadge tone={p.status === "paid" ? "ok" : p.status === "open" ? "warn" : "neutral"}>{PAYMENT_ROW_STATUS[p.status] ?? p.status}</StatusBadge> },
            { key: "amount", header: "Amount", numeric: true, cell: (p) => <Money minor={p.amount} currency={p.currency} /> },
            { key: "ref", header: "Reference", cell: (p) => <code className="small">{p.providerPaymentRef ?? p.providerRef}</code> },
            { key: "created", header: "Started", cell: (p) => formatDateTime(p.createdAt) },
            { key: "paid", header: "Paid", cell: (p) => (p.paidAt ? formatDateTime(p.paidAt) : <span className="muted">—</span>) },
          ]}
        />
      </section>

      <section className="admin-section" aria-labelledby="events-heading">
        <h2 id="events-heading">Payment events</h2>
        <DataTable
          caption="Payment events"
          captionHidden
          rows={order.paymentEvents}
          rowKey={(e) => e.id}
          empty={<p className="muted">No event from a payment provider.</p>}
          columns={[
            { key: "type", header: "Event", rowHeader: true, cell: (e) => <code className="small">{e.type}</code> },
            { key: "outcome", header: "Outcome", cell: (e) => e.outcome },
            { key: "provider", header: "Provider", cell: (e) => e.provider },
            { key: "received", header: "Received", cell: (e) => formatDateTime(e.receivedAt) },
            { key: "id", header: "Event id", cell: (e) => <code className="small">{e.eventId}</code> },
          ]}
        />
      </section>

      {order.refunds.length > 0 && (
        <section className="admin-section" aria-labelledby="refunds-heading">
          <h2 id="refunds-heading">Refunds</h2>
          <DataTable
            caption="Refunds"
            captionHidden
            rows={order.refunds}
            rowKey={(r) => r.id}
            columns={[
              { key: "amount", header: "Amount", rowHeader: true, numeric: true, cell: (r) => <Money minor={r.amount} currency={r.currency} /> },
              { key: "reason", header: "Reason", cell: (r) => r.reason ?? <span className="muted">—</span> },
              { key: "by", header: "By", cell: (r) => who(r.createdBy, "the shop") },
              { key: "at", header: "When", cell: (r) => formatDateTime(r.createdAt) },
            ]}
          />
        </section>
      )}

      <section className="admin-section" aria-labelledby="texts-heading">
        <h2 id="texts-heading">Texts to the customer</h2>
        <DataTable
          caption="Texts to the customer"
          captionHidden
          rows={order.notifications}
          rowKey={(n) => `${n.event}-${n.createdAt}`}
          empty={<p className="muted">No text sent about this order.</p>}
          columns={[
            { key: "event", header: "About", rowHeader: true, cell: (n) => n.event },
            { key: "status", header: "Status", cell: (n) => EVENT_LABEL[n.status] ?? n.status },
            { key: "at", header: "When", cell: (n) => formatDateTime(n.sentAt ?? n.createdAt) },
          ]}
        />
      </section>
    </>
  );
}
