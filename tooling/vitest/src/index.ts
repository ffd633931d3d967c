import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProjectInlineConfiguration } from "vitest/config";

const globalSetup = path.join(path.dirname(fileURLToPath(import.meta.url)), "global-setup.ts");

/**
 * The two Vitest projects of one workspace: `<name>:unit` (pure logic, `*.test.ts`) and `<name>:integration`
 * (`*.integration-test.ts`, real Postgres and Redis, one migrated test database prepared once per run).
 */
export function workspaceProjects(name: string, dir: string): TestProjectInlineConfiguration[] {
  return [
    {
      test: {
        name: `${name}:unit`,
        root: dir,
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        environment: "node",
      },
    },
    {
      test: {
        name: `${name}:integration`,
        root: dir,
        include: ["src/**/*.integration-test.ts", "test/**/*.integration-test.ts"],
        environment: "node",
        globalSetup: [globalSetup],
        testTimeout: 60_000,
        hookTimeout: 120_000,
      },
    },
  ];
}
