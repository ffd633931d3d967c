import { z } from "zod";
import { OptionValue } from "../catalog/catalog.schemas";
import { QueryLimit } from "../infra/query-params";
import { PAYMENT_PROVIDERS } from "../payments/provider";
import { SavedShippingAddress, ShippingAddress } from "../user/address.schemas";

export const PaymentMethod = z
  .enum(PAYMENT_PROVIDERS)
  .describe("manual: pay on delivery or by bank transfer (an admin marks it paid); stripe: card, on Stripe's hosted page")
  .meta({ id: "PaymentMethod" });

export const ORDER_STATUSES = ["pending", "paid", "shipped", "delivered", "cancelled"] as const;
export const OrderStatus = z.enum(ORDER_STATUSES).meta({ id: "OrderStatus" });
export type OrderStatus = z.infer<typeof OrderStatus>;

const isoDate = z.string().describe("ISO 8601");
const money = (what: string) => z.int().min(0).describe(`${what}, integer minor units of currency (cents)`);

export const OrderItem = z
  .object({
    productId: z.string().nullable().describe("null once the product has been deleted from the catalogue"),
    productName: z.string().describe("Copied at checkout"),
    productSlug: z.string().describe("Copied at checkout"),
    variantId: z.string().nullable().describe("The variant bought; null once it has been deleted"),
    sku: z.string().describe("Copied at checkout"),
    variantTitle: z.string().describe('Copied at checkout, e.g. "42 / Black"; empty for a product without options'),
    options: z.array(OptionValue).describe("The option values bought, copied at checkout"),
    unitPrice: money("Price per unit at checkout"),
    quantity: z.int().min(1),
    lineTotal: money("unitPrice x quantity"),
  })
  .meta({ id: "OrderItem" });
export type OrderItem = z.infer<typeof OrderItem>;

export const Order = z
  .object({
    id: z.string(),
    number: z.string().describe("Human-readable, unique, e.g. SO-20261201-7KQ2M9"),
    status: OrderStatus,
    currency: z.string().describe("ISO 4217"),
    subtotal: money("Sum of line totals"),
    shippingTotal: money("Shipping"),
    total: money("subtotal + shippingTotal"),
    shippingAddress: SavedShippingAddress,
    note: z.string().nullable(),
    items: z.array(OrderItem),
    createdAt: isoDate,
    updatedAt: isoDate,
    paidAt: isoDate.nullable(),
    shippedAt: isoDate.nullable(),
    deliveredAt: isoDate.nullable(),
    cancelledAt: isoDate.nullable(),
    paymentMethod: PaymentMethod,
    expiresAt: isoDate.nullable().describe("While pending: when the order is cancelled and its stock released unless paid; null: never"),
    refundedTotal: money("Refunded so far, never above total"),
  })
  .meta({ id: "Order" });
export type Order = z.infer<typeof Order>;

/** A list entry: enough for an order history page; GET /shop/orders/{id} has the rest. */
export const OrderSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    status: OrderStatus,
    currency: z.string(),
    total: money("Order total"),
    itemCount: z.int().min(0).describe("Units ordered (sum of item quantities)"),
    createdAt: isoDate,
  })
  .meta({ id: "OrderSummary" });
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderPage = z
  .object({
    items: z.array(OrderSummary),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  })
  .meta({ id: "OrderPage" });
export type OrderPage = z.infer<typeof OrderPage>;

export const ListOrdersInput = z
  .object({
    limit: QueryLimit(),
    cursor: z.string().max(512).optional().describe("nextCursor of the previous page"),
  })
  .strict();
export type ListOrdersInput = z.infer<typeof ListOrdersInput>;

/** Only these fields: prices, totals, status, items and owner come from the server (anything else is a 400). */
export const CreateOrderInput = z
  .object({
    shippingAddress: ShippingAddress.optional().describe("Defaults to the profile's shipping address"),
    note: z.string().trim().max(500).optional(),
    paymentMethod: PaymentMethod.optional().describe("One of the shop's payment methods (GET /shop/payment-methods); default: the first"),
  })
  .strict();
export type CreateOrderInput = z.infer<typeof CreateOrderInput>;

/** Malformed ids are accepted here and answered 404 by the service, exactly like someone else's order. */
export const OrderIdInput = z.object({ id: z.string() }).strict();
export type OrderIdInput = z.infer<typeof OrderIdInput>;

export const UpdateOrderStatusInput = z.object({ id: z.string(), status: OrderStatus }).strict();
export type UpdateOrderStatusInput = z.infer<typeof UpdateOrderStatusInput>;
