#!/usr/bin/env bash
# Stops the services that scripts/start.sh started as local processes (pids in .run/*.pid):
# SIGTERM (graceful shutdown), the gateway first so it stops taking requests before the services
# behind it go, then SIGKILL for any still running after the shutdown timeout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_DIR="${REPO_ROOT}/.run"
# A service gives itself SHUTDOWN_TIMEOUT_MS to drain; allow a little more before killing it.
GRACE_SECONDS=$(((${SHUTDOWN_TIMEOUT_MS:-10000} + 999) / 1000 + 5))

[ -d "$RUN_DIR" ] || exit 0

services=()
for pidfile in "$RUN_DIR"/*.pid; do
  [ -e "$pidfile" ] || continue
  s="$(basename "$pidfile" .pid)"
  if [ "$s" = gateway ]; then services=("$s" "${services[@]}"); else services+=("$s"); fi
done

# stop_group SERVICE...: SIGTERM to each, wait for all (bounded), SIGKILL the rest.
stop_group() {
  local s pid deadline running
  for s in "$@"; do
    if pid="$(service_pid "$s")"; then
      log "stopping ${s} (pid ${pid})"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  deadline=$((SECONDS + GRACE_SECONDS))
  while :; do
    running=()
    for s in "$@"; do
      service_pid "$s" >/dev/null && running+=("$s")
    done
    ((${#running[@]})) || break
    if ((SECONDS >= deadline)); then
      for s in "${running[@]}"; do
        pid="$(service_pid "$s")" || continue
        log "${s} (pid ${pid}) did not stop within ${GRACE_SECONDS}s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      done
      break
    fi
    sleep 0.2
  done
  for s in "$@"; do rm -f "${RUN_DIR}/${s}.pid"; done
}

if ((${#services[@]})); then
  if [ "${services[0]}" = gateway ]; then
    stop_group gateway
    services=("${services[@]:1}")
  fi
  ((${#services[@]} == 0)) || stop_group "${services[@]}"
fi
