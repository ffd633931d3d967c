// The README's npm commands with npm alone (no pnpm on PATH, as on a fresh machine): db:migrate, db:seed and
// admin against a database of their own on the test server. They used to fail with `sh: 1: pnpm: not found`.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npm, npmOnlyEnv } from "./newcomer";

const server = new URL(process.env.DATABASE_URL!);
const name = `shop_npm_${randomBytes(4).toString("hex")}`;
const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const admin = () => new pg.Client({ connectionString: Object.assign(new URL(server), { pathname: "/postgres" }).toString() });

beforeAll(async () => {
  const c = admin();
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
});
afterAll(async () => {
  const c = admin();
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
});

describe("npm run db:migrate / db:seed / admin with npm alone", () => {
  const env = npmOnlyEnv({ DATABASE_URL: url });

  it("the environment really has no pnpm", () => {
    expect(spawnSync("pnpm", ["--version"], { env }).error).toMatchObject({ code: "ENOENT" });
  });

  it("migrates, seeds (saying what it did) and makes an admin", { timeout: 300_000 }, async () => {
    const migrate = await npm(["run", "db:migrate"], env);
    expect(migrate.code, migrate.output).toBe(0);
    expect(migrate.output).not.toMatch(/pnpm: not found/);
    // The offline path's schema url warning is not shown to people (packages/db/scripts/prisma.mjs says why).
    expect(migrate.output).not.toMatch(/will NOT be used/);

    const seed = await npm(["run", "db:seed"], env);
    expect(seed.code, seed.output).toBe(0);
    expect(seed.output).toMatch(/Seeded shop_npm_\w+: \d+ categories and \d+ products in \d+ ms\./);
    expect(seed.output).not.toMatch(/already existed/);

    const phone = "+998901234567";
    const made = await npm(["run", "admin", "--", phone, "--name", "Owner"], { ...env, ADMIN_PASSWORD: "a long admin password" });
    expect(made.code, made.output).toBe(0);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ role: string; name: string; has_password: boolean }>(
        "SELECT role, name, password_hash IS NOT NULL AS has_password FROM users WHERE phone = $1",
        [phone],
      );
      expect(rows).toEqual([{ role: "admin", name: "Owner", has_password: true }]);
      const { rows: counts } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM products");
      expect(counts[0]!.n).toBeGreaterThanOrEqual(50);
    } finally {
      await db.end();
    }
  });
});
