export * from "./order.schemas";
export * from "./order.service";
export * from "./checkout.service";
export * from "./idempotency";
export { busyError, isTransientDbError } from "../infra/db-errors";
export { generateOrderNumber, ORDER_NUMBER_PATTERN } from "./ids";
