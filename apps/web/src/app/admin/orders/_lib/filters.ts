/**
 * The orders list's filters as the address names them (and so as the API's input names them), shared by the
 * list page and its CSV export so both always select the same orders.
 */
import { oneOf, param, type SearchParams } from "../../_components/url-state";
import { PAYMENT_METHOD_VALUES, PAYMENT_STATUS_VALUES } from "./labels";

export const ORDER_SORTS = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
  { value: "total_desc", label: "Largest total first" },
] as const;
export type OrderSort = (typeof ORDER_SORTS)[number]["value"];

export const ORDER_FILTERS = ["number", "phone", "q", "status", "paymentStatus", "paymentMethod", "createdFrom", "createdTo", "sort"] as const;

export const ORDER_FILTER_LABELS: Record<string, string> = {
  number: "Order number",
  phone: "Customer phone",
  q: "Search",
  status: "Status",
  paymentStatus: "Payment",
  paymentMethod: "Method",
  createdFrom: "Placed from",
  createdTo: "Placed to",
  sort: "Sort",
  page: "Page",
};

/**
 * The filters from the address: free text goes to the API as typed (it validates and says what is wrong), choices
 * from a fixed set are kept only when they are one of it.
 */
export function orderFilters(params: SearchParams) {
  return {
    number: param(params, "number"),
    phone: param(params, "phone"),
    q: param(params, "q"),
    status: param(params, "status"),
    paymentStatus: oneOf(params, "paymentStatus", PAYMENT_STATUS_VALUES),
    paymentMethod: oneOf(params, "paymentMethod", PAYMENT_METHOD_VALUES),
    createdFrom: param(params, "createdFrom"),
    createdTo: param(params, "createdTo"),
    sort: oneOf<OrderSort>(params, "sort", ORDER_SORTS.map((s) => s.value), "newest"),
  };
}

/** URLSearchParams (a route handler's) as the SearchParams the helpers read. */
export function searchParamsOf(query: URLSearchParams): SearchParams {
  const out: SearchParams = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}
