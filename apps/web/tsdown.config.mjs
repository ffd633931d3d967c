import { defineConfig } from "tsdown";
import { packageBuild } from "@shop/tsconfig/tsdown";

// The server entry only; Next.js builds the pages (.next/).
export default defineConfig({ ...packageBuild(["src/server.ts"]), clean: false });
