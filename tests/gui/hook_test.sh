#!/usr/bin/env bash
# GUI test: a scenario whose on_impression hook fails during play. The failure is
# reported with the scenario's file and line, the game stays up, every impression is
# kept and saved, and the game exits 0. A hook that returns advice shows it.
# Usage (CTest runs it under xvfb-run): hook_test.sh STIPPLE SCENARIO
set -euo pipefail
stipple="$1"; src="$2"
tmp="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
scn="$tmp/hooked.lua"; work="$tmp/work.csv"
fail() { echo "FAIL: $*" >&2; cat "$tmp/out.txt" "$tmp/err.txt" >&2 2>/dev/null || true; exit 1; }
# The practice field with a hook that fails on the second impression (its line is printed).
sed 's/^scenario {$/local n = 0\nscenario {\n  on_impression = function(imp)\n    n = n + 1\n    if n == 2 then error("the hook broke") end\n    return "advice " .. n\n  end,/' "$src" >"$scn"
line=$(grep -n 'error("the hook broke")' "$scn" | cut -d: -f1)
"$stipple" --scenario "$scn" --work "$work" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
for _ in $(seq 1 300); do grep -q '^stipple: ready' "$tmp/out.txt" && break; sleep 0.1; done
grep -q '^stipple: ready' "$tmp/out.txt" || fail "the game never became ready"
wid="$(xdotool search --onlyvisible --name '^Stipple' | head -n1)"
for dx in -100 0 100; do xdotool mousemove --window "$wid" $((448 + dx)) 384 click 1; done
for _ in $(seq 1 300); do grep -q "hooked.lua:$line" "$tmp/err.txt" && break; sleep 0.1; done
grep -q "hooked.lua:$line" "$tmp/err.txt" || fail "no hooked.lua:$line error from the failing hook"
kill -0 "$pid" || fail "the game died when the hook failed"
kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
[ "$rc" -eq 0 ] || fail "the game exited with $rc"
rows=$(($(wc -l <"$work") - 1))
[ "$rows" -eq 3 ] || fail "work has $rows impressions, expected 3"
echo "gui_hook: failing hook reported at hooked.lua:$line, game stayed up, 3 impressions saved"
