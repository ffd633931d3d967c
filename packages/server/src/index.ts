export { deps } from "./deps";
export { env, type Env } from "./env";
export { logger, logRequest } from "./logger";
export { handleTrpc } from "./trpc";
export { routeKind, securityHeaders, type RouteKind } from "./security-headers";
export { startWebServer, type WebServerOptions } from "./web-server";
