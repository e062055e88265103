#!/usr/bin/env bash
# Load benchmark of the predict path (not a test): starts build/bin/mlgate on loopback,
# registers and promotes the iris logistic-regression fixtures, and drives single-row and
# 100-row requests with wrk (one wrk thread, bounded time) at concurrency 1, 8 and 64.
# Prints requests/s, rows/s, p50/p99 latency, server CPU per request and peak memory; then the
# browser figures (bench/browser.cjs): a 100,000-row CSV scored with ONNX Runtime Web, page weight,
# time to first frame. First of all, the offline planner's latency per message; last, the overhead
# mlgate adds around one LLM round trip (bench/llm_overhead.cpp).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/bin/mlgate
DURATION=${DURATION:-10}
PORT=${PORT:-18080}
THREADS=${THREADS:-2}
FIXTURE=${FIXTURE:-s02_iris_logreg_tensor}
# The offline planner first: no server needed (build/bin/bench_planner, from bench/planner_bench.cpp).
if [ -x build/bin/bench_planner ]; then build/bin/bench_planner; else echo "build/bin/bench_planner is missing: cmake --build build --target bench_planner"; fi
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/bootstrap.sh"; exit 1; }
[ -x "$BIN" ] || { echo "$BIN is missing: run make build"; exit 1; }

work=$(mktemp -d)
TOKEN=bench-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export TOKEN
pid=
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
api() { curl -sf -H "Authorization: Bearer $TOKEN" "$@"; }
fx=tests/fixtures/$FIXTURE
label=$(grep -o '"label_column": *"[^"]*"' "$fx/manifest.json" | head -n1 | sed 's/.*: *"\(.*\)"/\1/')
# The fixture models read one [N, F] tensor and carry no feature names: name the columns.
features=$(head -n1 "$fx/data.csv" | tr -d '\r' | tr ',' '\n' | grep -vx "$label" | paste -sd,)

# A server on a fresh data directory with the fixture in production; extra arguments are
# passed to `mlgate serve`.
start_server() {
  local dir; dir=$(mktemp -d -p "$work")
  MLGATE_ADMIN_TOKEN=$TOKEN "$BIN" serve --listen 127.0.0.1:$PORT --data "$dir/data" --threads "$THREADS" \
    --allow-self-approval true --log-level warn "$@" > "$dir/stdout" 2> "$dir/stderr" &
  pid=$!
  for _ in $(seq 100); do grep -q "ready" "$dir/stdout" 2>/dev/null && break; sleep 0.1; done
  URL=http://127.0.0.1:$PORT
  api -X POST --data-binary @"$fx/model.onnx" -H 'Content-Type: application/octet-stream' \
    "$URL/api/v1/models/bench/versions?features=$features" >/dev/null
  api -X POST --data-binary @"$fx/data.csv" -H 'Content-Type: text/csv' "$URL/api/v1/models/bench/versions/1/tests?label=$label" >/dev/null
  local promo; promo=$(api -X POST "$URL/api/v1/models/bench/versions/1/promotion" | sed 's/.*"id":\([0-9]*\).*/\1/')
  api -X POST "$URL/api/v1/promotions/$promo/approve" >/dev/null
}
stop_server() { kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; pid=; }
start_server

# Bodies: the first data row, and the first 100 rows (cycled), as JSON rows.
make_body() {
  awk -F, -v n="$1" -v label="$label" '
    NR==1 { for (i=1;i<=NF;i++) { h[i]=$i; if ($i==label) skip=i }; next }
    { rows[++r]=$0 }
    END {
      printf "{\"rows\":["
      for (k=0;k<n;k++) {
        split(rows[(k % r)+1], f, ",")
        printf "%s{", (k?",":"")
        c=0
        for (i=1;i<=length(h);i++) if (i!=skip) { printf "%s\"%s\":%s", (c++?",":""), h[i], (f[i]==""?"null":f[i]) }
        printf "}"
      }
      printf "]}"
    }' "$fx/data.csv"
}
make_body 1 > "$work/body1.json"
make_body 100 > "$work/body100.json"
api -X POST --data-binary @"$work/body100.json" "$URL/api/v1/models/bench/predict" | grep -q '"predictions"' || { echo "predict failed"; exit 1; }

cpu_ticks() { awk '{print $14+$15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
printf "%-6s %-5s %10s %12s %9s %9s %12s\n" rows conns "req/s" "rows/s" "p50(us)" "p99(us)" "cpu/req(us)"
for rows in 1 100; do
  for c in 1 8 64; do
    before=$(cpu_ticks)
    out=$(BODY_FILE=$work/body$rows.json wrk -t1 -c$c -d${DURATION}s -s bench/predict.lua "$URL/api/v1/models/bench/predict" | grep RESULT)
    after=$(cpu_ticks)
    eval "$(echo "$out" | sed 's/RESULT //')"
    cpu_us=$(awk -v t=$((after-before)) -v hz=$hz -v n=$requests 'BEGIN{printf "%.1f", t/hz*1e6/n}')
    printf "%-6s %-5s %10.0f %12.0f %9s %9s %12s\n" "$rows" "$c" "$rps" "$(awk -v a=$rps -v b=$rows 'BEGIN{print a*b}')" "$p50_us" "$p99_us" "$cpu_us"
    [ "$errors" = 0 ] || echo "  (errors: $errors)"
  done
done
echo "server peak memory: $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), server threads: $THREADS"

# The prediction log's cost: 100-row requests at concurrency 8 with every row logged (the
# default) and with rows not logged (--log-sample-rate 0), alternated twice in one run.
stop_server
echo "prediction log on vs off (100-row requests, 8 connections, ${DURATION}s each, alternated):"
declare -A sum=([on]=0 [off]=0)
for round in 1 2; do
  for mode in on off; do
    if [ $mode = on ]; then start_server; else start_server --log-sample-rate 0; fi
    rps=$(BODY_FILE=$work/body100.json wrk -t1 -c8 -d${DURATION}s -s bench/predict.lua "$URL/api/v1/models/bench/predict" | grep RESULT | sed 's/.*rps=\([0-9.]*\).*/\1/')
    printf "  round %s, log %-3s %10.0f req/s\n" "$round" "$mode" "$rps"
    sum[$mode]=$(awk -v a="${sum[$mode]}" -v b="$rps" 'BEGIN{print a+b}')
    stop_server
  done
done
awk -v on="${sum[on]}" -v off="${sum[off]}" 'BEGIN{printf "  logging on / off throughput: %.3f (%.1f%% lower)\n", on/off, (1-on/off)*100}'
start_server

# The drift report over 1,000,000 logged rows × 20 features (build/bin/bench_drift).
if [ -x build/bin/bench_drift ]; then build/bin/bench_drift; fi

# The agent: what mlgate adds around one LLM round trip (against a fake provider on loopback).
if [ -x build/bin/bench_llm_overhead ]; then build/bin/bench_llm_overhead; fi

# The browser client: scoring a large CSV with ONNX Runtime Web, page weight, first frame.
if [ -x /usr/bin/chromium ] && [ -d .deps/npm/node_modules/playwright-core ]; then
  kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
  NODE_PATH=.deps/npm/node_modules MLGATE_BINARY=$BIN MLGATE_FIXTURES_DIR=tests/fixtures node bench/browser.cjs
fi

# Hostile clients: p99 of legitimate predictions with and without 1,000 slowloris and 1,000
# idle connections held open (the integration test that asserts no request fails prints it).
if [ -x build/bin/test_integration ]; then
  echo "hostile clients (2,000 slow/idle sockets while wrk predicts):"
  build/bin/test_integration "a thousand slowloris and a thousand idle connections*" 2>&1 |
    awk '/warning:/{w=1; next} w && /^$/{w=0} w{sub(/^  /, ""); printf "  %s\n", $0}'
fi
