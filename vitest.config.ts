import { defineConfig } from "vitest/config";
import { workspaceProjects } from "@shop/vitest-config";

// One run covers every workspace; filter with --project, e.g. `vitest run --project 'db:*'` or '*:unit'.
export default defineConfig({
  test: {
    projects: [
      ...workspaceProjects("core", "packages/core"),
      ...workspaceProjects("db", "packages/db"),
      ...workspaceProjects("api", "packages/api"),
      ...workspaceProjects("web", "apps/web"),
      ...workspaceProjects("worker", "apps/worker"),
    ],
  },
});
