import { unlessBusy } from "../../infra/db-errors";
import { createTtlCache } from "../../infra/ttl-cache";
import type { Actor } from "../actor";
import type { AdminDeps } from "../services";
import { dayBounds, lowStock, ordersByStatus, salesSince, topProducts, type SalesRow, type TopProductRow } from "./dashboard-admin.repository";
import type { Dashboard, DashboardInput, SalesPeriod } from "./dashboard-admin.schemas";

export interface DashboardOptions {
  /** SHOP_TIMEZONE: the IANA zone whose midnight starts "today" (default UTC). */
  timeZone?: string;
  /** Variants with at most this stock are listed as low (default 5); a request may ask for another threshold. */
  lowStockThreshold?: number;
  /** How many low-stock variants (default 20) and top products (default 10) are listed. */
  lowStockLimit?: number;
  topProductsLimit?: number;
  /**
   * How long the top products (a 30-day aggregate, the dashboard's one statement whose cost grows with sales) are
   * reused in this process (default 60,000 ms, served up to twice that while one reload runs); 0: always fresh.
   * Sales, counts and stock are read fresh on every request.
   */
  topProductsCacheMs?: number;
}

export const DEFAULT_DASHBOARD_OPTIONS = {
  timeZone: "UTC",
  lowStockThreshold: 5,
  lowStockLimit: 20,
  topProductsLimit: 10,
  topProductsCacheMs: 60_000,
} as const satisfies Required<DashboardOptions>;

export interface DashboardAdmin {
  /** Staff: sales today / 7 / 30 days per currency, orders by status, low-stock variants, top products. */
  get(actor: Actor, input?: DashboardInput): Promise<Dashboard>;
}

/** A zone the runtime knows (Intl and Postgres share the IANA database); a typo fails at start-up, not per request. */
export function checkTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new Error(`Unknown time zone "${timeZone}" (SHOP_TIMEZONE): use an IANA name such as Europe/London or UTC`);
  }
}

function period(rows: SalesRow[], name: SalesRow["period"], from: Date, to: Date): SalesPeriod {
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    byCurrency: rows
      .filter((row) => row.period === name)
      .map((row) => ({ currency: row.currency, orders: row.orders, gross: row.gross, refunds: row.refunds, net: row.gross - row.refunds })),
  };
}

export function createDashboardAdmin(deps: AdminDeps, options: DashboardOptions = {}): DashboardAdmin {
  const settings = { ...DEFAULT_DASHBOARD_OPTIONS, ...options };
  const timeZone = checkTimeZone(settings.timeZone);
  const clock = deps.clock ?? (() => new Date());
  const { db } = deps;
  const topCache = createTtlCache<TopProductRow[]>({ ttlMs: settings.topProductsCacheMs, staleMs: settings.topProductsCacheMs, maxEntries: 4 });
  return {
    async get(_actor, input = {}) {
      const now = clock();
      const threshold = input.lowStockThreshold ?? settings.lowStockThreshold;
      return unlessBusy(async () => {
        const bounds = await dayBounds(db, now, timeZone);
        // Independent reads, each on its own connection of the pool.
        const [sales, byStatus, low, top] = await Promise.all([
          salesSince(db, bounds, now),
          ordersByStatus(db),
          lowStock(db, threshold, settings.lowStockLimit),
          topCache.get(bounds.last30.toISOString(), () => topProducts(db, bounds.last30, now, settings.topProductsLimit)),
        ]);
        return {
          timeZone,
          generatedAt: now.toISOString(),
          sales: {
            today: period(sales, "today", bounds.today, now),
            last7Days: period(sales, "last7", bounds.last7, now),
            last30Days: period(sales, "last30", bounds.last30, now),
          },
          ordersByStatus: byStatus,
          lowStock: { threshold, items: low },
          topProducts: { since: bounds.last30.toISOString(), items: top },
        };
      });
    },
  };
}

