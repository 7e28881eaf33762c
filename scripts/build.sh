#!/usr/bin/env bash
# Configure and build one variant: scripts/build.sh [release|asan]  (default release).
# Build folders: build/ (release) and build-asan/ (AddressSanitizer + UBSan).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
variant="${1:-release}"
case "$variant" in
  release) dir="$here/build";      flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan)    dir="$here/build-asan"; flags=(-DCMAKE_BUILD_TYPE=Debug -DSTIPPLE_SANITIZE=ON) ;;
  *) echo "usage: scripts/build.sh [release|asan]" >&2; exit 2 ;;
esac
cmake -S "$here" -B "$dir" "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)"
