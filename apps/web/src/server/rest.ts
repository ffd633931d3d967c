import { createRestHandler } from "@shop/api";
import { deps } from "./deps";
import { logger, logRequest } from "./logger";

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
  logRequest(request, response, startedAt);
  return response;
}
