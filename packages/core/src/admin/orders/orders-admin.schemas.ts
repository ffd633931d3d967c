/**
 * The back office's orders: the list's filters (GET query strings, so every value arrives as text), the list and
 * detail answers, transitions with a note, refunds. Money is integer minor units, as everywhere.
 */
import { z } from "zod";
import { QueryInt } from "../../infra/query-params";
import { UUID_PATTERN } from "../../infra/uuid";
import { OrderItem, OrderStatus, ORDER_STATUSES, PaymentMethod } from "../../orders/order.schemas";
import { SavedShippingAddress } from "../../user/address.schemas";
import { PAYMENT_PROVIDERS } from "../../payments/provider";

const isoDate = z.string().describe("ISO 8601");
const money = (what: string) => z.int().min(0).describe(`${what}, integer minor units of currency (cents)`);
const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !value.includes("\0"), "Must not contain NUL characters");

/**
 * Where the money of an order stands, derived from paid_at, refunded_total and total: unpaid (never paid),
 * paid (nothing given back), partially_refunded, refunded (all of it given back).
 */
export const PAYMENT_STATUSES = ["unpaid", "paid", "partially_refunded", "refunded"] as const;
export const OrderPaymentStatus = z
  .enum(PAYMENT_STATUSES)
  .describe("unpaid: never paid; paid: paid, nothing refunded; partially_refunded; refunded: the whole total given back")
  .meta({ id: "OrderPaymentStatus" });
export type OrderPaymentStatus = z.infer<typeof OrderPaymentStatus>;

export const ADMIN_ORDER_SORTS = ["newest", "oldest", "total_desc"] as const;
export const AdminOrderSort = z.enum(ADMIN_ORDER_SORTS);
export type AdminOrderSort = z.infer<typeof AdminOrderSort>;

/** Exactly what the list's `status` filter accepts: one status or several, separated by commas. */
const STATUS_LIST = new RegExp(`^(${ORDER_STATUSES.join("|")})(,(${ORDER_STATUSES.join("|")}))*$`);

/** A calendar date (the whole day, UTC) or a full ISO 8601 instant. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a date filter names; a bare date is that day's start (from) or the next day's start (to, exclusive). */
export function parseDateBound(value: string, bound: "from" | "to"): Date | null {
  if (DAY.test(value)) {
    const day = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return null;
    return bound === "to" ? new Date(day.getTime() + 86_400_000) : day;
  }
  if (!ISO_INSTANT.test(value)) return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

const DateBound = (bound: "from" | "to", description: string) =>
  z
    .string()
    .max(40)
    .refine((value) => parseDateBound(value, bound) !== null, "An ISO 8601 date (2026-12-01) or date-time (2026-12-01T09:30:00Z)")
    .describe(description);

/**
 * A phone filter: E.164 (+447400123456) or the same digits with spaces, dashes, dots or brackets, a leading 00
 * for +, or no + at all ("44 7400 123456"). Answers the E.164 form, or null when it cannot be one.
 */
export function normalisePhoneFilter(value: string): string | null {
  const compact = value.trim().replace(/[\s().-]/g, "");
  const digits = compact.startsWith("+") ? compact.slice(1) : compact.startsWith("00") ? compact.slice(2) : compact;
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}

/** Order numbers are upper-case letters, digits and dashes (SO-20261201-7KQ2M9). */
export const ORDER_NUMBER_FILTER = /^[A-Za-z0-9-]{2,32}$/;

const filterFields = {
  status: z
    .string()
    .max(100)
    .regex(STATUS_LIST, `One status or several separated by commas: ${ORDER_STATUSES.join(", ")}`)
    .optional()
    .describe("Order status, one or several separated by commas (status=paid,shipped)"),
  paymentStatus: OrderPaymentStatus.optional(),
  paymentMethod: z.enum(PAYMENT_PROVIDERS).optional().describe("How the customer chose to pay"),
  createdFrom: DateBound("from", "Placed at or after: a date (its start, UTC) or an ISO 8601 instant").optional(),
  createdTo: DateBound("to", "Placed before: a date (included as a whole day, UTC) or an ISO 8601 instant").optional(),
  phone: z
    .string()
    .max(40)
    .refine((value) => normalisePhoneFilter(value) !== null, "A phone number in E.164 (+447400123456) or its digits")
    .optional()
    .describe("The customer's phone, exactly: E.164 or its digits (spaces and dashes are ignored)"),
  number: z
    .string()
    .trim()
    .regex(ORDER_NUMBER_FILTER, "Letters, digits and dashes, 2 to 32 of them")
    .optional()
    .describe("Order number, exact or its beginning (SO-20261201 finds that day's orders); case is ignored"),
  q: Text(100)
    .pipe(z.string().min(2, "At least 2 characters"))
    .optional()
    .describe("Search: the beginning of an order number, or part of the customer's name, email or phone digits"),
  sort: AdminOrderSort.default("newest").describe("newest (default), oldest, or total_desc (largest first)"),
};

export const AdminOrderListInput = z
  .object({
    ...filterFields,
    page: QueryInt(1, 100_000, { description: "Page number, from 1", default: 1 }).default(1),
    pageSize: QueryInt(1, 100, { description: "Orders per page, 1..100", default: 25 }).default(25),
  })
  .strict();
export type AdminOrderListInput = z.infer<typeof AdminOrderListInput>;

export const AdminOrderExportInput = z.object(filterFields).strict();
export type AdminOrderExportInput = z.infer<typeof AdminOrderExportInput>;

/** The filters of the list and the export, parsed once (the service's SQL takes only these values). */
export interface OrderFilters {
  statuses?: OrderStatus[];
  paymentStatus?: OrderPaymentStatus;
  paymentMethod?: string;
  createdFrom?: Date;
  createdTo?: Date;
  phone?: string;
  numberPrefix?: string;
  q?: string;
  sort: AdminOrderSort;
}

export function orderFiltersOf(input: AdminOrderExportInput): OrderFilters {
  return {
    statuses: input.status ? [...new Set(input.status.split(",") as OrderStatus[])] : undefined,
    paymentStatus: input.paymentStatus,
    paymentMethod: input.paymentMethod,
    createdFrom: input.createdFrom ? parseDateBound(input.createdFrom, "from")! : undefined,
    createdTo: input.createdTo ? parseDateBound(input.createdTo, "to")! : undefined,
    phone: input.phone ? normalisePhoneFilter(input.phone)! : undefined,
    numberPrefix: input.number?.toUpperCase(),
    q: input.q,
    sort: input.sort,
  };
}

export const AdminCustomerRef = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    phone: z.string().describe("E.164"),
  })
  .meta({ id: "AdminCustomerRef" });

export const AdminOrderSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    status: OrderStatus,
    paymentStatus: OrderPaymentStatus,
    paymentMethod: PaymentMethod,
    currency: z.string().describe("ISO 4217"),
    total: money("Order total"),
    refundedTotal: money("Refunded so far"),
    itemCount: z.int().min(0).describe("Units ordered (sum of item quantities)"),
    customer: AdminCustomerRef,
    createdAt: isoDate,
  })
  .meta({ id: "AdminOrderSummary" });
export type AdminOrderSummary = z.infer<typeof AdminOrderSummary>;

export const AdminOrderPage = z
  .object({
    items: z.array(AdminOrderSummary),
    page: z.int().min(1),
    pageSize: z.int().min(1),
    total: z.int().min(0).describe("Orders matching the filters; at most countLimit (then totalIsExact is false)"),
    totalIsExact: z.boolean().describe("false: more orders match than were counted (total is the counting limit)"),
    pages: z.int().min(0).describe("Pages that can be asked for: ceil(total / pageSize)"),
  })
  .meta({ id: "AdminOrderPage" });
export type AdminOrderPage = z.infer<typeof AdminOrderPage>;

export const AdminOrderIdInput = z.object({ id: z.string().max(64) }).strict();
export type AdminOrderIdInput = z.infer<typeof AdminOrderIdInput>;

export const AdminActorRef = z
  .object({ id: z.string(), name: z.string().nullable(), role: z.string().describe("The user's role now") })
  .nullable()
  .meta({ id: "AdminActorRef" });

export const AdminOrderDetail = z
  .object({
    id: z.string(),
    number: z.string(),
    status: OrderStatus,
    paymentStatus: OrderPaymentStatus,
    paymentMethod: PaymentMethod,
    allowedTransitions: z.array(OrderStatus).describe("The statuses this order may be moved to now"),
    currency: z.string(),
    subtotal: money("Sum of line totals"),
    shippingTotal: money("Shipping"),
    total: money("subtotal + shippingTotal"),
    refundedTotal: money("Refunded so far, never above total"),
    refundable: money("What can still be refunded: the paid amount minus refunds"),
    shippingAddress: SavedShippingAddress,
    note: z.string().nullable().describe("The customer's note at checkout"),
    items: z.array(OrderItem),
    createdAt: isoDate,
    updatedAt: isoDate,
    paidAt: isoDate.nullable(),
    shippedAt: isoDate.nullable(),
    deliveredAt: isoDate.nullable(),
    cancelledAt: isoDate.nullable(),
    expiresAt: isoDate.nullable(),
    customer: z.object({
      id: z.string(),
      name: z.string().nullable(),
      phone: z.string(),
      email: z.string().nullable(),
      blocked: z.boolean(),
    }),
    payments: z.array(
      z.object({
        id: z.string(),
        provider: z.enum(PAYMENT_PROVIDERS),
        status: z.enum(["open", "paid", "failed", "expired"]),
        amount: money("Amount asked for"),
        currency: z.string(),
        providerRef: z.string().describe("The provider's session or payment id"),
        providerPaymentRef: z.string().nullable(),
        createdAt: isoDate,
        paidAt: isoDate.nullable(),
      }),
    ),
    paymentEvents: z.array(
      z.object({
        id: z.string(),
        provider: z.string(),
        eventId: z.string(),
        type: z.string(),
        outcome: z.string().describe("What applying it did"),
        receivedAt: isoDate,
      }),
    ),
    refunds: z.array(
      z.object({
        id: z.string(),
        amount: money("Given back"),
        currency: z.string(),
        provider: z.string(),
        reason: z.string().nullable(),
        createdBy: AdminActorRef,
        createdAt: isoDate,
      }),
    ),
    history: z.array(
      z.object({
        from: OrderStatus.nullable(),
        to: OrderStatus,
        note: z.string().nullable(),
        actor: AdminActorRef.describe("null: the shop itself (expiry, a payment's confirmation)"),
        at: isoDate,
      }),
    ),
    notifications: z.array(
      z.object({
        event: z.string(),
        status: z.string().describe("pending, sent or skipped (opted out, no phone)"),
        createdAt: isoDate,
        sentAt: isoDate.nullable(),
      }),
    ),
  })
  .meta({ id: "AdminOrderDetail" });
export type AdminOrderDetail = z.infer<typeof AdminOrderDetail>;

export const ADMIN_TRANSITION_TARGETS = ["paid", "shipped", "delivered", "cancelled"] as const;

export const AdminTransitionInput = z
  .object({
    id: z.string().max(64),
    status: z.enum(ADMIN_TRANSITION_TARGETS).describe("The status to move the order to"),
    note: Text(500).optional().describe("Why, kept in the order's history (e.g. a tracking number)"),
  })
  .strict();
export type AdminTransitionInput = z.infer<typeof AdminTransitionInput>;

export const AdminRefundInput = z
  .object({
    id: z.string().max(64),
    amount: z.int().min(1).max(2_147_483_647).optional().describe("Minor units; default: everything paid and not yet refunded"),
    reason: Text(500).pipe(z.string().min(1, "Say why the money is given back")).describe("Kept with the refund"),
  })
  .strict();
export type AdminRefundInput = z.infer<typeof AdminRefundInput>;

/** Valid ids only reach SQL; anything else is the same 404 as an unknown order. */
export const isOrderId = (id: string) => UUID_PATTERN.test(id);
