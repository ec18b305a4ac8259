#!/usr/bin/env bash
# scripts/deps.sh: everything Lede builds and tests with, installed or fetched at pinned versions.
#
#   scripts/deps.sh system   Debian packages (compilers, emscripten, SDL2, nlohmann, gtest, fonts, chromium)
#   scripts/deps.sh sources  Debian *source* packages (SDL2, Dear ImGui, utf8proc, snowball, zstd) checked against
#                            pinned sha256s, unpacked into the cache (Dear ImGui is built from here natively too)
#   scripts/deps.sh wasm     sources, plus SDL2 compiled for WebAssembly once per version
#   scripts/deps.sh browser  npm packages for the browser tests and benchmarks (package-lock.json pins them)
#   scripts/deps.sh env      print the variables the build uses (LEDE_CACHE, LEDE_THIRD_PARTY, ...)
#
# Only two registries are used: Debian's archive (through the system's own apt sources; source packages
# through a private apt state so the system's configuration is never changed) and the npm registry.
# The cache lives outside the clone (default ~/.cache/lede, override with LEDE_CACHE) so clean clones,
# CI and later builds reuse it. Nothing in it is committed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LEDE_CACHE=${LEDE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lede}
export LEDE_CACHE

# Pinned third-party sources: name, Debian source package=version (alternatives separated by spaces,
# tried in order: revisions of one upstream version), orig tarball, sha256.
SDL2_VER=2.26.5
SDL2_SRC="libsdl2=2.26.5+dfsg-1"
SDL2_ORIG="libsdl2_2.26.5+dfsg.orig.tar.gz"
SDL2_SHA=b3f2c822151804125d08db94c65852f711c2e5df2145a59da120748dc32eb9c3
IMGUI_VER=1.92.2b
IMGUI_SRC="imgui=1.92.2b+ds-1"
IMGUI_ORIG="imgui_1.92.2b+ds.orig.tar.xz"
IMGUI_SHA=e7bd201d56b5ee90d24d5dac85e5c12f98bdb95410252a62d27b7f89e4566d48
UTF8PROC_VER=2.8.0
UTF8PROC_SRC="utf8proc=2.8.0-1"
UTF8PROC_ORIG="utf8proc_2.8.0.orig.tar.gz"
UTF8PROC_SHA=a0a60a79fe6f6d54e7d411facbfcc867a6e198608f2cd992490e46f04b1bcecc
SNOWBALL_VER=2.2.0
SNOWBALL_SRC="snowball=2.2.0-2"
SNOWBALL_ORIG="snowball_2.2.0.orig.tar.gz"
SNOWBALL_SHA=425cdb5fba13a01db59a1713780f0662e984204f402d3dae1525bda9e6d30f1a
ZSTD_VER=1.5.4
# bookworm main has -5; the security archive's -5+deb12u1 (folded into main at a point release) ships
# the same orig tarball, and only the orig tarball is used: either revision will do.
ZSTD_SRC="libzstd=1.5.4+dfsg2-5 libzstd=1.5.4+dfsg2-5+deb12u1"
ZSTD_ORIG="libzstd_1.5.4+dfsg2.orig.tar.xz"
ZSTD_SHA=8cf4bbb65e77ec348d052c8d6230eba66d435bddf64c8b5be2fcb16880c19953

SYSTEM_PACKAGES=(build-essential cmake git python3 xz-utils ca-certificates
  emscripten nlohmann-json3-dev libsdl2-dev libgl-dev libgtest-dev clang-14 libclang-rt-14-dev
  fonts-inter fonts-noto-core fonts-droid-fallback nodejs npm chromium xvfb xauth
  unicode-cldr-core iso-codes tzdata wamerican python3-fake-factory libgeonames-common)

say() { printf '\033[1m[deps]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[deps] error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $* (run as root or install sudo)"; fi
}

system() {
  command -v apt-get >/dev/null || die "this script installs Debian packages with apt-get; on another system install: ${SYSTEM_PACKAGES[*]}"
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    # npm/nodejs may come from NodeSource instead of Debian; a working command is enough.
    case $p in nodejs) command -v node >/dev/null && continue;; npm) command -v npm >/dev/null && continue;; esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then say "system packages: all present"; return; fi
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Private apt state for source packages: same mirror as the system, our own sources.list and lists.
APT_DIR="$LEDE_CACHE/apt"
private_apt() {
  apt-get -o Dir::Etc::SourceList="$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null \
          -o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache" -o APT::Sandbox::User=root "$@"
}
mirror_uri() {
  local uri=""
  [ -f /etc/apt/sources.list.d/debian.sources ] &&
    uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  [ -z "$uri" ] && [ -f /etc/apt/sources.list ] &&
    uri=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if($i ~ /^https?:/){print $i; exit}}' /etc/apt/sources.list)
  [ -n "$uri" ] || die "cannot find the Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  echo "$uri"
}
private_apt_update() {
  [ -f "$APT_DIR/updated" ] && return
  local uri; uri=$(mirror_uri)
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$LEDE_CACHE/dl"
  # bookworm: SDL2, utf8proc, snowball, zstd (stable; point releases only add +deb12uN revisions of the
  # same upstream tarball); forky: Dear ImGui 1.92 (only there).
  {
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri bookworm main"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri forky main"
  } > "$APT_DIR/sources.list"
  say "reading Debian source indexes (private apt state in $APT_DIR)"
  private_apt update -q >&2 || die "apt-get update for source packages failed (is Debian's archive reachable?)"
  touch "$APT_DIR/updated"
}

# fetch_source NAME PKG=VER ORIG SHA256 -> unpacks into $LEDE_CACHE/src/NAME-VER (prints the path)
fetch_source() {
  local name=$1 spec=$2 orig=$3 sha=$4 ver=$5
  local dest="$LEDE_CACHE/src/$name-$ver"
  [ -f "$dest/.ok" ] && { echo "$dest"; return; }
  local tarball="$LEDE_CACHE/dl/$orig"
  if [ ! -f "$tarball" ]; then
    private_apt_update
    say "downloading Debian source package $spec"
    # Source indexes read before a point release may lack a revision: read them again once, then retry.
    try_fetch() { local s; for s in $spec; do (cd "$LEDE_CACHE/dl" && private_apt source --download-only -q "$s" >&2) && return 0; done; return 1; }
    try_fetch || {
      say "$spec: not in the source indexes read on $(date -r "$APT_DIR/updated" +%F 2>/dev/null || echo '?'); reading them again"
      rm -f "$APT_DIR/updated"; private_apt_update
      try_fetch
    } || die "could not download source package $spec from Debian's archive"
  fi
  local got; got=$(sha256sum "$tarball" | cut -d' ' -f1)
  [ "$got" = "$sha" ] || die "$orig: sha256 $got does not match the pinned $sha"
  say "verified $orig (sha256 $sha)"
  rm -rf "$dest" "$dest.tmp"; mkdir -p "$dest.tmp"
  tar -xf "$tarball" -C "$dest.tmp" --strip-components=1
  mv "$dest.tmp" "$dest"; touch "$dest/.ok"
  echo "$dest"
}

emscripten_env() {
  export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
  export EM_CACHE=${EM_CACHE:-$LEDE_CACHE/emcache}
  # Debian's emscripten keeps its sysroot cache under /usr/share; give it a writable copy of our own.
  if [ ! -d "$EM_CACHE" ]; then
    say "preparing a writable Emscripten cache in $EM_CACHE"
    mkdir -p "$EM_CACHE"
    [ -d /usr/share/emscripten/cache ] && cp -a /usr/share/emscripten/cache/. "$EM_CACHE/" || true
  fi
}

sources() {
  fetch_source sdl2 "$SDL2_SRC" "$SDL2_ORIG" "$SDL2_SHA" "$SDL2_VER" >/dev/null
  fetch_source imgui "$IMGUI_SRC" "$IMGUI_ORIG" "$IMGUI_SHA" "$IMGUI_VER" >/dev/null
  fetch_source utf8proc "$UTF8PROC_SRC" "$UTF8PROC_ORIG" "$UTF8PROC_SHA" "$UTF8PROC_VER" >/dev/null
  fetch_source zstd "$ZSTD_SRC" "$ZSTD_ORIG" "$ZSTD_SHA" "$ZSTD_VER" >/dev/null
  local snowball
  snowball=$(fetch_source snowball "$SNOWBALL_SRC" "$SNOWBALL_ORIG" "$SNOWBALL_SHA" "$SNOWBALL_VER")
  # Snowball ships stemmers as .sbl programs: compile its compiler natively once and generate the C
  # sources of libstemmer, which CMake then builds for both platforms.
  if [ ! -f "$snowball/.generated" ]; then
    say "generating Snowball's libstemmer C sources (native snowball compiler)"
    make -C "$snowball" -j"$(nproc)" libstemmer.a libstemmer/libstemmer_utf8.c libstemmer/modules_utf8.h \
      >"$snowball/generate.log" 2>&1 || die "Snowball generation failed; see $snowball/generate.log"
    touch "$snowball/.generated"
  fi
}

wasm() {
  command -v emcc >/dev/null || die "emcc not found: run scripts/deps.sh system first"
  emscripten_env
  sources
  local sdl_src="$LEDE_CACHE/src/sdl2-$SDL2_VER"
  local prefix="$LEDE_CACHE/wasm/sdl2-$SDL2_VER"
  if [ ! -f "$prefix/lib/libSDL2.a" ]; then
    say "compiling SDL2 $SDL2_VER for WebAssembly (once per version; configure takes several minutes)"
    local b="$LEDE_CACHE/build/sdl2-$SDL2_VER"; rm -rf "$b"; mkdir -p "$b"
    (cd "$b" && emcmake cmake "$sdl_src" -DCMAKE_BUILD_TYPE=Release -DSDL_SHARED=OFF -DSDL_STATIC=ON \
       -DSDL_TEST=OFF -DSDL_PTHREADS=OFF -DSDL_THREADS=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >"$b/configure.log" 2>&1) ||
      die "SDL2 configure failed; see $b/configure.log"
    (cd "$b" && make -j"$(nproc)" install >"$b/build.log" 2>&1) || die "SDL2 build failed; see $b/build.log"
  fi
  say "wasm dependencies ready in $LEDE_CACHE"
}

browser() {
  command -v npm >/dev/null || die "npm not found: run scripts/deps.sh system first"
  local dir="$ROOT/tests/browser"
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    say "npm packages: up to date"; return
  fi
  say "installing npm packages for browser tests and benchmarks (pinned by package-lock.json)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in tests/browser"
}

env_vars() {
  emscripten_env >/dev/null 2>&1 || true
  echo "export LEDE_CACHE='$LEDE_CACHE'"
  echo "export NODE_PATH='${NODE_PATH:-/usr/share/nodejs}'"
  echo "export EM_CACHE='${EM_CACHE:-$LEDE_CACHE/emcache}'"
  echo "export LEDE_IMGUI_DIR='$LEDE_CACHE/src/imgui-$IMGUI_VER'"
  echo "export LEDE_UTF8PROC_DIR='$LEDE_CACHE/src/utf8proc-$UTF8PROC_VER'"
  echo "export LEDE_SNOWBALL_DIR='$LEDE_CACHE/src/snowball-$SNOWBALL_VER'"
  echo "export LEDE_ZSTD_DIR='$LEDE_CACHE/src/zstd-$ZSTD_VER'"
  echo "export LEDE_SDL2_WASM='$LEDE_CACHE/wasm/sdl2-$SDL2_VER'"
}

case "${1:-all}" in
  system) system;;
  sources) sources;;
  wasm) wasm;;
  browser) browser;;
  env) env_vars;;
  all) system; sources; wasm; browser;;
  *) die "usage: scripts/deps.sh [system|sources|wasm|browser|env|all]";;
esac
