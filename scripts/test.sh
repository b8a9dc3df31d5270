#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs Node 24 (when the machine's is older) and pnpm when
# missing and the locked dependencies, lints the whole repository once (`pnpm lint`: any finding fails
# the run) and checks its formatting (`pnpm format:check`, Prettier), makes sure the local PostgreSQL, Redis and RabbitMQ are up, then runs `pnpm test`.
# CI runs exactly this (see .ci/run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

ensure_node
ensure_pnpm
install_deps
pnpm lint
pnpm format:check
bash scripts/ensure-servers.sh
pnpm test "$@"
