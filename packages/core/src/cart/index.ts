export * from "./cart.schemas";
export * from "./cart.service";
export * from "./cart.rules";
