#!/usr/bin/env bash
# GUI test: start the real game in a virtual display, click impressions into the
# practice zone with xdotool, finish, quit, and check what came out:
#   - the autosaved work has one row per click, every one inside the zone;
#   - the result file the game wrote matches `stipple score` on that work;
#   - the game exits 0.
# Usage (CTest runs it under xvfb-run): play_test.sh STIPPLE SCENARIO
set -euo pipefail
stipple="$1"; scenario="$2"
tmp="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
# Pin the renderer: SDL's software renderer (what docs/performance.md measures; no GL driver).
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
work="$tmp/work.csv"
fail() { echo "FAIL: $*" >&2; cat "$tmp/out.txt" "$tmp/err.txt" >&2 2>/dev/null || true; exit 1; }

"$stipple" --scenario "$scenario" --work "$work" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wid="$(timeout 30 xdotool search --sync --onlyvisible --name '^Stipple' | head -n1)" || fail "no game window"
# Wait until the game has drawn its first frame with the scenario loaded.
for _ in $(seq 1 300); do grep -q '^stipple: ready' "$tmp/out.txt" && break; sleep 0.1; done
grep -q '^stipple: ready' "$tmp/out.txt" || fail "the game never became ready"

# Layout at 1280x800: the scalp view is the left 896 x 768 px, framed on the zone
# (40 x 30 mm plus a 15 mm margin) at 12.8 px/mm, so the zone spans 448 +- 256, 384 +- 192.
clicks=0
for dy in -150 -75 0 75 150; do
  for dx in -200 -100 0 100 200; do
    xdotool mousemove --window "$wid" $((448 + dx)) $((384 + dy)) click 1
    clicks=$((clicks + 1))
  done
done
xdotool key --window "$wid" f

result="$tmp/work.result.json"
for _ in $(seq 1 300); do [ -s "$result" ] && break; sleep 0.1; done
[ -s "$result" ] || fail "the game wrote no result file after Finish"
if command -v import >/dev/null 2>&1 && [ -n "${STIPPLE_SCREENSHOT:-}" ]; then
  import -window root "$STIPPLE_SCREENSHOT" || true
fi
kill -TERM "$pid"          # SDL turns SIGTERM into a quit event: the game saves and exits
wait "$pid" && rc=0 || rc=$?
[ "$rc" -eq 0 ] || fail "the game exited with $rc"

rows=$(($(wc -l <"$work") - 1))
[ "$rows" -eq "$clicks" ] || fail "work has $rows impressions, expected $clicks"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
         { x = $col["x_mm"]; y = $col["y_mm"];
           if (x < -20 || x > 20 || y < 120 || y > 150) { print "outside the zone: " $0; bad = 1 } }
         END { exit bad }' "$work" || fail "impressions outside the zone"

"$stipple" score --scenario "$scenario" --work "$work" --json >"$tmp/score.json" || fail "stipple score failed"
want=$(grep -m1 '"score"' "$tmp/score.json" | tr -dc '0-9.')
got=$(grep -m1 '"score"' "$result" | tr -dc '0-9.')
[ -n "$want" ] && [ "$want" = "$got" ] || fail "game scored $got, stipple score says $want"
grep -q '"passed"' "$result" || fail "no pass/fail in the result"
grep -q "^score $got\|^score " "$tmp/out.txt" || fail "the game printed no score"
echo "gui_play: $clicks clicks -> $rows impressions, score $got (matches stipple score)"
