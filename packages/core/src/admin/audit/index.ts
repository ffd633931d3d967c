// The back office's audit (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { createAuditAdmin, type AuditAdmin } from "./audit-admin.service";
export { AuditEntryView, AuditListInput, AuditPage } from "./audit-admin.schemas";
export { recordAudit, type AuditEntry } from "./audit-record";
