# One image per service: docker build --build-arg SERVICE=auth -t ticres/auth .
# SERVICE is the folder name under services/ (auth, gateway, catalog, booking, payment, notifier).
# The migration job's image holds the five services that have migrations:
#   docker build --target migrate -t ticres/migrate .
# Node: the release in .node-version (tools/deploy-check checks that they agree).
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# ---- base: Node + the pnpm pinned in package.json ("packageManager") --------------------------
FROM ${NODE_IMAGE} AS base
# Keep in step with "packageManager" in package.json.
ARG PNPM_VERSION=10.34.8
ENV CI=true TURBO_TELEMETRY_DISABLED=1
RUN npm install -g "pnpm@${PNPM_VERSION}" && npm cache clean --force
WORKDIR /app

# ---- build: all dependencies, then the whole workspace (also runs the one-shot seed) ----------
FROM base AS build
# Fetch every locked package into pnpm's store first: this layer changes only with the lockfile.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline
RUN pnpm build

# ---- deploy: SERVICE's built code and production dependencies alone, in /out -------------------
# `pnpm deploy` copies only the files each package lists in "files" (dist, migrations, protos) and
# installs its production dependencies from the store fetched above: no sources, tests, dev tools,
# or other services. inject-workspace-packages for this command only: pnpm 10's deploy then
# installs exactly what the lockfile says, offline (its --legacy mode resolves versions afresh,
# which needs the registry's metadata: `pnpm fetch` does not keep it, so --legacy --offline fails).
# tools/deploy-check runs this same command for every service (test/images.test.ts).
FROM build AS deploy
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<service>" >&2; exit 1; } \
 && test -f "services/${SERVICE}/package.json" \
 && pnpm --config.inject-workspace-packages=true --filter "@ticres/${SERVICE}" deploy --prod --offline /out

# ---- migrate-deploy: every service that has migrations, each in /out/<service> -------------------
FROM build AS migrate-deploy
RUN for service in auth catalog booking payment notifier; do \
      pnpm --config.inject-workspace-packages=true --filter "@ticres/${service}" deploy --prod --offline "/out/${service}" || exit 1; \
    done
COPY docker/migrate/migrate-all.sh /out/migrate-all.sh

# ---- migrate: the one-shot migration job (the only holder of the database superuser URL) -------
FROM ${NODE_IMAGE} AS migrate
ENV NODE_ENV=production
WORKDIR /app
COPY --from=migrate-deploy /out /app
USER node
CMD ["sh", "/app/migrate-all.sh"]

# ---- runtime (the default target): one service, as the unprivileged user `node` -----------------
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
# The Node flags of scripts/service-node-flags, as scripts/start.sh runs the services (deploy-check compares).
ENV NODE_ENV=production SERVICE=${SERVICE} NODE_OPTIONS=--max-semi-space-size=16
WORKDIR /app
COPY --from=deploy /out /app
USER node
# Exec form: node is PID 1 and receives SIGTERM itself (graceful shutdown).
CMD ["node", "dist/main.js"]
