import { rawRoute } from "../../_raw/raw-route";
import { parseMajor } from "../_lib/price-input";

export const dynamic = "force-dynamic";

const STATUSES = new Set(["active", "draft", "archived", "all"]);

/**
 * The products CSV, streamed (one row per variant), for the filters of the list page's address: the Export CSV
 * link carries them (prices in major units, as typed there). The file name says the day.
 */
export const GET = rawRoute({
  call: (api, { searchParams }) => {
    const get = (name: string) => searchParams.get(name)?.trim() || undefined;
    const price = (name: string) => {
      const value = parseMajor(get(name));
      return value === undefined || Number.isNaN(value) ? undefined : value;
    };
    const status = get("status");
    return api.admin.products.export({
      q: get("q"),
      categoryId: get("categoryId"),
      status: status && STATUSES.has(status) ? (status as "all") : "all",
      lowStock: get("lowStock") === "1" ? true : undefined,
      minPrice: price("minPrice"),
      maxPrice: price("maxPrice"),
    });
  },
  filename: () => `products-${new Date().toISOString().slice(0, 10)}.csv`,
});
