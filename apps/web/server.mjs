#!/usr/bin/env node
/**
 * The web app's production server (what `next start` was): node:http in front of Next.js.
 * - /api/v1 (except openapi.json) goes straight to the REST handler (src/server/rest.ts, registered by
 *   src/instrumentation.ts from inside the Next.js build, so it shares one module graph with the pages), and so
 *   does a /api/trpc request whose body Next.js would otherwise buffer (see directHandler there);
 * - everything else (pages, /api/trpc, assets, the OpenAPI document) goes to Next.js's request handler.
 * - every request carries the TCP peer's address in PEER_ADDRESS_HEADER, set here and never taken from the client
 *   (per-IP limits: packages/api/src/client-address.ts);
 * - SIGTERM/SIGINT: stop listening (new connections are refused), finish the requests in flight, exit 0; after
 *   SHUTDOWN_GRACE_MS (default 20 s) with requests still running, exit 1 and say so.
 * - --dev: Next.js in development mode (hot reload) behind the same server; /api/v1 then goes through Next.js's
 *   route (app/api/v1/[[...path]]) so that edits reload.
 *
 * Usage: node server.mjs [--dev] [-p|--port 3000] [-H|--hostname 0.0.0.0]   (PORT and HOSTNAME env work too)
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" }, dev: { type: "boolean" } },
});
const dev = args.dev === true;
const port = Number(args.port ?? process.env.PORT ?? 3000);
const hostname = args.hostname ?? process.env.HOSTNAME ?? undefined;
const DEFAULT_GRACE_MS = 20_000;
const HOOKS = Symbol.for("shop.web.server-hooks"); // WEB_SERVER_HOOKS in src/server/rest.ts
const PEER_ADDRESS_HEADER = "x-shop-peer-address"; // PEER_ADDRESS_HEADER in packages/api/src/client-address.ts

// Set before Next.js loads: it reads NODE_ENV at import time.
process.env.NODE_ENV ??= dev ? "development" : "production";
// Tells the app (src/env.ts) that this entry sets PEER_ADDRESS_HEADER on every request, so it may believe it.
process.env.SHOP_SERVER_ENTRY = "server.mjs";
const { default: next } = await import("next");

const dir = path.dirname(fileURLToPath(import.meta.url));
const app = next({ dir, dev, hostname: hostname ?? "localhost", port });
const nextHandler = app.getRequestHandler();
await app.prepare();

// Next.js runs the instrumentation hook (which registers the REST hooks) just after prepare() resolves.
const hooks = dev ? undefined : await waitForHooks(15_000);
const log = (level, entry, msg) =>
  hooks ? hooks.log(level, entry, msg) : console.log(JSON.stringify({ level, service: "web", ...entry, msg }));
if (!hooks && !dev) log("error", {}, "the REST hooks were not registered (src/instrumentation.ts): /api/v1 goes through Next.js");

/** @returns {Promise<import("./src/server/rest").WebServerHooks | undefined>} */
async function waitForHooks(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!globalThis[HOOKS] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return globalThis[HOOKS];
}

const pathnameOf = (url = "/") => {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
};

/** A handler that threw: a 500 when nothing was sent yet, else the half-sent response is cut off. */
function failed(res, what, error, body) {
  log("error", { err: String(error) }, `${what} failed`);
  if (res.headersSent) return res.destroy();
  res.writeHead(500, body ? { "content-type": "application/json" } : {});
  res.end(body);
}

/** Whatever a client sent under PEER_ADDRESS_HEADER is dropped; the socket's address takes its place. */
function stampPeerAddress(req) {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i].toLowerCase() === PEER_ADDRESS_HEADER) raw.splice(i, 2);
  }
  const peer = req.socket.remoteAddress ?? "";
  raw.push(PEER_ADDRESS_HEADER, peer);
  req.headers[PEER_ADDRESS_HEADER] = peer;
}

const server = http.createServer((req, res) => {
  stampPeerAddress(req);
  const direct = hooks?.directHandler(req, pathnameOf(req.url));
  if (direct) {
    direct(req, res).catch((error) =>
      failed(res, "direct request", error, JSON.stringify({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" })),
    );
    return;
  }
  nextHandler(req, res).catch((error) => failed(res, "page request", error));
});

server.on("error", (error) => {
  log("error", { err: String(error) }, "server error");
  process.exit(1);
});
server.listen(port, hostname, () => {
  const address = server.address();
  log("info", { port: typeof address === "object" && address ? address.port : port }, "web server ready");
});

let stopping = false;
/** SHUTDOWN_GRACE_MS as src/env.ts validates it; the default when the hooks or the environment are missing. */
function graceMs() {
  try {
    return hooks?.shutdownGraceMs() ?? DEFAULT_GRACE_MS;
  } catch {
    return DEFAULT_GRACE_MS; // an invalid environment already fails every request
  }
}

function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  const grace = graceMs();
  log("info", { signal, graceMs: grace }, "shutting down: refusing new connections, finishing in-flight requests");
  // close() stops accepting; keep-alive sockets are closed as soon as their request is answered.
  server.close(() => {
    log("info", { signal }, "web server stopped");
    process.exit(0);
  });
  server.closeIdleConnections();
  setInterval(() => server.closeIdleConnections(), 50).unref();
  setTimeout(() => {
    log("error", { signal, graceMs: grace }, "grace period over with requests still in flight, exiting");
    process.exit(1);
  }, grace).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
