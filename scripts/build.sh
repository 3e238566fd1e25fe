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
  LEPTOS_BIN_DIR=server LEPTOS_JS_MINIFY=true LEPTOS_HASH_FILES=true

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

step "cargo build: server (release) and WASM (wasm-release) side by side (cold about 13 min, warm seconds)"
cargo build --package=server --bin=resellerdesk --target-dir="$CARGO_TARGET_DIR" --no-default-features --features=demo,bench --release \
  >"$logs/server.log" 2>&1 &
server_pid=$!
cargo build --package=frontend --lib --target-dir="$front_target" --target=wasm32-unknown-unknown \
  --no-default-features --profile=wasm-release >"$logs/front.log" 2>&1 &
front_pid=$!
# The WASM is done long before the server: post-process it while the server compiles.
if ! wait_build "$front_pid" "wasm" "$logs/front.log"; then
  kill "$server_pid" 2>/dev/null || true
  exit 1
fi

input="$front_target/wasm32-unknown-unknown/wasm-release/frontend.wasm"
out="$ROOT/target/site-build" # wasm-bindgen's and wasm-opt's output, before it gets its hashed name
stamp="$out/frontend.wasm.sha256" # what that output was made from
mkdir -p "$pkg" "$out"
if [[ -f "$out/$name.wasm" && -f "$out/$name.js" ]] && sha256sum --status -c "$stamp" 2>/dev/null; then
  step "wasm-bindgen, wasm-opt: the WASM is unchanged, its output stays"
else
  step "wasm-bindgen, wasm-opt -Oz (about 2 min, beside the server's build)"
  tmp="$(mktemp -d)"
  wasm-bindgen --target=web --out-name="$name" --out-dir="$tmp" "$input"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$tmp/${name}_bg.wasm" -o "$out/$name.wasm"
  esbuild --minify --format=esm --log-level=warning "$tmp/$name.js" --outfile="$out/$name.js"
  rm -rf "$tmp"
  sha256sum "$input" >"$stamp"
fi
esbuild --minify --log-level=warning style/main.css --outfile="$out/$name.css"

# Each file is served as NAME.HASH.EXT, its content's hash, so browsers keep it for a year
# (`Cache-Control: immutable`) and a new build is fetched under new names. The hashes are
# listed beside the server's binary, where Leptos reads them to link the files. A file of that
# name has that content, so one already there (with its .br and .gz) is kept.
step "hashed names and brotli/gzip beside each file"
hashes=""
keep=()
for ext in js wasm css; do
  hash="$(sha256sum "$out/$name.$ext" | cut -c1-16)"
  hashes+="$ext: $hash"$'\n'
  file="$pkg/$name.$hash.$ext"
  keep+=("$file" "$file.br" "$file.gz")
  if [[ ! -f "$file.br" || ! -f "$file.gz" ]] || ! cmp -s "$out/$name.$ext" "$file"; then
    cp "$out/$name.$ext" "$file"
    node "$ROOT/scripts/precompress.mjs" "$file"
  fi
done
# Earlier builds' files go; a page still open on one reloads and gets the new names.
for file in "$pkg"/*; do
  [[ " ${keep[*]} " == *" $file "* ]] || rm -f "$file"
done
cp -R public/. "$site/"

wait_build "$server_pid" "server" "$logs/server.log" || exit 1
rm -rf "$logs"
printf '%s' "$hashes" >"$CARGO_TARGET_DIR/release/hash.txt"
step "built: $CARGO_TARGET_DIR/release/$name and $site"
ls -l "$pkg"
