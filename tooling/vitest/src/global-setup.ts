/**
 * Runs once before any test: makes a dedicated, freshly migrated test database on the Postgres server named by
 * TEST_DATABASE_URL / DATABASE_URL (default: the local server) and points every test worker at it.
 *
 * The database is named after this Vitest process (shop_test_<pid>) so concurrent runs on one server (a developer
 * and CI, or two terminals) never drop each other's data; it is dropped at the end, and databases left behind by
 * runs that were killed (their pid is gone) are dropped at the next start.
 */
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDatabase, DEFAULT_TEST_SERVER_URL, dropDatabase } from "@shop/db/testing";
import { withDatabase } from "@shop/db";
import { migrateDeploy } from "@shop/db/migrate";

const PREFIX = "shop_test_";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function dropOrphans(server: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(server, "postgres") });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${PREFIX}%`]);
    for (const { datname } of rows) {
      const pid = Number(datname.slice(PREFIX.length));
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

let teardown: (() => Promise<void>) | undefined;

export default async function setup(_project: TestProject) {
  // Every integration project lists this setup; all of them run in the main process, so the first one prepares
  // the database and the others find it ready.
  if (process.env.SHOP_TEST_DB_READY === "1") return;
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_TEST_SERVER_URL;
  const name = process.env.TEST_DATABASE_NAME ?? `${PREFIX}${process.pid}`;
  await dropOrphans(server).catch(() => undefined);
  const url = await createDatabase(server, name);
  await migrateDeploy(url);
  process.env.DATABASE_URL = url;
  process.env.TEST_DATABASE_URL = url;
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
  process.env.SHOP_TEST_DB_READY = "1";
  teardown = () => dropDatabase(server, name);
  return async () => {
    const done = teardown;
    teardown = undefined;
    await done?.();
  };
}
