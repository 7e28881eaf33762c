#!/usr/bin/env bash
# Run every browser test (tests/web/*.mjs but the helpers lib*.mjs and bench*.mjs) against
# build-web/site (scripts/web.sh --build first), each in headless Chromium through its own
# node, each with a time limit; say PASS or FAIL for each, with the tail of a failing test's
# output; exit non-zero if any failed. Each test's whole output is kept in
# build-web/tests/<test>.log. Installs puppeteer-core (package-lock.json, no browser
# download: Debian's chromium is used) when tests/web/node_modules is missing.
#   tests/web/run.sh [TEST.mjs ...]     (default: all)
#   STIPPLE_WEB_TEST_TIMEOUT=seconds     (default 180 a test)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
limit="${STIPPLE_WEB_TEST_TIMEOUT:-180}"
logs="$root/build-web/tests"
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"

if [ ! -f "$root/build-web/site/stipple.wasm" ]; then
  echo "web tests: no build-web/site/stipple.wasm: run scripts/web.sh --build first" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  echo "web tests: installing puppeteer-core (npm ci, no browser download)"
  (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) || {
    echo "web tests: npm ci failed" >&2; exit 1; }
fi

tests=()
if [ $# -gt 0 ]; then
  for t in "$@"; do tests+=("$(basename "$t")"); done
else
  for t in "$here"/*.mjs; do
    case "$(basename "$t")" in lib*.mjs|bench*.mjs) continue ;; esac
    tests+=("$(basename "$t")")
  done
fi
[ ${#tests[@]} -gt 0 ] || { echo "web tests: no test files in tests/web" >&2; exit 1; }

mkdir -p "$logs"
failed=()
cd "$here"
for t in "${tests[@]}"; do
  name="${t%.mjs}" log="$logs/${t%.mjs}.log" t0=$SECONDS
  # timeout sends TERM first: puppeteer closes its Chromium on TERM; KILL 10 s later.
  timeout -k 10 "$limit" node "$t" >"$log" 2>&1
  rc=$?
  secs=$((SECONDS - t0))
  if [ $rc -eq 0 ]; then
    echo "web tests: PASS  $name  (${secs} s)"
  else
    why="exit $rc"; [ $rc -eq 124 ] || [ $rc -eq 137 ] && why="timed out after $limit s"
    echo "web tests: FAIL  $name  ($why, ${secs} s; build-web/tests/$name.log):"
    tail -n 25 "$log" | sed 's/^/    /'
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "web tests: ${#failed[@]} of ${#tests[@]} failed: ${failed[*]}"
  exit 1
fi
echo "web tests: all ${#tests[@]} passed"
