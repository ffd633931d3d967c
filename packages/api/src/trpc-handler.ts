/**
 * The tRPC face of appRouter (/api/trpc): the storefront's endpoint and other TypeScript apps', with cookie
 * sessions allowed. Same body limit as REST (413), and at most `trpcMaxBatchSize` calls per batch (400): a batch
 * is one HTTP request, so without a cap it would carry any number of calls (e.g. 200 password guesses).
 */
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { limitBody, tooLargeMessage } from "./body-limit";
import { createContextFromRequest, type ApiDeps } from "./context";
import { appRouter } from "./root";

export interface TrpcHandlerOptions {
  deps: ApiDeps;
  endpoint?: `/${string}`;
  onError?: (error: TRPCError, info: { path?: string; requestId?: string }) => void;
}

export function createTrpcHandler(options: TrpcHandlerOptions): (request: Request) => Promise<Response> {
  const endpoint = options.endpoint ?? "/api/trpc";
  const { config } = options.deps;
  return async (incoming) => {
    const limited = await limitBody(incoming, config.maxBodyBytes);
    // Too large: the body is dropped unread and every call of the request fails with 413 in tRPC's own error shape.
    const request = limited.ok ? limited.request : new Request(incoming.url, { method: incoming.method, headers: withoutBodyHeaders(incoming.headers) });
    return fetchRequestHandler({
      endpoint,
      req: request,
      router: appRouter,
      maxBatchSize: config.trpcMaxBatchSize,
      createContext: () => {
        if (!limited.ok) throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: tooLargeMessage(limited.maxBytes) });
        return createContextFromRequest(options.deps, request, { cookieAuth: true });
      },
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
      onError: ({ error, path, ctx }) => options.onError?.(error, { path, requestId: ctx?.req.requestId }),
    });
  };
}

/** The refused request, bodiless: its content-type stays, so tRPC goes on to createContext, which answers 413. */
function withoutBodyHeaders(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.delete("content-length");
  copy.delete("transfer-encoding");
  return copy;
}
