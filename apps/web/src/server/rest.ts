import { createRestHandler, publicUrl } from "@shop/api";
import { deps } from "./deps";
import { logger, logRequest } from "./logger";
import { securityHeaders } from "./security-headers";

let handler: ((request: Request) => Promise<Response>) | undefined;

/** The /api/v1 REST handler, built on first use. */
export async function handleRest(request: Request): Promise<Response> {
  const startedAt = performance.now();
  handler ??= createRestHandler({
    deps: deps(),
    endpoint: "/api/v1",
    onError: (error, { path, requestId }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message, stack: error.cause.stack } : String(error.cause);
        logger.error({ requestId, procedure: path, err: cause }, "unexpected error");
      }
    },
  });
  const response = await handler(request);
  for (const [name, value] of Object.entries(securityHeaders(publicUrl(request.headers, request.url), "api", "", false))) {
    response.headers.set(name, value);
  }
  logRequest(request, response, startedAt);
  return response;
}
