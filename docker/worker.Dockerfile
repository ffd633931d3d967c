# syntax=docker/dockerfile:1
# The BullMQ worker (apps/worker), built to plain JavaScript (dist/) and run by node. Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t shop-worker .
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
# Same versions as package.json#packageManager and the root turbo devDependency (test/deploy-files.test.ts
# checks). No corepack: it cannot verify registry signatures on every network this must build on.
ARG PNPM_VERSION=10.34.8
ARG TURBO_VERSION=2.11.11
RUN npm install -g pnpm@${PNPM_VERSION} turbo@${TURBO_VERSION} && npm cache clean --force
ENV CI=true TURBO_TELEMETRY_DISABLED=1
WORKDIR /app

# Only the workspaces @shop/worker depends on: manifests (json/) apart from sources (full/).
FROM base AS prune
COPY . .
RUN turbo prune @shop/worker --docker

# Full install (dev dependencies included: tsdown) and the build of the worker and the packages it loads.
# Installing runs @shop/db's postinstall, which generates the Prisma client; that needs the schema and the
# shared tsconfig, hence the two early copies.
FROM base AS build
COPY --from=prune /app/out/json/ ./
COPY --from=prune /app/out/full/tooling/ ./tooling/
COPY --from=prune /app/out/full/packages/db/ ./packages/db/
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile
COPY --from=prune /app/out/full/ ./
RUN turbo run build --filter=@shop/worker

# Production dependencies only; scripts skipped, the built code comes from the build stage.
FROM base AS prod-deps
COPY --from=prune /app/out/json/ ./
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile --prod --ignore-scripts

FROM ${NODE_IMAGE} AS runner
# tini as PID 1 forwards SIGTERM to node, whose handler drains in-flight jobs (SHUTDOWN_GRACE_MS); -s keeps it
# working when compose's `init: true` already puts docker-init in front of it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# Code root-owned and read-only to the worker.
COPY --from=prod-deps /app/ ./
COPY --from=prune /app/out/full/ ./
COPY --from=build /app/packages/db/dist/ ./packages/db/dist/
COPY --from=build /app/packages/core/dist/ ./packages/core/dist/
COPY --from=build /app/apps/worker/dist/ ./apps/worker/dist/
# The one writable path: the mock SMS sender's outbox (SMS_OUTBOX_PATH defaults to .data/ at the repo root).
# Created here so a named volume mounted on it starts out owned by node.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
WORKDIR /app/apps/worker
# Healthy while the worker's Redis heartbeat key exists (it expires three heartbeat intervals after the last beat).
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["node", "dist/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "-s", "--"]
CMD ["node", "dist/main.js"]
