# One image per service: docker build --build-arg SERVICE=auth -t ticres/auth .
# SERVICE is the folder name under services/ (auth, gateway, catalog, booking, payment, notifier).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- base: Node + the pnpm pinned in package.json ("packageManager") --------------------------
FROM ${NODE_IMAGE} AS base
# Keep in step with "packageManager" in package.json.
ARG PNPM_VERSION=10.34.8
ENV CI=true TURBO_TELEMETRY_DISABLED=1
RUN npm install -g "pnpm@${PNPM_VERSION}" && npm cache clean --force
WORKDIR /app

# ---- build: all dependencies, then the whole workspace ---------------------------------------
FROM base AS build
# Fetch every locked package into pnpm's store first: this layer changes only with the lockfile.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline
RUN pnpm build

# ---- prod: the built workspace with only the production dependencies of SERVICE ---------------
FROM build AS prod
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<service>" >&2; exit 1; } \
 && test -f "services/${SERVICE}/package.json" \
 && find . \( -name node_modules -o -name .turbo \) -type d -prune -exec rm -rf {} + \
 && pnpm install --frozen-lockfile --offline --prod --filter "@ticres/${SERVICE}..."

# ---- runtime ---------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=prod /app /app
USER node
# exec: node is PID 1 and receives SIGTERM itself (graceful shutdown).
CMD ["sh", "-c", "exec node services/${SERVICE}/dist/main.js"]
