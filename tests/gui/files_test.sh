#!/usr/bin/env bash
# GUI test: the game's own outputs fail loudly, never silently (#10, robust files):
#   - F12 when the screenshots' folder cannot be made: no "stipple: screenshot" line, the
#     reason on stderr, and the status line says "Screenshot not saved";
#   - Finish when the result cannot be written (a folder where <work>.result.json goes):
#     the reason on stderr, and the game exits 4; the work itself is saved.
# Usage (CTest runs it under xvfb-run): files_test.sh STIPPLE GUI_PROBE SCENARIO
set -euo pipefail
stipple="$1"; probe="$2"; scenario="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"
work="$tmp/work.csv"
mkdir -p "$tmp/.local/share/stipple"
: >"$tmp/.local/share/stipple/shots"         # a file where the shots' folder would go
mkdir "$tmp/work.result.json"                 # a folder where the result would go

"$stipple" --scenario "$scenario" --work "$work" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the game never became ready"
wid="$(xdotool search --onlyvisible --name '^Stipple' | head -n1)"
xdotool mousemove --window "$wid" 448 384 click 1 key --window "$wid" F12
wait_for "$tmp/err.txt" 'cannot save a screenshot.*cannot create the folder: Not a directory' || fail "a failed screenshot said nothing, or not why: $(cat "$tmp/err.txt")"
grep -q '^stipple: screenshot' "$tmp/out.txt" && fail "a screenshot was announced that was not saved"
xdotool key --window "$wid" f
wait_for "$tmp/err.txt" 'cannot write the result' || fail "a failed result write said nothing on stderr"
# (The status line cannot be read back here: screenshots are what this test breaks. The
# words on stderr and the exit code stand for it.)
kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 4 ] || fail "the game exited $rc after failing to save the result, not 4"
rows_are "$work" 1 || fail "the work was not saved"
echo "gui_files: a failed screenshot and a failed result write were reported; exit 4; the work kept"
