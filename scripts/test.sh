#!/usr/bin/env bash
# One command: install what is missing, build, and run the whole test suite:
#   1. the desktop, twice: a normal build, then one under AddressSanitizer + UBSan;
#   2. the browser build (docs/web.md): scripts/web.sh --build (the wasm libraries, cached
#      in build-web/cache, the engine and the game); if it built, scripts/web.sh --check
#      (every case scored in wasm and on the desktop must agree byte for byte) and the
#      browser tests in headless Chromium (tests/web/run.sh).
# Every part runs even when an earlier one failed; a summary at the end names each part's
# result, and the exit status is non-zero if any failed. GUI tests start their own virtual
# display (xvfb-run), so no display is needed. STIPPLE_TEST_WEB=0 leaves the browser part out.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="${STIPPLE_TEST_WEB:-1}"
if [ "$web" = 1 ]; then "$here/scripts/deps.sh" --web; else "$here/scripts/deps.sh"; fi
export SDL_AUDIODRIVER=dummy
results=()
status=0
part() {   # name command...: run a part, keep its result
  local name="$1" t0=$SECONDS; shift
  echo "== $name"
  if "$@"; then results+=("PASS  $name ($((SECONDS - t0)) s)")
  else results+=("FAIL  $name ($((SECONDS - t0)) s)"); status=1; fi
}
desktop() {   # variant
  local dir="$here/build"; [ "$1" = asan ] && dir="$here/build-asan"
  "$here/scripts/build.sh" "$1" || return 1
  echo "== $1 tests"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$(nproc)"
}
part "release build and tests" desktop release
part "asan build and tests" desktop asan
if [ "$web" = 1 ]; then
  part "browser build (scripts/web.sh --build)" "$here/scripts/web.sh" --build
  if [ "${results[-1]:0:4}" = PASS ]; then
    part "browser scores as the desktop (scripts/web.sh --check)" "$here/scripts/web.sh" --check
    part "browser tests in headless Chromium (tests/web/run.sh)" "$here/tests/web/run.sh"
  else
    results+=("SKIP  the browser's scores and tests: its build failed"); status=1
  fi
fi
echo "== summary"
printf '   %s\n' "${results[@]}"
exit $status
