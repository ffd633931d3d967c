import { createTrpcHandler } from "@shop/api";
import { deps } from "../../../../server/deps";
import { logger, logRequest } from "../../../../server/logger";

export const dynamic = "force-dynamic";

let handle: ((request: Request) => Promise<Response>) | undefined;

/** The storefront's (and other TypeScript apps') endpoint: the same appRouter, with cookie sessions allowed. */
async function handler(request: Request): Promise<Response> {
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

export { handler as GET, handler as POST };
