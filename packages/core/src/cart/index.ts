export * from "./cart.schemas";
export * from "./cart.service";
