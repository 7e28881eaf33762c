#!/usr/bin/env bash
# Install the Debian 12 packages Stipple needs, only those missing.
# Safe to run again: it does nothing when everything is there.
# scripts/deps.sh --web: also those of the browser build (scripts/web.sh, docs/web.md).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config          # compiler and build
  clang                                     # fuzz targets (libFuzzer)
  libsdl2-dev libsdl2-image-dev             # window, renderer, PNG
  libstb-dev                                # stb_truetype (linked as -lstb)
  liblua5.4-dev                             # scenario scripts
  libcjson-dev                              # JSON output
  liblcms2-dev                              # colour science (CIELAB, CIEDE2000)
  libgeos-dev                               # the core's shape algebra (GEOS's C API)
  libsodium-dev                             # exam bundles: Ed25519 signatures, SHA-256
  libzip-dev                                # exam bundles: the zip container
  libcairo2-dev                             # the assessor's PDF report
  libxi-dev                                 # pen pressure and tilt on X11 (XInput2)
  poppler-utils                             # tests: pdftotext / pdftoppm read the report back
  libcmocka-dev                             # unit tests
  fonts-dejavu-core                         # the UI font
  xvfb xauth xdotool                        # GUI tests under a virtual display
  zip unzip                                 # the exam test tampers with bundles as an attacker would
)
if [ "${1:-}" = "--web" ]; then
  PACKAGES+=(
    emscripten                              # emcc: C to WebAssembly (Debian's 3.1.6, offline)
    nodejs                                  # emcc runs on node; the browser build's tests run on it
    dpkg-dev                                # apt-get source: SDL2, Lua, cJSON, lcms2 from Debian's sources
    chromium                                # the browser tests: Debian's Chromium, headless
    openssl                                 # the https certificate for a tablet (scripts/web-cert.sh)
  )
  # npm installs the browser tests' driver (puppeteer-core, tests/web/package.json). A node
  # that brings its own npm (NodeSource's nodejs does) needs no Debian npm, which would
  # conflict with it.
  command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
elif [ $# -gt 0 ]; then
  echo "usage: scripts/deps.sh [--web]" >&2
  exit 2
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
