#!/usr/bin/env bash
# bench/fuzz.sh [MINUTES] [TARGET...]: runs every fuzz target of tests/fuzz for MINUTES each (default and
# minimum 10), one after another, through tests/fuzz/run.sh, and writes bench/results/<date>-fuzz.md:
# per target the executions, executions per second, coverage (libFuzzer's cov: edges and ft: features at
# the end), the inputs kept, and crashes (libFuzzer stops a target at its first crash; the input is in
# build/fuzz/crashes/<target>/). Exits non-zero when any target crashed, after writing the report.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-10}
[ $# -gt 0 ] && shift
[[ $MINUTES =~ ^[0-9]+$ ]] || { echo "usage: bench/fuzz.sh [MINUTES] [TARGET...]" >&2; exit 2; }
if [ "$MINUTES" -lt 10 ]; then
  echo "bench/fuzz.sh: $MINUTES minutes is below the 10 the targets are measured at; running 10" >&2
  MINUTES=10
fi

rc=0
tests/fuzz/run.sh $((MINUTES * 60)) "$@" || rc=$?
summary=build/fuzz/summary.tsv
[ -f "$summary" ] || { echo "bench/fuzz.sh: tests/fuzz/run.sh wrote no summary" >&2; exit 1; }

day=$(date +%Y-%m-%d)
out=bench/results/$day-fuzz.md
mkdir -p bench/results
{
  echo "# Fuzzing, $day"
  echo
  echo "\`bench/fuzz.sh $MINUTES\`: each target of tests/fuzz run for $MINUTES minutes by libFuzzer (clang $(clang++-14 -dumpversion 2>/dev/null || echo '?'),"
  echo "-fsanitize=fuzzer,address,undefined, UBSan reports fatal, leak detection on), one at a time, on"
  echo "$(nproc) cores of $(uname -m) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' with local changes')."
  echo "Coverage is libFuzzer's at the end: cov = edges of the control-flow graph reached, ft = features"
  echo "(edges with hit-count buckets, and compared values). Inputs kept: the corpus in build/fuzz/corpus/<target>,"
  echo "grown over earlier runs too."
  echo
  echo "| target | seconds | executions | exec/s | cov (edges) | ft (features) | inputs kept | crashes | status |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  tail -n +2 "$summary" | while IFS=$'\t' read -r t secs execs rate cov ft files crashes status; do
    echo "| $t | $secs | $execs | $rate | $cov | $ft | $files | $crashes | $status |"
  done
  echo
  if [ "$rc" -ne 0 ]; then
    echo "Crashes: see build/fuzz/logs/<target>.log; the inputs are in build/fuzz/crashes/<target>/."
  else
    echo "No crash, leak or UBSan report in any target."
  fi
} >"$out"
echo "wrote $out" >&2
exit "$rc"
