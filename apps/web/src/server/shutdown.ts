import { env } from "../env";
import { logger } from "./logger";

const SIGNAL_EXIT_CODES = { SIGTERM: 143, SIGINT: 130 } as const;
const DEFAULT_GRACE_MS = 20_000;

let installed = false;

/**
 * `next start` already drains on SIGTERM/SIGINT: it stops listening (new connections are refused), waits for the
 * in-flight requests, then exits with 128 + signal. Two things are added here, next to its handler:
 * - a deadline: a request that never ends (a stuck query, a hung upstream) would otherwise keep the process up
 *   until the orchestrator's SIGKILL; after SHUTDOWN_GRACE_MS it exits 1 and says so;
 * - exit code 0 for a completed drain, so supervisors and `docker compose` see a clean stop, not a failure.
 */
export function installGracefulShutdown(): void {
  if (installed) return;
  installed = true;
  let received: keyof typeof SIGNAL_EXIT_CODES | undefined;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES) => {
    if (received) return;
    received = signal;
    let graceMs = DEFAULT_GRACE_MS;
    try {
      graceMs = env().SHUTDOWN_GRACE_MS;
    } catch {
      // An invalid environment already failed every request; shut down with the default.
    }
    logger.info({ signal, graceMs }, "shutting down: refusing new connections, finishing in-flight requests");
    setTimeout(() => {
      logger.error({ signal, graceMs }, "grace period over with requests still in flight, exiting");
      process.exit(1);
    }, graceMs).unref();
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => onSignal(signal));
  process.on("exit", (code) => {
    // Next exits 128 + signal once its drain has finished; that is the clean stop.
    if (received && code === SIGNAL_EXIT_CODES[received]) {
      process.exitCode = 0;
      logger.info({ signal: received }, "web server stopped");
    }
  });
}
