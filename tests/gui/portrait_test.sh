#!/usr/bin/env bash
# GUI test of the portrait layout (issue 11: a tablet held upright), at 820x1180:
#   - the layout line's scene (the scalp view) and panel are where docs/cli.md ("The
#     window", Portrait) puts them, derived here from the window's size and the target:
#     the scene across the whole width at the top, the panel under it across the width,
#     42 % of the height above the status line (or what the palette needs, at most 60 %);
#   - on the play screen, on the result screen and on the consultation: every button lies
#     inside the window, in the panel below the scalp view and above the status line; no
#     two overlap; each is at least a target (the game's 9 mm, checked against the DPI);
#     the tool's steppers are in the left column, the toolbar and Finish in the right one;
#   - a click at a point of the scalp view places an impression exactly there (the chart
#     point under that pixel, from the derived view, within 0.1 mm, read from the work);
#   - Finish reaches the result screen; End session's question is centred on the scalp view.
# Usage (CTest runs it under xvfb-run with a screen taller than the window): portrait_test.sh
# STIPPLE SOURCE_DIR
set -euo pipefail
stipple="$1"; src="$2"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy STIPPLE_UI_TRACE=1
. "$(dirname "$0")/lib.sh"
W=820; H=1180

# start SCENARIO: the game at W x H on a fresh work, waited for until its buttons are drawn.
start() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  fresh_output
  rm -f "$tmp/work.csv"
  "$stipple" --scenario "$1" --work "$tmp/work.csv" --size "${W}x$H" >"$tmp/out.txt" 2>"$tmp/err.txt" &
  pid=$!
  wait_for "$tmp/out.txt" '^stipple: ui end' || fail "$1: the game drew no buttons"
  wid="$(game_window)"
}

# The layout as the game says it, and as derived here.
layout_check() {
  local line
  line="$(grep -m1 '^stipple: layout ' "$tmp/out.txt")" || fail "no layout line"
  read -r LW LH PX T DPI SX SY SW SH PXX PY PW PH < <(echo "$line" | awk '{
    for (i = 1; i <= NF; i++) {
      if ($i == "layout") { split($(i + 1), d, "x"); w = d[1]; h = d[2] }
      if ($i == "text") px = $(i + 1)
      if ($i == "target") { t = $(i + 1); dpi = substr($(i + 2), 2) }
      if ($i == "scene") sc = $(i + 1) " " $(i + 2) " " $(i + 3) " " $(i + 4)
      if ($i == "panel-rect") pr = $(i + 1) " " $(i + 2) " " $(i + 3) " " $(i + 4)
    }
    print w, h, px, t, dpi, sc, pr }')
  [ "$LW" = "$W" ] && [ "$LH" = "$H" ] || fail "layout line '$line': not ${W}x$H"
  # 9 mm at the DPI the game reports (never under two text sizes), and at least 9 mm.
  awk -v t="$T" -v d="$DPI" 'BEGIN { exit !(t * 25.4 / d >= 8.9) }' || fail "target $T px at $DPI dpi is under 9 mm"
  read -r EPX ESH ESW ESH2 EPY EPH < <(awk -v W="$W" -v H="$H" -v t="$T" 'BEGIN {
    px = H / 48; if (px < 13) px = 13; if (px > 34) px = 34
    c = W / 2 / 23; if (c < 13) c = 13; if (px > c) px = c
    sh = int(px * 1.9 + 0.5); avail = H - sh
    ph = avail * 0.42; need = 12.5 * px + 6.8 * t; if (ph < need) ph = need; if (ph > avail * 0.6) ph = avail * 0.6
    ph = int(ph + 0.5)
    printf "%.3f %d %d %d %d %d\n", px, sh, W, avail - ph, avail - ph, ph }')
  awk -v a="$PX" -v b="$EPX" 'BEGIN { exit !(a - b < 0.01 && b - a < 0.01) }' || fail "text $PX px, derived $EPX"
  [ "$SX $SY $SW $SH" = "0 0 $ESW $ESH2" ] || fail "scene $SX $SY $SW $SH, derived 0 0 $ESW $ESH2 ($line)"
  [ "$PXX $PY $PW $PH" = "0 $EPY $W $EPH" ] || fail "panel $PXX $PY $PW $PH, derived 0 $EPY $W $EPH ($line)"
  STATUS_H=$ESH
}

# The last complete block of the UI trace ("NAME X Y W H" lines).
last_block() {
  awk 'index($0, "stipple: ui end") == 1 { last = cur; cur = ""; next }
       index($0, "stipple: ui ") == 1 { cur = cur substr($0, 13) "\n" }
       END { printf "%s", last }' "$tmp/out.txt"
}

# buttons_check WHERE: every traced button of the last block inside the window, in the panel
# (below the scene, above the status line), at least a target each way (1 px for rounding),
# and no two overlapping.
buttons_check() {
  last_block >"$tmp/block.txt"
  [ -s "$tmp/block.txt" ] || fail "$1: no buttons traced"
  awk -v where="$1" -v W="$W" -v top="$PY" -v bottom="$((H - STATUS_H))" -v t="$T" '
    { k = NF; x[NR] = $(k - 3); y[NR] = $(k - 2); w[NR] = $(k - 1); h[NR] = $k
      name = $1; for (i = 2; i <= k - 4; i++) name = name " " $i; n[NR] = name }
    END {
      bad = 0
      for (i = 1; i <= NR; i++) {
        if (x[i] < 0 || x[i] + w[i] > W || y[i] < top || y[i] + h[i] > bottom) {
          printf "%s: \"%s\" at %d %d %d %d is not inside the panel (y %d..%d, x 0..%d)\n", where, n[i], x[i], y[i], w[i], h[i], top, bottom, W; bad = 1 }
        if (w[i] < t - 1 || h[i] < t - 1) { printf "%s: \"%s\" is %dx%d, under the %d px target\n", where, n[i], w[i], h[i], t; bad = 1 }
        for (j = 1; j < i; j++)
          if (x[i] < x[j] + w[j] && x[j] < x[i] + w[i] && y[i] < y[j] + h[j] && y[j] < y[i] + h[i]) {
            printf "%s: \"%s\" overlaps \"%s\"\n", where, n[i], n[j]; bad = 1 }
      }
      printf "%s: %d buttons checked\n", where, NR
      exit bad }' "$tmp/block.txt" || fail "$1: the buttons do not fit the portrait panel"
}

# in_column NAME LEFT|RIGHT: the button lies in that half of the window.
in_column() {
  local x y w h
  read -r x y w h < <(ui_box "$tmp/out.txt" "$1") || fail "no button '$1'"
  if [ "$2" = LEFT ]; then [ $((x + w)) -le $((W / 2)) ] || fail "'$1' at x $x w $w is not in the left column"
  else [ "$x" -ge $((W / 2)) ] || fail "'$1' at x $x is not in the right column"; fi
}

press() {
  local cx cy
  read -r cx cy < <(ui_center "$tmp/out.txt" "$1") || fail "no button '$1'"
  xdotool mousemove --window "$wid" "$cx" "$cy" click 1
}

# ---- the play screen of the practice field ---------------------------------------------
start "$src/scenarios/01_practice_field.lua"
layout_check
echo "layout: text $PX, target $T ($DPI dpi), scene 0 0 $SW $SH, panel 0 $PY $PW $PH, status $STATUS_H"
buttons_check "play"
for b in "Needle +" "Ink -" "Pressure +" "Grain dial"; do in_column "$b" LEFT; done
for b in "Zoom +" "Fit" "Finish and score"; do in_column "$b" RIGHT; done
# Finish at the foot of the right column, just above the status line.
read -r fx fy fw fh < <(ui_box "$tmp/out.txt" "Finish and score")
awk -v y="$fy" -v h="$fh" -v b="$((H - STATUS_H))" -v px="$PX" 'BEGIN { d = b - (y + h); exit !(d >= 0 && d <= px) }' ||
  fail "Finish at y $fy h $fh is not at the panel's foot (status line at $((H - STATUS_H)))"

# A click on the scalp view: the practice field is framed on -35..35 x 105..165 mm (its
# zone plus 15 mm), scaled to fit the scene and centred in it.
VW=$SW; VH=$SH
SCALE=$(awk -v w="$VW" -v h="$VH" 'BEGIN { s = w / 70; if (h / 60 < s) s = h / 60; printf "%.6f", s }')
CX=0; CY=135
: >"$tmp/expected.txt"
rows=0
for pt in 0.31:0.40 0.62:0.71 0.45:0.28; do
  sx=$(awk -v f="${pt%%:*}" -v w="$VW" 'BEGIN { printf "%d", w * f }')
  sy=$(awk -v f="${pt#*:}" -v h="$VH" 'BEGIN { printf "%d", h * f }')
  xdotool mousemove --window "$wid" "$sx" "$sy" click 1
  rows=$((rows + 1))
  wait_until rows_are "$tmp/work.csv" "$rows" || fail "the click at $sx,$sy placed no impression"
  to_chart "$sx" "$sy" >>"$tmp/expected.txt"
done
check_rows "$tmp/work.csv" "$tmp/expected.txt" || fail "the impressions are not where the scalp view was clicked"

# ---- Finish: the result screen ----------------------------------------------------------
# block_done: the trace's last line is a block's end (its buttons all printed).
block_done() { [ "$(grep '^stipple: ui ' "$tmp/out.txt" | tail -n1)" = "stipple: ui end" ]; }
press "Finish and score"
wait_for "$tmp/out.txt" '^stipple: ui Maps ' || fail "Finish did not reach the result screen"
wait_until block_done || fail "the result's buttons were never all traced"
buttons_check "result"
for b in "Maps" "Retry" "Menu"; do in_column "$b" LEFT; done

# ---- a case over time: the session's question, centred on the scalp view ----------------
start "$src/scenarios/11_hairline_sessions.lua"
layout_check
buttons_check "play, case 11"
press "End session 1 of 3"
wait_for "$tmp/out.txt" '^stipple: ui Confirm end session ' || fail "End session asked nothing"
wait_until block_done || fail "the question's buttons were never all traced"
read -r qx qy qw qh < <(ui_box "$tmp/out.txt" "Confirm end session")
read -r bx by bw bh < <(ui_box "$tmp/out.txt" "Back")
# The question's box (26 x 11 text sizes) is centred on the scene; its buttons (a target
# high, at least 2.4 text sizes) stand one text size above its foot.
read -r ex ey < <(awk -v sw="$SW" -v sh="$SH" -v px="$PX" -v t="$T" 'BEGIN {
  bh = t > px * 2.4 ? t : px * 2.4; printf "%d %d\n", (sw - px * 26) / 2 + px, (sh - px * 11) / 2 + px * 11 - px - bh }')
[ $((qx - ex)) -ge -2 ] && [ $((qx - ex)) -le 2 ] && [ $((qy - ey)) -ge -2 ] && [ $((qy - ey)) -le 2 ] ||
  fail "the question's Confirm button is at $qx,$qy, not at $ex,$ey (its box centred on the scalp view 0 0 $SW $SH)"
[ "$by" = "$qy" ] || fail "the question's Back (y $by) is not beside Confirm (y $qy)"

# ---- the brief opened: it takes the left column, the tools come back with "less" ----------
# (It had pushed the grain controls onto the status line, hidden there but still taking taps.)
# new_block: a block of the trace ended since the count in $blocks (the press was drawn).
new_block() { [ "$(grep -c '^stipple: ui end' "$tmp/out.txt")" -gt "$blocks" ] && block_done; }
blocks=$(grep -c '^stipple: ui end' "$tmp/out.txt")
xdotool key Escape   # the question goes
wait_until new_block || fail "the buttons were never all traced after the question"
blocks=$(grep -c '^stipple: ui end' "$tmp/out.txt")
press "Brief"
wait_until new_block || fail "the buttons were never all traced with the brief open"
buttons_check "the brief open"
last_block | grep -q '^Grain dial ' && fail "the grain dial is still a target while the brief fills its column"
blocks=$(grep -c '^stipple: ui end' "$tmp/out.txt")
press "Brief"
wait_until new_block || fail "the buttons were never all traced with the brief folded"
last_block | grep -q '^Grain dial ' || fail "folding the brief did not bring the grain dial back"
buttons_check "the brief folded"

# ---- the consultation of a hairline design case -----------------------------------------
start "$src/scenarios/15_hairline_design.lua"
layout_check
buttons_check "consultation"
in_column "Menu" RIGHT

kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""
echo "portrait_test: ok"
