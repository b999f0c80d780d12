#!/usr/bin/env bash
# One command: install what is missing (incl. chromium), build, then run every test (unit, integration,
# browser) against real PostgreSQL, Redis and SMTP started by the test harness. Prints the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --browser
echo "[switchboard] typecheck and lint"
pnpm exec turbo run typecheck lint --output-logs=errors-only
echo "[switchboard] building apps"
pnpm exec turbo run build --output-logs=errors-only
echo "[switchboard] running tests"
exec node scripts/run-tests.mjs "$@"
