#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [TARGET...]: builds the libFuzzer targets (tests/fuzz/*.cpp, with ASan and
# UBSan, in build/fuzz) and runs each for SECONDS (default 10), one after another.
#
#   tests/fuzz/run.sh            every target, 10 s each
#   tests/fuzz/run.sh 60 search  one target for a minute
#
# A target is a file tests/fuzz/NAME.cpp defining LLVMFuzzerTestOneInput; adding one adds a target. Its
# libFuzzer options come from its line "// fuzz: ..." (-dict=FILE is relative to tests/fuzz), its seeds
# from its line "// seeds: KIND..." (folders written by tests/fuzz/seeds.py into build/fuzz/seeds). Inputs
# found to add coverage are kept in build/fuzz/corpus/NAME and reused by later runs.
#
# With LEDE_FUZZ_FRESH=1 (the smoke run of tests/run.sh) a target starts from its seeds alone, in an
# emptied build/fuzz/fresh/NAME, so the run takes the same time however much earlier runs kept.
#
# Prints per target the executions, executions per second and coverage (libFuzzer's final cov: edges
# and ft: features), and writes them to build/fuzz/summary.tsv (bench/fuzz.sh reads it). Exits non-zero
# when any target crashes (ASan, UBSan, a leak, a failed FUZZ_CHECK, a timeout of 10 s on one input or
# more than 2 GB of memory); the input is left in build/fuzz/crashes/NAME/ and the log in
# build/fuzz/logs/NAME.log. Replay a crash with: build/fuzz/bin/fuzz_NAME build/fuzz/crashes/NAME/crash-...
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SECONDS_EACH=${1:-10}
[ $# -gt 0 ] && shift
[[ $SECONDS_EACH =~ ^[0-9]+$ ]] && [ "$SECONDS_EACH" -gt 0 ] || { echo "usage: tests/fuzz/run.sh [SECONDS] [TARGET...]" >&2; exit 2; }

BUILD=$ROOT/build/fuzz
say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*" >&2; }

CC=${FUZZ_CC:-clang-14}
CXX=${FUZZ_CXX:-clang++-14}
command -v "$CXX" >/dev/null || { echo "fuzz: $CXX not found: install Debian's clang-14 and libclang-rt-14-dev (scripts/deps.sh system)" >&2; exit 1; }
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
     "$CXX" -x c++ -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null; then
  echo "fuzz: $CXX cannot link libFuzzer with ASan and UBSan: install libclang-rt-14-dev" >&2
  exit 1
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in tests/fuzz/*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
for t in "${targets[@]}"; do
  [ -f "tests/fuzz/$t.cpp" ] || { echo "fuzz: no target tests/fuzz/$t.cpp" >&2; exit 2; }
done

eval "$(scripts/deps.sh env)"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
say "building ${targets[*]} in build/fuzz (clang, -fsanitize=fuzzer,address,undefined)"
# -O1 -g with assertions on (no NDEBUG): fast enough to fuzz, precise stacks.
cmake -S "$ROOT" -B "$BUILD" -DLEDE_FUZZ=ON -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_C_FLAGS_FUZZ="-O1 -g" \
  -DCMAKE_CXX_FLAGS_FUZZ="-O1 -g" -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" "${launcher[@]}" >/dev/null
cmake --build "$BUILD" -j2 --target "${targets[@]/#/fuzz_}" >"$BUILD/build.log" 2>&1 || {
  tail -40 "$BUILD/build.log" >&2; echo "fuzz: build failed (build/fuzz/build.log)" >&2; exit 1; }

say "seeds: $(python3 tests/fuzz/seeds.py "$BUILD/seeds")"
mkdir -p "$BUILD/logs"
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

summary=$BUILD/summary.tsv
printf 'target\tseconds\texecs\texec_per_s\tcov\tft\tcorpus\tcrashes\tstatus\n' >"$summary"
failed=()
printf '%-12s %8s %10s %8s %8s %8s  %s\n' target seconds execs exec/s cov ft status >&2
for t in "${targets[@]}"; do
  src=tests/fuzz/$t.cpp
  opts=$(sed -n 's|^// fuzz: *||p' "$src" | head -1)
  opts=${opts//-dict=/-dict=$ROOT/tests/fuzz/}
  seed_dirs=()
  for kind in $(sed -n 's|^// seeds: *||p' "$src" | head -1); do
    [ -d "$BUILD/seeds/$kind" ] && seed_dirs+=("$BUILD/seeds/$kind")
  done
  corpus=$BUILD/corpus/$t
  if [ "${LEDE_FUZZ_FRESH:-0}" = 1 ]; then corpus=$BUILD/fresh/$t; rm -rf "$corpus"; fi
  crashes=$BUILD/crashes/$t
  mkdir -p "$corpus" "$crashes"
  log=$BUILD/logs/$t.log
  start=$(date +%s)
  touch "$BUILD/logs/.$t.start"
  rc=0
  # The smoke run is repeatable: a fixed random seed, so the test command explores the same inputs each time.
  [ "${LEDE_FUZZ_FRESH:-0}" = 1 ] && opts="-seed=1 $opts"
  # shellcheck disable=SC2086  # opts holds several options
  "$BUILD/bin/fuzz_$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$crashes/" $opts "$corpus" "${seed_dirs[@]}" >"$log" 2>&1 || rc=$?
  took=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  [ -z "$execs" ] && execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
  files=$(find "$corpus" -type f | wc -l)
  ncrash=$(find "$crashes" -type f -newer "$BUILD/logs/.$t.start" 2>/dev/null | wc -l)
  status=ok
  if [ "$rc" -ne 0 ]; then
    status="CRASH (exit $rc)"
    failed+=("$t")
    ncrash=$(( ncrash > 0 ? ncrash : 1 ))
  fi
  printf '%-12s %8s %10s %8s %8s %8s  %s\n' "$t" "$took" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$status" >&2
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$took" "${execs:-0}" "${rate:-0}" "${cov:-0}" "${ft:-0}" "$files" "$ncrash" "$status" >>"$summary"
  if [ "$rc" -ne 0 ]; then
    echo "---- $t: last lines of build/fuzz/logs/$t.log ----" >&2
    # The report (a failed FUZZ_CHECK, ASan, UBSan, leak, timeout or out-of-memory) and its first frames.
    awk '/FUZZ_CHECK|==ERROR|runtime error|ERROR: libFuzzer|ALARM: working on the last Unit/ && !n {n = 1}
         n && n++ <= 28' "$log" >&2
    echo "---- crashing input: $(ls -t "$crashes" | head -1 | sed "s|^|build/fuzz/crashes/$t/|")" >&2
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]} (inputs in build/fuzz/crashes/, logs in build/fuzz/logs/)" >&2
  exit 1
fi
say "no crashes (${#targets[@]} targets, ${SECONDS_EACH} s each)"
