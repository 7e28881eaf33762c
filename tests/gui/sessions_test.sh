#!/usr/bin/env bash
# GUI test: a case of three sessions played end to end in the real game.
#   - session 1: four dots clicked with the mouse; S asks first (Esc goes back, S and Enter
#     end it); the healing interlude is on
#     screen ("Healing after session 1 of 3", read as text) and a key skips it;
#   - the game is closed in session 2 before anything is placed, and started again: it
#     comes back in session 2 (the panel says "4 impressions · session 2 of 3"), and undo
#     does not reach back into the healed session 1;
#   - session 2: four dots; the on-screen "End session 2 of 3 (S)" button (where the
#     layout of docs/cli.md puts it) ends it, and the interlude is waited out (the game
#     says when session 3 begins);
#   - session 3: no End session button (its blue is not where it was), S says it is
#     the last; four dots; F finishes;
#   - the saved work's session column is 1 x4, 2 x4, 3 x4, and each row's t_ms is the time
#     since its session began: the record's time of its place event less that of the
#     session-end before it (+-2 ms);
#   - `stipple score --json` on the saved work judges the three sessions, four dots each
#     (its "sessions" array is required).
# Every wait polls a line of the game's output or a file, never a fixed sleep.
# Usage (CTest runs it under xvfb-run): sessions_test.sh STIPPLE GUI_PROBE SCENARIO
set -euo pipefail
stipple="$1"; probe="$2"; scenario="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"
work="$tmp/work.csv"
record="$tmp/work.record.txt"

start() {
  fresh_output   # start runs more than once: never read the last launch's "ready"
  "$stipple" --scenario "$scenario" --work "$work" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
  pid=$!
  wait_for "$tmp/out.txt" '^stipple: ready' || fail "the game never became ready"
  wid="$(xdotool search --pid "$pid" --onlyvisible --name '^Stipple' | head -n1)"
  [ -n "$wid" ] || fail "no game window"
}
quit() {
  kill -TERM "$pid"          # SDL turns SIGTERM into a quit event: the game saves and exits
  wait "$pid" && rc=0 || rc=$?
  pid=""
  [ "$rc" -eq 0 ] || fail "the game exited with $rc"
}
# click_dots SX:SY...: one impression at each pixel (inside the field, 12.8 px/mm).
click_dots() {
  for p in "$@"; do xdotool mousemove --window "$wid" "${p%%:*}" "${p#*:}" click 1; done
}
# The panel's text at 1280x800 (docs/cli.md, "The window"): the base size is 800/48 px.
px=$(awk 'BEGIN { printf "%.6f", 800 / 48 }')
panel_says() {   # panel_says IMG SIZE_FACTOR R G B STRING
  local size
  size=$(awk -v f="$2" -v p="$px" 'BEGIN { printf "%.6f", p * f }')
  probe_is 1 '<' 2 "$1" text 896 0 1280 768 "$size" "$3" "$4" "$5" "$6"
}

start
# Session 1: four dots, then S.
click_dots 300:300 380:320 460:300 540:320
wait_until rows_are "$work" 4 || fail "session 1's four dots never reached the work file"
xdotool key --window "$wid" s
# S asks first (a session ended cannot be taken back); Esc goes back, Enter ends it. Each
# screenshot is a frame drawn after the key before it, so the game has seen the key.
img="$(shot "$wid")"
grep -q 'session 1 ended' "$tmp/out.txt" && fail "S ended session 1 without asking ($img)"
xdotool key --window "$wid" Escape
img="$(shot "$wid")"
grep -q 'session 1 ended' "$tmp/out.txt" && fail "Esc ended session 1 ($img)"
xdotool key --window "$wid" s
xdotool key --window "$wid" Return
wait_for "$tmp/out.txt" '^stipple: session 1 ended; healing 14 days' || fail "S and Enter did not end session 1"
img="$(shot "$wid")"
panel_says "$img" 1.2 160 168 180 "Healing after session 1 of 3" ||
  fail "no healing interlude on screen after S ($PROBED; $img)"
# The key that skips it and, at once, a click on the scalp (a fast double tap): the click must
# not place a dot in session 2 (checked below: still 4 impressions).
xdotool key --window "$wid" space mousemove --window "$wid" 400 420 click 1
wait_for "$tmp/out.txt" '^stipple: session 2 of 3 begins' || fail "a key did not skip the interlude"

# Closed in session 2 before a dot of it: it comes back in session 2.
quit
start
img="$(shot "$wid")"
panel_says "$img" 0.9 255 196 61 "4 impressions · session 2 of 3" ||
  fail "the game did not come back in session 2 ($PROBED; $img)"
xdotool key --window "$wid" z
img="$(shot "$wid")"
panel_says "$img" 0.9 255 196 61 "4 impressions · session 2 of 3" ||
  fail "undo reached back into the healed session 1 ($PROBED; $img)"

# Session 2: four dots, then the on-screen End session button. Its place (stp_screen_play.c,
# draw_panel; docs/cli.md "The window"): Finish is one pointer target high (the game prints
# it: "stipple: layout ... target T"), 0.8 text sizes above the status line (32 px); End
# session as high, 0.35 text sizes above Finish; both span the panel (x 896..1280) less 0.8
# text sizes each side.
click_dots 320:420 400:440 480:420 560:440
wait_until rows_are "$work" 8 || fail "session 2's four dots never reached the work file"
target=$(grep -m1 '^stipple: layout ' "$tmp/out.txt" | sed 's/.* target \([0-9]*\) .*/\1/')
[ -n "$target" ] || fail "the game printed no layout line"
read -r bx by < <(awk -v p="$px" -v t="$target" 'BEGIN { fy = 800 - 32 - 0.8 * p - t; sy = fy - 0.35 * p - t
  printf "%d %d\n", 896 + 384 / 2, sy + t / 2 }')
img="$(shot "$wid")"
probe_is 1 '>' 200 "$img" match 896 $((by - 8)) 1280 $((by + 8)) 86 180 233 8 ||
  fail "no End session button at y $by ($PROBED; $img)"
xdotool mousemove --window "$wid" "$bx" "$by" click 1
xdotool key --window "$wid" Return   # the question the button asks
wait_for "$tmp/out.txt" '^stipple: session 2 ended; healing 14 days' || fail "the End session button did not end session 2"
wait_for "$tmp/out.txt" '^stipple: session 3 of 3 begins' || fail "the interlude never ended by itself"

# Session 3, the last: no End session button; S says so.
img="$(shot "$wid")"
probe_is 1 '==' 0 "$img" match 896 $((by - 8)) 1280 $((by + 8)) 86 180 233 8 ||
  fail "an End session button in the last session ($PROBED; $img)"
xdotool key --window "$wid" s
img="$(shot "$wid")"
size=$(awk -v p="$px" 'BEGIN { printf "%.6f", p * 0.9 }')
probe_is 1 '<' 2 "$img" text 0 768 1280 800 "$size" 232 234 238 "Session 3 of 3 is the last: finish (F) when the work is done." ||
  fail "S in the last session does not say it is the last ($PROBED; $img)"
grep -q 'session 3 ended' "$tmp/out.txt" && fail "S ended the last session"
click_dots 340:540 420:560 500:540 580:560
wait_until rows_are "$work" 12 || fail "session 3's four dots never reached the work file"
xdotool key --window "$wid" f
wait_for "$tmp/out.txt" '^score ' || fail "the game printed no score"
quit

# The work file: sessions 1, 2, 3 by four, and t_ms counted from each session's start.
sessions=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } { printf "%s", $col["session"] }' "$work")
[ "$sessions" = 111122223333 ] || fail "the work's session column reads $sessions, not 111122223333"
# The record (the game's clock): place events and session-ends, in order; each row's t_ms
# is its place event's time less the last session-end before it.
awk 'NR == FNR { if ($2 == "place") place[++np] = $1; else if ($2 == "session-end") start = $1
                 if ($2 == "place") since[np] = start; next }
     FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
     { k++; want = place[k] - since[k]; got = $col["t_ms"]
       if (got - want > 2 || want - got > 2) { printf "row %d: t_ms %s, %d ms after its session began\n", k, got, want; bad = 1 }
     }
     END { if (k != np) { printf "%d rows, %d place events\n", k, np; bad = 1 } exit bad }' \
  FS=' ' "$record" FS=, "$work" >"$tmp/tms.txt" || fail "t_ms does not count from each session's start: $(cat "$tmp/tms.txt")"
grep -c ' session-end' "$record" | grep -qx 2 || fail "the record holds $(grep -c ' session-end' "$record") session-ends, not 2"

# Judged session by session: the scorer's "sessions" (required).
"$stipple" score --scenario "$scenario" --work "$work" --json >"$tmp/score.json" || fail "stipple score failed"
probe_is 1 '==' 3 "$tmp/score.json" sessions || fail "stipple score --json does not judge 3 sessions ($PROBED)"
for k in 0 1 2; do
  s=$(field $((2 + 4 * k)) "$PROBED"); n=$(field $((3 + 4 * k)) "$PROBED")
  [ "$s" = $((k + 1)) ] && [ "$n" = 4 ] || fail "session entry $((k + 1)) is session $s with $n placed ($PROBED)"
done
echo "gui_sessions: three sessions (S, the button), the interlude skipped and waited out, resumed in session 2; sessions 111122223333; t_ms per session; scored per session: $PROBED"
