#!/usr/bin/env bash
# bench/run.sh: the search benchmark in one command (not a test; see bench/run.mjs). Installs and builds
# what it needs, then prints Lede (wasm under node, and native) next to MiniSearch, FlexSearch, Lunr and
# Orama on ../shared/corpora/reuters21578.json and writes bench/results/<date>.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh system
scripts/deps.sh wasm
eval "$(scripts/deps.sh env)"
echo "[bench] npm packages of the peers (pinned by bench/package-lock.json)" >&2
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
echo "[bench] building lede-bench (native and wasm)" >&2
cmake --preset native >/dev/null && cmake --build --preset native --target lede-bench
cmake --preset wasm >/dev/null && cmake --build --preset wasm --target lede-bench
exec node bench/run.mjs
