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
scripts/deps.sh sources
eval "$(scripts/deps.sh env)"
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
cmake --preset native >/dev/null && cmake --build --preset native --target lede-cli
mkdir -p bench/results
out=bench/results/$(date +%F)-entities.md
python3 bench/entities_eval.py build/native/lede-cli "$shared" --peer --markdown "$out"
echo "[bench] report written to $out" >&2
