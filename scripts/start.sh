#!/usr/bin/env bash
# Runs TicRes (`pnpm start`, or `bash scripts/start.sh` before pnpm is installed).
#
# With a Docker engine: `docker compose up --build` (the whole stack from docker-compose.yml).
# Without one: installs pnpm and the dependencies, makes sure the local PostgreSQL, Redis and
# RabbitMQ run, builds, migrates, starts each service of $SERVICES as a local process (logs in
# .run/<service>.log, pids in .run/<service>.pid), waits for the gateway to be ready, then follows
# the logs until Ctrl-C or SIGTERM, which stop the services. `bash scripts/stop.sh` stops them too.
# Every setting below can be overridden from the caller's environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

# Services run as local processes, in start order. Only the implemented ones are listed: the issues
# that implement catalog, booking, payment and notifier add them here (before gateway).
SERVICES="auth gateway"

READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-90}"
RUN_DIR="${REPO_ROOT}/.run"

# ---- Docker engine available: run the compose stack ------------------------------------------
if command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
  if docker compose version >/dev/null 2>&1; then
    exec docker compose up --build "$@"
  elif command -v docker-compose >/dev/null 2>&1; then
    exec docker-compose up --build "$@"
  fi
  log "a Docker engine answers but neither 'docker compose' nor 'docker-compose' is installed"
  exit 1
fi

# ---- Local processes -------------------------------------------------------------------------
# Configuration defaults for local runs (see README.md); a value already in the environment wins.
setdefault() {
  if [ -z "${!1+set}" ]; then export "$1=$2"; else export "${1?}"; fi
}
# all services (OTEL_EXPORTER_OTLP_ENDPOINT stays unset unless given: tracing off)
setdefault NODE_ENV development
setdefault LOG_LEVEL info
setdefault SHUTDOWN_TIMEOUT_MS 10000
setdefault JWT_ISSUER ticres-auth
setdefault JWT_AUDIENCE ticres
# auth
setdefault GRPC_BIND 0.0.0.0:50051
setdefault DATABASE_URL postgres://ticres_auth:ticres_auth@127.0.0.1:5432/ticres
setdefault DATABASE_ADMIN_URL postgres://postgres@127.0.0.1:5432/postgres
setdefault MIGRATE_ON_START false
setdefault BCRYPT_COST 12
setdefault ACCESS_TOKEN_TTL_SECONDS 900
setdefault REFRESH_TOKEN_TTL_SECONDS 2592000
setdefault SIGNING_KEY_ROTATION_SECONDS 604800
# gateway
setdefault HTTP_HOST 0.0.0.0
setdefault HTTP_PORT 8080
setdefault AUTH_GRPC_URL 127.0.0.1:50051
setdefault REDIS_URL redis://127.0.0.1:6379
setdefault GRPC_DEADLINE_MS 5000
setdefault BODY_LIMIT_BYTES 65536
setdefault LOGIN_LIMIT_PER_IP 20
setdefault LOGIN_LIMIT_PER_ACCOUNT 5
setdefault RATE_LIMIT_WINDOW_SECONDS 60
# Note: every service gets this same environment. When a later service needs its own value of a
# name another one already uses (GRPC_BIND, DATABASE_URL), give it per service in start_service.

GATEWAY_URL="http://127.0.0.1:${HTTP_PORT}"

for s in $SERVICES; do
  if pid="$(service_pid "$s")"; then
    log "${s} is already running (pid ${pid}); stop it first with: bash scripts/stop.sh"
    exit 1
  fi
done

ensure_pnpm
install_deps
bash scripts/ensure-servers.sh
pnpm build
pnpm run migrate

# ---- Seed step -------------------------------------------------------------------------------
# Later issues seed the database here (an admin account and sample events), after migrations and
# before the services start.

# ---- Start the services ----------------------------------------------------------------------
mkdir -p "$RUN_DIR"
declare -A PIDS=()
TAIL_PID=""

stop_all() {
  trap - INT TERM EXIT
  [ -z "$TAIL_PID" ] || kill "$TAIL_PID" 2>/dev/null || true
  bash "${REPO_ROOT}/scripts/stop.sh" || true
  wait 2>/dev/null || true
}

show_logs() {
  local s
  for s in $SERVICES; do
    [ -f "${RUN_DIR}/${s}.log" ] || continue
    echo "----- last lines of .run/${s}.log -----" >&2
    tail -n 40 "${RUN_DIR}/${s}.log" >&2
  done
}

# start_service SERVICE: starts it in the background in its own session (so a Ctrl-C reaches this
# script only, which then stops the services in order) and records its pid.
start_service() {
  local s=$1 main="services/$1/dist/main.js"
  [ -f "$main" ] || { log "${main} is missing (did the build fail?)"; return 1; }
  setsid node "$main" >"${RUN_DIR}/${s}.log" 2>&1 </dev/null &
  PIDS[$s]=$!
  echo "$!" >"${RUN_DIR}/${s}.pid"
  log "started ${s} (pid $!), log in .run/${s}.log"
}

# gateway_ready: true when GET /readyz answers 200.
gateway_ready() {
  node -e "fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
    .then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))" \
    "${GATEWAY_URL}/readyz"
}

trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

for s in $SERVICES; do
  start_service "$s"
done

log "waiting for ${GATEWAY_URL}/readyz (up to ${READY_TIMEOUT_SECONDS}s)"
deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
until gateway_ready; do
  for s in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$s]}" 2>/dev/null || ! service_pid "$s" >/dev/null; then
      log "${s} exited during start-up"
      show_logs
      exit 1
    fi
  done
  if ((SECONDS >= deadline)); then
    log "the gateway was not ready within ${READY_TIMEOUT_SECONDS}s"
    show_logs
    exit 1
  fi
  sleep 0.5
done

cat <<EOF

TicRes is running (${SERVICES}).
  API:      ${GATEWAY_URL}/api/v1
  Docs:     ${GATEWAY_URL}/docs   (OpenAPI document: ${GATEWAY_URL}/openapi.json)
  Health:   ${GATEWAY_URL}/healthz, ${GATEWAY_URL}/readyz
  Logs:     .run/<service>.log (followed below)
Stop with Ctrl-C, or from another terminal: bash scripts/stop.sh

EOF

logs=()
for s in $SERVICES; do logs+=("${RUN_DIR}/${s}.log"); done
tail -n 0 -F "${logs[@]}" &
TAIL_PID=$!

# Stay in the foreground until a service exits (or a signal runs the traps above).
set +e
wait -n -p exited_pid "${PIDS[@]}"
status=$?
set -e
for s in "${!PIDS[@]}"; do
  if [ "${PIDS[$s]}" = "${exited_pid:-}" ]; then
    log "${s} exited with status ${status}; stopping the others"
  fi
done
exit 1
