/**
 * The web process's HTTP server: node:http in front of Next.js.
 * - /api/v1 (except openapi.json) goes straight to the REST handler (rest.ts), and so does a /api/trpc request
 *   whose body Next.js would otherwise buffer (directHandler there); everything else (pages, /api/trpc, assets,
 *   the OpenAPI document) goes to Next.js's request handler. Development and production take the same path: only
 *   the Next.js handler differs (hot reload or the production build).
 * - every request carries the TCP peer's address in PEER_ADDRESS_HEADER, set here and never taken from the client
 *   (per-IP limits: packages/api/src/client-address.ts);
 * - SIGTERM/SIGINT: stop listening (new connections are refused), finish the requests in flight, exit 0; after
 *   SHUTDOWN_GRACE_MS with requests still running, exit 1 and say so.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PEER_ADDRESS_HEADER } from "@shop/api";
import { trustStampedPeerAddress } from "./deps";
import { env } from "./env";
import { logger } from "./logger";
import { directHandler, type NodeHandler } from "./rest";

export interface WebServerOptions {
  port: number;
  hostname?: string;
  /** Prepares Next.js (after this server has taken charge of the peer header) and returns its request handler. */
  prepareNext(): Promise<NodeHandler>;
}

const INTERNAL_ERROR = JSON.stringify({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });

const pathnameOf = (url = "/") => {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
};

/** A handler that threw: a 500 when nothing was sent yet, else the half-sent response is cut off. */
function failed(res: ServerResponse, what: string, error: unknown, body?: string): void {
  logger.error({ err: String(error) }, `${what} failed`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, body ? { "content-type": "application/json" } : {});
  res.end(body);
}

/** Whatever a client sent under PEER_ADDRESS_HEADER is dropped; the socket's address takes its place. */
export function stampPeerAddress(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i]!.toLowerCase() === PEER_ADDRESS_HEADER) raw.splice(i, 2);
  }
  const peer = req.socket.remoteAddress ?? "";
  raw.push(PEER_ADDRESS_HEADER, peer);
  req.headers[PEER_ADDRESS_HEADER] = peer;
}

/** Validates the environment, prepares Next.js, listens; resolves once the server accepts connections. */
export async function startWebServer({ port, hostname, prepareNext }: WebServerOptions): Promise<http.Server> {
  const { SHUTDOWN_GRACE_MS: graceMs } = env(); // throws (before listening) when the environment is invalid
  trustStampedPeerAddress();
  const nextHandler = await prepareNext();

  const server = http.createServer((req, res) => {
    stampPeerAddress(req);
    const direct = directHandler(req, pathnameOf(req.url));
    if (direct) {
      direct(req, res).catch((error: unknown) => failed(res, "direct request", error, INTERNAL_ERROR));
      return;
    }
    nextHandler(req, res).catch((error: unknown) => failed(res, "page request", error));
  });
  server.on("error", (error) => {
    logger.error({ err: String(error) }, "server error");
    process.exit(1);
  });
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  logger.info({ port: (server.address() as AddressInfo).port }, "web server ready");

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs }, "shutting down: refusing new connections, finishing in-flight requests");
    // close() stops accepting; keep-alive sockets are closed as soon as their request is answered.
    server.close(() => {
      logger.info({ signal }, "web server stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
    setTimeout(() => {
      logger.error({ signal, graceMs }, "grace period over with requests still in flight, exiting");
      process.exit(1);
    }, graceMs).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return server;
}
