#!/usr/bin/env bash
# One command: install what is missing, start PostgreSQL (embedded), Redis, a mail inbox and the mock
# provider, migrate and seed, build, then run gateway, worker and web. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec pnpm exec tsx scripts/stack/start.ts "$@"
