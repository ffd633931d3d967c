import { createRestHandler } from "@shop/api";
import { deps } from "./deps";

let handler: ((request: Request) => Promise<Response>) | undefined;

/** The /api/v1 REST handler, built on first use. */
export function handleRest(request: Request): Promise<Response> {
  handler ??= createRestHandler({
    deps: deps(),
    endpoint: "/api/v1",
    onError: (error, { path, requestId }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(JSON.stringify({ level: "error", requestId, path, msg: error.message, cause: String(error.cause) }));
      }
    },
  });
  return handler(request);
}
