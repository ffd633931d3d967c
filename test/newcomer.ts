/** What a newcomer's shell has: Node.js and npm, no pnpm on PATH (the tests' own runner puts one there). */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function npmOnlyEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !dir.includes(`${path.sep}.cache${path.sep}pnpm-`) && !dir.includes(`${path.sep}node_modules${path.sep}.bin`))
    .join(path.delimiter);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH, ...extra };
  // What the runner sets for its own children, not what a newcomer has.
  for (const key of ["npm_config_user_agent", "npm_execpath", "PNPM_HOME", "npm_lifecycle_event", "npm_lifecycle_script"]) delete env[key];
  return env;
}

export interface Ran {
  code: number | null;
  output: string;
}

/** Runs `npm <args>` in the repository as a newcomer would, collecting everything it prints. */
export function npm(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += String(d)));
    child.stderr.on("data", (d) => (output += String(d)));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`npm ${args.join(" ")} timed out:\n${output}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
