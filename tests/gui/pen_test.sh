#!/usr/bin/env bash
# GUI test of the pen screen (stipple --pen): a Wacom pen's taps on the test strip, fed as
# XInput2 device events through the live translation path (STIPPLE_XI2_FEED, as
# tests/gui/xi2_test.sh), give the depths of the trainee's curve; the curve's + button
# changes the curve and saves it in the profile; the next run uses it.
#   depth = 0.2 + 2.0 x (pressure ^ gamma) mm (docs/input.md, stp_pressure_to_depth)
#   gamma 1:   0.2 -> 0.600, 0.5 -> 1.200, 0.9 -> 2.000
#   gamma 1.5: 0.2 -> 0.2 + 2 x 0.089443 = 0.379, 0.5 -> 0.2 + 2 x 0.353553 = 0.907,
#              0.9 -> 0.2 + 2 x 0.853815 = 1.908
# The strip's place comes from the game's UI trace of a first run (STIPPLE_UI_TRACE).
# Usage (CTest runs it under xvfb-run): pen_test.sh STIPPLE
set -euo pipefail
stipple="$1"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy STIPPLE_UI_TRACE=1
. "$(dirname "$0")/lib.sh"

run() {   # run OUT [FEED]: the pen screen, until its buttons are drawn
  : >"$1"   # run may write the same OUT again: never read the last launch's lines
  STIPPLE_XI2_FEED="${2:-}" "$stipple" --pen --size 1280x800 >"$1" 2>"$tmp/err.txt" &
  pid=$!
  wait_for "$1" '^stipple: ui end' || fail "the pen screen drew no buttons"
  wid="$(xdotool search --pid "$pid" --onlyvisible --name '^Stipple' | head -n1)"
  [ -n "$wid" ] || fail "no game window"
}
stop() { kill -TERM "$pid"; wait "$pid" && rc=0 || rc=$?; pid=""; [ "$rc" -eq 0 ] || fail "exit code $rc"; }
box() { ui_box "$1" "$2"; }   # box OUT NAME: "X Y W H" of that button as last traced

run "$tmp/out1.txt"
read -r sx sy sw sh < <(box "$tmp/out1.txt" "Test strip") || fail "no test strip on the pen screen"
stop
# Three taps across the strip's middle, pressures 0.2, 0.5 and 0.9 of the pen's 0..2047.
y=$((sy + sh / 2))
{
  echo "stipple-xi2 1"
  echo "device 12 slave-pointer Wacom Intuos Pro M Pen stylus"
  echo "axis 12 0 0 44800 200000 Abs X"
  echo "axis 12 1 0 29600 200000 Abs Y"
  echo "axis 12 2 0 2047 0 Abs Pressure"
  t=1000
  for k in 1 2 3; do
    x=$((sx + sw * k / 4))
    p=$(awk -v k="$k" 'BEGIN { split("0.2 0.5 0.9", q, " "); printf "%.4f", q[k] * 2047 }')
    echo "event $t ButtonPress 12 12 1 $x $y 0x0 07 0 0 $p"
    echo "event $((t + 40)) ButtonRelease 12 12 1 $x $y 0x0 04 0"
    t=$((t + 200))
  done
} >"$tmp/feed.txt"

taps() { [ "$(grep -c '^stipple: pen test: pen ' "$1")" -ge 3 ]; }   # taps OUT: three pen taps seen
depths() {   # depths OUT: the three taps' depths, space-separated
  awk '/^stipple: pen test: pen / { printf "%s%s", sep, $NF; sep = " " }' "$1"
}
near() {   # near GOT WANT: each within 0.002 mm
  awk -v g="$1" -v w="$2" 'BEGIN { n = split(g, a, " "); m = split(w, b, " "); if (n != m) exit 1
    for (i = 1; i <= n; i++) { d = a[i] - b[i]; if (d < 0) d = -d; if (d > 0.002) exit 1 } }'
}

run "$tmp/out2.txt" "$tmp/feed.txt"
wait_until taps "$tmp/out2.txt" || fail "the pen's taps did not reach the strip"
near "$(depths "$tmp/out2.txt")" "0.600 1.200 2.000" || fail "depths $(depths "$tmp/out2.txt") at gamma 1, not 0.600 1.200 2.000"
# The curve's + button five times: gamma 1.5, saved in the default profile each time.
read -r bx by bw bh < <(box "$tmp/out2.txt" "Curve +") || fail "no Curve + button"
for _ in 1 2 3 4 5; do xdotool mousemove --window "$wid" "$((bx + bw / 2))" "$((by + bh / 2))" click 1; done
wait_for "$tmp/out2.txt" '^stipple: pressure curve gamma 1.50 (saved)' || fail "Curve + did not reach gamma 1.50"
stop
grep -q '^pressure,gamma,1.500$' "$tmp/data/stipple/profiles/default.txt" || fail "the profile does not hold gamma 1.5"

run "$tmp/out3.txt" "$tmp/feed.txt"
wait_until taps "$tmp/out3.txt" || fail "the pen's taps did not reach the strip (second run)"
near "$(depths "$tmp/out3.txt")" "0.379 0.907 1.908" || fail "depths $(depths "$tmp/out3.txt") at gamma 1.5, not 0.379 0.907 1.908"
stop
echo "gui_pen: three pen taps at gamma 1 and 1.5 through the live XInput2 path; the curve saved in the profile"
