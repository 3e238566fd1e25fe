#!/usr/bin/env bash
# Runs the style gates (rustfmt, clippy on both builds) and every test tier: unit and property
# tests, service tests on SQLite and PostgreSQL, HTTP tests, then the release build under
# Playwright in Debian's Chromium.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"

logs="$(mktemp -d)"
E2E_PORT="${E2E_PORT:-3100}"

step() { printf '\n==> %s\n' "$*"; }

# Style first: it is the cheapest failure, and the clippy runs warm the check builds.
step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy -D warnings: server side (ssr, with and without demo and bench) and browser side (hydrate)"
cargo clippy --all-targets --locked -- -D warnings
# The production build: no demo data, no benchmark commands.
cargo clippy --package=server --no-default-features --locked -- -D warnings
cargo clippy --package=app --package=frontend --target=wasm32-unknown-unknown --locked -- -D warnings

step "PostgreSQL on 127.0.0.1:5432"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  # This kind of machine starts it before the session; start it again if it stopped.
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

step "cargo test (unit, property, service on SQLite and PostgreSQL, HTTP)"
# The default members only: `frontend` would switch on `hydrate` next to `ssr` in `app`.
rust_status=0
cargo test 2>&1 | tee "$logs/cargo-test.log" || rust_status=$?

step "release build (scripts/build.sh)"
"$ROOT/scripts/build.sh"

step "release server on 127.0.0.1:$E2E_PORT with fresh demo data"
if curl -fsS "http://127.0.0.1:$E2E_PORT/health" >/dev/null 2>&1; then
  echo "Something already answers on port $E2E_PORT; stop it or set E2E_PORT." >&2
  exit 1
fi
data="$logs/data"
# Every setting that could point the server elsewhere is given explicitly.
APP_BIND="127.0.0.1:$E2E_PORT" APP_DATA_DIR="$data" DATABASE_URL="sqlite://$data/resellerdesk.db?mode=rwc" \
  APP_CONFIG=/dev/null APP_PUBLIC_URL="http://127.0.0.1:$E2E_PORT" LEPTOS_SITE_ROOT="$ROOT/target/site" \
  "$CARGO_TARGET_DIR/release/resellerdesk" serve --demo >"$logs/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$E2E_PORT/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$logs/server.log"; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$E2E_PORT/health"; echo

step "Playwright in Chromium"
e2e_status=0
(cd end2end && RD_BASE_URL="http://127.0.0.1:$E2E_PORT" RD_MAIL_DIR="$data/mail" npx playwright test) 2>&1 | tee "$logs/playwright.log" || e2e_status=$?

# Count what ran, for the closing "N passed, N failed" line.
count() { { grep -oE "$1" "$2" || true; } | { grep -oE '[0-9]+' || true; } | awk '{s+=$1} END {print s+0}'; }
rust_passed=$(count 'test result: [a-zA-Z]+\. [0-9]+ passed' "$logs/cargo-test.log")
rust_failed=$(count '; [0-9]+ failed' "$logs/cargo-test.log")
e2e_passed=$(count '^ *[0-9]+ passed' "$logs/playwright.log")
e2e_failed=$(count '^ *[0-9]+ failed' "$logs/playwright.log")
if [[ $e2e_status -ne 0 && $e2e_failed -eq 0 ]]; then e2e_failed=1; fi

echo
echo "cargo: $rust_passed passed, $rust_failed failed"
echo "playwright: $e2e_passed passed, $e2e_failed failed"
echo "all: $((rust_passed + e2e_passed)) passed, $((rust_failed + e2e_failed)) failed"
[[ $rust_status -eq 0 && $e2e_status -eq 0 && $rust_failed -eq 0 && $e2e_passed -gt 0 ]]
