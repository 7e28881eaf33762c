#!/usr/bin/env bash
# GUI test: a scenario whose on_impression hook returns advice, and fails on the second
# impression. Checked on screen (the game's F12 screenshots) and in the files:
#   - the advice shows in the status line after the first and third impressions;
#   - the failure shows there in the error colour, and is printed with the scenario's
#     file and line; the game stays up;
#   - every impression is kept and saved where it was clicked, and the game exits 0.
# Usage (CTest runs it under xvfb-run): hook_test.sh STIPPLE GUI_PROBE SCENARIO
set -euo pipefail
stipple="$1"; probe="$2"; src="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"
scn="$tmp/hooked.lua"; work="$tmp/work.csv"
sed 's/^scenario {$/local n = 0\nscenario {\n  on_impression = function(imp)\n    n = n + 1\n    if n == 2 then error("the hook broke") end\n    return "advice " .. n\n  end,/' "$src" >"$scn"
line=$(grep -n 'error("the hook broke")' "$scn" | cut -d: -f1)
[ -n "$line" ] || fail "the hook was not inserted into the scenario"

"$stipple" --scenario "$scn" --work "$work" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the game never became ready"
wid="$(xdotool search --onlyvisible --name '^Stipple' | head -n1)"
[ -n "$wid" ] || fail "no game window"
eval "$(xdotool getwindowgeometry --shell "$wid")"
# The practice field's layout at 1280x800 (derived in play_test.sh and lib.sh): text size
# 800/48 = 16.7 px; the status line is the bottom 32 px, its text 0.9 text sizes (15 px),
# status messages in the text colour (232,234,238), errors in the "bad" one (230,120,60);
# chart x = (sx - 448) / 12.8, y = 135 + (sy - 384) / 12.8.
view_layout "$WIDTH" "$HEIGHT" -35 105 35 165
status="0 $((HEIGHT - 32)) $WIDTH $HEIGHT"
# on_status IMG COLOUR TEXT: TEXT is drawn in the status line (gui_probe draws it as the
# game does and finds it: 0 is a pixel-exact match, a wrong character reads 14 or more).
on_status() { probe_is 1 '<' 2 "$1" text $status 15 $2 "$3"; }
TEXT="232 234 238"; BAD="230 120 60"

img="$(shot "$wid")"
on_status "$img" "$TEXT" "advice 1" && fail "advice before any impression ($img)"
: >"$tmp/expected.txt"
click() { xdotool mousemove --window "$wid" "$1" "$2" click 1; to_chart "$1" "$2" >>"$tmp/expected.txt"; }

click 348 384
img="$(shot "$wid")"
on_status "$img" "$TEXT" "advice 1" || fail "advice 1 not in the status line ($img)"

click 448 384
wait_for "$tmp/err.txt" "hooked.lua:$line" || fail "no hooked.lua:$line error from the failing hook"
img="$(shot "$wid")"
on_status "$img" "$BAD" "Scenario hook failed: $scn:$line: the hook broke" ||
  fail "the hook's failure (file:line) not in the status line ($img)"
kill -0 "$pid" || fail "the game died when the hook failed"

click 548 384
img="$(shot "$wid")"
on_status "$img" "$TEXT" "advice 3" || fail "advice 3 not in the status line ($img)"

kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 0 ] || fail "the game exited with $rc"
why="$(check_rows "$work" "$tmp/expected.txt")" || fail "the work does not hold the clicks: $why"
echo "gui_hook: advice shown, failing hook shown and reported at hooked.lua:$line, game stayed up, 3 impressions saved"
