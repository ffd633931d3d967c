#!/usr/bin/env node
// Runs the Prisma CLI offline. Without DATABASE_URL the 6.19 CLI falls back to downloading a native query
// engine even for `generate`, which cannot work here; `generate` never connects, so a placeholder URL is
// enough. CHECKPOINT_DISABLE stops the CLI's update check from reaching the network.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!env.DATABASE_URL) {
  if (args[0] !== "generate") {
    console.error(`prisma ${args.join(" ")}: DATABASE_URL is not set (see .env.example).`);
    process.exit(1);
  }
  env.DATABASE_URL = "postgresql://placeholder@127.0.0.1:5432/placeholder";
}
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, ...args], { cwd: path.join(here, ".."), env, stdio: "inherit" });
process.exit(result.status ?? 1);
