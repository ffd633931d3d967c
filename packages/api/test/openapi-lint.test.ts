/**
 * The generated document passes Redocly's recommended rules with no error and no warning (what
 * `npx @redocly/cli lint /api/v1/openapi.json` reports), so generated clients and linters take it as it is.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../src/openapi";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const redocly = path.join(packageDir, "node_modules", ".bin", "redocly");

describe("OpenAPI document lint", () => {
  it("has 0 errors and 0 warnings under @redocly/cli's recommended rules", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "shop-openapi-"));
    try {
      const file = path.join(dir, "openapi.json");
      await writeFile(file, JSON.stringify(buildOpenApiDocument()));
      const { stdout } = await promisify(execFile)(redocly, ["lint", file, "--format=json"], {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
