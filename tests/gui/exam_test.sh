#!/usr/bin/env bash
# GUI test of an exam, as a candidate and an examiner would meet it (#10):
#   - the station's key is made with `stipple keys`; the exam starts with --assess
#     --scenario --candidate --bundle; the design outlines are shown, the countdown runs;
#   - six clicks; F asks "Finish the exam?" (read from the screen) and Esc goes back, the
#     work still open; a seventh click; F then Enter finishes: "stipple: sealed BUNDLE";
#   - `stipple verify` passes on the bundle (exit 0) and fails (exit 5), naming the part,
#     after each of: one byte of work.csv changed, one byte of record.txt changed, the
#     scenario edited, the result edited, the signature replaced with another key's, and
#     single bytes flipped at offsets spread over the whole file;
#   - relaunching the sealed exam refuses (exit 2) and says where the bundle is;
#   - an exam with a time limit ends and seals itself when the time is up.
# Usage (CTest runs it under xvfb-run): exam_test.sh STIPPLE GUI_PROBE SCENARIO
set -euo pipefail
stipple="$1"; probe="$2"; scenario="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME XDG_CONFIG_HOME STIPPLE_KEY_DIR
. "$(dirname "$0")/lib.sh"
command -v zip >/dev/null && command -v unzip >/dev/null || fail "the exam test needs zip and unzip (scripts/deps.sh)"

"$stipple" keys >"$tmp/keys.txt" 2>&1 || fail "stipple keys failed: $(cat "$tmp/keys.txt")"
[ "$(stat -c %a "$tmp/.config/stipple/station.key")" = 600 ] || fail "the secret key is not 0600"

bundle="$tmp/cand-7.zip"
fresh_output
STIPPLE_UI_TRACE=1 "$stipple" --assess --scenario "$scenario" --candidate cand-7 --bundle "$bundle" --size 1280x800 \
  >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the exam never became ready"
grep -q '^stipple: exam begun: cand-7, attempt 1' "$tmp/out.txt" || fail "no 'exam begun' line"
wid="$(game_window)"
view_layout 1280 800 -35 105 35 165
# Text sizes at 1280x800 (docs/cli.md, "The window"): the base is 800/48 px.
big=$(awk 'BEGIN { printf "%.6f", 800 / 48 * 1.4 }'); small=$(awk 'BEGIN { printf "%.6f", 800 / 48 * 0.9 }')
# The question's box: 26 x 11 text sizes, centred on the view; its title in the top 4 text
# sizes (the probe takes the background from the region's top-left pixel: inside the box).
read -r qx0 qy0 qx1 qy1 < <(awk 'BEGIN { px = 800 / 48; w = 26 * px; h = 11 * px
  x = int((896 - w) / 2) + 2; y = int((768 - h) / 2) + 2; printf "%d %d %d %d\n", x, y, x + w - 4, y + 4 * px }')

# The design (the zone's outline) is on screen in an exam: the plan, not the overlays.
img="$(shot "$wid")"
probe_is 1 '>' 0 "$img" match 0 188 896 768 255 196 61 40 || fail "no design outline in the exam ($img)"
# The panel names the candidate and shows the exam's clock.
probe_is 1 "<" 2 "$img" text 896 0 1280 768 "$small" 160 168 180 "Candidate cand-7 · attempt 1" ||
  fail "the panel does not name the candidate ($PROBED; $img)"
# The palette offers only what works in an exam: the loupe and the design, never undo,
# redo, overlays, the menu or restart (the buttons as the game drew them: its UI trace).
ui_box "$tmp/out.txt" "Loupe" >/dev/null || fail "the exam's palette has no Loupe button"
ui_box "$tmp/out.txt" "Zones" >/dev/null || fail "the exam's palette has no Zones button (the design)"
for b in Undo Redo Overlay Menu Restart; do
  ui_box "$tmp/out.txt" "$b" >/dev/null && fail "the exam's palette offers $b"
done
# And the Loupe's label is on screen, at one of the panel's two button sizes.
btn=$(awk 'BEGIN { printf "%.6f", 800 / 48 * 0.9 }')
probe_is 1 "<" 2 "$img" text 896 300 1280 560 "$(awk 'BEGIN { printf "%.6f", 800 / 48 * 0.78 }')" 232 234 238 "Loupe" 64 70 84 ||
  probe_is 1 "<" 2 "$img" text 896 300 1280 560 "$btn" 232 234 238 "Loupe" 64 70 84 ||
  fail "the exam's Loupe button shows no label ($PROBED; $img)"

for p in 260:560 330:250 395:470 470:215 575:300 640:560; do
  xdotool mousemove --window "$wid" "${p%%:*}" "${p#*:}" click 1
done
xdotool key --window "$wid" f
img="$(shot "$wid")"
probe_is 1 '<' 2 "$img" text "$qx0" "$qy0" "$qx1" "$qy1" "$big" 232 234 238 "Finish the exam?" ||
  fail "F did not ask 'Finish the exam?' ($PROBED; $img)"
xdotool key --window "$wid" Escape
xdotool mousemove --window "$wid" 690 230 click 1
img="$(shot "$wid")"
probe_is 1 '>' 2 "$img" text "$qx0" "$qy0" "$qx1" "$qy1" "$big" 232 234 238 "Finish the exam?" ||
  fail "Esc did not close the question ($img)"
grep -q '^stipple: sealed' "$tmp/out.txt" && fail "the exam sealed without confirmation"
xdotool key --window "$wid" f
shot "$wid" >/dev/null   # the question is up before Enter
xdotool key --window "$wid" Return
wait_for "$tmp/out.txt" '^stipple: sealed ' || fail "Enter did not finish and seal the exam"
sealed="$(grep '^stipple: sealed ' "$tmp/out.txt" | cut -d' ' -f3-)"
[ "$sealed" = "$bundle" ] || fail "sealed to '$sealed', asked for $bundle"
kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 0 ] || fail "the game exited with $rc"

"$stipple" verify "$bundle" >"$tmp/v.txt" 2>&1 || fail "verify failed on the honest bundle: $(cat "$tmp/v.txt")"
grep -q "7 impressions" "$tmp/v.txt" || fail "verify does not report the 7 impressions: $(cat "$tmp/v.txt")"

# Relaunching a sealed exam refuses and says where the bundle is.
rc=0; "$stipple" --assess --scenario "$scenario" --candidate cand-7 >"$tmp/re.txt" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "relaunching the sealed exam exited $rc, not 2: $(cat "$tmp/re.txt")"
grep -q "sealed" "$tmp/re.txt" && grep -qF "$bundle" "$tmp/re.txt" || fail "the refusal does not say where the bundle is: $(cat "$tmp/re.txt")"

# expect_fail NAME FILE PATTERN: verify exits 5 on FILE and its output matches PATTERN.
expect_fail() {
  local rc=0
  "$stipple" verify "$2" >"$tmp/v.txt" 2>&1 || rc=$?
  [ "$rc" -eq 5 ] || fail "$1: verify exited $rc, not 5: $(cat "$tmp/v.txt")"
  grep -q -- "$3" "$tmp/v.txt" || fail "$1: verify does not say '$3': $(cat "$tmp/v.txt")"
}
# replace_member NAME SED: a copy of the bundle with member NAME edited by SED, re-zipped.
replace_member() {
  rm -rf "$tmp/x"; mkdir "$tmp/x"
  (cd "$tmp/x" && unzip -q "$bundle" && sed -i "$2" "$1") || fail "cannot edit $1"
  cp "$bundle" "$tmp/t.zip"
  (cd "$tmp/x" && zip -q "$tmp/t.zip" "$1") || fail "cannot re-zip $1"
  cmp -s "$bundle" "$tmp/t.zip" && fail "editing $1 changed nothing"
  echo "$tmp/t.zip"
}
expect_fail "one byte of the work" "$(replace_member work.csv '2s/^\(.\)/\1\1/; 2s/^.//; 2s/[0-9]/9/')" 'work.csv'
expect_fail "one byte of the record" "$(replace_member record.txt '$s/[0-8]\([^0-9]*\)$/9\1/')" 'record.txt'
expect_fail "the scenario edited" "$(replace_member scenario.lua 's/pass_mark = 70/pass_mark = 0/')" 'scenario.lua'
expect_fail "the result edited" "$(replace_member result.json 's/"passed":[[:space:]]*false/"passed": true/')" 'result.json'

# Another station's key: a second exam sealed there, its signature put on this bundle.
mkdir -p "$tmp/k2"
STIPPLE_KEY_DIR="$tmp/k2" "$stipple" keys >/dev/null 2>&1 || fail "cannot make a second key"
fresh_output
STIPPLE_KEY_DIR="$tmp/k2" "$stipple" --assess --scenario "$scenario" --candidate other --bundle "$tmp/other.zip" \
  --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the second exam never became ready"
wid="$(game_window)"
xdotool mousemove --window "$wid" 448 384 click 1 key --window "$wid" f
shot "$wid" >/dev/null   # the question is up before Enter
xdotool key --window "$wid" Return
wait_for "$tmp/out.txt" '^stipple: sealed ' || fail "the second exam did not seal"
kill -TERM "$pid"; wait "$pid" || true; pid=""
unzip -z "$tmp/other.zip" | tail -n +2 >"$tmp/sig.txt"
grep -q '^stipple-ed25519 ' "$tmp/sig.txt" || fail "no signature comment in the second bundle: $(cat "$tmp/sig.txt")"
cp "$bundle" "$tmp/t.zip"
zip -q -z "$tmp/t.zip" <"$tmp/sig.txt"
expect_fail "the signature replaced with another key's" "$tmp/t.zip" 'signature'

# Single bytes flipped anywhere: the header, members, the central directory, the signature.
size=$(stat -c %s "$bundle")
for k in $(seq 0 23); do
  off=$(( (size - 1) * k / 23 ))
  cp "$bundle" "$tmp/t.zip"
  b=$(od -An -tu1 -j "$off" -N1 "$bundle" | tr -d ' ')
  printf "$(printf '\\%03o' $(( b ^ 1 )))" | dd of="$tmp/t.zip" bs=1 seek="$off" conv=notrunc status=none
  rc=0; "$stipple" verify "$tmp/t.zip" >"$tmp/v.txt" 2>&1 || rc=$?
  [ "$rc" -ne 0 ] || fail "a byte flipped at offset $off of $size passed verification"
done

# Attacks a candidate tried on the first build (#10):
# practice carries into the exam: a practice autosave with dots, then an exam of the same
# case starts empty all the same.
fresh_output
"$stipple" --scenario "$scenario" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "practice never became ready"
wid="$(game_window)"
xdotool mousemove --window "$wid" 448 384 click 1 mousemove --window "$wid" 500 384 click 1
wait_until rows_are "$tmp/.local/share/stipple/works/practice-field.csv" 2 || fail "practice saved no work"
kill -TERM "$pid"; wait "$pid" || true; pid=""
# rescoring by editing the scenario: the exam reads it once; an edit during the exam
# changes nothing (no reload, the bundle holds the bytes read at the start).
cp "$scenario" "$tmp/case.lua"
fresh_output
"$stipple" --assess --scenario "$tmp/case.lua" --candidate cand-8 --bundle "$tmp/edit.zip" --size 1280x800 \
  >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready: practice-field (0 impressions)' || fail "the exam did not start empty after practice"
wid="$(game_window)"
xdotool mousemove --window "$wid" 448 384 click 1 mousemove --window "$wid" 470 384 click 1
sed -i 's/pass_mark = 70,/pass_mark = 0, rubric = { spacing = 1 },/' "$tmp/case.lua"
touch -d '+1 minute' "$tmp/case.lua"
# a crash in the middle (SIGKILL): the exam resumes from its record, with its two dots.
shot "$wid" >/dev/null
kill -KILL "$pid"; wait "$pid" 2>/dev/null || true; pid=""
cp "$scenario" "$tmp/case.lua"   # the same case again (an edited one is another exam)
fresh_output
"$stipple" --assess --scenario "$tmp/case.lua" --candidate cand-8 --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready: practice-field (2 impressions)' || fail "the killed exam did not resume with its 2 dots"
grep -q '^stipple: exam resumed: cand-8, attempt 1' "$tmp/out.txt" || fail "no 'exam resumed' line"
wid="$(game_window)"
xdotool mousemove --window "$wid" 490 384 click 1 key --window "$wid" f
shot "$wid" >/dev/null
# The question's buttons answer mouse clicks (they lie over the scalp): Back, then Finish.
read -r fx fy bx by < <(awk 'BEGIN { px = 800 / 48; w = 26 * px; h = 11 * px; x = (896 - w) / 2; y = (768 - h) / 2
  bw = (w - 3 * px) / 2; top = y + h - px - 2.4 * px
  printf "%d %d %d %d\n", x + px + bw / 2, top + 1.2 * px, x + 2 * px + 1.5 * bw, top + 1.2 * px }')
xdotool mousemove --window "$wid" "$bx" "$by" click 1
img="$(shot "$wid")"
probe_is 1 ">" 2 "$img" text "$qx0" "$qy0" "$qx1" "$qy1" "$big" 232 234 238 "Finish the exam?" ||
  fail "a click on Back did not close the question ($img)"
xdotool key --window "$wid" f
shot "$wid" >/dev/null
xdotool mousemove --window "$wid" "$fx" "$fy" click 1
wait_for "$tmp/out.txt" '^stipple: sealed ' || fail "a click on the question's Finish did not seal the resumed exam"
grep -q 'reloaded' "$tmp/out.txt" && fail "the exam reloaded its scenario"
kill -TERM "$pid"; wait "$pid" || true; pid=""
"$stipple" verify "$tmp/edit.zip" >"$tmp/v.txt" 2>&1 || fail "the resumed exam's bundle does not verify: $(cat "$tmp/v.txt")"
grep -q "3 impressions" "$tmp/v.txt" || fail "the resumed exam does not hold 2 + 1 impressions: $(cat "$tmp/v.txt")"
unzip -p "$tmp/edit.zip" scenario.lua | cmp -s - "$scenario" || fail "the bundle does not hold the scenario as read at the start"
unzip -p "$tmp/edit.zip" result.json | grep -q '"passed":[[:space:]]*false' || fail "3 dots passed: the edit reached the score"
# The clicks on the question's buttons are neither impressions nor pointer samples.
downs=$(unzip -p "$tmp/edit.zip" record.txt | grep -c ' down ' || true)
[ "$downs" -eq 3 ] || fail "the record has $downs pointer presses for 3 impressions (a click on the question was recorded)"

# A time limit ends the exam by itself: scored and sealed when the time is up.
sed 's/time_limit = 0,/time_limit = 2,/' "$scenario" >"$tmp/timed.lua"
grep -q 'time_limit = 2,' "$tmp/timed.lua" || fail "cannot make a timed case"
fresh_output
"$stipple" --assess --scenario "$tmp/timed.lua" --candidate cand-7 --bundle "$tmp/timed.zip" --size 1280x800 \
  >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: ready' || fail "the timed exam never became ready"
wid="$(game_window)"
xdotool mousemove --window "$wid" 448 384 click 1
wait_for "$tmp/out.txt" '^stipple: time is up' || fail "the time limit was not enforced"
wait_for "$tmp/out.txt" '^stipple: sealed ' || fail "the timed exam did not seal when time was up"
kill -TERM "$pid"; wait "$pid" || true; pid=""
"$stipple" verify "$tmp/timed.zip" >"$tmp/v.txt" 2>&1 || fail "the timed exam's bundle does not verify: $(cat "$tmp/v.txt")"
echo "gui_exam: 7 clicks, confirm asked, sealed, verified; 5 tampers and 24 flipped bytes refused; relaunch refused;"
echo "  practice not carried in, scenario edit ignored, killed exam resumed from its record; time limit enforced"
