export * from "./catalog.schemas";
export * from "./cursor";
export * from "./slug";
export * from "./catalog.service";
export * from "./category.service";
