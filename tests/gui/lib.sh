# Shared by the GUI tests (sourced). Every wait is a bounded poll on a condition (a line
# on the game's output, a file, a row count), never a fixed sleep standing in for timing.
#
# The caller sets: stipple (the binary), probe (gui_probe), tmp (a scratch folder), and
# starts the game with its output in $tmp/out.txt and $tmp/err.txt, its pid in $pid.

fail() { echo "FAIL: $*" >&2; cat "$tmp/out.txt" "$tmp/err.txt" >&2 2>/dev/null || true; exit 1; }

# wait_for FILE PATTERN: until a line matching PATTERN is in FILE (30 s at most).
wait_for() {
  for _ in $(seq 1 300); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

# wait_until CMD...: until CMD succeeds (30 s at most).
wait_until() {
  for _ in $(seq 1 300); do "$@" && return 0; sleep 0.1; done
  return 1
}

# fresh_output: empty $tmp/out.txt and $tmp/err.txt before a launch that writes them again.
# `game ... >"$tmp/out.txt" &` truncates the file in the forked child, which may run after
# the parent's next command: a wait_for just after the launch could read the previous
# launch's lines (its "stipple: ready") and go on before the new game has started.
fresh_output() { : >"$tmp/out.txt"; : >"$tmp/err.txt"; }

# game_window: the id of the visible window of the game $pid, waited for (30 s at most); a
# test fails, saying so, when there is none (a bare `wid="$(xdotool search ...)"` under
# `set -e -o pipefail` ends the test with no FAIL line when the search finds nothing).
game_window() {
  local w=""
  for _ in $(seq 1 300); do
    w="$(xdotool search --pid "$pid" --onlyvisible --name '^Stipple' 2>/dev/null | head -n1 || true)"
    [ -n "$w" ] && { echo "$w"; return 0; }
    kill -0 "$pid" 2>/dev/null || fail "the game (pid $pid) exited before its window was found"
    sleep 0.1
  done
  fail "no visible Stipple window for pid $pid"
}

# shot WID: press F12 (the game saves the next frame it draws as a PNG and prints
# "stipple: screenshot PATH") and print that PATH once the line is there. The frame is
# drawn after every event sent before F12 was handled. With STIPPLE_GUI_SHOTS=DIR set,
# each screenshot is also copied there (to look at what a test saw).
shot() {
  local n
  n=$(grep -c '^stipple: screenshot ' "$tmp/out.txt" || true)
  xdotool key --window "$1" F12
  for _ in $(seq 1 300); do
    if [ "$(grep -c '^stipple: screenshot ' "$tmp/out.txt" || true)" -gt "$n" ]; then
      local path
      path="$(grep '^stipple: screenshot ' "$tmp/out.txt" | tail -n1 | cut -d' ' -f3-)"
      if [ -n "${STIPPLE_GUI_SHOTS:-}" ]; then
        mkdir -p "$STIPPLE_GUI_SHOTS"
        cp "$path" "$STIPPLE_GUI_SHOTS/$(basename "$0" .sh)-$(basename "$path")"
      fi
      echo "$path"
      return 0
    fi
    sleep 0.1
  done
  fail "F12 saved no screenshot"
}

# field N "COUNT MINX MINY MAXX MAXY RUN": the Nth number of a gui_probe answer.
field() { echo "$2" | cut -d' ' -f"$1"; }

# probe_is N OP LIMIT IMG CMD ARGS...: run gui_probe IMG CMD ARGS and compare the Nth
# number of its answer with LIMIT, numerically (OP is <, <=, >, >= or ==; LIMIT is a
# number or an awk expression of numbers, such as "$skin - 60"). Returns 0 when the
# comparison holds, 1 when it does not; the whole answer is left in PROBED (read its other
# numbers with field). Every read of the probe goes through here: a probe that exits
# non-zero, or answers anything but one line of at least N numbers, fails the test (an
# empty answer compared as a string, "" < 2, once passed every check).
probe_is() {
  local n="$1" op="$2" limit="$3" rc=0
  shift 3
  case "$op" in '<' | '<=' | '>' | '>=' | '==') ;; *) fail "probe_is: bad operator '$op'" ;; esac
  PROBED="$("$probe" "$@")" || fail "gui_probe $* exited with $?"
  printf '%s\n' "$PROBED" | awk -v n="$n" 'NR > 1 || NF < n { exit 1 }
    { for (i = 1; i <= NF; i++) if ($i !~ /^-?[0-9]+([.][0-9]+)?$/) exit 1 }' ||
    fail "gui_probe $* answered '$PROBED', not a line of $n or more numbers"
  awk -v v="$(field "$n" "$PROBED")" "BEGIN { exit !(v + 0 $op ($limit)) }" || rc=$?
  [ "$rc" -le 1 ] || fail "probe_is: cannot compare with '$limit'"
  return "$rc"
}

# The screen layout, derived here from the window's size as docs/cli.md ("The window")
# states it, not read from the game: the text size is H/48 px (13..34); the panel on the
# right is 30 % of the width (300..720 px); the status line at the foot is 1.9 text sizes
# high (rounded); the scalp view is the rest, top left. A case without a `view` opens
# framed on its zones' bounds plus 15 mm (docs/scenario-api.md), scaled to fit and centred.
# view_layout W H X0 Y0 X1 Y1 (the framed chart rectangle, mm) sets VW VH SCALE CX CY.
view_layout() {
  read -r VW VH SCALE CX CY < <(awk -v W="$1" -v H="$2" -v x0="$3" -v y0="$4" -v x1="$5" -v y1="$6" 'BEGIN {
    px = H / 48; if (px < 13) px = 13; if (px > 34) px = 34
    pw = W * 0.3; if (pw < 300) pw = 300; if (pw > 720) pw = 720; if (pw > W * 0.6) pw = W * 0.6
    sh = int(px * 1.9 + 0.5)
    vw = W - pw; vh = H - sh
    s = vw / (x1 - x0); if (vh / (y1 - y0) < s) s = vh / (y1 - y0)
    printf "%.6f %.6f %.6f %.6f %.6f\n", vw, vh, s, (x0 + x1) / 2, (y0 + y1) / 2 }')
}

# to_chart SX SY: the chart mm under window pixel (SX, SY), from the derived layout.
to_chart() {
  awk -v sx="$1" -v sy="$2" -v vw="$VW" -v vh="$VH" -v s="$SCALE" -v cx="$CX" -v cy="$CY" \
    'BEGIN { printf "%.4f %.4f\n", cx + (sx - vw / 2) / s, cy + (sy - vh / 2) / s }'
}

# to_screen X Y: the window pixel of chart point (X, Y) mm, rounded.
to_screen() {
  awk -v x="$1" -v y="$2" -v vw="$VW" -v vh="$VH" -v s="$SCALE" -v cx="$CX" -v cy="$CY" \
    'BEGIN { printf "%d %d\n", vw / 2 + (x - cx) * s + 0.5, vh / 2 + (y - cy) * s + 0.5 }'
}

# check_rows WORK EXPECTED: the work's rows, in order, are at the chart points listed in
# EXPECTED (one "x y" per line) within 0.1 mm.
check_rows() {
  awk -F, 'NR == FNR { ex[NR] = $0; n = NR; next }
           FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
           { k++; split(ex[k], e, " "); x = $col["x_mm"]; y = $col["y_mm"]
             dx = x - e[1]; dy = y - e[2]; if (dx < 0) dx = -dx; if (dy < 0) dy = -dy
             if (dx > 0.1 || dy > 0.1) { printf "row %d at (%s, %s) mm, clicked at (%.2f, %.2f)\n", k, x, y, e[1], e[2]; bad = 1 } }
           END { if (k != n) { printf "%d rows for %d clicks\n", k, n; bad = 1 } exit bad }' FS=' ' "$2" FS=, "$1"
}

# rows_are WORK N: the work file holds N impressions (for wait_until).
rows_are() { [ -f "$1" ] && [ $(($(wc -l <"$1") - 1)) -eq "$2" ]; }

# The game's UI trace (STIPPLE_UI_TRACE; docs/cli.md, "The UI trace"): each button as drawn,
# "stipple: ui NAME X Y W H", then "stipple: ui end".
# ui_box OUT NAME: "X Y W H" of the button of that name as last traced in OUT (exit 1 when none).
ui_box() {
  awk -v n="$2" 'index($0, "stipple: ui ") == 1 { s = substr($0, 13); k = split(s, f, " "); if (k < 5) next
      name = f[1]; for (i = 2; i <= k - 4; i++) name = name " " f[i]
      if (name == n) at = f[k - 3] " " f[k - 2] " " f[k - 1] " " f[k] }
    END { if (at == "") exit 1; print at }' "$1"
}
# ui_center OUT NAME: "X Y", the centre of that button.
ui_center() {
  local x y w h
  read -r x y w h < <(ui_box "$1" "$2") || return 1
  echo "$((x + w / 2)) $((y + h / 2))"
}
