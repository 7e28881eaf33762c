#!/usr/bin/env bash
# `stipple bench --input` and `--startup` on a real (virtual) display: they run, measure
# what they say, and report it in the documented form.
#   --input: 10 clicks on a small work, in the whole head and a working zoom: every dot in
#     the very next frame (10/10), latencies positive and ordered (median <= p95 <= max);
#   --startup: one launch on the practice field and one on the menu: every step printed,
#     times rising, the first frame last;
#   a bad --events is a usage error (exit 2).
# Usage (CTest runs it under xvfb-run): bench_test.sh STIPPLE
set -euo pipefail
stipple="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
fail() { echo "FAIL: $*" >&2; cat "$tmp/out.txt" >&2 2>/dev/null || true; exit 1; }

"$stipple" bench --input --impressions 2000 --events 10 >"$tmp/out.txt" 2>"$tmp/err.txt" || fail "bench --input exited $?"
for view in head zoom; do
  row="$(grep -E "^ +$view " "$tmp/out.txt")" || fail "no $view row"
  set -- $row   # view px/mm median p95 max frame scalp present next-frame
  [ "$9" = "10/10" ] || fail "$view: not every dot in the very next frame: $row"
  awk -v m="$3" -v p="$4" -v x="$5" 'BEGIN { exit !(m > 0 && m <= p && p <= x) }' || fail "$view: latencies out of order: $row"
done

"$stipple" bench --startup --repeats 1 >"$tmp/out.txt" 2>"$tmp/err.txt" || fail "bench --startup exited $?"
# Two blocks (the case, then the menu), each a list of "  STEP MS ms (cpu C) ...".
awk '/^[^ ]/ && !/^stipple bench/ { block++; prev = -1; next }
     /^  / { ms = $(NF - 7); if (ms + 0 < prev) bad = 1; prev = ms + 0; last[block] = $1 " " $2 }
     END { exit !(block == 2 && !bad && last[1] == "first frame" && last[2] == "first frame") }' "$tmp/out.txt" ||
  fail "startup steps missing or out of order"
grep -q '^  skin ' "$tmp/out.txt" || fail "no skin step for the case"
grep -q '^  menu ' "$tmp/out.txt" || fail "no menu step for the menu"

rc=0
"$stipple" bench --input --events 0 >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "--events 0 exited $rc, not 2"
echo "gui_bench: --input shows every dot in the next frame, --startup prints every step in order"
