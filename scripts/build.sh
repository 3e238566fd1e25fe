#!/usr/bin/env bash
# Builds the release site into target/site and the server into $CARGO_TARGET_DIR/release, the way
# `cargo leptos build --release` does (same features, profiles, environment and file names), from
# cargo, wasm-bindgen, wasm-opt and esbuild alone, so a new machine need not compile cargo-leptos.
# The server and the WASM build run side by side: each ends in a long single-threaded link, and
# on two cores that is where the time goes. `cargo leptos build --release` keeps working too.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

site="$ROOT/target/site"
pkg="$site/pkg"
name=resellerdesk
front_target="$CARGO_TARGET_DIR/front"
logs="$(mktemp -d)"

# What cargo-leptos passes to both builds (`[[workspace.metadata.leptos]]` in Cargo.toml).
export LEPTOS_OUTPUT_NAME="$name" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=frontend \
  LEPTOS_BIN_DIR=server LEPTOS_JS_MINIFY=true LEPTOS_HASH_FILES=false

# Prints a step with what it usually takes: cold on a new 2-core machine, warm after that.
started=$SECONDS
step() { printf '\n==> [%3ds] %s\n' "$((SECONDS - started))" "$*"; }

# Waits for a background build, showing the last line it printed every 30 s.
wait_build() {
  local pid=$1 what=$2 log=$3
  while kill -0 "$pid" 2>/dev/null; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && printf '    [%3ds] %s: %s\n' "$((SECONDS - started))" "$what" "$(tail -n 1 "$log" | cut -c1-100)"
  done
  if ! wait "$pid"; then
    echo "$what failed:" >&2
    tail -n 60 "$log" >&2
    return 1
  fi
}

step "cargo build: server (release) and WASM (wasm-release) side by side (cold about 12 min, warm seconds)"
cargo build --package=server --bin=resellerdesk --target-dir="$CARGO_TARGET_DIR" --no-default-features --features=demo,bench --release \
  >"$logs/server.log" 2>&1 &
server_pid=$!
cargo build --package=frontend --lib --target-dir="$front_target" --target=wasm32-unknown-unknown \
  --no-default-features --profile=wasm-release >"$logs/front.log" 2>&1 &
front_pid=$!
status=0
wait_build "$front_pid" "wasm" "$logs/front.log" || status=1
wait_build "$server_pid" "server" "$logs/server.log" || status=1
((status == 0)) || exit 1

step "wasm-bindgen, wasm-opt -Oz (about 1 min)"
mkdir -p "$pkg"
tmp="$(mktemp -d)"
wasm-bindgen --target=web --out-name="$name" --out-dir="$tmp" \
  "$front_target/wasm32-unknown-unknown/wasm-release/frontend.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$tmp/${name}_bg.wasm" -o "$tmp/$name.wasm"

step "esbuild: minify the JS glue and the stylesheet"
esbuild --minify --format=esm --log-level=warning "$tmp/$name.js" --outfile="$tmp/$name.min.js"
esbuild --minify --log-level=warning style/main.css --outfile="$tmp/$name.css"

# Replace a file only when it changed, so a running server's caches and timestamps stay put.
install_if_changed() { cmp -s "$1" "$2" || cp "$1" "$2"; }
install_if_changed "$tmp/$name.wasm" "$pkg/$name.wasm"
install_if_changed "$tmp/$name.min.js" "$pkg/$name.js"
install_if_changed "$tmp/$name.css" "$pkg/$name.css"
cp -R public/. "$site/"
rm -rf "$tmp" "$logs"
step "built: $CARGO_TARGET_DIR/release/$name and $site"
ls -l "$pkg"
