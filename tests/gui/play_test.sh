#!/usr/bin/env bash
# GUI test: start the real game in a virtual display, click impressions with xdotool,
# finish, quit, and check what came out and what was on screen:
#   - the zone outline is drawn where the layout derived below puts the zone;
#   - each click's work row, in order, is the chart point under the clicked pixel
#     (+-0.1 mm), so a mirrored, shifted or scaled screen-to-chart mapping fails;
#   - a dark dot is drawn at each clicked pixel, and none at the mirror image of one;
#   - the result file and the printed score agree, and say what 12 dots in 12 cm2 must
#     give: not passed (the density gate), with "NOT PASSED  (pass mark 70)" read as
#     text from the panel;
#   - the game exits 0.
# Usage (CTest runs it under xvfb-run): play_test.sh STIPPLE GUI_PROBE SCENARIO
set -euo pipefail
stipple="$1"; probe="$2"; scenario="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# Pin the renderer: SDL's software renderer (what docs/performance.md measures; no GL driver).
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"
work="$tmp/work.csv"

# A screenshot an earlier run left: never replaced (each run numbers from the first free name).
mkdir -p "$tmp/.local/share/stipple/shots"
echo "an earlier run's" >"$tmp/.local/share/stipple/shots/shot-001.png"
"$stipple" --scenario "$scenario" --work "$work" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the game never became ready"
wid="$(xdotool search --onlyvisible --name '^Stipple' | head -n1)"
[ -n "$wid" ] || fail "no game window"
eval "$(xdotool getwindowgeometry --shell "$wid")"     # WIDTH, HEIGHT
[ "$WIDTH" = 1280 ] && [ "$HEIGHT" = 800 ] || fail "window is ${WIDTH}x$HEIGHT, asked for 1280x800"

# The practice field is the rectangle x -20..20, y 120..150 mm; framed with 15 mm it is
# -35..35 x 105..165. At 1280x800 (lib.sh): text 16.7 px, panel 384 px, status line
# 32 px, so the view is 896 x 768 px, min(896/70, 768/60) = 12.8 px/mm, and the chart
# point (0, 135) is at pixel (448, 384): x = (sx - 448) / 12.8, y = 135 + (sy - 384) / 12.8.
view_layout "$WIDTH" "$HEIGHT" -35 105 35 165
awk -v s="$SCALE" -v w="$VW" -v h="$VH" 'BEGIN { exit !(s == 12.8 && w == 896 && h == 768) }' ||
  fail "derived layout $VW x $VH at $SCALE px/mm, expected 896 x 768 at 12.8"

# What is on screen agrees with that layout: the zone's yellow outline (255,196,61 over a
# dark halo) has its corners at the chart corners' pixels (192,192) and (704,576), +-2 px.
img="$(shot "$wid")"
[ "$(basename "$img")" = shot-002.png ] || fail "the first screenshot is $img, not shot-002.png beside the earlier run's"
grep -q "an earlier run's" "$tmp/.local/share/stipple/shots/shot-001.png" || fail "an earlier run's screenshot was replaced"
probe_is 1 '>' 0 "$img" match 0 188 896 768 255 196 61 40 || fail "no zone outline on screen ($img)"
m="$PROBED"
read -r zx0 zy0 < <(to_screen -20 120); read -r zx1 zy1 < <(to_screen 20 150)
for k in 2:$zx0 3:$zy0 4:$zx1 5:$zy1; do
  got=$(field "${k%%:*}" "$m"); want=${k#*:}
  [ $((got - want)) -ge -2 ] && [ $((got - want)) -le 2 ] || fail "zone outline at $m (count x0 y0 x1 y1 run), expected corners $zx0,$zy0 $zx1,$zy1"
done

# Twelve clicks at pixels with no symmetry about the view's centre.
clicks="$tmp/clicks.txt"; expected="$tmp/expected.txt"
: >"$clicks"; : >"$expected"
for p in 210:200 260:560 330:250 395:470 448:384 470:215 520:530 575:300 600:410 640:560 690:230 700:470; do
  sx=${p%%:*}; sy=${p#*:}
  xdotool mousemove --window "$wid" "$sx" "$sy" click 1
  echo "$sx $sy" >>"$clicks"
  to_chart "$sx" "$sy" >>"$expected"
done
n=$(wc -l <"$clicks")

# Each clicked pixel shows a dot: a pixel within 2 px of it far darker than the skin
# around (a fresh carbon-black dot at 75 % ink is 0.39 mm, 5 px wide here); the mirror
# image of the first click through the view's centre (686, 568) shows none.
img="$(shot "$wid")"
probe_is 2 '>' 60 "$img" lum 20 20 150 150 || fail "the skin is too dark to show a dot ($PROBED; $img)"
skin=$(field 2 "$PROBED")
while read -r sx sy; do
  probe_is 1 '<' "$skin - 60" "$img" lum $((sx - 2)) $((sy - 2)) $((sx + 3)) $((sy + 3)) ||
    fail "no dot drawn at clicked pixel ($sx, $sy): darkest $(field 1 "$PROBED"), skin $skin (screenshot $img)"
done <"$clicks"
probe_is 1 '>' "$skin - 30" "$img" lum 684 566 689 571 || fail "a dot at (686, 568), where nobody clicked"

xdotool key --window "$wid" f
result="$tmp/work.result.json"
wait_until test -s "$result" || fail "the game wrote no result file after Finish"
wait_for "$tmp/out.txt" '^score ' || fail "the game printed no score"
# 12 impressions in the 12 cm2 field are 1/cm2 against a target of 30 +- 5: the density
# score is 0, under its gate of 70, so the work cannot pass; the panel (x 896..1280) says
# "NOT PASSED  (pass mark 70)" under the score at 1.2 text sizes (20 px) in the "bad"
# colour (230,120,60), read as text (gui_probe draws it as the game does: 0 is pixel-exact).
img="$(shot "$wid")"
probe_is 1 '<' 2 "$img" text 896 0 "$WIDTH" 200 20 230 120 60 "NOT PASSED  (pass mark 70)" ||
  fail "the result panel shows no 'NOT PASSED  (pass mark 70)' (gui_probe text: $PROBED; $img)"

kill -TERM "$pid"          # SDL turns SIGTERM into a quit event: the game saves and exits
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 0 ] || fail "the game exited with $rc"

why="$(check_rows "$work" "$expected")" || fail "the work does not hold the clicks: $why"

grep -q '"passed":[[:space:]]*false' "$result" || fail "12 dots in 12 cm2 passed: $(grep passed "$result")"
grep -q "\"impressions\":[[:space:]]*$n[,}]" "$result" || fail "the result does not count $n impressions"
got=$(grep -m1 '"score"' "$result" | sed 's/.*"score":[[:space:]]*\([0-9.]*\).*/\1/')
[ -n "$got" ] || fail "no score in the result file"
printed=$(awk -v s="$got" 'BEGIN { printf "%.2f", s }')
grep -qxF "score $printed failed ($n impressions, pass mark 70)" "$tmp/out.txt" ||
  fail "no printed line 'score $printed failed ($n impressions, pass mark 70)'"
"$stipple" score --scenario "$scenario" --work "$work" --json >"$tmp/score.json" || fail "stipple score failed"
want=$(grep -m1 '"score"' "$tmp/score.json" | sed 's/.*"score":[[:space:]]*\([0-9.]*\).*/\1/')
[ "$want" = "$got" ] || fail "the game's result ($got) differs from stipple score on its saved work ($want)"
echo "gui_play: $n clicks -> $n rows at the clicked chart points (+-0.1 mm), dots on screen, score $got, not passed"
