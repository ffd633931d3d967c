// The back office's customers (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { createCustomerAdmin, type CustomerAdmin } from "./customers-admin.service";
