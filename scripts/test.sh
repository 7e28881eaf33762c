#!/usr/bin/env bash
# One command: install what is missing, build, and run the whole test suite twice:
# a normal build, then one under AddressSanitizer + UndefinedBehaviorSanitizer.
# GUI tests start their own virtual display (xvfb-run), so no display is needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/deps.sh"
export SDL_AUDIODRIVER=dummy
status=0
for variant in release asan; do
  echo "== $variant build"
  "$here/scripts/build.sh" "$variant"
  dir="$here/build"; [ "$variant" = asan ] && dir="$here/build-asan"
  echo "== $variant tests"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" || status=1
done
exit $status
