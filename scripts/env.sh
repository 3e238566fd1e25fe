# Sourced by the other scripts: one shared cargo target folder outside the clone (reused across
# clones and CI runs), and the project's tools first on PATH.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/resellerdesk/target}"
# wasm-opt must be npm's binaryen (Debian's older one builds a WASM that never hydrates).
export PATH="$ROOT/end2end/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export LEPTOS_BIN_TARGET_DIR="$CARGO_TARGET_DIR"
export WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen pinned in Cargo.toml
