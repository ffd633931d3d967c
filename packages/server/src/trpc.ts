import { createTrpcHandler } from "@shop/api";
import { deps } from "./deps";
import { logger, logRequest } from "./logger";

let handle: ((request: Request) => Promise<Response>) | undefined;

/** The /api/trpc handler (the route in apps/web app/api/trpc, and the web server itself for bodies Next.js must not buffer). */
export async function handleTrpc(request: Request): Promise<Response> {
  const startedAt = performance.now();
  handle ??= createTrpcHandler({
    deps: deps(),
    onError: (error, { path, requestId }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ requestId, procedure: path, err: { message: error.cause?.message ?? error.message, stack: error.cause?.stack } }, "unexpected error");
      }
    },
  });
  const response = await handle(request);
  logRequest(request, response, startedAt);
  return response;
}
