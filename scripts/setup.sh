#!/usr/bin/env bash
# Installs what building, running and testing need. Idempotent: on a machine that has it all,
# it only checks versions and returns in seconds.
set -euo pipefail
source "$(dirname "$0")/env.sh"

# Each step says what it usually takes on a new 2-core machine; the clock is since setup began.
started=$SECONDS
step() { printf '\n==> [%3ds] %s\n' "$((SECONDS - started))" "$*"; }

apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v curl >/dev/null 2>&1 || apt_packages+=(curl)
command -v pg_isready >/dev/null 2>&1 || apt_packages+=(postgresql-client)
if ((${#apt_packages[@]})); then
  step "apt: ${apt_packages[*]} (about 2 min)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi

installed_targets="$(rustup target list --installed)"
if ! grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  step "rustup target add wasm32-unknown-unknown (under 1 min)"
  rustup target add wasm32-unknown-unknown
fi

# The style gates of the test command. This kind of machine's toolchain has both; say so
# plainly where one does not.
installed_components="$(rustup component list --installed)"
for component in clippy rustfmt; do
  if ! grep -q "^$component" <<<"$installed_components"; then
    step "rustup component add $component"
    rustup component add "$component"
  fi
done

# scripts/build.sh builds the site from wasm-bindgen, wasm-opt and esbuild; cargo-leptos (15 min
# to compile) is not needed, though `cargo leptos build --release` works for those who have it.
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != *"$WASM_BINDGEN_VERSION"* ]]; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 min)"
  # Not --locked: its lockfile names a crate version the registry mirror lacks. Without default
  # features: they only give wasm-bindgen-test-runner's downloads TLS, which costs 20 s to build.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --no-default-features
fi

# A real SMTP server for the email tests (server/tests/smtp.rs).
if ! python3 -c "import aiosmtpd" >/dev/null 2>&1; then
  step "pip install aiosmtpd 1.4.6 (seconds)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "aiosmtpd==1.4.6"
fi

# npm ci only when the lockfile changed since the last install.
stamp="$ROOT/end2end/node_modules/.installed-lock"
if [[ ! -f "$stamp" ]] || ! cmp -s "$ROOT/end2end/package-lock.json" "$stamp"; then
  step "npm ci in end2end/: Playwright, binaryen's wasm-opt, esbuild (under 1 min)"
  (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  cp "$ROOT/end2end/package-lock.json" "$stamp"
fi
(( SECONDS - started < 2 )) || step "setup done"
