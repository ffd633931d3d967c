import type { AdminDeps } from "../services";

// Scaffolding: the area's service is built here (issue 16).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CustomerAdmin {}

export function createCustomerAdmin(_deps: AdminDeps): CustomerAdmin {
  return {};
}
