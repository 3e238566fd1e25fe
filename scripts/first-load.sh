#!/usr/bin/env bash
# First load on a slow mobile link: builds the release site, serves it with fresh demo data and
# opens six pages in Debian's Chromium under slow-4G emulation, cold and warm
# (end2end/first-load.mjs). Prints bytes and times per page and PASS/FAIL against the targets;
# exits non-zero when one is missed. A measurement, not a test: scripts/test.sh does not run it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
"$ROOT/scripts/build.sh"

port="${FIRST_LOAD_PORT:-3400}"
if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
  echo "Something already answers on port $port; stop it or set FIRST_LOAD_PORT." >&2
  exit 1
fi
data="$(mktemp -d)"
APP_BIND="127.0.0.1:$port" APP_DATA_DIR="$data" DATABASE_URL="sqlite://$data/resellerdesk.db?mode=rwc" \
  APP_CONFIG=/dev/null APP_PUBLIC_URL="http://127.0.0.1:$port" LEPTOS_SITE_ROOT="$ROOT/target/site" \
  "$CARGO_TARGET_DIR/release/resellerdesk" serve --demo >"$data/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 0.5
done

echo
echo "==> site files (raw, brotli)"
for file in target/site/pkg/*.{wasm,js,css}; do
  printf '    %-40s %9d B  brotli %9d B\n' "${file##*/}" "$(stat -c %s "$file")" "$(stat -c %s "$file.br")"
done
echo
(cd end2end && node first-load.mjs "http://127.0.0.1:$port")
