#!/usr/bin/env bash
# Runs the whole test suite on a machine with Node 20, from a fresh clone: installs pnpm when it is
# missing and the locked dependencies, makes sure the local PostgreSQL, Redis and RabbitMQ are up,
# then runs `pnpm test`. CI runs exactly this (see .ci/run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

ensure_pnpm
install_deps
bash scripts/ensure-servers.sh
pnpm test "$@"
