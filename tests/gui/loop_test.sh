#!/usr/bin/env bash
# GUI test of the game loop, with a fresh trainee profile and pointer clicks only (F12 for
# the screenshots aside):
#   - the menu shows case 2 locked ("Locked: pass 1 ...") and case 1 (the tutorial) open; the
#     tutorial resumed with an expert's work and finished passes and opens case 2 (the practice field);
#   - case 2 (the practice field) resumed with an expert's work (made from its targets by
#     gui_expert) and Finish clicked: the attempt is recorded as passed, grade A; the result
#     screen shows Next case and Retry;
#   - Retry moves the work aside (works/Trainee/practice-field.csv.prev.csv, as --new does, its
#     rows intact) and the case opens empty; finishing that fails, and Next case is still open;
#   - Next case opens case 3; finishing it (empty: not passed) and Menu go back to the menu,
#     which shows case 2's best score (100) and grade A, case 3 open with "grade not yet",
#     case 4 still locked;
#   - the progress screen opens from its button; the profile file holds the three attempts;
#   - a second run with --pressure-gamma writes the curve into the profile.
# Places are computed from the layout line the game prints and the layout docs/cli.md
# states ("The window", "The menu", "The result screen").
# Usage (CTest runs it under xvfb-run): loop_test.sh STIPPLE GUI_PROBE GUI_EXPERT SOURCE_DIR
# LOOP_SIZE=WxH runs it at another size (the screen must be larger); STIPPLE_GUI_SHOTS=DIR
# keeps the screenshots.
set -euo pipefail
stipple="$1"; probe="$2"; expert="$3"; src="$4"
size="${LOOP_SIZE:-1280x800}"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
export STIPPLE_DATA_DIR="$src" STIPPLE_UI_TRACE=1
. "$(dirname "$0")/lib.sh"
data="$tmp/data/stipple"
mkdir -p "$data/works/Trainee"
"$expert" "$src/scenarios/01_practice_field.lua" "$data/works/Trainee/practice-field.csv" >/dev/null ||
  fail "gui_expert could not make the expert work"
"$expert" "$src/scenarios/00_tutorial.lua" "$data/works/Trainee/tutorial.csv" >/dev/null ||
  fail "gui_expert could not make the tutorial's expert work"
tut0=$(($(wc -l <"$data/works/Trainee/tutorial.csv") - 1))
rows0=$(($(wc -l <"$data/works/Trainee/practice-field.csv") - 1))

"$stipple" --profile Trainee --size "$size" >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: menu: ' || fail "the menu never came"
wid="$(xdotool search --onlyvisible --name '^Stipple' | head -n1)"
[ -n "$wid" ] || fail "no game window"
read -r W H PX PW T < <(grep -m1 '^stipple: layout ' "$tmp/out.txt" |
  sed -E 's/^stipple: layout ([0-9]+)x([0-9]+) text ([0-9.]+) panel ([0-9.]+) target ([0-9]+).*/\1 \2 \3 \4 \5/')
[ -n "$T" ] || fail "no layout line"
SH=$(awk -v p="$PX" 'BEGIN { printf "%d", int(p * 1.9 + 0.5) }')

# The menu (docs/cli.md, "The menu"): pad = 2 text sizes; the cards start below the title
# (1.6 text sizes) and the line under it (0.9), one text size lower, or below the header's
# buttons (0.6 pad from the top, one target high) if lower; gap = 0.5 text size, rounded; a
# card is at least max(3 text sizes, target) and at most 4.6 text sizes high, 28 to 55 text
# sizes wide; as few columns (1 to 3) as fit the height within that width, filled down each
# column. Line
# heights are 1.2 x the size, rounded (DejaVu Sans).
# card K (0-based) -> "X Y W H"
card() {
  awk -v k="$1" -v W="$W" -v H="$H" -v p="$PX" -v t="$T" -v sh="$SH" -v n=15 'function lh(s) { return int(1.2 * s + 0.5) }
    BEGIN { pad = 2 * p; top = pad + lh(1.6 * p) + lh(0.9 * p) + p
      hb = 0.6 * pad + t + 0.5 * p; if (hb > top) top = hb
      bottom = H - sh - 0.5 * p; gap = int(0.5 * p + 0.5); avail = bottom - top; width = W - 2 * pad
      minh = int(3 * p + 0.5); if (t > minh) minh = t; maxh = int(4.6 * p + 0.5); minw = 28 * p; maxw = 55 * p
      cols = 1; rowh = minh
      for (c = 1; c <= 3; c++) {
        cw = (width - (c - 1) * gap) / c
        if (c > 1 && cw < minw) break
        rows = int((n + c - 1) / c); h = (avail - (rows - 1) * gap) / rows; cols = c
        rowh = h < minh ? minh : h; if (rowh > maxh) rowh = maxh
        if (h >= minh && cw <= maxw) break
      }
      rows = int((n + cols - 1) / cols); colw = (width - (cols - 1) * gap) / cols
      col = int(k / rows); row = k % rows
      printf "%d %d %d %d\n", pad + col * (colw + gap), top + row * (rowh + gap), colw, rowh }'
}
center() { awk -v x="$1" -v y="$2" -v w="$3" -v h="$4" 'BEGIN { printf "%d %d\n", x + w / 2, y + h / 2 }'; }
click_at() { xdotool mousemove --window "$wid" "$1" "$2" click 1; }
# text_in IMG "X Y W H" SIZE R G B STRING: the string is drawn in that box (the box's top-left
# pixel is the text's background).
text_in() {
  local img="$1" box="$2" sz="$3" r="$4" g="$5" b="$6" s="$7" x y w h
  read -r x y w h <<<"$box"
  probe_is 1 '<' 2 "$img" text "$((x + 2))" "$((y + 2))" "$((x + w - 2))" "$((y + h - 2))" "$sz" "$r" "$g" "$b" "$s"
}
dim=(160 168 180); small=$(awk -v p="$PX" 'BEGIN { print 0.8 * p }')

img="$(shot "$wid")"
probe_is 1 '<' 2 "$img" text 0 0 "$W" 120 "$(awk -v p="$PX" 'BEGIN { print 1.6 * p }')" 232 234 238 "Stipple — the curriculum" ||
  fail "the menu's title is not on screen ($img)"
text_in "$img" "$(card 1)" "$small" "${dim[@]}" "Locked: pass 1" || fail "case 2 is not shown locked ($img)"
text_in "$img" "$(card 0)" "$small" "${dim[@]}" "Locked" && fail "the tutorial is shown locked ($img)"

# Finish (the play panel's foot, docs/cli.md): x = W - PW + 0.8 text, width PW - 1.6 text, one
# target high, 0.8 text above the status line.
finish=$(awk -v W="$W" -v H="$H" -v p="$PX" -v pw="$PW" -v t="$T" -v sh="$SH" \
  'BEGIN { printf "%d %d\n", W - pw + 0.8 * p + (pw - 1.6 * p) / 2, H - sh - 0.8 * p - t / 2 }')
# The result panel's foot row (Maps, Back, Menu), one target high at 1 text above the status
# line (docs/cli.md, "The result screen").
read -r RX RW BY <<<"$(awk -v W="$W" -v H="$H" -v p="$PX" -v pw="$PW" -v t="$T" -v sh="$SH" \
  'BEGIN { printf "%d %d %d\n", W - pw + p, pw - 2 * p, H - sh - p - t }')"
THIRD=$(awk -v w="$RW" -v p="$PX" 'BEGIN { printf "%d", (w - 0.5 * p) / 3 }')
menu_button() { click_at "$(awk -v x="$RX" -v w="$THIRD" -v p="$PX" 'BEGIN { printf "%d", x + 2.5 * w + 0.5 * p }')" $((BY + T / 2)); }

# The tutorial (case 1), resumed with an expert's work and finished: passed, it opens case 2.
# shellcheck disable=SC2046
click_at $(center $(card 0))
wait_for "$tmp/out.txt" "^stipple: opened: tutorial ($tut0 impressions) for Trainee" || fail "the tutorial did not open from its card"
# shellcheck disable=SC2086
click_at $finish
wait_for "$tmp/out.txt" '^stipple: attempt recorded: tutorial [0-9.]* passed ' || fail "finishing the tutorial recorded no passed attempt"
menu_button
wait_for "$tmp/out.txt" '^stipple: menu: ' || fail "Menu did not go back to the menu"
# Its card: passed (the tick), its work saved, which is not "in progress" (docs/cli.md, "The menu").
img="$(shot "$wid")"
text_in "$img" "$(card 0)" "$small" 255 196 61 "work saved" || fail "the passed tutorial's card does not say its work is kept ($img)"
text_in "$img" "$(card 0)" "$small" 255 196 61 "in progress" && fail "the passed tutorial's card says in progress ($img)"
# Opened again, the passed tutorial's coach has every step done (it began again at step 1).
cards_traced() { grep -c '^stipple: ui case tutorial ' "$tmp/out.txt" || true; }
menus=$(cards_traced)
# shellcheck disable=SC2046
click_at $(center $(card 0))
wait_for "$tmp/out.txt" '^stipple: tutorial: passed before: every step done' || fail "the passed tutorial's coach began again"
xdotool key --window "$wid" m
wait_until eval '[ "$(cards_traced)" -gt "$menus" ]' || fail "M did not go back to the menu from the tutorial"

# Case 2 (the practice field): its card clicked opens it with the expert's work resumed.
# shellcheck disable=SC2046
click_at $(center $(card 1))
wait_for "$tmp/out.txt" "^stipple: opened: practice-field ($rows0 impressions) for Trainee" || fail "case 1 did not open from its card"
# shellcheck disable=SC2086
click_at $finish
wait_for "$tmp/out.txt" '^stipple: attempt recorded: practice-field 100.00 passed grade A (profile Trainee, attempt 1' ||
  fail "finishing case 1 recorded no passed attempt"

# The result screen (docs/cli.md, "The result screen"): the panel's foot row (Maps, Back,
# Menu) one target high at 1 text above the status line; above it Retry and Compare, and above
# them Next case across the panel, each one target high, 0.25 text apart.
NEXTY=$(awk -v by="$BY" -v t="$T" -v p="$PX" 'BEGIN { printf "%d", by - 2 * (t + 0.25 * p) }')
RETRYY=$(awk -v y="$NEXTY" -v t="$T" -v p="$PX" 'BEGIN { printf "%d", y + t + 0.25 * p }')
HALF=$(awk -v w="$RW" -v p="$PX" 'BEGIN { printf "%d", (w - 0.25 * p) / 2 }')
bsize=$(awk -v p="$PX" -v t="$T" 'BEGIN { print (t >= 2.2 * p ? 1.05 : 0.9) * p }')
img="$(shot "$wid")"
text_in "$img" "$RX $NEXTY $RW $T" "$bsize" 20 20 24 "Next case" || fail "the result shows no Next case ($img)"
text_in "$img" "$RX $RETRYY $HALF $T" "$bsize" 20 20 24 "Retry" || fail "the result shows no Retry ($img)"

# Retry: the work aside, the case empty.
click_at $((RX + HALF / 2)) $((RETRYY + T / 2))
wait_for "$tmp/out.txt" '^stipple: restarted practice-field; the previous work is kept as .*practice-field.csv.prev.csv' ||
  fail "Retry did not restart the case, saying where the work went"
grep -q '^stipple: opened: practice-field (0 impressions)' "$tmp/out.txt" || fail "Retry did not reopen the case empty"
[ $(($(wc -l <"$data/works/Trainee/practice-field.csv.prev.csv") - 1)) -eq "$rows0" ] || fail "the work moved aside lost rows"
# shellcheck disable=SC2086
click_at $finish
wait_for "$tmp/out.txt" '^stipple: attempt recorded: practice-field [0-9.]* not-passed grade not yet (profile Trainee, attempt 2, best 100.00)' ||
  fail "the empty retry was not recorded as a second, failed attempt"

# Next case: open still (case 1 was passed once).
click_at $((RX + RW / 2)) $((NEXTY + T / 2))
wait_for "$tmp/out.txt" '^stipple: opened: blend-fitz5 (0 impressions) for Trainee' || fail "Next case did not open case 3"
# shellcheck disable=SC2086
click_at $finish
# Case 3 has three sessions: finishing in the first asks first; its Finish button is where
# the game's UI trace says.
confirm() { ui_center "$tmp/out.txt" "Confirm finish"; }
wait_until confirm >/dev/null || fail "finishing in session 1 of 3 did not ask first"
# shellcheck disable=SC2046
click_at $(confirm)
wait_for "$tmp/out.txt" '^stipple: attempt recorded: blend-fitz5 ' || fail "finishing case 3 was not recorded"
# Menu: the third button of the foot row.
menu_button
img="$(shot "$wid")"
probe_is 1 '<' 2 "$img" text 0 0 "$W" 120 "$(awk -v p="$PX" 'BEGIN { print 1.6 * p }')" 232 234 238 "Stipple — the curriculum" ||
  fail "Menu did not bring the menu back ($img)"
big=$(awk -v p="$PX" 'BEGIN { print 1.4 * p }')
text_in "$img" "$(card 1)" "$big" 86 180 233 "100" || fail "case 2's best score is not on its card ($img)"
text_in "$img" "$(card 1)" "$small" 255 196 61 "grade A" || fail "case 2's grade is not on its card ($img)"
text_in "$img" "$(card 2)" "$small" "${dim[@]}" "grade not yet" || fail "case 3's grade is not shown ($img)"
text_in "$img" "$(card 2)" "$small" "${dim[@]}" "Locked" && fail "case 3 is still locked ($img)"
text_in "$img" "$(card 3)" "$small" "${dim[@]}" "Locked: pass 3" || fail "case 4 is not locked ($img)"

# The progress screen: the header's Progress button (8 text sizes wide, left of the profile's
# 13, 0.6 text apart).
click_at "$(awk -v W="$W" -v p="$PX" 'BEGIN { pad = 2 * p; x = W - pad - int(13 * p + 0.5) - 0.6 * p - int(8 * p + 0.5); printf "%d", x + 4 * p }')" \
  "$(awk -v p="$PX" -v t="$T" 'BEGIN { printf "%d", 1.2 * p + t / 2 }')"
img="$(shot "$wid")"
probe_is 1 '<' 2 "$img" text 0 0 "$W" "$((T * 2))" "$(awk -v p="$PX" 'BEGIN { print 1.6 * p }')" 232 234 238 "Progress — Trainee" ||
  fail "the progress screen did not open ($img)"

# The profile: four attempts, written as docs/profile-format.md says.
prof="$data/profiles/Trainee.txt"
[ "$(head -n1 "$prof")" = "stipple-profile,1" ] || fail "the profile has no header"
grep -q '^name,Trainee$' "$prof" || fail "the profile has no name"
[ "$(grep -c '^attempt,practice-field,[0-9]*,100.00,1,A,' "$prof")" -eq 1 ] || fail "the pass is not in the profile"
[ "$(grep -c "^attempt," "$prof")" -eq 4 ] || fail "the profile does not hold four attempts (tutorial, practice field twice, blend)"
kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 0 ] || fail "exit code $rc"
# --pressure-gamma becomes the trainee's curve, written into the profile (its attempts kept).
"$stipple" --profile Trainee --pressure-gamma 2.5 --size "$size" >"$tmp/out2.txt" 2>"$tmp/err2.txt" &
pid=$!
wait_for "$tmp/out2.txt" '^stipple: menu: ' || fail "the second run's menu never came"
grep -q '^pressure,gamma,2.500$' "$prof" || fail "--pressure-gamma was not written into the profile"
[ "$(grep -c "^attempt," "$prof")" -eq 4 ] || fail "writing the curve lost attempts"
kill -TERM "$pid"
wait "$pid" || fail "the second run did not exit 0"
pid=""
echo "gui_loop ($size): case 2 locked -> tutorial passed -> case 2 passed (A) -> Retry (work aside) -> Next -> case 2 -> menu: 100, A, case 2 open, case 3 locked -> progress"
