import { pino } from "pino";

/**
 * One JSON line per event, each with the request id of the request it belongs to. Request bodies, tokens,
 * cookies and codes are never logged; error causes are logged server-side only (clients get a generic 500).
 */
export const logger = pino({
  level: "info", // LOG_LEVEL, once env.ts has read it
  base: { service: "web" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ["headers.authorization", "headers.cookie", "*.password", "*.code", "*.refreshToken"], remove: true },
});

/** Logs one finished request: method, path (no query string: it may carry search terms), status, duration. */
export function logRequest(request: Request, response: Response, startedAt: number): void {
  const url = new URL(request.url);
  const entry = {
    requestId: response.headers.get("x-request-id"),
    method: request.method,
    path: url.pathname,
    status: response.status,
    ms: Math.round(performance.now() - startedAt),
  };
  if (response.status >= 500) logger.error(entry, "request failed");
  else logger.info(entry, "request");
}
