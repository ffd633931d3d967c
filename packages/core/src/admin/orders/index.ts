// The back office's orders (issue 16): explicit exports of this area, re-exported by ../index.ts.
export {
  createOrderAdmin,
  DEFAULT_ORDER_ADMIN_OPTIONS,
  ORDER_CSV_COLUMNS,
  type OrderAdmin,
  type OrderAdminOptions,
} from "./orders-admin.service";
export { paymentStatusOf } from "./orders-admin.repository";
export {
  ADMIN_ORDER_SORTS,
  ADMIN_TRANSITION_TARGETS,
  AdminOrderDetail,
  AdminOrderExportInput,
  AdminOrderIdInput,
  AdminOrderListInput,
  AdminOrderPage,
  AdminOrderSummary,
  AdminRefundInput,
  AdminTransitionInput,
  normalisePhoneFilter,
  OrderPaymentStatus,
  PAYMENT_STATUSES,
  parseDateBound,
} from "./orders-admin.schemas";
