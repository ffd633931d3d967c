/**
 * A fetch-API front for trpc-to-openapi's node handler, built ONCE per router. The library's own fetch adapter
 * builds a new handler on every request (and, outside production, regenerates the whole OpenAPI document each
 * time: ~10 ms of CPU per request). Per-request values reach the shared handler through AsyncLocalStorage.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";

export interface RequestScope<Ctx> {
  request: Request;
  createContext(): Ctx | Promise<Ctx>;
  responseMeta(input: { ctx?: Ctx; errors: TRPCError[] }): { status?: number; headers?: Record<string, string> };
  onError?(input: { error: TRPCError; path?: string }): void;
}

type Parsed = { ok: true; value: unknown } | { ok: false; cause: unknown };

async function parseBody(request: Request): Promise<Parsed> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const text = await request.text();
      if (text === "") return { ok: true, value: undefined };
      const value: unknown = JSON.parse(text);
      // The handler spreads the body into the input, so null, 5 or [] would silently become {}.
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return { ok: false, cause: new Error("The JSON body must be an object") };
      }
      return { ok: true, value };
    }
    return { ok: true, value: undefined };
  } catch (cause) {
    return { ok: false, cause };
  }
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
    const body = await parseBody(request);
    // The node handler reads url, method, headers and body; everything else is the original Request.
    const req = new Proxy(request, {
      get(target, prop) {
        if (prop === "url") return relative;
        if (prop === "body") {
          if (!body.ok) throw new TRPCError({ code: "PARSE_ERROR", message: "Failed to parse request body", cause: body.cause });
          return body.value;
        }
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
