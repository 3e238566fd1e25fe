#!/usr/bin/env bash
# The clients-list benchmark (DESIGN §7), not part of ./scripts/test.sh: seeds 1M clients (100k
# for the reseller it signs in as) on SQLite and then on PostgreSQL, loads the release server with
# wrk at 32 connections (SSR page 1, a deep page, the middle page, a search, the list server
# function), and compares with a bare axum handler serving a page of the same size. Prints
# req/s, p50, p99, the query plans, the server's peak RSS, and PASS/FAIL against the budgets.
#
# Settings (environment): BENCH_DURATION (10s), BENCH_CONNECTIONS (32), BENCH_PER_RESELLER
# (100000), BENCH_TOTAL (1000000), BENCH_PORT (3900), BENCH_SEARCH (whitfield), BENCH_DEEP_PAGE
# (3000), BENCH_BACKENDS ("sqlite postgres"), BENCH_PG (postgres://postgres@127.0.0.1:5432),
# BENCH_KEEP=1 to keep the work folder (SQLite file, wrk and server logs) for a closer look.
# BENCH_BIN=path benchmarks that server binary as it is, without building (an earlier build kept
# aside, to compare two builds on the same machine: its figures vary from day to day).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
PER_RESELLER="${BENCH_PER_RESELLER:-100000}"
TOTAL="${BENCH_TOTAL:-1000000}"
PORT="${BENCH_PORT:-3900}"
CEILING_PORT=$((PORT + 1))
SEARCH="${BENCH_SEARCH:-whitfield}"
DEEP_PAGE="${BENCH_DEEP_PAGE:-3000}"
BACKENDS="${BENCH_BACKENDS:-sqlite postgres}"
PG_SERVER="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
PG_DB=resellerdesk_bench
P99_BUDGET_MS=20
ORDER_CONNECTIONS="${BENCH_ORDER_CONNECTIONS:-16}"
ORDER_P99_BUDGET_MS=50
CEILING_SHARE_PERCENT=30
RSS_BUDGET_MB=100
BENCH_EMAIL=bench@example.com
BENCH_PASSWORD='Bench!2026'
LIST_FORM="query[search]=&query[sort]=id&query[direction]=desc&query[page]=1&query[per_page]=25"

step() { printf '\n==> %s\n' "$*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

step "tools"
if ! command -v wrk >/dev/null 2>&1; then
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1 \
    || { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq --no-install-recommends wrk; }
fi
wrk --version 2>&1 | head -n 1 || true
if [[ -n "${BENCH_BIN:-}" ]]; then
  BIN="$BENCH_BIN"
  step "the server binary $BIN, as it is"
else
  BIN="$CARGO_TARGET_DIR/release/resellerdesk"
  step "release build (scripts/build.sh)"
  "$ROOT/scripts/build.sh" >&2
fi
"$BIN" bench-seed --help >/dev/null 2>&1 || die "$BIN has no bench-seed command: rebuild it"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [[ "${BENCH_KEEP:-}" == 1 ]]; then
    echo "bench: kept $work and the database $PG_DB" >&2
  else
    rm -rf "$work"
    [[ " $BACKENDS " != *" postgres "* ]] || psql "$PG_SERVER/postgres" -qAtc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" 2>/dev/null || true
  fi
}
trap cleanup EXIT
base="http://127.0.0.1:$PORT"
results="$work/results.tsv"
: >"$results"
ceiling_bytes=""
cookie=""
server_log=""

# Every setting that could point the server elsewhere is given explicitly; `env` execs the
# binary, so `$!` is the server's own pid.
app_env=(env APP_CONFIG=/dev/null APP_BIND="127.0.0.1:$PORT" APP_PUBLIC_URL="$base" APP_DATA_DIR="$work/data"
  LEPTOS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn)

wait_for() {
  local url="$1" pid="$2" log="$3"
  for _ in $(seq 1 120); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "the server stopped"; }
    sleep 0.5
  done
  die "$url did not answer"
}

# wrk's latency as milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# load NAME URL [LUA]: a warm-up, then the measured run; appends a row to the results.
load() {
  local backend="$1" name="$2" url="$3" lua="${4:-}" connections="${5:-$CONNECTIONS}" budget="${6:-$P99_BUDGET_MS}"
  # A long timeout, so slow answers count in the latencies instead of vanishing as errors.
  local args=(-t2 -c"$connections" --latency --timeout 10s)
  if [[ -n "$lua" ]]; then
    args+=(-s "$lua")
  else
    args+=(-H "Accept: text/html")
    [[ -z "$cookie" ]] || args+=(-H "Cookie: $cookie")
  fi
  local out="$work/wrk-$backend-${name// /_}.txt"
  if ! wrk "${args[@]}" -d3s "$url" >/dev/null || ! wrk "${args[@]}" -d"$DURATION" "$url" >"$out"; then
    [[ -z "$server_log" ]] || tail -n 40 "$server_log" >&2
    die "wrk could not load $url"
  fi
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  # No answer at all within the run: no latency to report.
  if [[ $(awk '/ requests in / {print $1}' "$out") == 0 ]]; then p50=inf; p99=inf; fi
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) n += $i} END {print n + 0}' "$out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$name" "$rps" "$p50" "$p99" "$errors" "$budget" "$connections" >>"$results"
  printf '%-9s %-22s %10s req/s  p50 %7s ms  p99 %7s ms  errors %s\n' "$backend" "$name" "$rps" "$p50" "$p99" "$errors" >&2
}

expect_200() {
  local what="$1"; shift
  local code
  code=$(curl -sS -o "$work/check.out" -w '%{http_code}' "$@")
  [[ "$code" == 200 ]] || { head -c 600 "$work/check.out" >&2; echo >&2; die "$what answered $code, not 200"; }
}

run_backend() {
  local backend="$1" url="$2"
  rm -rf "$work/data"

  step "$backend: seeding $TOTAL clients ($PER_RESELLER for $BENCH_EMAIL)"
  local started=$SECONDS
  "${app_env[@]}" DATABASE_URL="$url" "$BIN" bench-seed --clients-per-reseller "$PER_RESELLER" --total "$TOTAL" \
    | tee "$work/seed-$backend.out"
  local target order_client order_product order_addon
  target=$(grep '^order-target ' "$work/seed-$backend.out") || die "bench-seed named no order target"
  order_client=$(sed -n 's/.*client=\([0-9]*\).*/\1/p' <<<"$target")
  order_product=$(sed -n 's/.*product=\([0-9]*\).*/\1/p' <<<"$target")
  order_addon=$(sed -n 's/.*addon=\([0-9]*\).*/\1/p' <<<"$target")
  echo "$backend seeding took $((SECONDS - started)) s" | tee -a "$work/seeding.txt" >&2

  step "$backend: query plans"
  "${app_env[@]}" DATABASE_URL="$url" "$BIN" bench-plans --deep-page "$DEEP_PAGE" --search "$SEARCH" | tee "$work/plans-$backend.txt"
  # A page is read from the nearer end of the list, so the middle page skips the most rows.
  local middle_page
  middle_page=$(sed -n 's/^middle-page \([0-9]*\)$/\1/p' "$work/plans-$backend.txt")
  [[ -n "$middle_page" ]] || die "bench-plans named no middle page"

  step "$backend: release server on $base"
  server_log="$work/server-$backend.log"
  "${app_env[@]}" DATABASE_URL="$url" "$BIN" serve >"$server_log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  wait_for "$base/health" "$pid" "$work/server-$backend.log"

  local headers="$work/login-$backend.headers"
  curl -sS -o /dev/null -D "$headers" -H "Origin: $base" --data-urlencode area=reseller \
    --data-urlencode "email=$BENCH_EMAIL" --data-urlencode "password=$BENCH_PASSWORD" "$base/api/auth/login"
  cookie=$(tr -d '\r' <"$headers" | sed -n 's/^[Ss]et-[Cc]ookie: \(rd_reseller=[^;]*\).*/\1/p' | head -n 1)
  [[ -n "$cookie" ]] || { cat "$headers" >&2; die "signing in as $BENCH_EMAIL gave no rd_reseller cookie"; }

  local page1="$base/reseller/clients" deep="$base/reseller/clients?page=$DEEP_PAGE" search="$base/reseller/clients?q=$SEARCH"
  local middle="$base/reseller/clients?page=$middle_page"
  for target in "$page1" "$deep" "$middle" "$search"; do
    expect_200 "GET $target" -H "Cookie: $cookie" -H "Accept: text/html" "$target"
    grep -q '<table' "$work/check.out" || die "GET $target has no table of clients"
  done
  expect_200 "POST /api/clients/list" -H "Cookie: $cookie" -H "Origin: $base" --data "$LIST_FORM" "$base/api/clients/list"
  grep -q '"rows"' "$work/check.out" || die "the list server function answered no rows: $(head -c 300 "$work/check.out")"
  if [[ -z "$ceiling_bytes" ]]; then
    ceiling_bytes=$(curl -sS -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" -H "Accept: text/html" "$page1")
  fi

  local lua="$work/list-$backend.lua"
  cat >"$lua" <<EOF
wrk.method = "POST"
wrk.body = "$LIST_FORM"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$cookie"
wrk.headers["Origin"] = "$base"
EOF

  step "$backend: wrk -t2 -c$CONNECTIONS -d$DURATION"
  load "$backend" "SSR page 1" "$page1"
  load "$backend" "SSR page $DEEP_PAGE" "$deep"
  load "$backend" "SSR page $middle_page (middle)" "$middle"
  load "$backend" "SSR search q=$SEARCH" "$search"
  load "$backend" "server fn list" "$base/api/clients/list" "$lua"

  # Placing orders: every request a new order (a fresh idempotency key per request and run),
  # one transaction each with its invoice, service, addon, three outbox emails and audit row.
  local order_form="client_id=$order_client&item=product-$order_product&cycle=monthly&hostname=bench.example.com&domain=&years=&addons=$order_addon&total="
  local code
  code=$(curl -sS -o "$work/check.out" -w '%{http_code}' -H "Cookie: $cookie" -H "Origin: $base" \
    --data "$order_form&key=bench-check-$backend-0000000001" "$base/api/orders/place")
  [[ "$code" =~ ^(200|302|303)$ ]] || { head -c 600 "$work/check.out" >&2; die "placing an order answered $code"; }
  local orders_lua="$work/orders-$backend.lua"
  cat >"$orders_lua" <<EOF
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
local nonce = 0
function init(args)
  nonce = os.time()
end
function request()
  counter = counter + 1
  local key = string.format("bench-%d-%02d-%010d", nonce, tid, counter)
  return wrk.format("POST", "/api/orders/place", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "$cookie",
    ["Origin"] = "$base",
  }, "$order_form&key=" .. key)
end
EOF
  step "$backend: placing orders, wrk -t2 -c$ORDER_CONNECTIONS -d$DURATION"
  load "$backend" "place order" "$base/api/orders/place" "$orders_lua" "$ORDER_CONNECTIONS" "$ORDER_P99_BUDGET_MS"

  kill -0 "$pid" 2>/dev/null || { tail -n 40 "$work/server-$backend.log" >&2; die "the $backend server stopped under load"; }
  local hwm_kb
  hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
  echo "$backend $((hwm_kb / 1024))" >>"$work/rss.txt"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

for backend in $BACKENDS; do
  case "$backend" in
    sqlite)
      run_backend sqlite "sqlite://$work/bench.db?mode=rwc"
      ;;
    postgres)
      pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL does not answer on 127.0.0.1:5432"
      # Without autovacuum, no table's statistics follow what the load adds to it.
      echo "PostgreSQL autovacuum: $(psql "$PG_SERVER/postgres" -qAtc 'SHOW autovacuum')" | tee -a "$work/seeding.txt" >&2
      psql "$PG_SERVER/postgres" -qAtc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
      psql "$PG_SERVER/postgres" -qAtc "CREATE DATABASE $PG_DB"
      run_backend postgres "$PG_SERVER/$PG_DB"
      ;;
    *) die "unknown backend $backend (sqlite or postgres)" ;;
  esac
  if [[ -z "$(awk '$2 == "ceiling"' "$results")" ]]; then
    step "ceiling: a bare axum handler answering $ceiling_bytes bytes on 127.0.0.1:$CEILING_PORT"
    "$BIN" bench-ceiling --bind "127.0.0.1:$CEILING_PORT" --bytes "$ceiling_bytes" >"$work/ceiling.log" 2>&1 &
    ceiling_pid=$!
    pids+=("$ceiling_pid")
    wait_for "http://127.0.0.1:$CEILING_PORT/" "$ceiling_pid" "$work/ceiling.log"
    cookie=""
    server_log="$work/ceiling.log"
    load bare "ceiling" "http://127.0.0.1:$CEILING_PORT/"
    kill "$ceiling_pid"
    wait "$ceiling_pid" 2>/dev/null || true
  fi
done

step "results: $CONNECTIONS connections, $DURATION each, $TOTAL clients ($PER_RESELLER for the signed-in reseller)"
cat "$work/seeding.txt"
ceiling_rps=$(awk -F'\t' '$2 == "ceiling" {print $3}' "$results")
awk -F'\t' -v ceiling="$ceiling_rps" -v budget="$P99_BUDGET_MS" -v share="$CEILING_SHARE_PERCENT" -v bytes="$ceiling_bytes" '
  BEGIN {
    printf "%-9s %-22s %10s %9s %9s %7s %8s  %-10s %s\n", "backend", "target", "req/s", "p50 ms", "p99 ms", "errors", "ceiling", "p99<=" budget "ms", ">=" share "% of ceiling"
  }
  $2 == "ceiling" { ceiling_row = sprintf("%-9s %-22s %10.0f %9s %9s %7d %8s  (a bare axum handler, %d-byte page)", $1, $2, $3, $4, $5, $6, "100%", bytes); next }
  $2 == "place order" {
    p99_ok = ($5 != "inf" && $5 + 0 <= $7 && $6 == 0) ? "PASS" : "FAIL"
    if (p99_ok == "FAIL") failed = 1
    printf "%-9s %-22s %10.0f %9s %9s %7d %8s  %-10s %s\n", $1, $2, $3, $4, $5, $6, "-", p99_ok " (<=" $7 "ms)", "(" $8 " connections; no ceiling share)"
    next
  }
  {
    ratio = ceiling > 0 ? 100 * $3 / ceiling : 0
    p99_ok = ($5 != "inf" && $5 + 0 <= budget && $6 == 0) ? "PASS" : "FAIL"
    share_ok = ratio >= share ? "PASS" : "FAIL"
    if (p99_ok == "FAIL" || share_ok == "FAIL") failed = 1
    printf "%-9s %-22s %10.0f %9s %9s %7d %7.1f%%  %-10s %s\n", $1, $2, $3, $4, $5, $6, ratio, p99_ok, share_ok
  }
  END { print ceiling_row; exit failed }
' "$results" && verdict=PASS || verdict=FAIL
while read -r backend mb; do
  if ((mb <= RSS_BUDGET_MB)); then ok=PASS; else ok=FAIL; verdict=FAIL; fi
  echo "$backend server peak RSS (VmHWM) after the load: $mb MB  (budget $RSS_BUDGET_MB MB: $ok)"
done <"$work/rss.txt"
echo "overall: $verdict"
[[ $verdict == PASS ]]
