// Prisma 6.19 on the driver-adapter path: the WASM schema engine migrates through @prisma/adapter-pg, so no
// native engine is ever downloaded. The adapter used here carries the fixes for prisma/orm#27403 ("char"/name
// catalog columns) and for the shadow-database drop; see src/migrate-adapter.ts.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { migrateAdapterFromUrl } from "./src/migrate-adapter";

// A developer's root .env (see .env.example) is honoured; real environment variables win.
for (const file of ["../../.env", ".env"]) {
  try {
    process.loadEnvFile(file);
  } catch {
    // absent: fine
  }
}

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // Lazy: `prisma generate` loads this file too and must not need a database.
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; it names the database to migrate.");
    return migrateAdapterFromUrl(url);
  },
});
