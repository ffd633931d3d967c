import { readFileSync } from "node:fs";
import pg from "pg";
import { STATE_FILE } from "./global-setup";

export default async function globalTeardown() {
  const state = JSON.parse(readFileSync(STATE_FILE, "utf8")) as { pids: number[]; server: string; name: string };
  for (const pid of state.pids) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 1_000));
  const url = new URL(state.server);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${state.name}" WITH (FORCE)`);
  await admin.end();
}
