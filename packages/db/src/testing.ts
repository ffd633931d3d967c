/**
 * Test helpers: every integration test file can own a database of its own on the test server.
 * The server comes from TEST_DATABASE_URL / DATABASE_URL (set by the Vitest global setup).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "./client";
import { withDatabase } from "./connection";
import { migrateDeploy } from "./migrate";

export const DEFAULT_TEST_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** The migrated shared test database prepared by the global setup. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the tests through `npm test` or `vitest run`.");
  return url;
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withAdmin(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database (optionally migrated) for one test file. */
export async function scratchDatabase(prefix: string, options: { migrate?: boolean } = {}): Promise<ScratchDatabase> {
  const server = testDatabaseUrl();
  const name = `${prefix}_${randomBytes(4).toString("hex")}`.toLowerCase();
  const url = await createDatabase(server, name);
  if (options.migrate) await migrateDeploy(url);
  return { url, name, drop: () => dropDatabase(server, name) };
}

/** A Prisma client on the shared migrated test database. */
export function testDb(): Db {
  return createDb(testDatabaseUrl(), { poolSize: 5 });
}

/** A short unique suffix for fixtures (slugs, phones) so test files never collide. */
export function uniqueSuffix(): string {
  return randomBytes(5).toString("hex");
}

/**
 * Cart lines for products without options, as the API stores them: each line names the product's only variant
 * (its default one, made when the product was inserted). For fixtures that fill carts directly.
 */
export async function cartLinesOf(
  db: Db,
  cartId: string,
  lines: readonly { productId: string; quantity: number }[],
): Promise<{ cartId: string; productId: string; variantId: string; quantity: number }[]> {
  const variants = await db.productVariant.findMany({
    where: { productId: { in: lines.map((line) => line.productId) } },
    select: { id: true, productId: true },
  });
  const byProduct = new Map(variants.map((v) => [v.productId, v.id]));
  return lines.map((line) => {
    const variantId = byProduct.get(line.productId);
    if (!variantId) throw new Error(`product ${line.productId} has no variant`);
    return { cartId, productId: line.productId, variantId, quantity: line.quantity };
  });
}
