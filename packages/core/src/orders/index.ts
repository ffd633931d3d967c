export * from "./order.schemas";
export * from "./order.service";
export * from "./checkout.service";
export * from "./idempotency";
export { busyError, isTransientDbError } from "./db-errors";
export { generateOrderNumber, ORDER_NUMBER_PATTERN, uuidv7 } from "./ids";
