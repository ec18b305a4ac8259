#!/usr/bin/env bash
# bench/entities.sh: the entity extractor's evaluation report (not a test): precision, recall and F1 per
# type against the hand-made gold lists in tests/gold/ and against Reuters-21578's own labels, side by
# side with compromise (the JavaScript library most used for this in browsers), and extraction times.
# Needs ../shared/corpora; writes bench/results/<date>-entities.md.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${LEDE_SHARED:-../shared/corpora}
[ -d "$shared" ] || { echo "bench/entities.sh: $shared not found (set LEDE_SHARED)" >&2; exit 1; }
scripts/deps.sh system
scripts/deps.sh wasm
eval "$(scripts/deps.sh env)"
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
cmake --preset native >/dev/null && cmake --build --preset native --target lede-cli lede-bench
cmake --preset wasm >/dev/null && cmake --build --preset wasm --target lede-bench
mkdir -p bench/results
out=bench/results/$(date +%F)-entities.md
python3 bench/entities_eval.py build/native/lede-cli "$shared" --peer --markdown "$out"
# Extraction time for all of Reuters: gazetteer, every article, the corpus pass and the table, natively
# and as WebAssembly under node (the browser's engine), best of three runs each.
reuters="$shared/reuters21578.json"
best() { for i in 1 2 3; do "$@" --entities "$reuters"; done | python3 -c 'import json,sys; print(min((json.loads(l) for l in sys.stdin), key=lambda r: r["totalMs"])["totalMs"])'; }
native=$(best build/native/lede-bench)
wasm=$(best node --no-experimental-fetch build/wasm/lede-bench.js)
{
  echo
  echo "**Extraction and entity table for all 21,578 Reuters articles (best of 3)**"
  echo
  echo "| | ms | target |"
  echo "|---|---:|---:|"
  printf '| Lede native (lede-bench --entities) | %.0f | < 2000 |\n' "$native"
  printf '| Lede WebAssembly under node | %.0f | < 4000 |\n' "$wasm"
} | tee -a "$out"
echo "[bench] report written to $out" >&2
