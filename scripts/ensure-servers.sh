#!/usr/bin/env bash
# Makes sure the local PostgreSQL, Redis and RabbitMQ answer on 127.0.0.1 (their Debian packages'
# default ports). A server whose port is closed is started when it is installed, then waited for.
# Idempotent; prints nothing when all three are already up; exits 1 naming any server still down.
# Needs no terminal. Starting a stopped server needs root (as on CI and the dev machines).
set -euo pipefail

HOST=127.0.0.1

# port_open PORT: true when something accepts a TCP connection on HOST:PORT within 1 s.
port_open() {
  timeout 1 bash -c "exec 3<>/dev/tcp/${HOST}/$1" >/dev/null 2>&1
}

# wait_port PORT SECONDS: polls until the port answers or the time is up.
wait_port() {
  local port=$1 deadline=$((SECONDS + $2))
  until port_open "$port"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

postgres_installed() { command -v pg_ctlcluster >/dev/null 2>&1 && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; }
postgres_start() {
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
}

redis_installed() { command -v redis-server >/dev/null 2>&1; }
redis_start() {
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

rabbitmq_installed() { command -v rabbitmq-server >/dev/null 2>&1; }
rabbitmq_start() { rabbitmq-server -detached; }

failed=()

# ensure NAME PORT WAIT_SECONDS PREFIX (PREFIX_installed and PREFIX_start are defined above)
ensure() {
  local name=$1 port=$2 wait_s=$3 prefix=$4 out
  port_open "$port" && return 0
  if ! "${prefix}_installed"; then
    echo "ensure-servers: ${name} is not answering on ${HOST}:${port} and is not installed" >&2
    failed+=("$name")
    return 0
  fi
  echo "ensure-servers: starting ${name} (port ${port} closed)" >&2
  out="$(mktemp)"
  "${prefix}_start" >"$out" 2>&1 || true
  if wait_port "$port" "$wait_s"; then
    echo "ensure-servers: ${name} is up on ${HOST}:${port}" >&2
  else
    echo "ensure-servers: ${name} still not answering on ${HOST}:${port} after ${wait_s}s; its start command said:" >&2
    sed 's/^/  /' "$out" >&2
    failed+=("$name")
  fi
  rm -f "$out"
}

ensure PostgreSQL 5432 30 postgres
ensure Redis 6379 15 redis
ensure RabbitMQ 5672 60 rabbitmq

# Stock Debian checks TCP logins by password (scram), while the project's local default is the
# superuser `postgres` with password `postgres` (DATABASE_ADMIN_URL, TEST_DATABASE_ADMIN_URL).
# When that login fails and the superuser is reachable over the local socket, set the password.
postgres_login_ok() {
  PGPASSWORD=postgres PGCONNECT_TIMEOUT=5 psql -h "$HOST" -U postgres -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1
}
if port_open 5432 && command -v psql >/dev/null 2>&1 && ! postgres_login_ok; then
  if command -v runuser >/dev/null 2>&1 && runuser -u postgres -- psql -Atqc "ALTER ROLE postgres PASSWORD 'postgres'" >/dev/null 2>&1 \
    && postgres_login_ok; then
    echo "ensure-servers: set the local postgres superuser's password to the documented default" >&2
  else
    echo "ensure-servers: cannot log in to PostgreSQL as postgres/postgres over TCP; set DATABASE_ADMIN_URL and TEST_DATABASE_ADMIN_URL" >&2
    failed+=("PostgreSQL login")
  fi
fi

if ((${#failed[@]})); then
  echo "ensure-servers: not running: ${failed[*]}" >&2
  exit 1
fi
