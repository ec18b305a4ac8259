#!/usr/bin/env bash
# bench/run.sh: the benchmarks in one command (not tests). Installs and builds what it needs, then
#   bench/run.mjs     Lede's search core (wasm under node, and native) next to MiniSearch, FlexSearch, Lunr
#                     and Orama on ../shared/corpora/reuters21578.json -> bench/results/<date>.md, .json
#   bench/frames.mjs  the explorer's load and frame times in headless Chromium with the same corpus
#                     -> bench/results/<date>-frames.md
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh system
scripts/deps.sh wasm
eval "$(scripts/deps.sh env)"
echo "[bench] npm packages of the peers (pinned by bench/package-lock.json)" >&2
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
echo "[bench] building lede-bench (native and wasm)" >&2
cmake --preset native >/dev/null && cmake --build --preset native --target lede-bench
cmake --preset wasm >/dev/null && cmake --build --preset wasm
scripts/deps.sh browser
node bench/run.mjs
echo "[bench] explorer frame times in headless Chromium" >&2
node bench/frames.mjs
