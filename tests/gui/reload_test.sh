#!/usr/bin/env bash
# GUI test: an author edits the scenario while the game runs.
#   - a broken edit shows its error in the window (the error screen's title and the
#     message with file and line, read from the game's F12 screenshot) and on stderr; the
#     game stays up; the work is kept;
#   - fixing the file reloads it, with the impressions placed before still there (and the
#     error gone from the window);
#   - closing the window saves and exits 0, the impressions where they were clicked.
# Usage (CTest runs it under xvfb-run): reload_test.sh STIPPLE GUI_PROBE SCENARIO
set -euo pipefail
stipple="$1"; probe="$2"; src="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"
scn="$tmp/case.lua"; work="$tmp/work.csv"
cp "$src" "$scn"

"$stipple" --scenario "$scn" --work "$work" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the game never became ready"
wid="$(xdotool search --onlyvisible --name '^Stipple' | head -n1)"
[ -n "$wid" ] || fail "no game window"
eval "$(xdotool getwindowgeometry --shell "$wid")"
# The practice field's layout at 1280x800 (derived in play_test.sh and lib.sh): text size
# 800/48 = 16.7 px; chart x = (sx - 448) / 12.8, y = 135 + (sy - 384) / 12.8.
view_layout "$WIDTH" "$HEIGHT" -35 105 35 165
: >"$tmp/expected.txt"
for sx in 348 448 548; do
  xdotool mousemove --window "$wid" "$sx" 384 click 1
  to_chart "$sx" 384 >>"$tmp/expected.txt"
done
wait_until rows_are "$work" 3 || fail "the 3 impressions were not autosaved"

# The error screen (on the window's background, 28,31,38): its title at 1.5 text sizes
# (25 px) in the "bad" colour (230,120,60), the message under it at 1 text size (16.7 px)
# in the text colour (232,234,238). gui_probe draws each string as the game does and finds
# it: 0 is a pixel-exact match, a wrong character reads 14 or more.
shows() { probe_is 1 '<' 2 "$1" text 0 0 "$WIDTH" 200 "$2" $3 "$4"; }
title="The scenario could not be opened"
img="$(shot "$wid")"
shows "$img" 25 "230 120 60" "$title" && fail "the error screen before any error ($img)"

# A broken edit: a runtime error on line 3 of the file.
{ echo "-- edited"; echo "local ok = 1"; echo "local boom = nil + 1"; } >"$scn"
wait_for "$tmp/err.txt" 'case.lua:3' || fail "no file:line error after a broken edit"
kill -0 "$pid" || fail "the game died on a broken scenario"
msg="$(grep -m1 'case.lua:3' "$tmp/err.txt" | sed 's/^stipple: //')"
case "$msg" in "$scn:3:"*) ;; *) fail "the error does not start with $scn:3: ($msg)" ;; esac
img="$(shot "$wid")"
shows "$img" 25 "230 120 60" "$title" || fail "no '$title' in the window ($img)"
shows "$img" 16.666667 "232 234 238" "$msg" || fail "the error '$msg' is not in the window ($img)"

# The fix: the original file again (touch so the time surely changes).
cp "$src" "$scn"; touch -d '+2 seconds' "$scn"
wait_for "$tmp/out.txt" '^stipple: reloaded .*(3 impressions kept)' || fail "no reload after the fix"
img="$(shot "$wid")"
shows "$img" 25 "230 120 60" "$title" && fail "the error screen is still shown after the fix ($img)"

kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 0 ] || fail "the game exited with $rc"
why="$(check_rows "$work" "$tmp/expected.txt")" || fail "the work does not hold the clicks: $why"
echo "gui_reload: broken edit shown in the window and reported at case.lua:3, fixed edit reloaded, 3 impressions kept"
