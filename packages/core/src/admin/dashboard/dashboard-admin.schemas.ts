import { z } from "zod";
import { QueryInt } from "../../infra/query-params";

const isoDate = z.string().describe("ISO 8601");
const count = z.int().min(0);
const money = (what: string) => z.int().describe(`${what}, integer minor units of currency (cents)`);

export const DashboardInput = z
  .object({
    lowStockThreshold: QueryInt(0, 1_000_000, { description: "Variants with at most this stock are low (default: the shop's, 5)" }).optional(),
  })
  .strict();
export type DashboardInput = z.infer<typeof DashboardInput>;

export const SalesLine = z
  .object({
    currency: z.string().describe("ISO 4217; amounts of different currencies are never added together"),
    orders: z.int().min(0).describe("Orders paid in the period"),
    gross: money("Totals of the orders paid in the period"),
    refunds: money("Refunds given in the period (of any order)"),
    net: money("gross - refunds"),
  })
  .meta({ id: "DashboardSalesLine" });
export type SalesLine = z.infer<typeof SalesLine>;

export const SalesPeriod = z
  .object({
    from: isoDate.describe("The start of the period's first day in the shop's time zone"),
    to: isoDate.describe("Now"),
    byCurrency: z.array(SalesLine).describe("One line per currency that sold or refunded anything, by currency"),
  })
  .meta({ id: "DashboardSalesPeriod" });
export type SalesPeriod = z.infer<typeof SalesPeriod>;

export const Dashboard = z
  .object({
    timeZone: z.string().describe("The shop's time zone (SHOP_TIMEZONE), which decides where a day starts"),
    generatedAt: isoDate,
    sales: z.object({
      today: SalesPeriod,
      last7Days: SalesPeriod.describe("Today and the 6 days before"),
      last30Days: SalesPeriod.describe("Today and the 29 days before"),
    }),
    ordersByStatus: z
      .object({ pending: count, paid: count, shipped: count, delivered: count, cancelled: count })
      .describe("Every order, by its status now"),
    lowStock: z.object({
      threshold: z.int().min(0),
      items: z
        .array(
          z.object({
            variantId: z.string(),
            productId: z.string(),
            productName: z.string(),
            sku: z.string(),
            title: z.string().describe("The variant's options, e.g. \"42 / Black\"; empty for a product without options"),
            stock: z.int(),
          }),
        )
        .describe("Active variants of active products at or below the threshold, lowest stock first (at most 20)"),
    }),
    topProducts: z.object({
      since: isoDate.describe("Units sold since the start of the 30-day period"),
      items: z
        .array(
          z.object({
            productId: z.string(),
            name: z.string().describe("The product's name now (lines of deleted products are not counted)"),
            units: z.int().min(0),
            orders: z.int().min(0),
            revenue: money("Line totals"),
            currency: z.string(),
          }),
        )
        .describe("By units sold in paid, not cancelled orders, most first (at most 10)"),
    }),
  })
  .meta({ id: "Dashboard" });
export type Dashboard = z.infer<typeof Dashboard>;
