import { stringify } from "csv-stringify/sync";
import { DomainError } from "../../errors/domain-error";
import { unlessBusy } from "../../infra/db-errors";
import { findOrder } from "../../orders/order.repository";
import { ORDER_TRANSITIONS } from "../../orders/order.service";
import type { OrderStatus } from "../../orders/order.schemas";
import type { Refund } from "../../payments/payment.schemas";
import { requireAdmin, type Actor } from "../actor";
import { recordAudit } from "../audit/audit-record";
import type { AdminDeps } from "../services";
import { countOrders, orderFacts, orderSurroundings, paymentStatusOf, selectOrderPage, type AdminOrderRow, type OrderKey } from "./orders-admin.repository";
import {
  isOrderId,
  orderFiltersOf,
  type AdminOrderDetail,
  type AdminOrderExportInput,
  type AdminOrderListInput,
  type AdminOrderPage,
  type AdminOrderSummary,
  type AdminRefundInput,
  type AdminTransitionInput,
} from "./orders-admin.schemas";

export interface OrderAdminOptions {
  /**
   * The list counts matching orders up to this many (default 10,000): its total is exact below, "10,000+"
   * (totalIsExact false) above, and pages reach that far; narrower filters (dates) or the export go further.
   */
  countLimit?: number;
  /** Rows per query of the CSV export (default 500): each is one index range scan after the previous batch. */
  exportBatchSize?: number;
}

export const DEFAULT_ORDER_ADMIN_OPTIONS = { countLimit: 10_000, exportBatchSize: 500 } as const satisfies Required<OrderAdminOptions>;

/** The CSV export's columns, in order. */
export const ORDER_CSV_COLUMNS = [
  "number",
  "created_at",
  "status",
  "payment_status",
  "payment_method",
  "customer_name",
  "customer_phone",
  "item_count",
  "subtotal",
  "shipping",
  "total",
  "refunded",
  "currency",
] as const;

export interface OrderAdmin {
  /** Staff: filtered, sorted, numbered pages with a (capped) total. */
  list(actor: Actor, input: AdminOrderListInput): Promise<AdminOrderPage>;
  /** Staff: the order with its customer, payments, payment events, refunds, history and texts sent. */
  byId(actor: Actor, orderId: string): Promise<AdminOrderDetail>;
  /**
   * Staff: move the order on, through the shop's order service (stock back on cancel, the customer's text, a
   * manual payment recorded when marked paid), with a history row and an audit entry in the move's transaction.
   * Cancelling a paid order whose payment is not yet refunded refunds it first, which only an admin may do.
   */
  transition(actor: Actor, input: AdminTransitionInput): Promise<AdminOrderDetail>;
  /** Admin: a refund through the payments module (never more than was paid), audited. */
  refund(actor: Actor, input: AdminRefundInput): Promise<Refund>;
  /** Staff: the list's selection as CSV, streamed batch by batch (the first batch is read before answering). */
  exportCsv(actor: Actor, input: AdminOrderExportInput): Promise<ReadableStream<Uint8Array>>;
}

const notFound = () => new DomainError("NOT_FOUND", "Order not found");

const illegal = (from: OrderStatus, to: OrderStatus) =>
  new DomainError("CONFLICT", `An order that is ${from} cannot become ${to}`, {
    details: { from, to, allowed: [...ORDER_TRANSITIONS[from]] },
  });

function summaryOf(row: AdminOrderRow): AdminOrderSummary {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    paymentStatus: paymentStatusOf(row),
    paymentMethod: row.paymentMethod as AdminOrderSummary["paymentMethod"],
    currency: row.currency,
    total: row.total,
    refundedTotal: row.refundedTotal,
    itemCount: row.itemCount,
    customer: { id: row.customerId, name: row.customerName, phone: row.customerPhone },
    createdAt: row.createdAt.toISOString(),
  };
}

/** A spreadsheet would run a cell starting with = + - @ (or a tab / CR) as a formula: customers choose their names. */
const inert = (text: string | null) => (text && /^[=+\-@\t\r]/.test(text) ? `'${text}` : (text ?? ""));

const csvRecord = (row: AdminOrderRow) => [
  row.number,
  row.createdAt.toISOString(),
  row.status,
  paymentStatusOf(row),
  row.paymentMethod,
  inert(row.customerName),
  row.customerPhone,
  row.itemCount,
  row.subtotal,
  row.shippingTotal,
  row.total,
  row.refundedTotal,
  row.currency,
];

const keyOf = (row: AdminOrderRow): OrderKey => ({ createdAt: row.createdAt, id: row.id, total: row.total });

export function createOrderAdmin(deps: AdminDeps, options: OrderAdminOptions = {}): OrderAdmin {
  const { db, orders, payments } = deps;
  const { countLimit, exportBatchSize } = { ...DEFAULT_ORDER_ADMIN_OPTIONS, ...options };

  async function byId(_actor: Actor, orderId: string): Promise<AdminOrderDetail> {
    if (!isOrderId(orderId)) throw notFound();
    const [order, around, facts] = await unlessBusy(() =>
      Promise.all([findOrder(db, orderId), orderSurroundings(db, orderId), orderFacts(db, orderId)]),
    );
    if (!order || !around || !facts) throw notFound();
    return {
      ...order,
      paymentStatus: paymentStatusOf(order),
      allowedTransitions: [...ORDER_TRANSITIONS[order.status]],
      refundable: Math.max(0, facts.paid - order.refundedTotal),
      ...around,
    };
  }

  return {
    async list(_actor, input) {
      const filters = orderFiltersOf(input);
      const offset = (input.page - 1) * input.pageSize;
      if (offset >= countLimit) {
        throw new DomainError(
          "VALIDATION",
          `Pages go as far as the first ${countLimit} matching orders: narrow the filters (dates, status) or export them as CSV`,
          { details: { field: "page", maxPage: Math.ceil(countLimit / input.pageSize) } },
        );
      }
      const [rows, counted] = await unlessBusy(() =>
        Promise.all([selectOrderPage(db, filters, { limit: input.pageSize, offset }), countOrders(db, filters, countLimit)]),
      );
      const total = Math.min(counted, countLimit);
      return {
        items: rows.map(summaryOf),
        page: input.page,
        pageSize: input.pageSize,
        total,
        totalIsExact: counted <= countLimit,
        pages: Math.ceil(total / input.pageSize),
      };
    },

    byId,

    async transition(actor, input) {
      if (!isOrderId(input.id)) throw notFound();
      const facts = await unlessBusy(() => orderFacts(db, input.id));
      if (!facts) throw notFound();
      const to = input.status;
      if (!ORDER_TRANSITIONS[facts.status].includes(to)) throw illegal(facts.status, to);
      // The rule: cancelling moves money back when the order's payment is not yet (fully) refunded; giving money
      // back is an admin's decision, so staff cancel only orders with nothing left to refund (unpaid ones).
      const refundDue = to === "cancelled" && facts.status === "paid" && facts.paid > facts.refundedTotal;
      if (refundDue) requireAdmin(actor, "cancel a paid order: its payment is refunded first");
      if (refundDue) await payments.refundBeforeCancel(input.id, actor.id);
      const note = input.note || undefined;
      try {
        await orders.updateStatus(input.id, to, {
          actorId: actor.id,
          note,
          within: (tx, from) =>
            recordAudit(tx, actor, {
              action: "order.transition",
              entityType: "order",
              entityId: input.id,
              summary: `${facts.number}: ${from} -> ${to}${note ? ` (${note})` : ""}`,
              before: { status: from, refundedTotal: facts.refundedTotal },
              after: { status: to, note: note ?? null, ...(refundDue ? { refunded: facts.paid - facts.refundedTotal } : {}) },
            }),
        });
      } catch (error) {
        // Moved by someone else meanwhile: the same 409, with where it can go from where it is now.
        const from = error instanceof DomainError && error.code === "CONFLICT" ? (error.details?.from as OrderStatus | undefined) : undefined;
        if (from && from in ORDER_TRANSITIONS) throw illegal(from, to);
        throw error;
      }
      if (to === "paid") await payments.recordManualPayment(input.id);
      return byId(actor, input.id);
    },

    async refund(actor, input) {
      requireAdmin(actor, "refund an order");
      if (!isOrderId(input.id)) throw notFound();
      // The audit entry commits with the refund's own row (which also names who gave it: refunds.created_by_id).
      const refund = await payments.refund({
        orderId: input.id,
        amount: input.amount,
        reason: input.reason,
        adminId: actor.id,
        within: (tx, done) =>
          recordAudit(tx, actor, {
            action: "order.refund",
            entityType: "order",
            entityId: input.id,
            summary: `Refunded ${done.amount} ${done.currency}: ${input.reason}`.slice(0, 300),
            before: { refundedTotal: done.orderRefundedTotal - done.amount },
            after: { refundedTotal: done.orderRefundedTotal, refundId: done.id, amount: done.amount, reason: input.reason },
          }),
      });
      return refund;
    },

    async exportCsv(_actor, input) {
      const filters = orderFiltersOf(input);
      const encoder = new TextEncoder();
      const batch = (after?: OrderKey) => unlessBusy(() => selectOrderPage(db, filters, { limit: exportBatchSize, after }));
      // Read before answering: a database that is down is a 503, not a 200 with a broken body.
      let rows: AdminOrderRow[] | null = await batch();
      let header = true;
      let last: OrderKey | undefined;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const current = rows ?? (await batch(last));
          rows = null;
          const records = current.map(csvRecord);
          const text = stringify(header ? [[...ORDER_CSV_COLUMNS], ...records] : records);
          header = false;
          if (text) controller.enqueue(encoder.encode(text));
          if (current.length < exportBatchSize) controller.close();
          else last = keyOf(current.at(-1)!);
        },
      });
    },
  };
}
