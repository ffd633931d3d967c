import type { NextConfig } from "next";

const config: NextConfig = {
  // Clients of the original API call /api/v1/shop/products/ WITH the slash; both forms must be answered
  // directly (no 308). The REST handler normalises the path itself.
  skipTrailingSlashRedirect: true,
  // Internal packages ship TypeScript sources; Next compiles them.
  transpilePackages: ["@shop/api", "@shop/core", "@shop/db"],
  // Resolved by Node at run time: the Prisma runtime loads its WASM query compiler from disk, and docs-ui reads
  // Swagger/ReDoc assets from node_modules.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "ioredis", "@shop/docs-ui"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  experimental: {
    // forbidden() and app/forbidden.tsx: the admin pages answer a real 403, not a 200 that says "403".
    authInterrupts: true,
    // The proxy (src/proxy.ts) buffers request bodies up to this size and truncates the rest. server.mjs hands
    // bodies larger than MAX_BODY_BYTES (at most 50 MiB) to the tRPC handler directly, so below it nothing is cut.
    proxyClientMaxBodySize: "50mb",
  },
  // `turbo run typecheck` checks every workspace (tests included) once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default config;
