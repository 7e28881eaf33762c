#!/usr/bin/env bash
# GUI test of `stipple edit` (docs/editor.md) on a copy of tests/data/scenarios/edit_case.lua,
# whose hairline zone is a band behind the line through the landmarks and whose crown is a
# 60 x 60 mm square polygon (-30..30, 170..230). Driven with xdotool, the positions of the
# handles read from STIPPLE_UI_TRACE (the boxes the editor prints):
#   1. drag the mid-frontal point (0, 80) 10 mm back (the scale from the handles of the
#      mid-frontal point and the vertex, 100 mm apart on the standard head), save with the
#      Save button;
#   2. click inside the crown to select it, drag its third point (30, 230) by (+10, +10) mm,
#      save with Ctrl+S; look at the case in preview, healed;
# then check, on the saved file: `stipple check` is clean; the file's own text (comments and
# code) is the original's byte for byte once the generated block is taken out; the block's
# head { } holds the mid-frontal point near (0, 90); and `stipple targets` (1 mm cells) has
# the hairline zone start 10 mm further back on the midline and the crown take the cell at
# (35.5, 236.5), inside the moved corner (the edge from (30, 170) to (40, 240) passes
# x = 39.5 there) and outside the square before, and not (41.5, 236.5) nor (36.5, 243.5), past
# the moved edges. Then a copy that does not load: it opens with check's error and is not saved.
# Usage (CTest runs it under xvfb-run): edit_test.sh STIPPLE GUI_PROBE CASE
set -euo pipefail
stipple="$1"; probe="$2"; case_file="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
. "$(dirname "$0")/lib.sh"

cp "$case_file" "$tmp/case.lua"
"$stipple" targets --scenario "$tmp/case.lua" --cell 1 --csv >"$tmp/before.csv" || fail "targets before"
grep -q '^0.50,82.50,hairline,' "$tmp/before.csv" || fail "the hairline zone does not start at 80 before the edit"
! grep -q '^35.50,236.50,crown,' "$tmp/before.csv" || fail "the crown holds (35.5, 236.5) before the edit"

STIPPLE_UI_TRACE=1 "$stipple" edit "$tmp/case.lua" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: edit ready (.*case.lua: 2 zones)$' || fail "the editor never said 'edit ready'"
wid="$(xdotool search --onlyvisible --name '^Stipple edit' | head -n1)"
[ -n "$wid" ] || fail "no editor window"

# centre NAME: the centre of the last box printed for NAME ("stipple: ui NAME x y w h").
centre() {
  grep "^stipple: ui $1 " "$tmp/out.txt" | tail -n1 | awk '{ printf "%d %d\n", $4 + $6 / 2, $5 + $7 / 2 }'
}
# drag X0 Y0 X1 Y1: press, move there in steps, release.
drag() {
  xdotool mousemove --window "$wid" "$1" "$2" mousedown 1
  for k in 1 2 3 4 5 6 7 8; do
    xdotool mousemove --window "$wid" $(( $1 + ($3 - $1) * k / 8 )) $(( $2 + ($4 - $2) * k / 8 ))
  done
  xdotool mouseup 1
}
read -r mx my < <(centre lm:mfp)
read -r vx vy < <(centre lm:vertex)
[ -n "$mx" ] && [ -n "$vy" ] || fail "no landmark handles traced"
[ "$mx" = "$vx" ] || fail "the mid-frontal point ($mx) and the vertex ($vx) are not on one vertical line"
s=$(awk -v a="$my" -v b="$vy" 'BEGIN { printf "%.4f", (b - a) / 100 }')   # px per mm
px() { awk -v s="$s" -v v="$1" 'BEGIN { printf "%d", v * s + (v < 0 ? -0.5 : 0.5) }'; }

# 1. The mid-frontal point 10 mm back, saved with the button.
drag "$mx" "$my" "$mx" $(( my + $(px 10) ))
wait_for "$tmp/out.txt" '^stipple: landmark mfp at' || fail "the landmark was not moved"
read -r bx by < <(centre save)
xdotool mousemove --window "$wid" "$bx" "$by" click 1
wait_for "$tmp/out.txt" '^stipple: saved ' || fail "the Save button did not save"
shot "$wid" >/dev/null

# 2. The crown selected by a click inside it (-15, 215), its point (30, 230) dragged 10 mm right and back.
xdotool mousemove --window "$wid" $(( mx - $(px 15) )) $(( my + $(px 135) )) click 1
wait_for "$tmp/out.txt" '^stipple: ui pt:crown:2 ' || fail "clicking the crown showed no point handles"
read -r cx cy < <(centre pt:crown:2)
exp_x=$(( mx + $(px 30) )); exp_y=$(( my + $(px 150) ))
[ $(( cx - exp_x )) -le 2 ] && [ $(( exp_x - cx )) -le 2 ] && [ $(( cy - exp_y )) -le 2 ] && [ $(( exp_y - cy )) -le 2 ] ||
  fail "the crown's third point is at ($cx, $cy), expected near ($exp_x, $exp_y)"
drag "$cx" "$cy" $(( cx + $(px 10) )) $(( cy + $(px 10) ))
wait_for "$tmp/out.txt" '^stipple: outline point moved' || fail "the outline point was not moved"
xdotool key --window "$wid" ctrl+s
saved_twice() { [ "$(grep -c '^stipple: saved ' "$tmp/out.txt")" -ge 2 ]; }
wait_until saved_twice || fail "Ctrl+S did not save"
shot "$wid" >/dev/null
xdotool key --window "$wid" p
shot "$wid" >/dev/null
xdotool key --window "$wid" h
shot "$wid" >/dev/null
# (the window may be gone before xdotool sends the key's release: that error is not the test's)
xdotool key --window "$wid" Escape 2>/dev/null || true
gone() { ! kill -0 "$pid" 2>/dev/null; }
wait_until gone || fail "Esc did not quit after saving"
wait "$pid" || fail "the editor exited with $?"
pid=""

# The saved file: clean, its own text kept, the landmark and the zones moved.
"$stipple" check "$tmp/case.lua" >"$tmp/check.txt" 2>&1 || { cat "$tmp/check.txt"; fail "stipple check failed on the saved file"; }
! grep -qi 'error' "$tmp/check.txt" || fail "check reports errors: $(cat "$tmp/check.txt")"
# (the empty line after the block is the block's: take it out too)
awk '/^-- stipple edit: begin/ { skip = 1 } !skip && !(after && $0 == "") { print } { after = 0 }
     /^-- stipple edit: end/ { skip = 0; after = 1 }' "$tmp/case.lua" >"$tmp/own.lua"
cmp -s "$tmp/own.lua" "$case_file" || { diff "$case_file" "$tmp/own.lua" >&2 || true; fail "the file's own text changed"; }
grep -q '^-- Hand-written comment: the hairline zone follows the landmarks' "$tmp/case.lua" || fail "a comment was lost"
read -r lx ly < <(sed -n 's/^ *mfp = {\([-0-9.]*\), \([-0-9.]*\)},$/\1 \2/p' "$tmp/case.lua")
[ -n "$ly" ] || fail "no mfp = {x, y} in the saved block: $(cat "$tmp/case.lua")"
awk -v x="$lx" -v y="$ly" 'BEGIN { exit !(x >= -0.6 && x <= 0.6 && y >= 89 && y <= 91) }' ||
  fail "the mid-frontal point was saved at ($lx, $ly), expected near (0, 90)"
"$stipple" targets --scenario "$tmp/case.lua" --cell 1 --csv >"$tmp/after.csv" || fail "targets after"
! grep -q '^0.50,82.50,hairline,' "$tmp/after.csv" || fail "the hairline zone still starts at 80"
grep -q '^0.50,92.50,hairline,' "$tmp/after.csv" || fail "the hairline zone does not reach 92.5 behind the moved point"
grep -q '^35.50,236.50,crown,' "$tmp/after.csv" || fail "the crown did not take (35.5, 236.5)"
grep -q '^-15.50,215.50,crown,' "$tmp/after.csv" || fail "the crown lost its middle"
# ... and no more than that: the corner is at (40, 240), so the new right edge passes x = 39.5
# at y = 236.5 and the new bottom edge y = 239.5 at x = 36.5 (both within the drag's 0.6 mm).
! grep -q '^41.50,236.50,crown,' "$tmp/after.csv" || fail "the crown reaches past its new right edge"
! grep -q '^36.50,243.50,crown,' "$tmp/after.csv" || fail "the crown reaches past its new bottom edge"
# A file that does not load opens with its error, and is not saved.
sed 's/density = 35, role/densty = 35, role/' "$case_file" >"$tmp/broken.lua"
cp "$tmp/broken.lua" "$tmp/broken.orig"
: >"$tmp/out.txt"
"$stipple" edit "$tmp/broken.lua" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: edit ready (.*broken.lua: 0 zones, does not load)$' || fail "the broken file did not open"
# (the same file:line: message as `stipple check` gives, whose line is the file's)
line="$("$stipple" check "$tmp/broken.lua" 2>&1 | sed -n "s/.*broken.lua:\([0-9]*\): error: unknown key 'densty'.*/\1/p" || true)"
[ -n "$line" ] || fail "check did not report the broken key"
want="broken.lua:$line: unknown key 'densty'"
grep -qF "$want" "$tmp/out.txt" || fail "the broken file's error was not shown as check shows it ($want)"
wid="$(xdotool search --onlyvisible --name '^Stipple edit' | head -n1)"
xdotool key --window "$wid" ctrl+s
wait_for "$tmp/out.txt" '^stipple: not saved: the case does not load' || fail "a file that does not load was saved"
xdotool key --window "$wid" Escape 2>/dev/null || true
wait_until gone || fail "Esc did not quit the broken file"
wait "$pid" || fail "the editor exited with $? on the broken file"
pid=""
cmp -s "$tmp/broken.lua" "$tmp/broken.orig" || fail "the broken file was changed"
echo "edit test passed (scale $s px/mm, mfp saved at ($lx, $ly))"
