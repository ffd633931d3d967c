import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomInt } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { testDb } from "@shop/db/testing";
import { verifyPassword } from "../src/auth/password";

const coreDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const db = testDb();
afterAll(() => db.$disconnect());

const phone = () => `+4474${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["--conditions=@shop/source", "--import", "tsx", "scripts/create-admin.ts", ...args], {
    cwd: coreDir,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });

describe("npm run admin", () => {
  it("creates an admin with the password from ADMIN_PASSWORD", async () => {
    const p = phone();
    const r = run([p.replace("+44", "+44 "), "--name", "Root"], { ADMIN_PASSWORD: "admin password 1" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Created admin ${p}`);
    const user = await db.user.findUniqueOrThrow({ where: { phone: p } });
    expect(user).toMatchObject({ role: "admin", name: "Root" });
    expect(await verifyPassword(user.passwordHash, "admin password 1")).toBe(true);
  });

  it("promotes an existing customer and keeps their password when none is given", async () => {
    const p = phone();
    const created = await db.user.create({ data: { phone: p, passwordHash: "kept" } });
    const r = run([p], { ADMIN_PASSWORD: "" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Promoted admin");
    expect(await db.user.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ role: "admin", passwordHash: "kept" });
  });

  it("refuses an invalid phone or a short password, and usage errors exit 2", () => {
    expect(run(["12345"]).status).toBe(1);
    expect(run([phone()], { ADMIN_PASSWORD: "short" }).stderr).toContain("Password");
    expect(run([]).status).toBe(2);
  });
});
