#!/usr/bin/env bash
# GUI test: without --scenario the game opens on the curriculum menu (read from the
# window: its title is drawn, and no case has opened by the time that frame is on
# screen); Enter opens the first case (the tutorial); a click places an impression
# where it was clicked; M goes back to the menu (drawn again) with the work saved.
# Usage (CTest runs it under xvfb-run): menu_test.sh STIPPLE GUI_PROBE
set -euo pipefail
stipple="$1"; probe="$2"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"
"$stipple" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wid="$(timeout 30 xdotool search --sync --onlyvisible --name '^Stipple' | head -n1)" || fail "no window"
eval "$(xdotool getwindowgeometry --shell "$wid")"
# The menu's title at 1.6 text sizes (800/48 x 1.6 = 26.7 px) in the text colour, on the
# window's background; gui_probe draws it as the game does and finds it (0: pixel-exact).
menu_shown() { probe_is 1 '<' 2 "$1" text 0 0 "$WIDTH" 120 26.666667 232 234 238 "Stipple — the curriculum"; }
# The screenshot is the frame drawn after F12 arrived, so anything the game did on its
# own before that frame (open a case: "stipple: ready") is already on its output.
img="$(shot "$wid")"
menu_shown "$img" || fail "the menu is not on screen ($img)"
grep -q '^stipple: ready' "$tmp/out.txt" && fail "a case opened without being chosen"

xdotool key --window "$wid" Return
wait_for "$tmp/out.txt" '^stipple: ready: tutorial' || fail "Enter did not open the first case (the tutorial)"
# The tutorial's field is the rectangle x -10..10, y 125..140 mm (scenarios/00_tutorial.lua);
# framed with 15 mm (as play_test.sh derives for the practice field) the view is
# x -25..25, y 110..155.
view_layout "$WIDTH" "$HEIGHT" -25 110 25 155
to_chart 400 300 >"$tmp/expected.txt"
xdotool mousemove --window "$wid" 400 300 click 1
xdotool key --window "$wid" m
saved="$tmp/.local/share/stipple/works/tutorial.csv"
wait_until rows_are "$saved" 1 || fail "leaving for the menu did not save the impression"
img="$(shot "$wid")"
menu_shown "$img" || fail "M did not bring the menu back ($img)"
why="$(check_rows "$saved" "$tmp/expected.txt")" || fail "the saved work does not hold the click: $why"
kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 0 ] || fail "exit code $rc"
echo "gui_menu: menu shown -> tutorial -> 1 impression where clicked -> menu shown again (saved)"
