import { z } from "zod";
import { QueryBoolean, QueryLimit } from "../../infra/query-params";
import { UUID_PATTERN } from "../../infra/uuid";

export const CUSTOMER_ROLES = ["customer", "staff", "admin"] as const;
export const CustomerRole = z.enum(CUSTOMER_ROLES);
export type CustomerRole = z.infer<typeof CustomerRole>;

const Id = z.string().regex(UUID_PATTERN, "Must be a UUID").describe("Customer (user) id");

export const ListCustomersInput = z
  .object({
    q: z
      .string()
      .trim()
      .max(120)
      .optional()
      .describe(
        "Phone (any part of it, in E.164 or national digits: +4474.., 07400 12.., 12345), name or email (part of either, any case)",
      ),
    role: CustomerRole.optional(),
    blocked: QueryBoolean.optional().describe("true: blocked accounts only; false: accounts that are not blocked"),
    limit: QueryLimit(100, 25),
    cursor: z.string().max(512).optional().describe("nextCursor of the previous page"),
  })
  .strict();
export type ListCustomersInput = z.infer<typeof ListCustomersInput>;

export const AdminCustomerIdInput = z.object({ id: Id }).strict();
export type AdminCustomerIdInput = z.infer<typeof AdminCustomerIdInput>;

export const ChangeCustomerRoleInput = z.object({ id: Id, role: CustomerRole }).strict();
export type ChangeCustomerRoleInput = z.infer<typeof ChangeCustomerRoleInput>;

export const BlockCustomerInput = z
  .object({
    id: Id,
    reason: z.string().trim().min(1, "Say why the account is blocked").max(200).describe("Shown to staff, never to the customer"),
  })
  .strict();
export type BlockCustomerInput = z.infer<typeof BlockCustomerInput>;

export const MoneyTotal = z
  .object({ currency: z.string().describe("ISO 4217"), amount: z.number().int().describe("Minor units") })
  .meta({ id: "AdminMoneyTotal" });

export const AdminCustomerSummary = z
  .object({
    id: z.string(),
    phone: z.string().describe("E.164"),
    name: z.string().nullable(),
    email: z.string().nullable(),
    role: CustomerRole,
    blockedAt: z.string().nullable().describe("ISO 8601; null: not blocked"),
    orderCount: z.number().int().describe("Orders placed, any status"),
    totalSpent: z
      .array(MoneyTotal)
      .describe("Per currency: totals of paid, shipped and delivered orders less their refunds (pending and cancelled ones are not money taken)"),
    createdAt: z.string(),
    lastSignInAt: z.string().nullable().describe("Last use of any of the customer's sessions (sign-in or refresh)"),
  })
  .meta({ id: "AdminCustomerSummary" });
export type AdminCustomerSummary = z.infer<typeof AdminCustomerSummary>;

export const AdminCustomerPage = z
  .object({
    items: z.array(AdminCustomerSummary),
    nextCursor: z.string().nullable(),
    total: z.number().int().describe("Customers matching the search and filters"),
  })
  .meta({ id: "AdminCustomerPage" });
export type AdminCustomerPage = z.infer<typeof AdminCustomerPage>;

/** The account as role and block changes answer it. */
export const AdminCustomerProfile = z
  .object({
    id: z.string(),
    phone: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    role: CustomerRole,
    blockedAt: z.string().nullable(),
    blockedReason: z.string().nullable(),
    smsNotifications: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: "AdminCustomerProfile" });
export type AdminCustomerProfile = z.infer<typeof AdminCustomerProfile>;

export const AdminCustomerOrder = z.object({
  id: z.string(),
  number: z.string(),
  status: z.string(),
  total: z.number().int(),
  refundedTotal: z.number().int(),
  currency: z.string(),
  itemCount: z.number().int().describe("Units ordered"),
  createdAt: z.string(),
});

export const AdminCustomerReview = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  rating: z.number().int(),
  title: z.string().nullable(),
  hiddenAt: z.string().nullable(),
  hiddenReason: z.string().nullable(),
  createdAt: z.string(),
});

export const AdminCustomerDetail = z
  .object({
    customer: AdminCustomerProfile,
    orderCount: z.number().int(),
    totalSpent: z.array(MoneyTotal),
    lastSignInAt: z.string().nullable(),
    activeSessions: z.number().int().describe("Sessions neither revoked nor expired"),
    totalSessions: z.number().int(),
    recentOrders: z.array(AdminCustomerOrder).describe("Newest first, at most 10"),
    reviews: z.array(AdminCustomerReview).describe("Newest first, at most 50, hidden ones included"),
  })
  .meta({ id: "AdminCustomerDetail" });
export type AdminCustomerDetail = z.infer<typeof AdminCustomerDetail>;
