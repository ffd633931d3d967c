import { defineConfig } from "tsdown";
import { packageBuild } from "@shop/tsconfig/tsdown";

export default defineConfig(
  packageBuild(["src/index.ts", "src/testing.ts", "src/embedded.ts", "src/migrate.ts", "src/seed.ts", "src/seed-data.ts"]),
);
