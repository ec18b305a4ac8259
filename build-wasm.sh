#!/usr/bin/env bash
# build-wasm.sh: builds the web app into dist/ (static files for any web host), installing and fetching
# whatever is missing first (Debian packages, pinned Debian source packages, SDL2 compiled for wasm).
#
#   ./build-wasm.sh           build dist/
#   ./build-wasm.sh --serve   build, then serve dist/ at http://127.0.0.1:8080/ (PORT=... to change)
set -euo pipefail
cd "$(dirname "$0")"
serve=0
for arg in "$@"; do
  case $arg in
    --serve) serve=1;;
    -h|--help) sed -n 2,6p "$0"; exit 0;;
    *) echo "build-wasm.sh: unknown option $arg (try --help)" >&2; exit 2;;
  esac
done

scripts/deps.sh system
scripts/deps.sh wasm
eval "$(scripts/deps.sh env)"

echo "[build] configuring and compiling the WebAssembly build (build/wasm -> dist/)" >&2
cmake --preset wasm >/dev/null
cmake --build --preset wasm
echo "[build] dist/ is ready: $(du -sh dist | cut -f1) ($(ls dist | tr '\n' ' '))" >&2

if [ $serve = 1 ]; then
  port=${PORT:-8080}
  echo "[serve] Lede at http://127.0.0.1:$port/ (Ctrl-C stops)" >&2
  exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
fi
