// The back office's dashboard (issue 16): explicit exports of this area, re-exported by ../index.ts.
export {
  checkTimeZone,
  createDashboardAdmin,
  DEFAULT_DASHBOARD_OPTIONS,
  type DashboardAdmin,
  type DashboardOptions,
} from "./dashboard-admin.service";
export { Dashboard, DashboardInput } from "./dashboard-admin.schemas";
