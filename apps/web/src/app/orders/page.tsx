import type { Metadata } from "next";
import { requireUser } from "../../lib/session";
import { serverApi } from "../../trpc/server";
import { OrderHistory } from "./order-history";

export const metadata: Metadata = { title: "Orders" };

const PAGE_SIZE = 20;

export default async function OrdersPage() {
  await requireUser("/orders");
  const api = await serverApi();
  const firstPage = await api.orders.list({ limit: PAGE_SIZE });
  return (
    <main>
      <h1>Your orders</h1>
      <OrderHistory firstPage={firstPage} pageSize={PAGE_SIZE} />
    </main>
  );
}
