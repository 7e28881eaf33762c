#!/usr/bin/env bash
# GUI test: pen pressure and tilt through XInput2's translation. The game starts under Xvfb
# with STIPPLE_XI2_FEED naming a file of raw XI2 device events as the wacom driver
# reports them (a "Pen stylus" with Abs Pressure 0..2047 and Abs Tilt X/Y -64..63; masks
# with gaps; a hover; a side switch), which go through the same translation as live
# events (stp_xi2_translate) and the same contact logic as SDL's fingers (stp_input_pen).
# With --pressure-gamma 2 it checks what reaches the work file:
#   - one row per contact, at the chart point under the contact's first pixel (+-0.01 mm);
#   - depth_mm = 0.2 + 2.0 * (peak raw / 2047)^2 (docs/input.md, stp_pressure_to_depth);
#   - angle_deg: the stroke's direction for contacts that moved (0 right, 90 down), the
#     tool's grain for those that did not;
#   - the pressure column is the curved pressure.
# Xvfb has no tablet and this machine no /dev/uinput, so the feed stands in for the pen
# (docs/input.md); xi2_uinput_test.sh is the end-to-end test where uinput exists.
# Usage (CTest runs it under xvfb-run): xi2_test.sh STIPPLE GUI_PROBE SCENARIO FEED
set -euo pipefail
stipple="$1"; probe="$2"; scenario="$3"; feed="$4"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"
work="$tmp/work.csv"

STIPPLE_XI2_FEED="$feed" STIPPLE_XI2_LOG="$tmp/xi2-log.txt" \
  "$stipple" --scenario "$scenario" --work "$work" --size 1280x800 --pressure-gamma 2 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the game never became ready"
grep -q '^stipple: xi2 feed .*: 11 events$' "$tmp/out.txt" || fail "the feed was not loaded"
grep -q '^stipple: xi2: ' "$tmp/out.txt" || fail "the live XInput2 path did not attach to the X11 window"

# The practice field framed at 1280x800: 12.8 px/mm, pixel (448, 384) is (0, 135) mm
# (play_test.sh derives it); x = (sx - 448) / 12.8, y = 135 + (sy - 384) / 12.8.
view_layout 1280 800 -35 105 35 165
awk -v s="$SCALE" 'BEGIN { exit !(s == 12.8) }' || fail "derived scale $SCALE px/mm, expected 12.8"

rows() { [ -f "$work" ] && [ "$(($(wc -l <"$work") - 1))" -ge "$1" ]; }
wait_until rows 4 || fail "the work never held the 4 pen contacts"
kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" = 0 ] || fail "the game exited $rc"

# Expected, by hand (gamma 2; the tool's grain on the practice field is its zone's, 270):
#   contact   first px   peak raw   p = raw/2047   p^2      depth = 0.2 + 2 p^2   angle
#   1         300,300    511.75     0.25           0.0625   0.325                 270 (no stroke)
#   2         400,300    1023.5     0.5            0.25     0.7                   270 (no stroke)
#   3         500,300    2047       1              1        2.2                   0 (moved 40 px right)
#   4         600,300    1535.25    0.75           0.5625   1.325                 90 (moved 40 px down)
# chart x = (sx - 448) / 12.8: -11.5625, -3.75, 4.0625, 11.875; y = 135 - 84/12.8 = 128.4375.
cat >"$tmp/expected.txt" <<'ROWS'
-11.5625 128.4375 270 0.325 0.0625
-3.75 128.4375 270 0.7 0.25
4.0625 128.4375 0 2.2 1
11.875 128.4375 90 1.325 0.5625
ROWS
awk -F, -v want="$tmp/expected.txt" '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { n++; x[n] = $col["x_mm"]; y[n] = $col["y_mm"]; a[n] = $col["angle_deg"]; d[n] = $col["depth_mm"]; p[n] = $col["pressure"] }
  END {
    k = 0
    while ((getline line < want) > 0) {
      k++; split(line, e, " ")
      if (k > n) { print "row " k " missing"; exit 1 }
      if (x[k] - e[1] > 0.01 || e[1] - x[k] > 0.01 || y[k] - e[2] > 0.01 || e[2] - y[k] > 0.01) { print "row " k " at " x[k] "," y[k] ", expected " e[1] "," e[2]; exit 1 }
      da = a[k] - e[3]; if (da < 0) da = -da
      if (da > 0.01) { print "row " k " angle " a[k] ", expected " e[3]; exit 1 }
      dd = d[k] - e[4]; if (dd < 0) dd = -dd
      if (dd > 0.0015) { print "row " k " depth " d[k] ", expected " e[4]; exit 1 }
      dp = p[k] - e[5]; if (dp < 0) dp = -dp
      if (dp > 0.0015) { print "row " k " pressure " p[k] ", expected " e[5]; exit 1 }
    }
    if (n != k) { print n " rows, expected " k; exit 1 }
  }' "$work" >"$tmp/why.txt" || fail "the work does not hold the pen's contacts: $(cat "$tmp/why.txt"); work: $(cat "$work")"

# The log is a feed: its first line is the format's, and (no tablet under Xvfb) it holds
# no device; a trainee's log with a tablet has its device and raw events.
[ "$(head -n1 "$tmp/xi2-log.txt")" = "stipple-xi2 1" ] || fail "STIPPLE_XI2_LOG did not write a feed-format log"
# A case with tilt_grain = true: a tap that does not move takes its grain from the pen's
# lean. Tilt X 40 degrees, Y 0 (the pen's top leans right): azimuth 0, so the needle travels
# right-to-left, grain 0 + 180 = 180 (docs/input.md). The same tap in the practice field
# above kept the tool's grain (270).
sed 's/^scenario {/scenario { tilt_grain = true,/' "$scenario" >"$tmp/tilt.lua"
grep -q 'tilt_grain = true' "$tmp/tilt.lua" || fail "could not make the tilt_grain case"
{
  echo "stipple-xi2 1"
  echo "device 12 slave-pointer Wacom Intuos Pro M Pen stylus"
  echo "axis 12 0 0 44800 200000 Abs X"
  echo "axis 12 1 0 29600 200000 Abs Y"
  echo "axis 12 2 0 2047 0 Abs Pressure"
  echo "axis 12 3 -64 63 57 Abs Tilt X"
  echo "axis 12 4 -64 63 57 Abs Tilt Y"
  echo "event 1000 ButtonPress 12 12 1 400 400 0x0 1f 0 0 1023.5 40 0"
  echo "event 1040 ButtonRelease 12 12 1 400 400 0x0 04 0"
} >"$tmp/tilt-feed.txt"
fresh_output   # the game before wrote out.txt: never read its "ready" for this one
STIPPLE_XI2_FEED="$tmp/tilt-feed.txt" "$stipple" --scenario "$tmp/tilt.lua" --work "$tmp/tilt.csv" --size 1280x800 \
  >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the tilt_grain case never became ready"
tilt_rows() { [ -f "$tmp/tilt.csv" ] && [ "$(($(wc -l <"$tmp/tilt.csv") - 1))" -ge 1 ]; }
wait_until tilt_rows || fail "the tilted tap never reached the work"
kill -TERM "$pid"; wait "$pid" || fail "the tilt_grain case did not exit 0"; pid=""
angle=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["angle_deg"] }' "$tmp/tilt.csv")
awk -v a="$angle" 'BEGIN { exit !(a - 180 < 0.01 && 180 - a < 0.01) }' || fail "a tilted tap in a tilt_grain case has grain $angle, not 180"
echo "gui_xi2: 4 pen contacts from raw XI2 events -> 4 rows with depths 0.325 0.7 2.2 1.325 (gamma 2) and grains 270 270 0 90; a tilted tap in a tilt_grain case: grain 180"
