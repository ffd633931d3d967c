import type { OrderStatus } from "@shop/core";
import { capitalize } from "../../lib/format";

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`status status-${status}`}>{capitalize(status)}</span>;
}
