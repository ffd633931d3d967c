/** The worker as a real process next to the web server, with the settings both must share. */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { webDir } from "./web-server";

const workerDir = path.join(webDir, "..", "worker");

export interface SharedSettings {
  QUEUE_PREFIX: string;
  OTP_SECRET: string;
  JWT_SECRET: string;
  SMS_OUTBOX_PATH: string;
  REDIS_URL: string;
}

/** A queue prefix and outbox of this test file's own, so parallel files never see each other's jobs. */
export async function sharedSettings(): Promise<SharedSettings> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "shop-web-"));
  return {
    QUEUE_PREFIX: `t-${randomBytes(4).toString("hex")}`,
    OTP_SECRET: randomBytes(24).toString("hex"),
    JWT_SECRET: randomBytes(24).toString("hex"),
    SMS_OUTBOX_PATH: path.join(dir, "sms-outbox.jsonl"),
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startWorker(env: Record<string, string>, timeoutMs = 30_000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: workerDir,
    env: { ...process.env, HEARTBEAT_INTERVAL_MS: "500", ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('"worker ready"')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`worker did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
