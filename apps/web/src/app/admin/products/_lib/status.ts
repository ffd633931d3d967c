import type { Tone } from "../../_components/status-badge";

export type ProductStatus = "active" | "draft" | "archived";

export const PRODUCT_STATUS_LABEL: Record<ProductStatus, string> = { active: "Active", draft: "Draft", archived: "Archived" };

export function productStatusTone(status: ProductStatus): Tone {
  return status === "active" ? "ok" : status === "archived" ? "bad" : "neutral";
}
