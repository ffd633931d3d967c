import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createRestHandler, publicUrl } from "@shop/api";
import { env } from "./env";
import { deps } from "./deps";
import { logger, logRequest } from "./logger";
import { securityHeaders } from "./security-headers";
import { handleTrpc } from "./trpc";

let handler: ((request: Request) => Promise<Response>) | undefined;

/** An error as a log field: name, message and stack server-side only (clients get a generic 500). */
const errorFields = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error);

/** The /api/v1 REST handler, built on first use. */
export async function handleRest(request: Request): Promise<Response> {
  const startedAt = performance.now();
  handler ??= createRestHandler({
    deps: deps(),
    endpoint: "/api/v1",
    onError: (error, { path, requestId }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ requestId, procedure: path, err: errorFields(error.cause) }, "unexpected error");
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

/** The paths handleRest answers; /api/v1/openapi.json is a route of its own (the cached document). */
export function isRestPath(pathname: string): boolean {
  return (pathname === "/api/v1" || pathname.startsWith("/api/v1/")) && !/^\/api\/v1\/openapi\.json\/?$/.test(pathname);
}

/** node:http request → fetch Request (the web server has already put the TCP peer into the peer header). */
function toRequest(req: IncomingMessage, method: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  let url: URL;
  try {
    url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  } catch {
    url = new URL(req.url ?? "/", "http://localhost");
  }
  const body = method === "GET" || method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(url, { method, headers, body, duplex: "half" } as RequestInit);
}

/**
 * A fetch handler for node:http (web-server.ts): /api/v1 answered without the Next.js request pipeline in between,
 * which cost ~3x the handler's own CPU per cached catalogue read (see the README's performance section). HEAD is a
 * GET without its body, as Next.js answers it for route handlers.
 */
const serveNode = (handle: (request: Request) => Promise<Response>) => async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
  const head = req.method === "HEAD";
  let response: Response;
  try {
    response = await handle(toRequest(req, head ? "GET" : (req.method ?? "GET")));
  } catch (error) {
    logger.error({ err: errorFields(error) }, "direct handler failed");
    response = Response.json({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" }, { status: 500 });
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  // A CSV export is streamed as it is produced (a large catalogue is never held in memory); JSON is sent whole.
  if (response.body && !head && (response.headers.get("content-type") ?? "").startsWith("text/csv")) {
    res.writeHead(response.status, headers);
    const stream = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    // A failure half-way (the database went away) cuts the download short rather than ending it as if complete.
    stream.on("error", (error) => {
      logger.error({ err: errorFields(error) }, "streamed answer failed");
      res.destroy(error);
    });
    stream.pipe(res);
    return;
  }
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (body && !head) headers["content-length"] = String(body.byteLength);
  // A body left unread (refused by size, or not needed) would be parsed as the next request on this connection.
  if (!req.complete) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(head ? undefined : body);
};

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
const restNode = serveNode(handleRest);
const trpcNode = serveNode(handleTrpc);

/**
 * The requests the web server (web-server.ts) answers itself instead of handing them to Next.js:
 * - /api/v1 (except the document), always;
 * - /api/trpc requests whose body Next.js would buffer before our limit could refuse it (its proxy reads up to
 *   experimental.proxyClientMaxBodySize into memory, then truncates): a declared length over MAX_BODY_BYTES, or a
 *   body without a declared length. They get the tRPC handler directly, which streams and refuses with 413.
 */
export function directHandler(req: IncomingMessage, pathname: string): NodeHandler | undefined {
  if (isRestPath(pathname)) return restNode;
  if (pathname === "/api/trpc" || pathname.startsWith("/api/trpc/")) {
    const declared = req.headers["content-length"];
    const chunked = declared === undefined && (req.headers["transfer-encoding"] ?? "") !== "";
    if (chunked || Number(declared ?? 0) > env().MAX_BODY_BYTES) return trpcNode;
  }
  return undefined;
}
