import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContextFromRequest } from "@shop/api";
import { deps } from "../../../../server/deps";
import { logger, logRequest } from "../../../../server/logger";

export const dynamic = "force-dynamic";

/** The storefront's (and other TypeScript apps') endpoint: the same appRouter, with cookie sessions allowed. */
async function handler(request: Request): Promise<Response> {
  const startedAt = performance.now();
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContextFromRequest(deps(), request, { cookieAuth: true }),
    responseMeta: ({ ctx }) => {
      const headers = new Headers();
      // append, not set: a sign-in sets two cookies.
      ctx?.http.headers.forEach((value, key) => {
        if (key !== "set-cookie") headers.set(key, value);
      });
      for (const cookie of ctx?.http.headers.getSetCookie() ?? []) headers.append("set-cookie", cookie);
      if (ctx) headers.set("x-request-id", ctx.req.requestId);
      return { headers };
    },
    onError: ({ error, path, ctx }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ requestId: ctx?.req.requestId, procedure: path, err: { message: error.cause?.message ?? error.message, stack: error.cause?.stack } }, "unexpected error");
      }
    },
  });
  logRequest(request, response, startedAt);
  return response;
}

export { handler as GET, handler as POST };
