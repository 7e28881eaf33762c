#!/usr/bin/env bash
# GUI test of the play screen's palette with the mouse alone, each button found where the
# game says it drew it (STIPPLE_UI_TRACE), each effect read from the work file:
#   - the grain dial: a click right of its centre points the grain at 0 degrees, below it
#     at 90, up and to the left at 225 (screen angles: x right, y down; atan2(-1, -1) is
#     -135 = 225); the next dot placed takes that grain;
#   - Needle +: the next larger needle (01's kit: 0.18, 0.25, 0.30, 0.35 mm; the case starts
#     on 0.25, so 0.30); Ink +: the next stronger ink (the kit lists 1.00, 0.75, 0.50, ...:
#     from 0.75 to 1.00, though it is the previous in the list); at the strongest, Ink + is
#     off (no wrapping round to the weakest) and Ink - gives 0.75 again;
#     Pressure +: 40 % -> 45 %, depth 0.2 + 2 x 0.45 = 1.10 mm;
#   - a click and drag on the scalp sets that dot's grain to the drag (a drag 30 px right
#     and 30 px down: 45 degrees);
#   - Undo removes the last row, Redo brings it back;
#   - Sound turns the sound off (kept in the profile: mute,1) and Muted on again.
# Usage (CTest runs it under xvfb-run): palette_test.sh STIPPLE SCENARIO
set -euo pipefail
stipple="$1"; scenario="$2"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy STIPPLE_UI_TRACE=1
. "$(dirname "$0")/lib.sh"
work="$tmp/work.csv"
"$stipple" --scenario "$scenario" --work "$work" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ui end' || fail "the play screen drew no buttons"
wid="$(xdotool search --pid "$pid" --onlyvisible --name '^Stipple' | head -n1)"
[ -n "$wid" ] || fail "no game window"

box() { ui_box "$tmp/out.txt" "$1"; }   # "X Y W H" of the button as last traced
press() {   # press NAME [DX DY]: click the button's centre, moved by DX DY pixels
  local x y w h
  read -r x y w h < <(box "$1") || fail "no button '$1'"
  xdotool mousemove --window "$wid" $((x + w / 2 + ${2:-0})) $((y + h / 2 + ${3:-0})) click 1
}
rows=0
dot() {   # dot X Y: one click on the scalp, waited for in the work file
  xdotool mousemove --window "$wid" "$1" "$2" click 1
  rows=$((rows + 1))
  wait_until rows_are "$work" "$rows" || fail "the dot at $1,$2 never reached the work"
}
col() {   # col NAME: that column of the work's last row
  awk -F, -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } { v = $k[c] } END { print v }' "$work"
}
is() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 0.001) }'; }

read -r _ _ dw _ < <(box "Grain dial") || fail "no grain dial"
r=$((dw / 2 - 2))
press "Grain dial" $((r * 8 / 10)) 0
dot 300 300
is "$(col angle_deg)" 0 || fail "a click right of the dial's centre gave grain $(col angle_deg), not 0"
press "Grain dial" 0 $((r * 8 / 10))
dot 330 300
is "$(col angle_deg)" 90 || fail "a click below the dial's centre gave grain $(col angle_deg), not 90"
press "Grain dial" $((-r * 6 / 10)) $((-r * 6 / 10))
dot 360 300
is "$(col angle_deg)" 225 || fail "a click up-left of the dial's centre gave grain $(col angle_deg), not 225"

is "$(col needle_mm)" 0.25 || fail "the case did not start on the 0.25 mm needle ($(col needle_mm))"
press "Needle +"
press "Ink +"
press "Pressure +"
dot 390 300
is "$(col needle_mm)" 0.30 || fail "Needle + gave $(col needle_mm) mm, not 0.30"
is "$(col ink)" 1.0 || fail "Ink + gave ink $(col ink), not 1.00"
# The buttons of the last frame traced (between the last two "ui end" lines).
last_frame() { awk '/^stipple: ui end/ { n++; next } { line[n] = line[n] $0 "\n" } END { k = n - 1; if (k < 0) k = 0; printf "%s", line[k] }' "$tmp/out.txt"; }
frame="$(last_frame)"
grep -q '^stipple: ui Ink + ' <<<"$frame" && fail "Ink + is still offered at the strongest ink"
grep -q '^stipple: ui Ink - ' <<<"$frame" || fail "Ink - is not offered at the strongest ink"
is "$(col depth_mm)" 1.10 || fail "Pressure + gave depth $(col depth_mm), not 1.10 mm"

# A drag while pressing: 30 px right, 30 down before the release: 45 degrees.
xdotool mousemove --window "$wid" 420 300 mousedown 1 mousemove --window "$wid" 435 315 mousemove --window "$wid" 450 330 mouseup 1
rows=$((rows + 1))
wait_until rows_are "$work" "$rows" || fail "the dragged dot never reached the work"
is "$(col angle_deg)" 45 || fail "a drag right and down gave grain $(col angle_deg), not 45"
is "$(col x_mm)" "$(awk -F, 'NR == 5 { print $1 }' "$work")" && fail "the dragged dot did not land where it was pressed"

press "Undo"
wait_until rows_are "$work" $((rows - 1)) || fail "Undo did not remove the last row"
press "Redo"
wait_until rows_are "$work" "$rows" || fail "Redo did not bring it back"
# Sound: off, kept in the trainee's profile (the default one here), and on again.
press "Sound"
wait_for "$tmp/out.txt" '^stipple: sound off' || fail "the Sound button did not turn the sound off"
grep -q '^mute,1$' "$tmp/data/stipple/profiles/default.txt" || fail "muting was not kept in the profile"
wait_until box "Muted" >/dev/null || fail "the button does not say Muted"
press "Muted"
wait_for "$tmp/out.txt" '^stipple: sound on' || fail "the Muted button did not turn the sound on"
kill -TERM "$pid"; wait "$pid" || fail "the game did not exit 0"; pid=""
echo "gui_palette: dial 0/90/225, Needle +, Ink +, Pressure +, a drag's grain, Undo and Redo, Sound, by the mouse"
