/**
 * Runs once before any test: makes a dedicated, freshly migrated test database on the Postgres server named by
 * TEST_DATABASE_URL / DATABASE_URL (default: the local server) and points every test worker at it.
 */
import type { TestProject } from "vitest/node";
import { createDatabase, DEFAULT_TEST_SERVER_URL } from "@shop/db/testing";
import { migrateDeploy } from "@shop/db/migrate";

export default async function setup(_project: TestProject) {
  // Every integration project lists this setup; all of them run in the main process, so the first one prepares
  // the database and the others find it ready.
  if (process.env.SHOP_TEST_DB_READY === "1") return;
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_TEST_SERVER_URL;
  const name = process.env.TEST_DATABASE_NAME ?? "shop_test";
  const url = await createDatabase(server, name);
  await migrateDeploy(url);
  process.env.DATABASE_URL = url;
  process.env.TEST_DATABASE_URL = url;
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
  process.env.SHOP_TEST_DB_READY = "1";
}
