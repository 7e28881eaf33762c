#!/usr/bin/env bash
# GUI test: an author edits the scenario while the game runs.
#   - a broken edit shows its error (file and line, on stderr and in the window) and the
#     game stays up; the work is kept;
#   - fixing the file reloads it, with the impressions placed before still there;
#   - closing the window saves and exits 0.
# Usage (CTest runs it under xvfb-run): reload_test.sh STIPPLE SCENARIO
set -euo pipefail
stipple="$1"; src="$2"
tmp="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
scn="$tmp/case.lua"; work="$tmp/work.csv"
cp "$src" "$scn"
fail() { echo "FAIL: $*" >&2; cat "$tmp/out.txt" "$tmp/err.txt" >&2 2>/dev/null || true; exit 1; }
wait_for() {   # wait_for FILE PATTERN: until the line appears (30 s at most)
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

"$stipple" --scenario "$scn" --work "$work" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the game never became ready"
wid="$(xdotool search --onlyvisible --name '^Stipple' | head -n1)"
for dx in -100 0 100; do xdotool mousemove --window "$wid" $((448 + dx)) 384 click 1; done

# A broken edit: a runtime error on line 3 of the file.
{ echo "-- edited"; echo "local ok = 1"; echo "local boom = nil + 1"; } >"$scn"
wait_for "$tmp/err.txt" 'case.lua:3' || fail "no file:line error after a broken edit"
kill -0 "$pid" || fail "the game died on a broken scenario"

# The fix: the original file again (touch so the time surely changes).
cp "$src" "$scn"; touch -d '+2 seconds' "$scn"
wait_for "$tmp/out.txt" '^stipple: reloaded .*(3 impressions kept)' || fail "no reload after the fix"

kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
[ "$rc" -eq 0 ] || fail "the game exited with $rc"
rows=$(($(wc -l <"$work") - 1))
[ "$rows" -eq 3 ] || fail "work has $rows impressions, expected 3"
echo "gui_reload: broken edit reported at case.lua:3, fixed edit reloaded, 3 impressions kept"
