#!/usr/bin/env bash
# GUI test: sound never stands in the game's way, and the start is traced.
#   - with SDL's dummy audio driver (a device that plays nowhere) an impression lands and
#     is saved, and nothing is said about sound;
#   - with an audio driver that does not exist, the game still starts, says once why it is
#     silent ("stipple: sound: no audio device"), places and saves, and exits 0;
#   - --mute is accepted;
#   - STIPPLE_STARTUP_TRACE=1 prints each step of the start in order, times rising, the
#     first frame no earlier than the skin.
# Usage (CTest runs it under xvfb-run): sound_test.sh STIPPLE GUI_PROBE SCENARIO
set -euo pipefail
stipple="$1"; probe="$2"; src="$3"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=software
unset XDG_DATA_HOME
. "$(dirname "$0")/lib.sh"

# run DRIVER WORK [ARGS...]: start the game, wait until ready, click once in the middle
# of the view, wait for the row, quit, expect exit 0.
run() {
  local drv="$1" work="$2"
  shift 2
  # Emptied here, before the game starts: its own redirection empties them only once it
  # runs, and the last run's "ready" line must not be taken for this one's.
  : >"$tmp/out.txt"
  : >"$tmp/err.txt"
  SDL_AUDIODRIVER="$drv" STIPPLE_STARTUP_TRACE=1 "$stipple" --scenario "$src" --work "$work" --size 1280x800 "$@" \
    >"$tmp/out.txt" 2>"$tmp/err.txt" &
  pid=$!
  wait_for "$tmp/out.txt" '^stipple: ready' || fail "the game never became ready ($drv)"
  wait_until xdotool search --onlyvisible --name '^Stipple' >/dev/null || fail "no game window ($drv)"
  wid="$(xdotool search --onlyvisible --name '^Stipple' | head -n1)"
  # The click goes where an impression lands: the middle of the scalp view (the view is the
  # window less the panel, 384 px, and the status line, 32 px: lib.sh view_layout).
  xdotool mousemove --window "$wid" 448 384 click 1
  wait_until rows_are "$work" 1 || fail "the impression was not saved ($drv)"
  kill -TERM "$pid"
  wait "$pid" && rc=0 || rc=$?
  pid=""
  [ "$rc" -eq 0 ] || fail "the game exited with $rc ($drv)"
}

run dummy "$tmp/a.csv"
grep -q '^stipple: sound:' "$tmp/err.txt" && fail "the dummy driver opened no device: $(grep sound: "$tmp/err.txt")"
# The start, traced: every step in order, each time at least the one before.
steps="$(grep '^stipple: startup ' "$tmp/err.txt" | sed 's/^stipple: startup \(.*\) \([0-9.]*\) ms (cpu \([0-9.]*\) ms)$/\1|\2|\3/')"
order="$(echo "$steps" | cut -d'|' -f1 | tr '\n' ',')"
[ "$order" = "main,sdl,window and font,scenario,skin,first frame," ] || fail "startup steps: '$order'"
echo "$steps" | awk -F'|' 'NR > 1 && ($2 + 0 < prev || $3 + 0 < prevc) { bad = 1 } { prev = $2 + 0; prevc = $3 + 0 }
                           END { exit bad }' || fail "startup times do not rise: $steps"

run no-such-driver "$tmp/b.csv"
[ "$(grep -c '^stipple: sound: no audio device' "$tmp/err.txt")" -eq 1 ] ||
  fail "no single 'stipple: sound: no audio device' line without a driver"

run dummy "$tmp/c.csv" --mute
grep -q '^stipple: sound:' "$tmp/err.txt" && fail "--mute: $(grep sound: "$tmp/err.txt")"
echo "gui_sound: dummy device, no device and --mute all start, place, save and exit 0; the start traced in order"
