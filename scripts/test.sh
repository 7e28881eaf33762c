#!/usr/bin/env bash
# One command: install what is missing, build, and run the whole test suite:
#   1. the desktop, twice: a normal build, then one under AddressSanitizer + UBSan;
#   2. the browser build (docs/web.md): scripts/web.sh --build (the wasm libraries, cached
#      in build-web/cache, the engine and the game); if it built, scripts/web.sh --check
#      (every case scored in wasm and on the desktop must agree byte for byte) and the
#      browser tests in headless Chromium (tests/web/run.sh).
# Every part runs even when an earlier one failed; a summary at the end names each part's
# result and, under a failed desktop part, the tests that failed with their FAIL: lines (a
# CI log is read from its tail: ctest's own output of a failure is far above it), and the
# exit status is non-zero if any failed. GUI tests start their own virtual
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
  else results+=("FAIL  $name ($((SECONDS - t0)) s)"); status=1; why "$name"; fi
}
# why PART: after a failed desktop part, each failed test of its build with the lines of its
# output that say why (FAIL:, CHECK failed, sanitizer reports; at most 8 a test), from the
# ctest log of that run (Testing/Temporary/LastTest.log keeps every test's output).
why() {
  local dir="$here/build" log failed t
  case "$1" in release*) ;; asan*) dir="$here/build-asan" ;; *) return 0 ;; esac
  failed="$dir/Testing/Temporary/LastTestsFailed.log"; log="$dir/Testing/Temporary/LastTest.log"
  [ -s "$failed" ] || { results+=("        (no failed test recorded: the build failed, see above)"); return 0; }
  while IFS=: read -r _ t; do
    results+=("      - $t")
    [ -f "$log" ] || continue
    while IFS= read -r line; do results+=("          $line"); done < <(
      awk -v t="$t" '$0 ~ "^[0-9]+/[0-9]+ Testing: " { cur = substr($0, index($0, ": ") + 2) }
                     cur == t && !/^Command: / && /FAIL:|FAILED|CHECK|ERROR: (Address|Leak|Undefined)|runtime error:|Aborted/ { print; if (++n == 8) exit }' "$log")
  done < "$failed"
}
desktop() {   # variant
  local dir="$here/build"; [ "$1" = asan ] && dir="$here/build-asan"
  rm -f "$dir/Testing/Temporary/LastTestsFailed.log"   # the failures of this run only
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
