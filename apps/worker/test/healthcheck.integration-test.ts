import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "@shop/core";
import { uniqueSuffix } from "@shop/db/testing";
import { heartbeatKey } from "../src/runtime";

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = createRedis(redisUrl);
const usedKeys: string[] = [];

afterAll(async () => {
  if (usedKeys.length > 0) await redis.del(...usedKeys);
  redis.disconnect();
});

/** Runs the container's probe exactly as the HEALTHCHECK does and resolves with its exit code and stderr. */
function runHealthcheck(env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/healthcheck.ts"], {
      cwd: workerDir,
      env: { ...process.env, REDIS_URL: redisUrl, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

function freshPrefix() {
  const prefix = `hc-${uniqueSuffix()}`;
  usedKeys.push(heartbeatKey(prefix));
  return prefix;
}

describe("worker healthcheck script", () => {
  it("exits 1 when no worker has written a heartbeat", async () => {
    const prefix = freshPrefix();
    const result = await runHealthcheck({ QUEUE_PREFIX: prefix });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(heartbeatKey(prefix));
  });

  it("exits 0 while the heartbeat key exists, and 1 again once it is gone", async () => {
    const prefix = freshPrefix();
    await redis.set(heartbeatKey(prefix), new Date().toISOString(), "PX", 60_000);
    expect((await runHealthcheck({ QUEUE_PREFIX: prefix })).code).toBe(0);

    // Another deployment's heartbeat on the same Redis must not make this one look alive.
    expect((await runHealthcheck({ QUEUE_PREFIX: `${prefix}-other` })).code).toBe(1);

    await redis.del(heartbeatKey(prefix));
    expect((await runHealthcheck({ QUEUE_PREFIX: prefix })).code).toBe(1);
  });

  it("exits 1 when Redis cannot be reached", async () => {
    // Port 1 on loopback refuses connections at once; the probe must give up within its own timeout.
    const result = await runHealthcheck({ QUEUE_PREFIX: freshPrefix(), REDIS_URL: "redis://127.0.0.1:1" });
    expect(result.code).toBe(1);
  });

  it("exits 1 on an invalid QUEUE_PREFIX instead of probing a wrong key", async () => {
    const result = await runHealthcheck({ QUEUE_PREFIX: "Not Valid!" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("QUEUE_PREFIX");
  });
});
