import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const workerDir = path.join(repoRoot, "apps", "worker");

export interface Exit {
  /** null when a signal ended it */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process whose stdout and stderr are collected. */
export interface Collected {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Its JSON log lines so far (pino writes one object per line); other lines are skipped. */
  logs(): Record<string, unknown>[];
  exited: Promise<Exit>;
  /** Sends `signal` (SIGTERM by default) unless it has exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

export function spawnCollected(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Collected {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += String(d)));
  child.stderr.on("data", (d) => (output += String(d)));
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => output,
    logs: () =>
      output.split("\n").flatMap((line) => {
        if (!line.startsWith("{")) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    exited,
    stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * The worker as a real process, from its TypeScript sources and the workspace packages' (the "@shop/source"
 * condition, as `npm run dev` runs it), resolved once it logs "worker ready". It logs at info level and beats
 * every 500 ms unless `env` says otherwise; Twilio settings come only from `env`, never from the shell running
 * the tests (so a developer's credentials cannot turn the mock sender into real SMS).
 */
export async function startWorker(env: Record<string, string>, { timeoutMs = 30_000 } = {}): Promise<Collected> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", HEARTBEAT_INTERVAL_MS: "500", ...env };
  for (const key of Object.keys(childEnv)) if (key.startsWith("TWILIO_") && !(key in env)) delete childEnv[key];
  const worker = spawnCollected(process.execPath, ["--conditions=@shop/source", "--import", "tsx", "src/main.ts"], {
    cwd: workerDir,
    env: childEnv,
  });
  const state = await waitFor("the worker to log \"worker ready\"", () => {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return "exited";
    return worker.logs().some((l) => l.msg === "worker ready") && "ready";
  }, { timeoutMs }).catch(() => "timed out");
  if (state !== "ready") {
    await worker.stop("SIGKILL");
    throw new Error(`the worker did not start (${state}):\n${worker.output()}`);
  }
  return worker;
}
