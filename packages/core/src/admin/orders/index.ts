// The back office's orders (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { createOrderAdmin, type OrderAdmin } from "./orders-admin.service";
