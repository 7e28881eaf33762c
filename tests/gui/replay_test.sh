#!/usr/bin/env bash
# GUI test of `stipple replay`: replay a hand-written record of the practice field
# (tests/data/record/good_practice_10.txt: ten impressions at 4, 8, 12, 18, 24, 28, 36, 42, 48
# and 52 s, pointer samples around each, a finish at 60 s), started paused at 0 with --at,
# and seek by clicking the scrub bar (the foot strip, the window's whole width is the
# record: docs/cli.md) at 20 % (12 s: exactly the third impression's time, which counts),
# 25 %, 50 % and 90 %, then back to 25 %. After each click:
#   - the printed position is 12 / 15 / 30 / 54 / 15 s with 3 / 3 / 6 / 10 / 3 impressions;
#   - a dark dot is drawn at the pixel of each impression placed by then, and none at
#     those of the impressions still to come (so the count grows with time, and seeking
#     back rebuilds the work rather than keeping what was drawn);
#   - the panel reads the time "M:SS / 1:00" as text (and not the previous time).
# Usage (CTest runs it under xvfb-run): replay_test.sh STIPPLE GUI_PROBE SCENARIO RECORD
set -euo pipefail
stipple="$1"; probe="$2"; scenario="$3"; record="$4"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"

"$stipple" replay --scenario "$scenario" --record "$record" --at 0 --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: replay ready (42 events, 1:00)$' || fail "the replay never said 'replay ready (42 events, 1:00)'"
wid="$(xdotool search --onlyvisible --name '^Stipple replay' | head -n1)"
[ -n "$wid" ] || fail "no replay window"
eval "$(xdotool getwindowgeometry --shell "$wid")"     # WIDTH, HEIGHT
[ "$WIDTH" = 1280 ] && [ "$HEIGHT" = 800 ] || fail "window is ${WIDTH}x$HEIGHT, asked for 1280x800"

# The record's view note (0, 135) at 12.8 px/mm is the practice field's own framing, so
# the layout is the game's (lib.sh): the scalp view is 896 x 768, the foot strip 32 px.
view_layout "$WIDTH" "$HEIGHT" -35 105 35 165
awk -v s="$SCALE" -v h="$VH" 'BEGIN { exit !(s == 12.8 && h == 768) }' || fail "derived layout $VH px high at $SCALE px/mm"
bar_y=$(awk -v h="$HEIGHT" -v vh="$VH" 'BEGIN { printf "%d", (h + vh) / 2 }')

# The impressions: "time_ms x y" (chart mm), as in the record.
dots="4000 -15 125
8000 -8 140
12000 -2 123
18000 4 146
24000 12 128
28000 17 137
36000 -12 147
42000 7 133
48000 -5 131
52000 14 121"

img="$(shot "$wid")"
probe_is 2 '>' 60 "$img" lum 20 20 150 150 || fail "the skin is too dark to show a dot ($PROBED; $img)"
skin=$(field 2 "$PROBED")
# At 0 s nothing is placed.
while read -r _ x y; do
  read -r sx sy < <(to_screen "$x" "$y")
  probe_is 1 '>' "$skin - 30" "$img" lum $((sx - 2)) $((sy - 2)) $((sx + 3)) $((sy + 3)) ||
    fail "a dot at ($sx, $sy) at 0:00, before anything was placed ($img)"
done <<<"$dots"

last=""; previous_count=-1
for step in 20:12000:3:0:12 25:15000:3:0:15 50:30000:6:0:30 90:54000:10:0:54 25:15000:3:0:15; do
  IFS=: read -r pct ms count mm ss <<<"$step"
  n=$(grep -c '^stipple: replay at ' "$tmp/out.txt" || true)
  x=$((WIDTH * pct / 100))
  xdotool mousemove --window "$wid" "$x" "$bar_y" click 1
  wait_until test "$(grep -c '^stipple: replay at ' "$tmp/out.txt" || true)" -ge $((n + 2)) ||
    fail "no position printed after clicking the bar at $pct %"
  got="$(grep '^stipple: replay at ' "$tmp/out.txt" | tail -n1)"
  [ "$got" = "stipple: replay at $mm:$ss ($ms ms, $count impressions)" ] ||
    fail "clicking the bar at $pct % (x $x) printed '$got', expected $mm:$ss ($ms ms, $count impressions)"
  img="$(shot "$wid")"
  drawn=0
  while read -r t x y; do
    read -r sx sy < <(to_screen "$x" "$y")
    if [ "$t" -le "$ms" ]; then
      probe_is 1 '<' "$skin - 60" "$img" lum $((sx - 2)) $((sy - 2)) $((sx + 3)) $((sy + 3)) ||
        fail "at $mm:$ss no dot at ($sx, $sy), placed at $t ms: darkest $(field 1 "$PROBED"), skin $skin ($img)"
      drawn=$((drawn + 1))
    else
      probe_is 1 '>' "$skin - 30" "$img" lum $((sx - 2)) $((sy - 2)) $((sx + 3)) $((sy + 3)) ||
        fail "at $mm:$ss a dot at ($sx, $sy), not placed until $t ms ($img)"
    fi
  done <<<"$dots"
  [ "$drawn" -eq "$count" ] || fail "at $mm:$ss $drawn dots drawn, expected $count"
  if [ "$ms" -gt "${previous_ms:--1}" ]; then   # forward: never fewer; 3 -> 6 -> 10 by 25, 50, 90 %
    [ "$drawn" -ge "$previous_count" ] || fail "the dots did not grow with time ($previous_count, then $drawn)"
  fi
  previous_ms=$ms
  previous_count=$drawn
  # The panel (x 896..1280) shows "M:SS / 1:00" at 1.2 text sizes (20 px) in the text colour.
  probe_is 1 '<' 2 "$img" text 896 0 "$WIDTH" 220 20 232 234 238 "$mm:$ss / 1:00" ||
    fail "the panel does not read '$mm:$ss / 1:00' (gui_probe text: $PROBED; $img)"
  if [ -n "$last" ] && [ "$last" != "$mm:$ss" ]; then
    probe_is 1 '>' 8 "$img" text 896 0 "$WIDTH" 220 20 232 234 238 "$last / 1:00" ||
      fail "the panel still reads the previous time '$last / 1:00' ($img)"
  fi
  last="$mm:$ss"
  echo "replay: bar at $pct % -> $mm:$ss, $drawn dots"
done

kill -TERM "$pid"          # SDL turns SIGTERM into a quit event
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 0 ] || fail "the replay exited with $rc"

# A record that names another scenario (its SHA-256) is replayed, but said NOT VERIFIED.
{ head -n1 "$record"; echo "# scenario-sha256 $(printf '0%.0s' $(seq 64))"; tail -n +2 "$record"; } >"$tmp/other.txt"
fresh_output   # the first replay wrote out.txt: never read its lines for this one
"$stipple" replay --scenario "$scenario" --record "$tmp/other.txt" --at 0 --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wait_for "$tmp/out.txt" '^stipple: replay ready' || fail "the replay of a record naming another scenario never started"
grep -q '^stipple: NOT VERIFIED: .* is not the scenario this record was made on' "$tmp/out.txt" ||
  fail "a record naming another scenario was replayed without a word: $(cat "$tmp/out.txt")"
kill -TERM "$pid"; wait "$pid" || true; pid=""
echo "gui_replay: seeking by the bar shows 3, 3, 6, 10 and again 3 dots with the panel's time right;"
echo "  a record naming another scenario is said NOT VERIFIED"
