#!/usr/bin/env bash
# Runs TicRes (`pnpm start`, or `bash scripts/start.sh` before pnpm is installed).
#
# With a Docker engine: `docker compose up --build` (the whole stack from docker-compose.yml; its
# secrets from .env, any missing one generated into .run/secrets.env).
# Without one: installs pnpm and the dependencies, makes sure the local PostgreSQL, Redis and
# RabbitMQ run, builds, migrates, starts each service of $SERVICES as a local process (logs in
# .run/<service>.log, pids in .run/<service>.pid), waits for the gateway to be ready, seeds (the
# admin account and the sample events; idempotent), then follows the logs until Ctrl-C or SIGTERM,
# which stop the services. `bash scripts/stop.sh` stops them too. Unless an SMTP server already
# answers on SMTP_HOST:SMTP_PORT, a local SMTP sink (scripts/smtp-sink.js) takes the notifier's mail
# and prints each one to .run/smtp-sink.log (whole messages in .run/mail/).
# Every setting below can be overridden from the caller's environment.
#
# `pnpm dev` (WATCH=true) is the same run for development: always as local processes, with
# `turbo watch build` recompiling a package when its sources change and each service running under
# `node --watch`, which restarts it when its compiled code (its own or a package's it uses) changes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

# Services run as local processes, in start order (the gateway last: it is ready once the gRPC
# services behind it are).
SERVICES="auth catalog booking payment notifier gateway"

READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-90}"
RUN_DIR="${REPO_ROOT}/.run"

# Production refuses the development secrets (DEVELOPMENT_SECRETS in packages/shared): a secret
# the caller did not give is the one kept in .run/secrets.env (mode 600), or a new random one
# written there, so a restart reuses it and the admin password can be looked up there.
SECRETS_FILE="${RUN_DIR}/secrets.env"
run_secret() {
  local name=$1 kept
  if [ -n "${!name:-}" ]; then export "${name?}"; return; fi
  mkdir -p "$RUN_DIR"
  kept=$(sed -n "s/^${name}=//p" "$SECRETS_FILE" 2>/dev/null | tail -n 1)
  if [ -z "$kept" ]; then
    kept=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
    (umask 077 && printf '%s=%s\n' "$name" "$kept" >>"$SECRETS_FILE")
    log "generated ${name} for production mode (kept in .run/secrets.env)"
  fi
  export "$name=$kept"
}
production_secrets() {
  run_secret NOTIFIER_SERVICE_SECRET
  run_secret PAYMENT_SERVICE_SECRET
  run_secret GATEWAY_SERVICE_SECRET
  run_secret ADMIN_PASSWORD
}
# compose_secrets: every secret docker-compose.yml asks for (the names .env.example lists). A value
# in the shell or in .env wins; a missing one is generated into .run/secrets.env like the above.
compose_secrets() {
  local name
  if [ -f .env ]; then
    set -a
    # shellcheck disable=SC1091
    source .env
    set +a
  fi
  for name in $(sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p' .env.example); do
    run_secret "$name"
  done
}

WATCH="${WATCH:-false}"

# ---- Docker engine available: run the compose stack ------------------------------------------
if [ "$WATCH" != true ] && command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
  # The compose stack runs NODE_ENV=production, with the secrets of .env.example.
  compose_secrets
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
if [ "$NODE_ENV" = production ]; then production_secrets; fi
setdefault LOG_LEVEL info
setdefault SHUTDOWN_TIMEOUT_MS 10000
setdefault JWT_ISSUER ticres-auth
setdefault JWT_AUDIENCE ticres
# Used only by migrations, to create the database `ticres` and each service's role and schema.
setdefault DATABASE_ADMIN_URL postgres://postgres:postgres@127.0.0.1:5432/postgres
setdefault MIGRATE_ON_START false
# services that call others over gRPC, or share Redis and RabbitMQ
setdefault AUTH_GRPC_URL 127.0.0.1:50051
setdefault GRPC_DEADLINE_MS 5000
setdefault REDIS_URL redis://127.0.0.1:6379
setdefault AMQP_EXCHANGE ticres.events
setdefault OUTBOX_POLL_MS 1000
# auth
setdefault BCRYPT_COST 12
setdefault ACCESS_TOKEN_TTL_SECONDS 900
setdefault REFRESH_TOKEN_TTL_SECONDS 2592000
setdefault SIGNING_KEY_ROTATION_SECONDS 604800
# catalog
setdefault CACHE_TTL_SECONDS 600
setdefault DEFAULT_CURRENCY IDR
# booking
setdefault HOLD_TTL_SECONDS 900
setdefault MAX_OPEN_HOLDS_PER_USER_PER_EVENT 1
setdefault SWEEP_INTERVAL_MS 5000
# payment (BOOKING_GRPC_URL below; the simulated provider: see README.md for its test tokens)
setdefault PROVIDER_LATENCY_MS 50
setdefault PROVIDER_TIMEOUT_MS 3000
setdefault REFUND_RETRY_MS 5000
# notifier, payment and the gateway trade NOTIFIER_SERVICE_SECRET / PAYMENT_SERVICE_SECRET /
# GATEWAY_SERVICE_SECRET for service tokens at auth, which must list the same secrets in
# SERVICE_SECRETS. The defaults are for local development only.
setdefault NOTIFIER_SERVICE_SECRET local-dev-notifier-secret
setdefault PAYMENT_SERVICE_SECRET local-dev-payment-secret
setdefault GATEWAY_SERVICE_SECRET local-dev-gateway-secret
setdefault SERVICE_SECRETS "notifier=${NOTIFIER_SERVICE_SECRET},payment=${PAYMENT_SERVICE_SECRET},gateway=${GATEWAY_SERVICE_SECRET}"
setdefault SMTP_HOST 127.0.0.1
setdefault SMTP_PORT 1025
setdefault MAIL_FROM 'TicRes <tickets@ticres.example.com>'
setdefault MAIL_TIME_ZONE UTC
setdefault NOTIFIER_HTTP_HOST 0.0.0.0
setdefault NOTIFIER_HTTP_PORT 8085
# false: never start the local SMTP sink (the notifier then needs a server at SMTP_HOST:SMTP_PORT)
setdefault SMTP_SINK true
# gateway
setdefault HTTP_HOST 0.0.0.0
setdefault HTTP_PORT 8080
setdefault CATALOG_GRPC_URL 127.0.0.1:50052
setdefault BOOKING_GRPC_URL 127.0.0.1:50053
setdefault PAYMENT_GRPC_URL 127.0.0.1:50054
setdefault BODY_LIMIT_BYTES 65536
# the per-person write limit, counted by auth, catalog, booking and payment (README, Security)
setdefault WRITE_LIMIT_PER_USER 60
setdefault WRITE_LIMIT_WINDOW_SECONDS 60
# auth's sign-up limit per client address
setdefault REGISTER_LIMIT_PER_IP 10
setdefault REGISTER_LIMIT_WINDOW_SECONDS 3600
# auth's failed-login limits (README, Security)
setdefault LOGIN_LIMIT_PER_ACCOUNT_ADDRESS 5
setdefault LOGIN_LIMIT_PER_ADDRESS 20
setdefault LOGIN_LIMIT_PER_ACCOUNT 20
# seed (`pnpm run seed`): the admin account; the password is for local development only
setdefault ADMIN_EMAIL admin@ticres.com
setdefault ADMIN_PASSWORD admin123

# Names that several services read with a value of their own: each service gets its value from
# <SERVICE>_<NAME> (e.g. CATALOG_GRPC_BIND, BOOKING_DATABASE_URL), never from the shared environment.
unset GRPC_BIND DATABASE_URL AMQP_URL AMQP_QUEUE METRICS_PORT
setdefault AUTH_GRPC_BIND 127.0.0.1:50051
setdefault CATALOG_GRPC_BIND 127.0.0.1:50052
setdefault BOOKING_GRPC_BIND 127.0.0.1:50053
setdefault PAYMENT_GRPC_BIND 127.0.0.1:50054
for svc in auth catalog booking payment notifier; do
  setdefault "${svc^^}_DATABASE_URL" "postgres://ticres_${svc}:ticres_${svc}@127.0.0.1:5432/ticres"
done
setdefault BOOKING_AMQP_QUEUE booking
setdefault PAYMENT_AMQP_QUEUE payment
setdefault NOTIFIER_AMQP_QUEUE notifier
# Prometheus metrics of each service on its own port (GATEWAY_METRICS_PORT, ...; METRICS_BIND for all).
setdefault GATEWAY_METRICS_PORT 9450
setdefault AUTH_METRICS_PORT 9451
setdefault CATALOG_METRICS_PORT 9452
setdefault BOOKING_METRICS_PORT 9453
setdefault PAYMENT_METRICS_PORT 9454
setdefault NOTIFIER_METRICS_PORT 9455
# Each service connects to RabbitMQ as a broker user of its own, which start-up creates with only
# the rights that service needs (see docs/security/broker.md). The passwords are for local
# development only; a value in the environment wins (user names without ':' '@' '/' or '%').
for svc in catalog booking payment notifier; do
  setdefault "${svc^^}_AMQP_URL" "amqp://ticres-${svc}:ticres-${svc}@127.0.0.1:5672"
done
# url_user URL: the user an amqp://user:password@host URL logs in as.
url_user() {
  local rest=${1#*://}
  rest=${rest%%@*}
  echo "${rest%%:*}"
}
# The consumers apply a message only when its publisher's user sent it.
setdefault AMQP_PUBLISHER_USERS \
  "catalog=$(url_user "$CATALOG_AMQP_URL"),booking=$(url_user "$BOOKING_AMQP_URL"),payment=$(url_user "$PAYMENT_AMQP_URL")"

# service_env SERVICE: the NAME=value words of the service's own settings, one a line, for `env`.
service_env() {
  local upper="${1^^}" name var
  for name in GRPC_BIND DATABASE_URL AMQP_URL AMQP_QUEUE METRICS_PORT; do
    var="${upper}_${name}"
    [ -z "${!var+set}" ] || printf '%s=%s\n' "$name" "${!var}"
  done
}

GATEWAY_URL="http://127.0.0.1:${HTTP_PORT}"
NOTIFIER_URL="http://127.0.0.1:${NOTIFIER_HTTP_PORT}"

for s in $SERVICES smtp-sink; do
  if pid="$(service_pid "$s")"; then
    log "${s} is already running (pid ${pid}); stop it first with: bash scripts/stop.sh"
    exit 1
  fi
done

ensure_node
ensure_pnpm
install_deps
bash scripts/ensure-servers.sh
pnpm build

# The services' broker users, their vhost and topic permissions (idempotent: an existing user gets
# the password and rights of its URL again; no other user, guest included, is touched).
if command -v rabbitmqctl >/dev/null 2>&1; then
  log "creating the services' RabbitMQ users and permissions"
  node packages/shared/dist/messaging/broker-definitions-main.js | rabbitmqctl -q import_definitions >/dev/null \
    || { log "could not create the RabbitMQ users (rabbitmqctl needs root or the rabbitmq user)"; exit 1; }
else
  log "rabbitmqctl not found: create the services' RabbitMQ users yourself (see docs/security/broker.md)"
fi

# Each service's migrations with its own DATABASE_URL (`pnpm run migrate` would give them all the
# one in the environment).
for s in $SERVICES; do
  [ -f "services/${s}/dist/migrate.js" ] || continue
  log "migrating ${s}"
  mapfile -t own_env < <(service_env "$s")
  env "${own_env[@]}" node "services/${s}/dist/migrate.js"
done

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
  for s in $SERVICES smtp-sink; do
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
  local own_env
  mapfile -t own_env < <(service_env "$s")
  local watch=()
  [ "$WATCH" != true ] || watch=(--watch)
  setsid env "${own_env[@]}" node "${SERVICE_NODE_FLAGS[@]}" "${watch[@]}" "$main" >"${RUN_DIR}/${s}.log" 2>&1 </dev/null &
  PIDS[$s]=$!
  echo "$!" >"${RUN_DIR}/${s}.pid"
  log "started ${s} (pid $!), log in .run/${s}.log"
}

# http_ready URL: true when GET URL answers 200.
http_ready() {
  node -e "fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
    .then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))" "$1"
}

# all_ready: the gateway (which checks auth, catalog, booking and payment) and the notifier.
all_ready() {
  http_ready "${GATEWAY_URL}/readyz" && http_ready "${NOTIFIER_URL}/readyz"
}

# smtp_answers: true when something accepts connections on SMTP_HOST:SMTP_PORT.
smtp_answers() {
  node -e "require('net').connect(Number(process.argv[2]), process.argv[1])
    .on('connect', () => process.exit(0)).on('error', () => process.exit(1))" "$SMTP_HOST" "$SMTP_PORT"
}

# start_smtp_sink: the notifier's mail goes to a local SMTP sink unless a server already answers
# (a Mailpit of your own, say) or SMTP_SINK=false; the sink only listens on a local address.
SMTP_SINK_STARTED=false
start_smtp_sink() {
  if [ "$SMTP_SINK" != true ]; then
    log "SMTP_SINK=${SMTP_SINK}: the notifier sends to ${SMTP_HOST}:${SMTP_PORT}"
  elif smtp_answers; then
    log "an SMTP server answers on ${SMTP_HOST}:${SMTP_PORT}; the notifier sends its mail there"
  elif [[ "$SMTP_HOST" =~ ^(127\.0\.0\.1|localhost)$ ]]; then
    setsid env SMTP_SINK_HOST="$SMTP_HOST" SMTP_SINK_PORT="$SMTP_PORT" SMTP_SINK_DIR="${RUN_DIR}/mail" \
      node scripts/smtp-sink.js >"${RUN_DIR}/smtp-sink.log" 2>&1 </dev/null &
    PIDS[smtp-sink]=$!
    echo "$!" >"${RUN_DIR}/smtp-sink.pid"
    SMTP_SINK_STARTED=true
    log "started the local SMTP sink on ${SMTP_HOST}:${SMTP_PORT} (pid $!); mail in .run/smtp-sink.log"
  else
    log "no SMTP server answers on ${SMTP_HOST}:${SMTP_PORT}; the notifier will retry its mail until one does"
  fi
}

trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

start_smtp_sink
for s in $SERVICES; do
  start_service "$s"
done
if [ "$WATCH" = true ]; then
  setsid node_modules/.bin/turbo watch build >"${RUN_DIR}/build-watch.log" 2>&1 </dev/null &
  PIDS[build-watch]=$!
  echo "$!" >"${RUN_DIR}/build-watch.pid"
  log "watching the sources (turbo watch build, pid $!); rebuilds in .run/build-watch.log"
fi

log "waiting for ${GATEWAY_URL}/readyz and ${NOTIFIER_URL}/readyz (up to ${READY_TIMEOUT_SECONDS}s)"
deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
until all_ready; do
  for s in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$s]}" 2>/dev/null || ! service_pid "$s" >/dev/null; then
      log "${s} exited during start-up"
      show_logs
      exit 1
    fi
  done
  if ((SECONDS >= deadline)); then
    log "the gateway or the notifier was not ready within ${READY_TIMEOUT_SECONDS}s"
    show_logs
    exit 1
  fi
  sleep 0.5
done

# ---- Seed ------------------------------------------------------------------------------------
# The admin account (straight into auth's database) and the sample events (through the API, so the
# stack must be up). Idempotent: a second start creates nothing new. A failure leaves the stack
# running: it is usable, only without the sample data.
log "seeding the admin account and the sample events"
if DATABASE_URL="$AUTH_DATABASE_URL" GATEWAY_URL="$GATEWAY_URL" pnpm run seed; then
  seeded="admin account and sample events"
else
  seeded="FAILED (see above); retry with: pnpm run seed"
  log "seeding failed; the services keep running"
fi

if [ "$ADMIN_PASSWORD" = admin123 ]; then
  shown_password=admin123
elif grep -q "^ADMIN_PASSWORD=${ADMIN_PASSWORD}\$" "$SECRETS_FILE" 2>/dev/null; then
  shown_password="<ADMIN_PASSWORD in .run/secrets.env, when this run created the account>"
else
  shown_password='<your ADMIN_PASSWORD>'
fi
if [ "$SMTP_SINK_STARTED" = true ]; then
  mail_at=".run/smtp-sink.log (each mail's text; whole messages in .run/mail/)"
else
  mail_at="the SMTP server on ${SMTP_HOST}:${SMTP_PORT}"
fi

cat <<EOF

TicRes is running (${SERVICES}).
  API:      ${GATEWAY_URL}/api/v1
  Docs:     ${GATEWAY_URL}/docs   (OpenAPI document: ${GATEWAY_URL}/openapi.json)
  Health:   ${GATEWAY_URL}/healthz, ${GATEWAY_URL}/readyz
  Metrics:  http://127.0.0.1:<port>/metrics: gateway ${GATEWAY_METRICS_PORT}, auth ${AUTH_METRICS_PORT}, catalog ${CATALOG_METRICS_PORT},
            booking ${BOOKING_METRICS_PORT}, payment ${PAYMENT_METRICS_PORT}, notifier ${NOTIFIER_METRICS_PORT}
  Seeded:   ${seeded}
  Admin:    log in as ${ADMIN_EMAIL} / ${shown_password}:
            curl -s -X POST ${GATEWAY_URL}/api/v1/login -H 'content-type: application/json' \\
              -d '{"email":"${ADMIN_EMAIL}","password":"${shown_password}"}'
  Mail:     ${mail_at}
  Logs:     .run/<service>.log (followed below)
Stop with Ctrl-C, or from another terminal: bash scripts/stop.sh

EOF

logs=()
for s in $SERVICES; do logs+=("${RUN_DIR}/${s}.log"); done
[ "$SMTP_SINK_STARTED" != true ] || logs+=("${RUN_DIR}/smtp-sink.log")
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
