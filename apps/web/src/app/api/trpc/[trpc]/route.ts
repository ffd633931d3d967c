import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContextFromRequest } from "@shop/api";
import { deps } from "../../../../server/deps";

export const dynamic = "force-dynamic";

function handler(request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContextFromRequest(deps(), request),
    responseMeta: ({ ctx, errors }) => {
      const headers = new Headers(ctx?.http.headers);
      if (ctx) headers.set("x-request-id", ctx.req.requestId);
      return errors.length ? { headers } : { headers };
    },
  });
}

export { handler as GET, handler as POST };
