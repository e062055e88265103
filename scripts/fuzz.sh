#!/usr/bin/env bash
# The libFuzzer harnesses of fuzz/ (built by `cmake --preset fuzz && cmake --build --preset fuzz`).
#
#   scripts/fuzz.sh replay [SECONDS]              CI (`make fuzz`): every committed corpus file
#       through each target, then SECONDS (default 15) of fuzzing per target. Fails on any crash,
#       sanitizer report, broken property or timeout; the input is kept in build-fuzz/findings/.
#   scripts/fuzz.sh campaign [--time S | --runs N] [--merge] [TARGET...]    long runs
#       (`make fuzz-campaign`): S seconds (default 3600) or N executions per target, one target
#       at a time, at low priority. Prints and appends to build-fuzz/campaigns.tsv the executions
#       per target; --merge adds the new inputs that reach new coverage to fuzz/corpus/<target>/
#       (minimised with -merge=1).
#
# Fuzzing work directories live in build-fuzz/, never in the committed corpus, unless --merge.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${FUZZ_BUILD:-build-fuzz}
BIN=$BUILD/bin
ALL_TARGETS=(csv_reader name_validator json_predict json_v2 json_chat onnx_precheck http_session)

# Per target, like OSS-Fuzz's .options files: its dictionary, and for the validator a length
# cap. Names stop at 128 bytes and every check in that harness is a loop over the bytes, so
# 256 still crosses every limit, while libFuzzer's default (the longest corpus file, 5 KB)
# spends its time copying long strings: 12,800 exec/s at 128 bytes against 2,400 uncapped.
options_for() {
  case "$1" in
    csv_reader) echo "-dict=fuzz/dict/csv.dict" ;;
    json_*) echo "-dict=fuzz/dict/json.dict" ;;
    http_session) echo "-dict=fuzz/dict/http.dict" ;;
    name_validator) echo "-max_len=256" ;;
  esac
}

# The options every run shares: a hang is a finding after 10 s, a leak-free 2 GiB is plenty.
COMMON=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1)

failures=0
report_findings() {  # target, findings dir
  local t=$1 dir=$2 f
  for f in "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*; do
    [ -e "$f" ] || continue
    echo "FINDING $t: $f (reproduce: $BIN/fuzz_$t $f)"
    failures=$((failures + 1))
  done
}

stat_of() {  # log, stat name
  sed -n "s/^stat::$2: *//p" "$1" | tail -1
}

fuzz_one() {  # target, limit (-max_total_time=S or -runs=N), log → fuzzes with a scratch
  # corpus in front of the committed one
  local t=$1 limit=$2 log=$3
  local work=$BUILD/fuzz-work/$t findings=$BUILD/findings/$t
  mkdir -p "$work" "$findings"
  # shellcheck disable=SC2046
  nice -n 10 "$BIN/fuzz_$t" "${COMMON[@]}" $(options_for "$t") "$limit" \
    -artifact_prefix="$findings/" "$work" "fuzz/corpus/$t" >"$log" 2>&1 </dev/null || true
  report_findings "$t" "$findings"
}

replay() {
  local secs=${1:-15} t log
  for t in "${ALL_TARGETS[@]}"; do
    [ -x "$BIN/fuzz_$t" ] || { echo "missing $BIN/fuzz_$t: build the fuzz preset first"; exit 2; }
  done
  mkdir -p "$BUILD/logs"
  for t in "${ALL_TARGETS[@]}"; do
    log=$BUILD/logs/replay-$t.log
    # Every committed input, each one once (-runs=0 stops after the corpus).
    if ! "$BIN/fuzz_$t" "${COMMON[@]}" -runs=0 "fuzz/corpus/$t" >"$log" 2>&1 </dev/null; then
      echo "FAIL $t: a committed corpus input fails (see $log)"
      grep -E "VIOLATED|ERROR:|SUMMARY" "$log" | head -5 || true
      failures=$((failures + 1))
      continue
    fi
    log=$BUILD/logs/fuzz-$t.log
    fuzz_one "$t" "-max_total_time=$secs" "$log"
    printf '%-15s corpus %4s files, %10s execs in %ss\n' "$t" "$(ls "fuzz/corpus/$t" | wc -l)" \
      "$(stat_of "$log" number_of_executed_units)" "$secs"
  done
  if [ "$failures" -gt 0 ]; then
    echo "fuzz: $failures finding(s); inputs in $BUILD/findings/"
    exit 1
  fi
  echo "fuzz: no findings"
}

campaign() {
  local limit=-max_total_time=3600 merge=0 targets=() t log execs rate secs start
  while [ $# -gt 0 ]; do
    case "$1" in
      --time) limit=-max_total_time=$2; shift 2 ;;
      --runs) limit=-runs=$2; shift 2 ;;
      --merge) merge=1; shift ;;
      *) targets+=("$1"); shift ;;
    esac
  done
  [ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
  mkdir -p "$BUILD/logs"
  [ -f "$BUILD/campaigns.tsv" ] || printf 'date\ttarget\tseconds\texecs\texec_per_s\tnew_units\tfindings\n' >"$BUILD/campaigns.tsv"
  for t in "${targets[@]}"; do
    log=$BUILD/logs/campaign-$t.log
    local before=$failures
    start=$(date +%s)
    fuzz_one "$t" "$limit" "$log"
    secs=$(( $(date +%s) - start ))
    execs=$(stat_of "$log" number_of_executed_units)
    rate=$(stat_of "$log" average_exec_per_sec)
    printf '%-15s %12s execs  %8s exec/s  %5s new units  %s finding(s)\n' "$t" "${execs:-0}" "${rate:-0}" \
      "$(stat_of "$log" new_units_added)" "$((failures - before))"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$secs" "${execs:-0}" "${rate:-0}" \
      "$(stat_of "$log" new_units_added)" "$((failures - before))" >>"$BUILD/campaigns.tsv"
    if [ "$merge" = 1 ]; then
      nice -n 10 "$BIN/fuzz_$t" "${COMMON[@]}" -merge=1 "fuzz/corpus/$t" "$BUILD/fuzz-work/$t" \
        >"$BUILD/logs/merge-$t.log" 2>&1 </dev/null || true
      echo "  merged: fuzz/corpus/$t now has $(ls "fuzz/corpus/$t" | wc -l) files"
    fi
  done
  [ "$failures" -eq 0 ] || { echo "fuzz: $failures finding(s); inputs in $BUILD/findings/"; exit 1; }
}

case "${1:-}" in
  replay) shift; replay "$@" ;;
  campaign) shift; campaign "$@" ;;
  *) echo "usage: $0 replay [SECONDS] | campaign [--time S | --runs N] [--merge] [TARGET...]" >&2; exit 2 ;;
esac
