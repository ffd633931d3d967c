import { defineConfig } from "tsdown";
import { packageBuild } from "@shop/tsconfig/tsdown";

export default defineConfig(packageBuild(["src/index.ts", "src/sms/index.ts", "src/config/env.ts"]));
