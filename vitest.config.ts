import { defineConfig } from "vitest/config";
import { embeddedProject, workspaceProjects } from "./tooling/vitest/src/index.ts";

// Imported by relative path: Vite bundles relative imports of the config but loads workspace packages with
// plain Node, which cannot read TypeScript.
// One run covers every workspace; filter with --project, e.g. `vitest run --project 'db:*'` or '*:unit'.
export default defineConfig({
  test: {
    projects: [
      ...workspaceProjects("core", "packages/core"),
      ...workspaceProjects("db", "packages/db"),
      ...workspaceProjects("api", "packages/api"),
      ...workspaceProjects("server", "packages/server"),
      // The concurrency suites again, on the embedded Postgres that `npm start` uses without DATABASE_URL.
      embeddedProject("api", "packages/api", ["test/*-concurrency.integration-test.ts"]),
      ...workspaceProjects("docs-ui", "packages/docs-ui"),
      ...workspaceProjects("web", "apps/web"),
      ...workspaceProjects("worker", "apps/worker"),
      // The root's own tests: the start/test scripts end to end (test/*.integration-test.ts).
      ...workspaceProjects("scripts", "."),
    ],
  },
});
