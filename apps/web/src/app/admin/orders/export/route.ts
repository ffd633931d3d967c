import { rawRoute } from "../../_raw/raw-route";
import { orderFilters, searchParamsOf } from "../_lib/filters";

/**
 * The orders list's "Export CSV" link: the same filters as the list (from its address), streamed as a download
 * through the session cookie (rawRoute: same-origin only, the same procedure and role check as REST).
 */
export const GET = rawRoute({
  call: (api, { searchParams }) => api.admin.orders.export(orderFilters(searchParamsOf(searchParams))),
  filename: () => `orders-${new Date().toISOString().slice(0, 10)}.csv`,
});
