// The back office's dashboard (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { createDashboardAdmin, type DashboardAdmin } from "./dashboard-admin.service";
