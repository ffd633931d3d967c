/**
 * Starts the web app's server (dist/server.js, built from server.ts by `npm test` before the suites run) on a free port
 * against the test database, for tests that must go through the real server: the production build by default, or
 * Next.js in development mode (`dev: true`, what `npm run dev` runs).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * `count` ports free right now, all different: every one is held until all are known (a port freed and asked for
 * again at once can be handed out twice).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

export interface WebServer {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
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
  const child = spawn(process.execPath, [...entry, "-p", String(port), "-H", "127.0.0.1"], {
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
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the web server exited early:\n${output}`);
    try {
      await fetch(`${url}/api/v1/health`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`the web server did not answer within ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
