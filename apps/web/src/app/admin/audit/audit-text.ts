/** How the audit log names and links what an entry is about. Pure. */
import type { FilterOption } from "../_components/list-filters";

export const ENTITY_TYPES: FilterOption[] = [
  { value: "order", label: "Order" },
  { value: "customer", label: "Customer" },
  { value: "product", label: "Product" },
  { value: "variant", label: "Variant" },
  { value: "product_image", label: "Product image" },
  { value: "category", label: "Category" },
  { value: "review", label: "Review" },
];

/** Action prefixes worth a shortcut link (the filter takes any beginning of an action). */
export const KNOWN_ACTIONS = ["order.", "customer.", "product.", "variant.", "product_image.", "category.", "review."] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The back-office page of the entity, when it has one. */
export function entityHref(entityType: string, entityId: string | null): string | undefined {
  if (!entityId || !UUID.test(entityId)) return undefined;
  switch (entityType) {
    case "order":
      return `/admin/orders/${entityId}`;
    case "customer":
      return `/admin/customers/${entityId}`;
    case "product":
      return `/admin/products/${entityId}`;
    case "category":
      return "/admin/categories";
    default:
      return undefined;
  }
}

/** Before/after values, indented for reading; keys in the order they were written. */
export function formatJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
