import type { NextConfig } from "next";

const INTERNAL_PACKAGE = /^@shop\/(server|api|core|db)(\/|$)/;

const config: NextConfig = {
  // Clients of the original API call /api/v1/shop/products/ WITH the slash; both forms must be answered
  // directly (no 308). The REST handler normalises the path itself.
  skipTrailingSlashRedirect: true,
  // Loaded by Node at run time, never bundled. The Prisma runtime loads its WASM query compiler from disk, and
  // docs-ui reads Swagger/ReDoc assets from node_modules. (The internal packages are kept external by the webpack
  // rule below.)
  serverExternalPackages: [
    "@shop/docs-ui",
    // The pages test `instanceof TRPCError` on what @shop/api throws: one copy of tRPC, the one @shop/api loads.
    "@trpc/server",
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "ioredis",
  ],
  webpack(config, { isServer }) {
    if (isServer) {
      // The internal packages are built to dist/ and loaded by Node once per process, shared by the pages, the
      // proxy, /api/trpc and the server entry (src/server.ts) that answers /api/v1: one copy, so one set of
      // services and a working instanceof. Neither serverExternalPackages (it bundles workspace packages, which
      // resolve outside node_modules) nor Turbopack (no externals hook) can do this: vercel/next.js#84388.
      config.externals = [
        ({ request }: { request?: string }, callback: (error?: null, result?: string) => void) =>
          request && INTERNAL_PACKAGE.test(request) ? callback(null, `module ${request}`) : callback(),
        ...(Array.isArray(config.externals) ? config.externals : [config.externals]),
      ];
    }
    return config;
  },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  experimental: {
    // forbidden() and app/forbidden.tsx: the admin pages answer a real 403, not a 200 that says "403".
    authInterrupts: true,
    // The proxy (src/proxy.ts) buffers request bodies up to this size and truncates the rest. The web server (@shop/server) hands
    // bodies larger than MAX_BODY_BYTES (at most 50 MiB) to the tRPC handler directly, so below it nothing is cut.
    proxyClientMaxBodySize: "50mb",
  },
  // `turbo run typecheck` checks every workspace (tests included) once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default config;
