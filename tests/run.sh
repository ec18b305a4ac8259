#!/usr/bin/env bash
# tests/run.sh: every test Lede has, from a fresh machine: installs what is missing, builds the native
# app and the web app, then runs
#   1. core unit tests and headless UI frame tests (GoogleTest under ctest), then a short smoke run of
#      every fuzz target (tests/fuzz/run.sh: libFuzzer with ASan and UBSan, built in build/fuzz),
#   2. the native app for real, under Xvfb, over the bundled corpus,
#   3. the browser tests in headless Chromium (playwright-core), which leave screenshots in
#      build/test-artifacts/.
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "dependencies"
scripts/deps.sh system
scripts/deps.sh wasm
scripts/deps.sh browser
eval "$(scripts/deps.sh env)"

step "native build (build/native)"
cmake --preset native >/dev/null
cmake --build --preset native

step "unit and headless UI tests (ctest)"
ctest --preset native

step "fuzz smoke: every tests/fuzz target for 8 s from its seeds (ASan, UBSan; build/fuzz)"
LEDE_FUZZ_FRESH=1 tests/fuzz/run.sh 8

step "native app under Xvfb"
out=$(xvfb-run -a -s "-screen 0 1280x800x24" build/native/lede --frames 90 --select lede-sample-049 2>&1) || {
  echo "$out" >&2; echo "the native app failed" >&2; exit 1; }
echo "$out"
grep -q "reader=lede-sample-049" <<<"$out" || { echo "the native app did not open the selected article" >&2; exit 1; }
grep -qE "lede: [0-9]+ articles" <<<"$out"
out=$(xvfb-run -a -s "-screen 0 1280x800x24" build/native/lede --frames 5 --corpus /nonexistent.json 2>&1) && {
  echo "the native app should fail on a missing corpus" >&2; exit 1; }
grep -q "cannot open /nonexistent.json" <<<"$out"

step "web build (dist/)"
./build-wasm.sh

step "browser tests (headless Chromium)"
node --test tests/browser/
echo "screenshots: build/test-artifacts/" >&2
