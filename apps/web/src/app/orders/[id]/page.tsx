import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { TRPCError } from "@trpc/server";
import { formatDateTime, formatMoney } from "../../../lib/format";
import { requireUser } from "../../../lib/session";
import { PostalAddress } from "../../../components/postal-address";
import { serverApi } from "../../../trpc/server";
import { StatusBadge } from "../status-badge";
import { CancelOrderButton } from "./cancel-order-button";
import { LiveOrderProvider, type PaymentReturn } from "./live-order";
import { PaymentBanner, PaymentDetails } from "./order-payment";

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const RETURNS: readonly string[] = ["done", "cancelled", "unavailable"] satisfies PaymentReturn[];

/** ?payment=done|cancelled (Stripe's return addresses) or unavailable (checkout could not open the payment page). */
function paymentReturn(value: string | string[] | undefined): PaymentReturn | null {
  return typeof value === "string" && RETURNS.includes(value) ? (value as PaymentReturn) : null;
}

/** Someone else's order, a malformed id and a missing one are the same 404 (the API answers all three alike). */
const loadOrder = cache(async (id: string) => {
  const api = await serverApi();
  try {
    return await api.orders.byId({ id });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Order ${(await params).id.slice(0, 8)}` };
}

export default async function OrderPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { id } = await params;
  const arrival = paymentReturn((await searchParams).payment);
  // Back from the payment page with an expired session: signed in again, the customer lands on the same message.
  await requireUser(`/orders/${id}${arrival ? `?payment=${arrival}` : ""}`);
  const order = await loadOrder(id);
  const timeline = [
    ["Placed", order.createdAt],
    ["Paid", order.paidAt],
    ["Shipped", order.shippedAt],
    ["Delivered", order.deliveredAt],
    ["Cancelled", order.cancelledAt],
  ].filter((entry): entry is [string, string] => Boolean(entry[1]));

  return (
    <main>
      <LiveOrderProvider order={order} arrival={arrival}>
        <p>
          <Link href="/orders">← All orders</Link>
        </p>
        <h1>Order {order.number}</h1>
        <PaymentBanner />
        <div className="order-head">
          <p>
            Status: <StatusBadge status={order.status} />
          </p>
          {order.status === "pending" && <CancelOrderButton orderId={order.id} orderNumber={order.number} />}
        </div>
        <ul className="timeline muted small">
          {timeline.map(([label, at]) => (
            <li key={label}>
              {label} {formatDateTime(at)}
            </li>
          ))}
        </ul>

        <PaymentDetails />

        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Items</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
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
              {order.items.map((item) => (
                <tr key={`${item.productSlug}-${item.variantId ?? item.productId}-${item.sku}`}>
                  <td>
                    {item.productId ? <Link href={`/products/${item.productSlug}`}>{item.productName}</Link> : item.productName}
                    {item.variantTitle && <span className="muted small"> · {item.variantTitle}</span>}
                  </td>
                  <td className="num">{formatMoney(item.unitPrice, order.currency)}</td>
                  <td className="num">{item.quantity}</td>
                  <td className="num">{formatMoney(item.lineTotal, order.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Subtotal
                </th>
                <td className="num">{formatMoney(order.subtotal, order.currency)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3}>
                  Shipping
                </th>
                <td className="num">{formatMoney(order.shippingTotal, order.currency)}</td>
              </tr>
              <tr className="grand-total">
                <th scope="row" colSpan={3}>
                  Total
                </th>
                <td className="num">{formatMoney(order.total, order.currency)}</td>
              </tr>
            </tfoot>
          </table>
        </div>

        <section className="panel address" aria-labelledby="ship-to">
          <h2 id="ship-to">Shipping to</h2>
          <PostalAddress address={order.shippingAddress} />
          {order.note && <p className="muted">Note: {order.note}</p>}
        </section>
      </LiveOrderProvider>
    </main>
  );
}
