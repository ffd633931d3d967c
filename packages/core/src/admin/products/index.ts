// The back office's products (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { createProductAdmin, type ProductAdmin } from "./products-admin.service";
