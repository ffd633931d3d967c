export { appRouter, createCaller, type AppRouter } from "./root";
export {
  createContextFromRequest,
  createInnerContext,
  defaultApiConfig,
  type ApiConfig,
  type ApiDeps,
  type Context,
} from "./context";
export { DOMAIN_TO_TRPC, toTRPCError } from "./errors";
export { buildOpenApiDocument, ErrorResponse } from "./openapi";
export { createRestHandler, type RestHandlerOptions } from "./rest";
export { createTrpcHandler, type TrpcHandlerOptions } from "./trpc-handler";
export { createServices, type ServiceSettings, type Services } from "./services";
export { bearerToken } from "./trpc";
export { publicUrl, requestIdFrom } from "./request-meta";
export { PEER_ADDRESS_HEADER } from "./client-address";
