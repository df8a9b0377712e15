#!/usr/bin/env bash
# npm test: every test. Installs Debian's Chromium when missing, then typecheck, unit and integration tests
# (PGlite; also PostgreSQL when TEST_DATABASE_URL names a server), the production build, and Playwright e2e.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  echo "Chromium not found at $chromium_path: installing Debian's chromium package"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "== typecheck"
npx tsc --noEmit

echo "== unit and integration tests (PGlite)"
env -u TEST_DATABASE_URL npx vitest run

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== integration tests (PostgreSQL at ${TEST_DATABASE_URL%%\?*})"
  npx vitest run --project integration
fi

echo "== build"
npx remix build >/dev/null

echo "== end-to-end (Chromium, app on PGlite)"
env -u E2E_DATABASE_URL npx playwright test

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  db="qaw_e2e_$$"
  psql "$TEST_DATABASE_URL" -qc "create database $db" >/dev/null
  trap 'psql "$TEST_DATABASE_URL" -qc "drop database if exists $db with (force)" >/dev/null' EXIT
  base="${TEST_DATABASE_URL%/*}"
  # The whole suite ran on PGlite above; on PostgreSQL the journeys that write the most (scoring, calibration,
  # disputes, imports on the job queue, paging, tenancy, dashboards, API tokens, sampling, coaching), to keep
  # CI under 20 minutes.
  echo "== end-to-end smoke set (Chromium, app on PostgreSQL)"
  E2E_DATABASE_URL="$base/$db" npx playwright test test/e2e/scoring.spec.ts test/e2e/calibration.spec.ts \
    test/e2e/disputes.spec.ts test/e2e/import.spec.ts test/e2e/paging.spec.ts test/e2e/tenancy.spec.ts \
    test/e2e/dashboards.spec.ts test/e2e/api-tokens.spec.ts test/e2e/sampling.spec.ts test/e2e/trainer.spec.ts
fi
