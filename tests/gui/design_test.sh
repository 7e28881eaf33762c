#!/usr/bin/env bash
# GUI test: the consultation of a hairline design case (docs/scenario-api.md, "Hairline
# design exercise"), driven as a trainee would, in a fresh HOME:
#   - the case opens on the consultation (not the play screen): the whole forehead, framed
#     from the head's landmarks as the docs say, with no design drawn (screenshot 1);
#   - 25 clicks across the forehead draw the hairline (screenshot 2 half way), "Next:
#     temple points", two clicks place the temple points (screenshot 3), "Done";
#   - the play screen follows (screenshot 4) with the zone outline on the band behind the
#     drawn line; five impressions, Finish;
#   - the saved work has '# design line' and '# design temples' lines with the clicked
#     chart points (+-0.1 mm), the printed result and the result file have the design
#     criterion with its rules' figures, and `stipple score` on the saved work agrees;
#   - reopened, the case goes straight to play (the design is restored, not asked again);
#   - a second work, drawn 25 mm too low: its practice record holds the design and goes on
#     when the work is reopened before any impression; the design criterion scores low;
#   - a third, whose hairline is ONE mouse drag (a freehand stroke, screenshot half way and
#     after it): 20 or more points, each within 1 mm of the drawn path, and the design
#     passes the "never straight" rule.
# Usage (CTest runs it under xvfb-run): design_test.sh STIPPLE GUI_PROBE SCENARIO
set -euo pipefail
stipple="$1"; probe="$2"; scenario="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software STIPPLE_UI_TRACE=1
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"

# The client of scenarios/15_hairline_design.lua: head 195 mm (scale 1), aged 52, so the
# mid-frontal point is 85 mm above the glabella (docs/scenario-api.md, "Landmarks": 85 from
# 45 to 59), the frontotemporal points (-+62, 95) and the temple peaks (-+92, 130). The
# consultation frames 25 mm outside the temple peaks and from 20 mm below the glabella to
# 45 mm behind the temple peaks: x -117..117, y -20..175.
view_layout 1280 800 -117 -20 117 175

# start WORK: the game on the case with that work file; sets pid and wid.
start() {
  : >"$tmp/out.txt"
  "$stipple" --scenario "$scenario" --work "$1" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
  pid=$!
  wait_for "$tmp/out.txt" '^stipple: ready' || fail "the game never became ready"
  wid="$(xdotool search --onlyvisible --name '^Stipple' | head -n1)"
  [ -n "$wid" ] || fail "no game window"
}
stop() {
  kill -TERM "$pid"
  wait "$pid" && rc=0 || rc=$?
  pid=""
  [ "$rc" -eq 0 ] || fail "the game exited with $rc"
}
# click_button NAME: click the button of that name as the UI trace last listed it.
click_button() {
  local xy
  wait_until ui_center "$tmp/out.txt" "$1" >/dev/null || fail "no button '$1' on screen"
  xy="$(ui_center "$tmp/out.txt" "$1")"
  xdotool mousemove --window "$wid" ${xy% *} ${xy#* } click 1
}
# click_chart X Y FILE: click the pixel of chart point (X, Y) and append the chart point
# under that pixel (what the game must keep) to FILE.
click_chart() {
  local sx sy
  read -r sx sy < <(to_screen "$1" "$2")
  xdotool mousemove --window "$wid" "$sx" "$sy" click 1
  to_chart "$sx" "$sy" >>"$3"
}
# draw_line LIFT FILE [half]: the consultation's hairline LIFT mm above the natural one
# (negative: lower), 25 points 5.2 mm apart across the forehead between the frontotemporal
# points, irregular (a fine zig-zag of +-1 mm and broad waves of 2 mm): a design the
# landmark rules pass (between points the line is straight, and a straight run over 12 mm
# or a line too regular is marked down: 9 points would score under 50). With "half", a
# screenshot after the first 12.
draw_line() {
  local i=0 x y
  while [ "$i" -lt 25 ]; do
    read -r x y < <(awk -v i="$i" -v l="$1" 'BEGIN { x = -62 + 124 * i / 24
      printf "%.2f %.2f\n", x, 85 + l + 10 * (x / 62) ^ 2 + (i % 2 ? -1.0 : 1.0) + 2 * cos(x / 5) }')
    click_chart "$x" "$y" "$2"
    i=$((i + 1))
    wait_until said_at_least 'design point' "$i" || fail "point $i was not taken"
    if [ "$i" -eq 12 ] && [ -n "${3:-}" ]; then shot_half="$(shot "$wid")"; fi
  done
}
# said_at_least WHAT N: the game has printed "stipple: WHAT ..." N times or more (for
# wait_until: counted again on every try).
said_at_least() { [ "$(grep -c "^stipple: $1 " "$tmp/out.txt")" -ge "$2" ]; }
# rows_after_design WORK N: the work holds N impressions (after its design lines and header).
rows_after_design() { [ -f "$1" ] && [ "$(grep -vc '^#' "$1")" -eq $(($2 + 1)) ]; }
# check_design WORK LINE TEMPLES: the work file's design lines hold those points (+-0.1 mm).
check_design() {
  local got
  got="$(grep '^# design line ' "$1")" || fail "the work has no '# design line' ($(head -3 "$1"))"
  echo "$got" | awk -v want="$(tr '\n' ' ' <"$2")" '{ n = split(want, w, " "); if (NF - 3 != n) { print "has " (NF - 3) / 2 " points, clicked " n / 2; exit 1 }
      for (i = 1; i <= n; i++) { d = $(i + 3) - w[i]; if (d < -0.1 || d > 0.1) { print "point value " i ": " $(i + 3) " clicked " w[i]; exit 1 } } }' ||
    fail "the design line differs from the clicks"
  got="$(grep '^# design temples ' "$1")" || fail "the work has no '# design temples'"
  echo "$got" | awk -v want="$(tr '\n' ' ' <"$3")" '{ n = split(want, w, " "); if (NF - 3 != 4 || n != 4) exit 1
      for (i = 1; i <= 4; i++) { d = $(i + 3) - w[i]; if (d < -0.1 || d > 0.1) exit 1 } }' ||
    fail "the temple points $got differ from the clicks $(tr '\n' ' ' <"$3")"
}

# ---- a good design -------------------------------------------------------------------
work="$tmp/work.csv"
start "$work"
grep -q '^stipple: consultation: hairline-design' "$tmp/out.txt" || fail "the case did not open on the consultation"
shot_empty="$(shot "$wid")"
# The ruler's glabella mark is where the layout puts chart (0, 0): light pixels there.
read -r gx gy < <(to_screen 0 0)
probe_is 1 '>' 0 "$shot_empty" match $((gx - 8)) $((gy - 8)) $((gx + 9)) $((gy + 9)) 245 245 245 30 ||
  fail "no glabella mark at ($gx, $gy) ($shot_empty)"
# No design yet: no line colour (255,196,61) over the forehead.
probe_is 1 '==' 0 "$shot_empty" match 0 0 896 768 255 196 61 20 || fail "a design is drawn before any click ($shot_empty)"

line="$tmp/line.txt"; temples="$tmp/temples.txt"; : >"$line"; : >"$temples"
draw_line 0 "$line" half
click_button "Next: temple points"
wait_until ui_box "$tmp/out.txt" "Back to the hairline" >/dev/null || fail "not on the temple points after Next"
click_chart -92 130 "$temples"
click_chart 92 130 "$temples"
wait_until said_at_least 'design temple' 2 || fail "the temple points were not taken"
shot_full="$(shot "$wid")"
# The drawn line is on screen: the line colour near the middle point's pixel.
read -r mx my < <(sed -n 13p "$line" | { read -r x y; to_screen "$x" "$y"; })
probe_is 1 '>' 0 "$shot_full" match $((mx - 6)) $((my - 6)) $((mx + 7)) $((my + 7)) 255 196 61 30 ||
  fail "no design line drawn at ($mx, $my) ($shot_full)"
click_button "Done"
wait_for "$tmp/out.txt" '^stipple: design done: 25 points' || fail "Done was not taken"
wait_until grep -q '^# design line ' "$work" || fail "the design was not saved at Done"
check_design "$work" "$line" "$temples"

# The play screen, framed on the case's view (x -120..120, y 50..160); the zone outline
# (255,196,61) now runs along the drawn line: at the middle point's chart position.
view_layout 1280 800 -120 50 120 160
shot_play="$(shot "$wid")"
read -r mx my < <(sed -n 13p "$line" | { read -r x y; to_screen "$x" "$y"; })
probe_is 1 '>' 0 "$shot_play" match $((mx - 4)) $((my - 4)) $((mx + 5)) $((my + 5)) 255 196 61 40 ||
  fail "the zone outline does not follow the design at ($mx, $my) ($shot_play)"
# ...and not where the declared front reached before the cut (25 mm behind the band's back).
read -r bx by < <(to_screen 0 140)
probe_is 1 '==' 0 "$shot_play" match $((bx - 30)) $((by - 4)) $((bx + 30)) $((by + 5)) 255 196 61 40 ||
  fail "a zone outline 50 mm behind the design: the zone was not cut ($shot_play)"
dots="$tmp/dots.txt"; : >"$dots"
for p in "0 93" "-12 95" "14 96" "-30 100" "30 99"; do click_chart $p "$dots"; done
wait_until rows_after_design "$work" 5 || fail "the 5 impressions were not saved"
xdotool key --window "$wid" f
wait_until test -s "$tmp/work.result.json" || fail "no result file after Finish"
wait_for "$tmp/out.txt" '^  design ' || fail "the printed result has no design criterion"
good="$(grep '^  design ' "$tmp/out.txt" | awk '{ print $2 }')"
grep '^  design ' "$tmp/out.txt" | grep -q 'weakest rule: .*height [0-9]*; low [0-9]*; symmetry [0-9]*; temples [0-9]*' ||
  fail "the design criterion's figures are missing: $(grep '^  design ' "$tmp/out.txt")"
grep -q '"design"' "$tmp/work.result.json" && grep -q 'weakest rule' "$tmp/work.result.json" ||
  fail "the result file has no design criterion with its figures"
awk -v s="$good" 'BEGIN { exit !(s >= 80) }' || fail "a natural design at the height for the age scored $good"
stop
"$stipple" score --scenario "$scenario" --work "$work" >"$tmp/score.txt" || fail "stipple score failed"
grep -q "^  Hairline design  *$(awk -v s="$good" 'BEGIN { printf "%.1f", s }') " "$tmp/score.txt" ||
  fail "stipple score's design ($(grep 'Hairline design' "$tmp/score.txt")) is not the game's ($good)"

# Reopened: the design is restored; play, not the consultation.
start "$work"
grep -q '^stipple: consultation' "$tmp/out.txt" && fail "a saved design was asked for again"
check_design "$work" "$line" "$temples"
stop

# ---- too low ---------------------------------------------------------------------------
view_layout 1280 800 -117 -20 117 175
low="$tmp/low.csv"
: >"$line"; : >"$temples"
start "$low"
draw_line -25 "$line"
click_button "Next: temple points"
wait_until ui_box "$tmp/out.txt" "Back to the hairline" >/dev/null || fail "not on the temple points after Next"
click_chart -92 130 "$temples"
click_chart 92 130 "$temples"
wait_until said_at_least 'design temple' 2 || fail "the temple points were not taken"
click_button "Done"
wait_for "$tmp/out.txt" '^stipple: design done: 25 points' || fail "Done was not taken (low)"
check_design "$low" "$line" "$temples"
# The practice record beside the work holds the design (25 design-point lines, then
# design-done); reopened before any impression, the game goes on with that record (it
# rebuilds the same work) rather than setting it aside.
stop
[ "$(grep -c '^[0-9]* design-point ' "$tmp/low.record.txt")" -eq 25 ] && grep -q '^[0-9]* design-done ' "$tmp/low.record.txt" ||
  fail "the practice record does not hold the design: $(grep design "$tmp/low.record.txt" | head -3)"
start "$low"
grep -q '^stipple: consultation' "$tmp/out.txt" && fail "a saved design (no impressions yet) was asked for again"
ls "$tmp"/low.record.txt.prev* >/dev/null 2>&1 && fail "the practice record was set aside on reopening a design"
xdotool key --window "$wid" f
wait_until test -s "$tmp/low.result.json" || fail "no result file after Finish (low)"
wait_for "$tmp/out.txt" '^  design ' || fail "the printed result has no design criterion (low)"
bad="$(grep '^  design ' "$tmp/out.txt" | awk '{ print $2 }')"
grep '^  design ' "$tmp/out.txt" | grep -q 'weakest rule: Height for the age' ||
  fail "a line 25 mm low is not weakest on height: $(grep '^  design ' "$tmp/out.txt")"
awk -v s="$bad" 'BEGIN { exit !(s < 50) }' || fail "a line 25 mm too low scored $bad on the design"
stop
# ---- a hairline drawn in one stroke ----------------------------------------------------
# ONE drag of the mouse across the forehead (31 samples 4.1 mm apart along the natural line,
# with broad waves of 2 mm and a fine zig-zag of +-0.8 mm, as a hand draws it; an F12 half
# way shows the line as it is drawn): the game makes it points every 2.5 mm along the path,
# all within 1 mm of it, and the design passes the "never straight" rule that 9 clicks fail.
view_layout 1280 800 -117 -20 117 175
stroke_work="$tmp/stroke.csv"; path="$tmp/path.txt"; : >"$path"; : >"$temples"
start "$stroke_work"
moves=()
i=0
while [ "$i" -le 30 ]; do
  read -r x y < <(awk -v i="$i" 'BEGIN { x = -62 + 124 * i / 30
    printf "%.2f %.2f\n", x, 85 + 10 * (x / 62) ^ 2 + (i % 2 ? -0.8 : 0.8) + 2 * cos(x / 5) }')
  read -r sx sy < <(to_screen "$x" "$y")
  to_chart "$sx" "$sy" >>"$path"
  if [ "$i" -eq 0 ]; then moves+=(mousemove --window "$wid" "$sx" "$sy" mousedown 1)
  else moves+=(mousemove --window "$wid" "$sx" "$sy" sleep 0.03); fi
  [ "$i" -eq 15 ] && moves+=(key --window "$wid" F12 sleep 0.3)
  i=$((i + 1))
done
xdotool "${moves[@]}" mouseup 1
wait_for "$tmp/out.txt" '^stipple: design stroke ' || fail "the drag drew no stroke"
grep -q '^stipple: ui press .*: stroke$' "$tmp/out.txt" || fail "the press was not taken as a stroke"
shot_mid="$(grep '^stipple: screenshot ' "$tmp/out.txt" | tail -n1 | cut -d' ' -f3-)"
[ -n "$shot_mid" ] || fail "no screenshot half way through the stroke"
[ -n "${STIPPLE_GUI_SHOTS:-}" ] && mkdir -p "$STIPPLE_GUI_SHOTS" && cp "$shot_mid" "$STIPPLE_GUI_SHOTS/design_test-stroke-half.png"
[ "$(grep -c '^stipple: design point ' "$tmp/out.txt")" -eq 0 ] || fail "the stroke added single points"
shot_stroke="$(shot "$wid")"
click_button "Next: temple points"
wait_until ui_box "$tmp/out.txt" "Back to the hairline" >/dev/null || fail "not on the temple points after the stroke"
click_chart -92 130 "$temples"
click_chart 92 130 "$temples"
wait_until said_at_least 'design temple' 2 || fail "the temple points were not taken (stroke)"
click_button "Done"
wait_for "$tmp/out.txt" '^stipple: design done: ' || fail "Done was not taken (stroke)"
wait_until grep -q '^# design line ' "$stroke_work" || fail "the stroke's design was not saved at Done"
# Many points, each within 1 mm of the drawn path, left to right, in the design's limits.
grep '^# design line ' "$stroke_work" | awk -v want="$(tr '\n' ' ' <"$path")" '{
    m = split(want, w, " ") / 2; n = (NF - 3) / 2
    if (n < 20 || n > 64) { print "the stroke made " n " points"; exit 1 }
    for (i = 0; i < n; i++) {
      px = $(4 + 2 * i); py = $(5 + 2 * i); best = 1e9
      if (i > 0 && px <= $(2 + 2 * i)) { print "point " i + 1 " is not right of the one before"; exit 1 }
      for (j = 1; j < m; j++) {
        ax = w[2 * j - 1]; ay = w[2 * j]; bx = w[2 * j + 1]; by = w[2 * j + 2]
        dx = bx - ax; dy = by - ay; t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
        t = t < 0 ? 0 : t > 1 ? 1 : t; ex = ax + t * dx - px; ey = ay + t * dy - py; d = sqrt(ex * ex + ey * ey)
        if (d < best) best = d
      }
      if (best > 1.0) { print "point " i + 1 " (" px ", " py ") is " best " mm off the drawn path"; exit 1 }
    } }' || fail "the stroke's design line does not follow the drag: $(grep '^# design line ' "$stroke_work")"
stroke_n=$(( ($(grep '^# design line ' "$stroke_work" | wc -w) - 3) / 2 ))
xdotool key --window "$wid" f
wait_until test -s "$tmp/stroke.result.json" || fail "no result file after Finish (stroke)"
wait_for "$tmp/out.txt" '^  design ' || fail "the printed result has no design criterion (stroke)"
stop
"$stipple" score --scenario "$scenario" --work "$stroke_work" >"$tmp/score.txt" || fail "stipple score failed (stroke)"
straight="$(grep -o 'straight [0-9]*' "$tmp/out.txt" | tail -n1 | awk '{ print $2 }')"
[ -n "$straight" ] || fail "no 'straight' rule figure in: $(grep '^  design ' "$tmp/out.txt")"
awk -v s="$straight" 'BEGIN { exit !(s >= 100) }' || fail "a freehand stroke fails 'never straight' ($straight): $(grep '^  design ' "$tmp/out.txt")"
drawn="$(grep '^  design ' "$tmp/out.txt" | awk '{ print $2 }')"

echo "gui_design: stroke of one drag: $stroke_n points, never straight $straight, design $drawn" \
  "($(grep '^  design ' "$tmp/out.txt" | sed 's/^  design *//')); shots $shot_mid $shot_stroke"
echo "gui_design: consultation drawn (25 points, 2 temples) and saved within 0.1 mm; design $good, too low $bad;" \
  "shots $shot_empty $shot_half $shot_full $shot_play"
