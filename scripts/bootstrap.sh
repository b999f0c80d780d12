#!/usr/bin/env bash
# Installs what the stack needs on a fresh machine (Debian, Node 20+, root or sudo for apt), idempotently.
#   scripts/bootstrap.sh            pnpm, dependencies, Prisma client, redis-server
#   scripts/bootstrap.sh --browser  … plus Debian's chromium for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m[switchboard]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[switchboard] %s\033[0m\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "Node.js 20.19+ is required (https://nodejs.org). Or use: docker compose up"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js 20.19+ is required, found $(node --version). Or use: docker compose up"

PNPM_VERSION=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if ! command -v pnpm >/dev/null || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || die "could not install pnpm with npm; install pnpm $PNPM_VERSION yourself"
fi

apt_install() {
  local SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || return 1
    SUDO="sudo -n"
  fi
  if [ ! -f /tmp/.switchboard-apt-updated ]; then
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    touch /tmp/.switchboard-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null 2>&1
}

need_redis=1
[ -n "${REDIS_URL:-}" ] && need_redis=0
if [ $need_redis = 1 ] && ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then
  say "installing redis-server from the OS packages"
  command -v apt-get >/dev/null && apt_install redis-server \
    || die "redis-server is missing and could not be installed. Install it (apt-get install redis-server), set REDIS_URL, or use: docker compose up"
  # Debian starts a system Redis on 6379; we run our own on other ports, so leave it be.
fi

if [ "${1:-}" = "--browser" ]; then
  # Test-only tools: a real browser for the dashboard tests, docker-compose to validate the compose file,
  # wrk for the benchmark smoke test.
  for tool in chromium docker-compose wrk; do
    if ! command -v "$tool" >/dev/null; then
      say "installing $tool from the OS packages (tests)"
      command -v apt-get >/dev/null && apt_install "$tool" \
        || die "$tool is missing and could not be installed (apt-get install $tool)"
    fi
  done
fi

say "installing dependencies (pnpm install)"
pnpm install --frozen-lockfile --reporter=silent || pnpm install --frozen-lockfile

say "generating the Prisma client"
pnpm --filter @switchboard/db run generate >/dev/null
