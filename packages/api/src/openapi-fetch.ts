/**
 * A fetch-API front for trpc-to-openapi's node handler, built ONCE per router. The library's own fetch adapter
 * builds a new handler on every request (and, outside production, regenerates the whole OpenAPI document each
 * time: ~10 ms of CPU per request). Per-request values reach the shared handler through AsyncLocalStorage.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";
import { UNREADABLE_BODY } from "./unreadable-body";

export interface RequestScope<Ctx> {
  request: Request;
  createContext(): Ctx | Promise<Ctx>;
  responseMeta(input: { ctx?: Ctx; errors: TRPCError[] }): { status?: number; headers?: Record<string, string> };
  onError?(input: { error: TRPCError; path?: string }): void;
}

const unreadable = (error: TRPCError) => ({ [UNREADABLE_BODY]: error });

async function parseBody(request: Request): Promise<unknown> {
  const text = await request.text();
  // No body at all is fine whatever the content type says: operations without a body (cancel, logout by token)
  // are called with none, and one that needs fields says which in its 400.
  if (text === "") return undefined;
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return unreadable(
      new TRPCError({
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: type ? `Unsupported content-type "${type}": send application/json` : "A request body needs content-type: application/json",
      }),
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    // The handler spreads the body into the input, so null, 5 or [] would silently become {}.
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return unreadable(new TRPCError({ code: "BAD_REQUEST", message: "The JSON body must be an object" }));
    }
    return value;
  } catch (cause) {
    return unreadable(new TRPCError({ code: "PARSE_ERROR", message: "Failed to parse request body", cause }));
  }
}

/** trpc-to-openapi refuses a POST/PATCH without a JSON content-type before anything else; we decide later. */
function withJsonContentType(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.set("content-type", "application/json");
  return copy;
}

export function createOpenApiFetch<Ctx>(router: AnyTRPCRouter, endpoint: string) {
  const scopes = new AsyncLocalStorage<RequestScope<Ctx>>();
  const scope = () => {
    const s = scopes.getStore();
    if (!s) throw new Error("openapi-fetch: no request scope");
    return s;
  };
  const handler = createOpenApiNodeHttpHandler({
    router,
    createContext: () => scope().createContext(),
    responseMeta: (opts: { ctx?: unknown; errors: TRPCError[] }) => scope().responseMeta({ ctx: opts.ctx as Ctx, errors: opts.errors }),
    onError: (opts: { error: TRPCError; path?: string }) => scope().onError?.(opts),
  } as unknown as Parameters<typeof createOpenApiNodeHttpHandler>[0]);

  return async (s: RequestScope<Ctx>): Promise<Response> => {
    const { request } = s;
    const url = new URL(request.url);
    const stripped = url.pathname.startsWith(endpoint) ? url.pathname.slice(endpoint.length) || "/" : url.pathname;
    const relative = new URL(stripped + url.search, url.origin).toString();
    const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.method !== "DELETE";
    const body = hasBody ? await parseBody(request) : undefined;
    const headers = hasBody ? withJsonContentType(request.headers) : request.headers;
    // The node handler reads url, method, headers and body; everything else is the original Request.
    const req = new Proxy(request, {
      get(target, prop) {
        if (prop === "url") return relative;
        if (prop === "headers") return headers;
        if (prop === "body") return body;
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return scopes.run(
      s,
      () =>
        new Promise<Response>((resolve) => {
          const headers = new Headers();
          let status = 200;
          const res = {
            setHeader(key: string, value: string | string[]) {
              if (typeof value === "string") headers.set(key, value);
              else for (const v of value) headers.append(key, v);
            },
            get statusCode() {
              return status;
            },
            set statusCode(code: number) {
              status = code;
            },
            end(chunk?: string) {
              resolve(new Response(status === 204 ? null : (chunk ?? null), { status, headers }));
            },
          };
          void (handler as unknown as (req: unknown, res: unknown) => Promise<void>)(req, res);
        }),
    );
  };
}
