/**
 * The migration files as the schema engine reads them. On the driver-adapter path (STACK-NOTES) it splits a
 * migration into statements at every semicolon, comments included, so "-- a; b" sends "b" as SQL and the
 * deploy fails with a syntax error far from its cause. Found twice while writing the back-office migrations.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const migrations = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "prisma", "migrations");

it("no comment line of a migration holds a semicolon", () => {
  const offending: string[] = [];
  for (const entry of readdirSync(migrations, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const lines = readFileSync(path.join(migrations, entry.name, "migration.sql"), "utf8").split("\n");
    lines.forEach((line, i) => {
      const comment = line.indexOf("--");
      if (comment >= 0 && line.slice(comment).includes(";")) offending.push(`${entry.name}/migration.sql:${i + 1}: ${line.trim()}`);
    });
  }
  expect(offending, "rephrase these comments without ';'").toEqual([]);
});
