// Helpers shared by start.mjs and test.mjs. Plain Node (no dependencies): they run before `pnpm install`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Turborepo otherwise prints a telemetry notice and phones home on first run.
process.env.TURBO_TELEMETRY_DISABLED ??= "1";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
// Playwright uses the system chromium; it never downloads browsers.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD ??= "1";

export function log(message) {
  console.log(`\x1b[36m[shop]\x1b[0m ${message}`);
}

export function fail(message) {
  console.error(`\x1b[31m[shop]\x1b[0m ${message}`);
  process.exit(1);
}

/**
 * The pnpm pinned in package.json#packageManager, without corepack (it cannot verify registry signatures on
 * these machines): a matching global pnpm if there is one, else that exact version installed once with npm
 * into .cache/ (gitignored). Returns the argv prefix that runs it.
 */
export function pnpmCommand() {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const version = /^pnpm@(\d+\.\d+\.\d+)/.exec(pkg.packageManager ?? "")?.[1];
  if (!version) fail('package.json#packageManager must name an exact pnpm version ("pnpm@x.y.z").');
  const global = spawnSync("pnpm", ["--version"], { encoding: "utf8", shell: false });
  if (global.status === 0 && global.stdout.trim() === version) return ["pnpm"];
  const prefix = path.join(root, ".cache", `pnpm-${version}`);
  const bin = path.join(prefix, "node_modules", "pnpm", "bin", "pnpm.cjs");
  if (!existsSync(bin)) {
    log(`installing pnpm ${version} into .cache/ (no corepack needed)`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const r = spawnSync(npm, ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `pnpm@${version}`], {
      stdio: "inherit",
    });
    if (r.status !== 0 || !existsSync(bin)) fail(`could not install pnpm ${version} with npm`);
  }
  // Turbo and package scripts look pnpm up on PATH: put this copy first for every child process.
  process.env.PATH = [path.join(prefix, "node_modules", ".bin"), process.env.PATH].join(path.delimiter);
  return [process.execPath, bin];
}

/** Runs a command to completion with inherited stdio; resolves with its exit code. */
export function run(argv, { cwd = root, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function runOrFail(argv, options) {
  const code = await run(argv, options);
  if (code !== 0) fail(`\`${argv.slice(-3).join(" ")}\` failed (exit ${code})`);
}

/** Loads the root .env (if any) without overriding variables already set. */
export function loadDotEnv() {
  const file = path.join(root, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

/** True when something accepts TCP connections on host:port within timeoutMs. */
export function tcpReachable(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** True when a Redis server answers PING at the URL (no AUTH: a protected server is assumed up if it answers). */
export function redisReachable(url, timeoutMs = 1_000) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (d) => done(/^(\+PONG|-NOAUTH|-WRONGPASS)/.test(String(d))));
    socket.once("error", () => done(false));
  });
}

export function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ""), port: Number(u.port || defaultPort) };
}

export async function waitFor(check, { timeoutMs, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}
