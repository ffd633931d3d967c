# syntax=docker/dockerfile:1
# The storefront + API (Next.js). Build from the repository root:
#   docker build -f docker/web.Dockerfile -t shop-web .
# Targets: `runner` (default, the web server) and `migrate` (one-off `prisma migrate deploy`, used by compose).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
# Same versions as package.json#packageManager and the root turbo devDependency (test/deploy-files.test.ts
# checks). No corepack: it cannot verify registry signatures on every network this must build on.
ARG PNPM_VERSION=10.34.8
ARG TURBO_VERSION=2.11.11
RUN npm install -g pnpm@${PNPM_VERSION} turbo@${TURBO_VERSION} && npm cache clean --force
ENV CI=true TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# Only the workspaces @shop/web depends on, split into manifests (json/) and sources (full/) so the dependency
# install below stays cached while only sources change.
FROM base AS prune
COPY . .
RUN turbo prune @shop/web --docker

# Full install (dev dependencies included) and `next build`. Installing runs @shop/db's postinstall, which
# generates the Prisma client; that needs the schema and the shared tsconfig, hence the two early copies.
FROM base AS build
COPY --from=prune /app/out/json/ ./
COPY --from=prune /app/out/full/tooling/ ./tooling/
COPY --from=prune /app/out/full/packages/db/ ./packages/db/
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile
COPY --from=prune /app/out/full/ ./
RUN turbo run build --filter=@shop/web && rm -rf apps/web/.next/cache

# One-off migration runner (compose's `migrate` service): the build stage already has the Prisma CLI and the
# migrations. Exits when done.
FROM build AS migrate
USER node
CMD ["pnpm", "--filter", "@shop/db", "migrate:deploy"]

# Production dependencies only. Scripts are skipped: the one that matters (Prisma generate) needs dev
# dependencies, and its output is copied from the build stage instead.
FROM base AS prod-deps
COPY --from=prune /app/out/json/ ./
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile --prod --ignore-scripts

FROM ${NODE_IMAGE} AS runner
# tini as PID 1 forwards SIGTERM to node and reaps zombies; -s keeps it working (and quiet) when compose's
# `init: true` already puts docker-init in front of it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
WORKDIR /app
# Code and dependencies stay root-owned (read-only to the server); only .next, where Next writes its runtime
# cache, belongs to the unprivileged user.
COPY --from=prod-deps /app/ ./
COPY --from=prune /app/out/full/ ./
COPY --from=build /app/packages/db/dist/ ./packages/db/dist/
COPY --from=build /app/packages/core/dist/ ./packages/core/dist/
COPY --from=build /app/packages/api/dist/ ./packages/api/dist/
COPY --from=build /app/packages/server/dist/ ./packages/server/dist/
COPY --from=build /app/apps/web/dist/ ./apps/web/dist/
COPY --from=build --chown=node:node /app/apps/web/.next/ ./apps/web/.next/
USER node
WORKDIR /app/apps/web
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/v1/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "-s", "--"]
# node directly, not `pnpm start`: no package manager between tini and the server, so signals arrive.
CMD ["node", "dist/server.js", "--port", "3000", "--hostname", "0.0.0.0"]
