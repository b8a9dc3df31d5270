#!/usr/bin/env bash
# The TicRes benchmark (see README "Benchmark"): builds, then runs bench/src/main.ts, which starts
# the stack in production mode on free ports with a database, RabbitMQ names and Redis prefixes of
# its own (a running dev stack or test suite is not disturbed), drives it over loopback from a load
# generator process, runs every baseline in the same run and writes bench/results/<date>.md/.json.
#
#   bash bench/run.sh                 full run (the report's figures; under 10 minutes on 2 cores)
#   bash bench/run.sh --quick         one run of each, smaller numbers
#   bash bench/run.sh --smoke         every correctness check with tiny numbers, writes nothing (CI)
#   bash bench/run.sh --only onsale,browse --runs 1
#   bash bench/run.sh --keep-db       leave the run's database for a look afterwards
#   BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" bash bench/run.sh --only onsale
#                                     CPU profiles of every service over the run
#
# Exits non-zero when a correctness check fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$REPO_ROOT"

ensure_node
ensure_pnpm
[ -d bench/node_modules ] || install_deps
bash scripts/ensure-servers.sh
mkdir -p bench/.run
if [ "${BENCH_SKIP_BUILD:-false}" != true ]; then
  log "building (pnpm build; output in bench/.run/build.log)"
  pnpm build >bench/.run/build.log 2>&1 || { tail -n 60 bench/.run/build.log >&2; log "the build failed"; exit 1; }
fi
exec node bench/src/main.ts "$@"
