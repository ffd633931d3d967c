import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs, one line per event. Job payloads are never logged, only ids and outcomes. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "worker" }, timestamp: pino.stdTimeFunctions.isoTime });
}
