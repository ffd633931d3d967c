import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaWrapper = path.join(packageDir, "scripts", "prisma.mjs");

export interface PrismaRun {
  code: number;
  output: string;
}

/** Runs the offline Prisma CLI (see scripts/prisma.mjs) against `databaseUrl` and collects its output. */
export function runPrisma(args: string[], databaseUrl: string): Promise<PrismaRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaWrapper, ...args], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Applies every committed migration (`prisma migrate deploy`); throws with the CLI's output on failure. */
export async function migrateDeploy(databaseUrl: string): Promise<void> {
  const run = await runPrisma(["migrate", "deploy"], databaseUrl);
  if (run.code !== 0) throw new Error(`prisma migrate deploy failed:\n${run.output}`);
}
