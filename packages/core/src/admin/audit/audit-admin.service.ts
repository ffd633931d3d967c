import type { AdminDeps } from "../services";

// Scaffolding: the area's service is built here (issue 16).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditAdmin {}

export function createAuditAdmin(_deps: AdminDeps): AuditAdmin {
  return {};
}
