#!/usr/bin/env bash
# Builds the release app and serves it on the embedded defaults (SQLite under data/, mail to
# files), loading the demo data into an empty database.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
"$ROOT/scripts/build.sh"
export LEPTOS_SITE_ROOT="$ROOT/target/site"
exec "$CARGO_TARGET_DIR/release/resellerdesk" serve --demo "$@"
