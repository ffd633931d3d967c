export * from "./errors/domain-error";
export * from "./health/health.schemas";
export * from "./health/health.service";
export * from "./infra/redis";
export * from "./infra/timeout";
export * from "./maintenance/maintenance.service";
