// What the web app and @shop/server use; tests import the modules themselves.
export { createCaller, type AppRouter } from "./root";
export { createInnerContext, defaultApiConfig, type ApiDeps } from "./context";
export { buildOpenApiDocument } from "./openapi";
export { createRestHandler } from "./rest";
export { createTrpcHandler } from "./trpc-handler";
export { createServices } from "./services";
export { publicUrl } from "./request-meta";
export { PEER_ADDRESS_HEADER } from "./client-address";
export { restError, type RestErrorBody } from "./error-body";
