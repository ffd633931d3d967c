import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProjectInlineConfiguration } from "vitest/config";

const here = path.dirname(fileURLToPath(import.meta.url));
const globalSetup = path.join(here, "global-setup.ts");

/**
 * Tests import the workspace packages from their TypeScript sources (the "@shop/source" export condition), so a
 * change is tested without a build. Processes a test starts run the built dist/ like production does.
 */
const sourceConditions = ["@shop/source", "module", "node", "development|production"];
const resolve = { conditions: sourceConditions };
// Vitest also hands the SSR conditions to Node (--conditions) for the packages it does not transform. "module" is
// for bundlers: with it Node took the AWS SDK's dist-es, whose extensionless imports it cannot load.
const ssr = { resolve: { conditions: sourceConditions.filter((c) => c !== "module"), externalConditions: ["@shop/source"] } };

/**
 * The two Vitest projects of one workspace: `<name>:unit` (pure logic, `*.test.ts`) and `<name>:integration`
 * (`*.integration-test.ts`, real Postgres and Redis, one migrated test database prepared once per run).
 */
export function workspaceProjects(name: string, dir: string): TestProjectInlineConfiguration[] {
  return [
    {
      resolve,
      ssr,
      test: {
        name: `${name}:unit`,
        root: dir,
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        environment: "node",
      },
    },
    {
      resolve,
      ssr,
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

/**
 * `<name>:embedded`: the given integration files once more, against the embedded Postgres of `npm start`
 * (see embedded-setup.ts). For suites that hold the embedded default to real Postgres' results under load; files
 * that need a database of their own (CREATE DATABASE) cannot run there, PGlite having only one.
 */
export function embeddedProject(name: string, dir: string, include: string[]): TestProjectInlineConfiguration {
  return {
    resolve,
    ssr,
    test: {
      name: `${name}:embedded`,
      root: dir,
      include,
      environment: "node",
      globalSetup: [path.join(here, "embedded-setup.ts")],
      setupFiles: [path.join(here, "embedded-env.ts")],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  };
}
