#!/usr/bin/env bash
# GUI test: without --scenario the game opens on the curriculum menu; Enter opens the
# first case (the practice field), M goes back to the menu with the work saved.
# Usage (CTest runs it under xvfb-run): menu_test.sh STIPPLE
set -euo pipefail
stipple="$1"
tmp="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
fail() { echo "FAIL: $*" >&2; cat "$tmp/out.txt" "$tmp/err.txt" >&2 2>/dev/null || true; exit 1; }
"$stipple" --size 1280x800 >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
wid="$(timeout 30 xdotool search --sync --onlyvisible --name '^Stipple' | head -n1)" || fail "no window"
grep -q '^stipple: ready' "$tmp/out.txt" && fail "a case opened without being chosen"
xdotool key --window "$wid" Return
for _ in $(seq 1 300); do grep -q '^stipple: ready: practice-field' "$tmp/out.txt" && break; sleep 0.1; done
grep -q '^stipple: ready: practice-field' "$tmp/out.txt" || fail "Enter did not open the first case"
xdotool mousemove --window "$wid" 448 384 click 1
xdotool key --window "$wid" m
saved="$tmp/.local/share/stipple/works/practice-field.csv"
for _ in $(seq 1 300); do [ -s "$saved" ] && break; sleep 0.1; done
[ "$(($(wc -l <"$saved") - 1))" -eq 1 ] || fail "leaving for the menu did not save the impression"
kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
[ "$rc" -eq 0 ] || fail "exit code $rc"
echo "gui_menu: menu -> practice field -> 1 impression -> menu (saved)"
