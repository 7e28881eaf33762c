#!/usr/bin/env bash
# GUI test: a new trainee completes the tutorial and the next case with the pointer alone
# (mouse moves and clicks through xdotool; not one key event: no F12 screenshots either,
# the game's output and files are read instead).
#   - a fresh profile's menu: the tutorial's card is open, the practice field's locked;
#   - the tutorial's card clicked opens it; its coach's five steps are met by doing them:
#     the field's dots clicked where an expert would place them (gui_expert, from the
#     case's targets: place), Zoom + (zoom), Needle + (needle), 7 d and Now (healed),
#     Finish and score (finish); each step is announced in order and the attempt passes;
#   - Next case on the result opens the practice field, now unlocked; its 360 dots clicked
#     the same way and Finish pass it too;
#   - the work files hold one row per click, within 0.1 mm of where it was clicked, and
#     the profile both passed attempts.
# Where each button is comes from the game itself (STIPPLE_UI_TRACE: "stipple: ui NAME X Y
# W H" for each button as drawn); where a chart point is on screen, from the layout
# docs/cli.md states (lib.sh, view_layout).
# Usage (CTest runs it under xvfb-run): tutorial_test.sh STIPPLE GUI_EXPERT SOURCE_DIR
set -euo pipefail
stipple="$1"; expert="$2"; src="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy STIPPLE_DATA_DIR="$src"
export STIPPLE_UI_TRACE=1
. "$(dirname "$0")/lib.sh"
works="$tmp/data/stipple/works"

"$stipple" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ui end' || fail "the menu drew no buttons"
wid="$(xdotool search --pid "$pid" --onlyvisible --name '^Stipple' | head -n1)"
[ -n "$wid" ] || fail "no game window"

button() { ui_center "$tmp/out.txt" "$1"; }   # the centre of the button as last drawn
# press NAME: wait until the game has drawn that button, then click its centre.
press() {
  local at
  wait_until button "$1" >/dev/null || fail "no button '$1' on screen"
  at="$(button "$1")"
  # shellcheck disable=SC2086
  xdotool mousemove --window "$wid" $at click 1
}
# click_work CSV: click every impression of a work at its chart point (one xdotool call).
click_work() {
  local args=()
  while read -r sx sy; do args+=(mousemove --window "$wid" "$sx" "$sy" click 1); done < <(
    awk -F, -v vw="$VW" -v vh="$VH" -v s="$SCALE" -v cx="$CX" -v cy="$CY" \
      'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
       { printf "%d %d\n", vw / 2 + ($col["x_mm"] - cx) * s + 0.5, vh / 2 + ($col["y_mm"] - cy) * s + 0.5 }' "$1")
  xdotool "${args[@]}"
}
# expect_rows WORK CSV: WORK holds one row per row of CSV, each within 0.1 mm.
expect_rows() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } { print $col["x_mm"], $col["y_mm"] }' "$2" >"$tmp/clicked.txt"
  check_rows "$1" "$tmp/clicked.txt" || fail "$1 is not the clicks"
}

# The menu: the tutorial open, the practice field locked.
button "case tutorial" >/dev/null || fail "the tutorial's card is not open"
button "case practice-field (locked)" >/dev/null || fail "the practice field is not locked for a new trainee"
press "case tutorial"
wait_for "$tmp/out.txt" '^stipple: opened: tutorial (0 impressions)' || fail "the tutorial's card did not open it"

# Place: the expert's dots, clicked. The tutorial has no view: its zone (-10..10 x
# 125..140 mm) framed with 15 mm about it.
"$expert" "$src/scenarios/00_tutorial.lua" "$tmp/tutorial-expert.csv" >/dev/null || fail "gui_expert failed on the tutorial"
n_tut=$(($(wc -l <"$tmp/tutorial-expert.csv") - 1))
view_layout 1280 800 -25 110 25 155
click_work "$tmp/tutorial-expert.csv"
wait_for "$tmp/out.txt" '^stipple: tutorial: place done (4 to go)' || fail "placing a dot did not meet the first step"
wait_until rows_are "$works/tutorial.csv" "$n_tut" || fail "the tutorial's work does not hold the $n_tut clicks"
press "Zoom +"
wait_for "$tmp/out.txt" '^stipple: tutorial: zoom done (3 to go)' || fail "Zoom + did not meet the zoom step"
press "Needle +"
wait_for "$tmp/out.txt" '^stipple: tutorial: needle done (2 to go)' || fail "Needle + did not meet the needle step"
press "7 d"
wait_for "$tmp/out.txt" '^stipple: tutorial: healed done (1 to go)' || fail "7 d did not meet the healed step"
wait_for "$tmp/out.txt" '^stipple: time 7 d' || fail "7 d did not show day 7"
press "Now"
wait_for "$tmp/out.txt" '^stipple: time Now' || fail "Now did not come back"
press "Finish and score"
wait_for "$tmp/out.txt" '^stipple: tutorial: finish done (0 to go)' || fail "Finish did not meet the last step"
wait_for "$tmp/out.txt" '^stipple: attempt recorded: tutorial [0-9.]* passed' || fail "the tutorial was not passed: $(grep '^score' "$tmp/out.txt")"
expect_rows "$works/tutorial.csv" "$tmp/tutorial-expert.csv"

# Next case: the practice field, opened by its button and passed the same way.
press "Next case"
wait_for "$tmp/out.txt" '^stipple: opened: practice-field (0 impressions)' || fail "Next case did not open the practice field"
"$expert" "$src/scenarios/01_practice_field.lua" "$tmp/field-expert.csv" >/dev/null || fail "gui_expert failed on the practice field"
n_field=$(($(wc -l <"$tmp/field-expert.csv") - 1))
view_layout 1280 800 -35 105 35 165
click_work "$tmp/field-expert.csv"
wait_until rows_are "$works/practice-field.csv" "$n_field" || fail "the practice field's work does not hold the $n_field clicks"
press "Finish and score"
wait_for "$tmp/out.txt" '^stipple: attempt recorded: practice-field [0-9.]* passed' ||
  fail "the practice field was not passed: $(grep '^score' "$tmp/out.txt" | tail -n1)"
expect_rows "$works/practice-field.csv" "$tmp/field-expert.csv"
grep -q '^stipple: tutorial:' <(sed -n '/opened: practice-field/,$p' "$tmp/out.txt") && fail "the coach spoke in a case that is not a tutorial"

kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 0 ] || fail "exit code $rc"
prof="$tmp/data/stipple/profiles/default.txt"
[ "$(grep -c '^attempt,tutorial,[0-9]*,[0-9.]*,1,' "$prof")" -eq 1 ] || fail "the profile does not hold the tutorial's pass"
[ "$(grep -c '^attempt,practice-field,[0-9]*,[0-9.]*,1,' "$prof")" -eq 1 ] || fail "the profile does not hold the practice field's pass"
echo "gui_tutorial: $n_tut + $n_field clicks, five coach steps, tutorial and practice field passed, no key pressed"
