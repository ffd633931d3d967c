/**
 * Starts the web app's server (dist/server.js, built from server.ts by `npm test` before the suites run) on a free port
 * against the test database, for tests that must go through the real server: the production build by default, or
 * Next.js in development mode (`dev: true`, what `npm run dev` runs).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, spawnCollected, waitFor, type Collected } from "@shop/test-support";

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface WebServer extends Collected {
  url: string;
}

export const serverEntry = path.join(webDir, "dist", "server.js");

export async function startWebServer(
  env: Record<string, string | undefined> = {},
  timeoutMs = 60_000,
  { dev = false }: { dev?: boolean } = {},
): Promise<WebServer> {
  if (!dev && (!existsSync(serverEntry) || !existsSync(path.join(webDir, ".next", "BUILD_ID")))) {
    throw new Error("apps/web has no build: run `npm test` (it builds first) or `pnpm exec turbo run build --filter=@shop/web`.");
  }
  const port = await freePort();
  // Development runs the sources through tsx, as `npm run dev` does (scripts/start.mjs); production the build.
  const entry = dev ? ["--conditions=@shop/source", "--import", "tsx", "src/server.ts", "--dev"] : [serverEntry];
  const server = spawnCollected(process.execPath, [...entry, "-p", String(port), "-H", "127.0.0.1"], {
    cwd: webDir,
    env: {
      ...process.env,
      // Production refuses to start without these; tests that need known values pass their own.
      JWT_SECRET: randomBytes(24).toString("hex"),
      OTP_SECRET: randomBytes(24).toString("hex"),
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      ...env,
      NODE_ENV: dev ? "development" : "production",
    } as NodeJS.ProcessEnv,
  });
  const url = `http://127.0.0.1:${port}`;
  const state = await waitFor("the web server to answer /api/v1/health", async () => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return "exited early";
    return (await fetch(`${url}/api/v1/health`)) && "up";
  }, { timeoutMs, intervalMs: 150 }).catch(() => `did not answer within ${timeoutMs} ms`);
  if (state !== "up") {
    await server.stop("SIGKILL");
    throw new Error(`the web server ${state}:\n${server.output()}`);
  }
  return { ...server, url };
}
