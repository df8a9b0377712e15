#!/usr/bin/env bash
# Starts the built app for Playwright on a fresh, small demo database.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SESSION_SECRET="e2e-only-secret"
export SEED_INTERACTIONS="${SEED_INTERACTIONS:-1500}"
if [ -n "${E2E_DATABASE_URL:-}" ]; then
  export DATABASE_URL="$E2E_DATABASE_URL"
else
  unset DATABASE_URL
  # A nested path that does not exist yet, as on a fresh clone.
  export PGLITE_DIR="$(mktemp -d)/data/pglite"
fi
[ -f build/index.js ] || npx remix build
exec node server.js
