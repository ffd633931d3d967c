// `npm run <script>` for the scripts that need pnpm (db:migrate, db:seed, admin, vitest, fuzz, build, ...): a fresh
// clone has only Node.js and npm. Fetches the pinned pnpm the way start/test do (no corepack), installs
// dependencies when node_modules does not match the lockfile, then runs `pnpm <args>`.
//
// Usage (from package.json): node scripts/pnpm.mjs --filter @shop/db migrate:deploy
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { log, pnpmCommand, root, run, runOrFail } from "./lib.mjs";

const args = process.argv.slice(2);
const pnpm = pnpmCommand();

/** pnpm keeps a copy of the lockfile it installed from: equal contents = nothing to install. */
function installed() {
  const lock = path.join(root, "pnpm-lock.yaml");
  const copy = path.join(root, "node_modules", ".pnpm", "lock.yaml");
  return existsSync(copy) && readFileSync(copy, "utf8") === readFileSync(lock, "utf8");
}

if (!installed()) {
  log("installing dependencies (pnpm install --frozen-lockfile)");
  await runOrFail([...pnpm, "install", "--frozen-lockfile"]);
}
process.exit(await run([...pnpm, ...args], { cwd: process.cwd() }));
