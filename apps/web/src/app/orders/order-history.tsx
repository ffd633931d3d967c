"use client";
import Link from "next/link";
import type { OrderPage } from "@shop/core";
import { useCursorPages } from "../../components/use-cursor-pages";
import { formatDate, formatMoney } from "../../lib/format";
import { useTRPC, useTRPCClient } from "../../trpc/client";
import { StatusBadge } from "./status-badge";
import { LoadMore } from "../../components/load-more";

export function OrderHistory({ firstPage, pageSize }: { firstPage: OrderPage; pageSize: number }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { limit: pageSize };
  const pages = useCursorPages(trpc.orders.list.infiniteQueryKey(input), (cursor) => client.orders.list.query({ ...input, cursor }), firstPage);
  const orders = pages.data.pages.flatMap((page) => page.items);

  if (orders.length === 0) {
    return (
      <div className="empty panel">
        <p>You have not placed any orders yet.</p>
        <Link href="/">Browse the catalog</Link>
      </div>
    );
  }
  return (
    <>
      <div className="table-scroll">
        <table className="orders">
          <caption className="visually-hidden">Your orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
              <th scope="col" className="opt">
                Items
              </th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id}>
                <td>
                  <Link href={`/orders/${order.id}`}>{order.number}</Link>
                </td>
                <td>{formatDate(order.createdAt)}</td>
                <td>
                  <StatusBadge status={order.status} />
                </td>
                <td className="opt">{order.itemCount}</td>
                <td className="num">{formatMoney(order.total, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="load-more">
        <LoadMore pages={pages} />
      </div>
    </>
  );
}
