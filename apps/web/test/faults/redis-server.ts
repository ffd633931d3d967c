/**
 * A redis-server of the test's own on a free port, so a test can stop and restart "Redis" without touching the
 * machine's shared instance (other test runs and CI use it at the same time).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "@shop/test-support";

export interface OwnRedis {
  url: string;
  port: number;
  /** Starts (or restarts, on the same port) the server; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (SIGKILL: Redis vanishing, not a polite shutdown); resolves once the process is gone. */
  stop(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = proc;
      let output = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
        const onData = (d: Buffer) => {
          output += String(d);
          if (output.includes("Ready to accept connections")) {
            clearTimeout(timer);
            resolve();
          }
        };
        proc.stdout?.on("data", onData);
        proc.stderr?.on("data", onData);
        proc.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited (${code}):\n${output}`));
        });
      });
    },
    async stop() {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      proc.kill("SIGKILL");
      await gone;
    },
  };
}
