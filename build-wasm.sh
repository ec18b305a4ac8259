#!/usr/bin/env bash
# build-wasm.sh: builds the web app into dist/ (static files for any web host), installing and fetching
# whatever is missing first (Debian packages, pinned Debian source packages, SDL2 compiled for wasm).
#
#   ./build-wasm.sh           build dist/
#   ./build-wasm.sh --serve   build, then serve dist/ at http://127.0.0.1:8080/ (PORT=... to change)
#   ./build-wasm.sh --single-file [CORPUS]   also write dist/lede-single.html: app and corpus (default: the
#                             bundled one) in one self-contained file (scripts/single-file.mjs)
set -euo pipefail
cd "$(dirname "$0")"
serve=0
single=0
single_corpus=
while [ $# -gt 0 ]; do
  case $1 in
    --serve) serve=1;;
    --single-file)
      single=1
      if [ $# -gt 1 ] && [ "${2#--}" = "$2" ]; then single_corpus=$2; shift; fi;;
    -h|--help) sed -n 2,8p "$0"; exit 0;;
    *) echo "build-wasm.sh: unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
if [ -n "$single_corpus" ] && [ ! -f "$single_corpus" ]; then
  echo "build-wasm.sh: --single-file $single_corpus: no such file" >&2; exit 2
fi

scripts/deps.sh system
scripts/deps.sh wasm
eval "$(scripts/deps.sh env)"

echo "[build] configuring and compiling the WebAssembly build (build/wasm -> dist/)" >&2
cmake --preset wasm >/dev/null
cmake --build --preset wasm
if [ $single = 1 ]; then
  node scripts/single-file.mjs --dist dist ${single_corpus:+--corpus "$single_corpus"} --out dist/lede-single.html
fi
echo "[build] dist/ is ready: $(du -sh dist | cut -f1) ($(ls dist | tr '\n' ' '))" >&2

if [ $serve = 1 ]; then
  port=${PORT:-8080}
  echo "[serve] Lede at http://127.0.0.1:$port/ (Ctrl-C stops)" >&2
  exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
fi
