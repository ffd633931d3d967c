// The back office (issue 16): each area's explicit exports, and the services they make together.
export { BACK_OFFICE_ROLES, requireAdmin, type Actor } from "./actor";
export { createAdminServices, type AdminDeps, type AdminServices } from "./services";
export * from "./audit";
export * from "./categories";
export * from "./customers";
export * from "./dashboard";
export * from "./images";
export * from "./orders";
export * from "./products";
export * from "./reviews";
