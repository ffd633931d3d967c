#!/usr/bin/env node
// Runs the Prisma CLI offline. Without DATABASE_URL the 6.19 CLI falls back to downloading a native query
// engine even for `generate`, which cannot work here; `generate` never connects, so a placeholder URL is
// enough. CHECKPOINT_DISABLE stops the CLI's update check from reaching the network.
//
// The CLI warns on every run that the schema's `url` "will NOT be used" (queries go through the driver adapter of
// prisma.config.ts). The url stays on purpose: without it the 6.19 CLI leaves the offline path and tries to
// download the native query engine (STACK-NOTES). So that warning, and only it, is dropped from the output;
// PRISMA_SHOW_URL_WARNING=1 shows it again.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
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

const WARNING_START = /^WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter/;
const WARNING_END = /^We recommend you to remove those properties from your schema/;

/** Copies lines from a child stream, leaving out the url warning block (and the blank line after it). */
function relay(stream, out) {
  let skipping = false;
  let skipBlank = false;
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
    // Colour codes (ESC [ ... m) aside, the warning's words are matched as they are printed.
    const plain = line.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
    if (!skipping && WARNING_START.test(plain) && env.PRISMA_SHOW_URL_WARNING !== "1") skipping = true;
    if (skipping) {
      if (WARNING_END.test(plain)) {
        skipping = false;
        skipBlank = true;
      }
      return;
    }
    if (skipBlank && plain.trim() === "") {
      skipBlank = false;
      return;
    }
    skipBlank = false;
    out.write(`${line}\n`);
  });
}

const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const child = spawn(process.execPath, [cli, ...args], { cwd: path.join(here, ".."), env, stdio: ["inherit", "pipe", "pipe"] });
relay(child.stdout, process.stdout);
relay(child.stderr, process.stderr);
// "close", not "exit": every line of both streams has been relayed by then.
child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
