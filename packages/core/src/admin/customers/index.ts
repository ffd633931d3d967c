// The back office's customers (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { CANNOT_BLOCK_SELF, createCustomerAdmin, LAST_ADMIN, type CustomerAdmin } from "./customers-admin.service";
export {
  AdminCustomerDetail,
  AdminCustomerPage,
  AdminCustomerProfile,
  AdminCustomerSummary,
  BlockCustomerInput,
  ChangeCustomerRoleInput,
  CUSTOMER_ROLES,
  AdminCustomerIdInput,
  CustomerRole,
  ListCustomersInput,
} from "./customers-admin.schemas";
