#!/usr/bin/env bash
# tests/mutation/mutate.sh - mutation testing: plant one small bug at a time in chosen
# source files and check that the test suite notices it. See tests/mutation/README.md.
#
# The tree is never touched: the sources are mirrored into DIR/src (default
# build-mutation/src, only files whose content changed are copied, so rebuilds stay
# incremental), each mutant is written there, built in DIR/build and tested with CTest,
# and the file is put back after every mutant and on exit, Ctrl-C included.
# Needs bash, awk, cmp, cksum, git, cmake, ctest (Debian 12 base + the build deps).
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

usage() {
  cat <<'EOF'
usage: tests/mutation/mutate.sh [options] [FILE...]
  FILE...            sources to mutate, relative to the repository root
                     (default: engine/core/stp_score*.c stp_pigment.c stp_work.c stp_game.c)
  -s, --seed N       seed of the sample of mutants (default 1)
  -n, --max N        at most N mutants per file, sampled from all sites (default 30; 0 = all)
  -t, --tests RE     CTest regex of the tests to run (default: all)
  -x, --exclude RE   CTest regex of the tests never run (default: ^gui_)
      --slow RE      tests run only once the others pass (default: ^test_assessor_)
      --asan         build with AddressSanitizer and UBSan (slower; catches a mutant
                     that writes out of bounds without changing any result)
      --ops LIST     operator classes: cmp,arith,logic,const (default: all four)
      --timeout S    per-test timeout in seconds (default 120; a timeout kills the mutant)
  -j, --jobs N       build and test jobs (default 2)
  -d, --dir DIR      working folder (default: build-mutation in the repository root)
  -l, --list         list the sampled mutants and stop
  -p, --planted      plant the named bugs instead: FILE... are patches (default
                     tests/mutation/planted/*.patch), each applied alone to the copy
  -h, --help         this text
Report: printed at the end and written to DIR/report.txt; one line per mutant in
DIR/mutants.tsv. Exit status 0 when the run completes (whatever the score), 1 when the
unmutated tree fails its own tests, 2 on bad usage, 130 when interrupted.
EOF
}

seed=1 max=30 tests='' exclude='^gui_' slow='^test_assessor_' ops='cmp,arith,logic,const'
timeout=120 jobs=2 dir="$root/build-mutation" list_only=0 asan=0 planted=0 files=()
while [ $# -gt 0 ]; do
  case "$1" in
    -s|--seed) seed="$2"; shift 2 ;;
    -n|--max) max="$2"; shift 2 ;;
    -t|--tests) tests="$2"; shift 2 ;;
    -x|--exclude) exclude="$2"; shift 2 ;;
    --slow) slow="$2"; shift 2 ;;
    --ops) ops="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    -j|--jobs) jobs="$2"; shift 2 ;;
    -d|--dir) dir="$2"; shift 2 ;;
    -l|--list) list_only=1; shift ;;
    --asan) asan=1; shift ;;
    -p|--planted) planted=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; files+=("$@"); break ;;
    -*) echo "mutate.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
for v in "$seed" "$max" "$timeout" "$jobs"; do
  case "$v" in ''|*[!0-9]*) echo "mutate.sh: not a number: $v" >&2; exit 2 ;; esac
done
if [ ${#files[@]} -eq 0 ]; then
  cd "$root"
  if [ "$planted" = 1 ]; then files=(tests/mutation/planted/*.patch)
  else files=(engine/core/stp_score*.c engine/core/stp_pigment.c engine/core/stp_work.c engine/core/stp_game.c); fi
fi
for f in "${files[@]}"; do
  [ -f "$root/$f" ] || { echo "mutate.sh: no such file in the repository: $f" >&2; exit 2; }
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
src="$dir/src" bld="$dir/build" logs="$dir/logs"
tsv="$dir/mutants.tsv" report="$dir/report.txt"

# ---- the sample: every site of every file, shuffled per file with a portable generator
# (Park-Miller, exact in awk's doubles) seeded by --seed and the file's name, so a seed
# names the same sample on every machine and adding a file does not change the others.
sample() {  # sample FILE -> LINE COL ORIG REPL CLASS, sorted by position
  local f="$1" crc
  crc="$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
  awk -v ops="$ops" -f "$here/sites.awk" "$root/$f" |
    awk -F'\t' -v seed="$seed" -v crc="$crc" -v max="$max" '
      { row[NR] = $0 }
      END {
        m = NR; if (max == 0 || max > m) max = m
        x = (seed * 7919 + crc) % 2147483646 + 1
        for (k = 1; k <= max; k++) {
          x = (x * 16807) % 2147483647
          j = k + int(x / 2147483647 * (m - k + 1))
          t = row[k]; row[k] = row[j]; row[j] = t
        }
        for (k = 1; k <= max; k++) print row[k]
      }' | sort -t "$(printf '\t')" -k1,1n -k2,2n -k4,4
}

if [ "$list_only" = 1 ] && [ "$planted" = 1 ]; then
  for f in "${files[@]}"; do printf '%s\t%s\n' "$f" "$(sed -n 's/^# *//p;/^diff /q' "$root/$f" | head -1)"; done
  exit 0
fi
if [ "$list_only" = 1 ]; then
  for f in "${files[@]}"; do
    sample "$f" | while IFS=$'\t' read -r line col orig repl cls; do
      printf '%s:%s:%s\t%s\t%s -> %s\n' "$f" "$line" "$col" "$cls" "$orig" "$repl"
    done
  done
  exit 0
fi

command -v cmake >/dev/null && command -v ctest >/dev/null || { echo "mutate.sh: cmake and ctest are needed" >&2; exit 2; }
stop_opt=()
ctest --help 2>/dev/null | grep -q -- '--stop-on-failure' && stop_opt=(--stop-on-failure)

# ---- the private copy, and putting a mutated file back whatever happens
current=''   # path (relative) of the file that is mutated right now, '' when none
current_patch=''   # a planted patch applied right now, '' when none
restore() {
  if [ -n "$current_patch" ]; then
    gapply -R "$current_patch" || true
    current_patch=''
  fi
  if [ -n "$current" ]; then
    cp "$dir/pristine" "$src/$current"
    current=''
  fi
}
interrupted=0
finish() {
  local rc=$?
  restore
  if [ "$interrupted" = 1 ]; then
    echo; echo "mutate.sh: interrupted; the tree was not touched and $src is restored" >&2
    [ -s "$tsv" ] && write_report "(interrupted: partial)" >/dev/null 2>&1 && echo "partial report: $report" >&2
  fi
  exit "$rc"
}
trap finish EXIT
trap 'interrupted=1; exit 130' INT TERM HUP

sync_copy() {
  mkdir -p "$src"
  local f
  (cd "$root" && git ls-files -co --exclude-standard -z) |
    while IFS= read -r -d '' f; do
      [ -f "$root/$f" ] || continue
      if ! cmp -s "$root/$f" "$src/$f" 2>/dev/null; then
        mkdir -p "$(dirname "$src/$f")"
        cp -p "$root/$f" "$src/$f"
        chmod u+w "$src/$f"
      fi
    done
  # files gone from the tree go from the copy (the test lists are globbed)
  (cd "$root" && git ls-files -co --exclude-standard | sort) >"$dir/files.want"
  (cd "$src" && find . -type f | sed 's|^\./||' | sort) >"$dir/files.have"
  comm -13 "$dir/files.want" "$dir/files.have" | while IFS= read -r f; do rm -f "$src/$f"; done
}

# ---- build and test
build() { cmake --build "$bld" -j "$jobs" >"$1" 2>&1; }

# run_tests LOG: 0 when every selected test passes; else sets $killer to the failed tests.
killer=''
run_tests() {
  local log="$1" t rc=0
  : >"$log"
  killer=''
  for t in fast slow; do
    local re
    re="$(cat "$dir/tests.$t")"
    [ -n "$re" ] || continue
    if ! (cd "$bld" && ctest -R "$re" -j "$jobs" --timeout "$timeout" "${stop_opt[@]}") >>"$log" 2>&1; then
      rc=1
      killer="$(sed -n '/The following tests FAILED/,$s/^[[:space:]]*[0-9][0-9]* - \([^ ]*\) (\(.*\))$/\1 (\2)/p' "$log" |
                tr '\n' ' ' | sed 's/ $//')"
      [ -n "$killer" ] || killer="ctest failed"
      break
    fi
  done
  return "$rc"
}

# Split the selected tests into the fast ones and the slow ones (exact-name regexes).
select_tests() {
  local all
  all="$(cd "$bld" && ctest -N ${tests:+-R "$tests"} ${exclude:+-E "$exclude"} |
         sed -n 's/^[[:space:]]*Test[[:space:]]*#[0-9]*: \(.*\)$/\1/p')"
  [ -n "$all" ] || { echo "mutate.sh: no test matches" >&2; exit 2; }
  printf '%s\n' "$all" | { if [ -n "$slow" ]; then grep -Ev -- "$slow" || true; else cat; fi; } |
    paste -sd'|' - | sed 's/^\(..*\)$/^(\1)$/' >"$dir/tests.fast"
  printf '%s\n' "$all" | { if [ -n "$slow" ]; then grep -E -- "$slow" || true; else true; fi; } |
    paste -sd'|' - | sed 's/^\(..*\)$/^(\1)$/' >"$dir/tests.slow"
  ntests="$(printf '%s\n' "$all" | wc -l)"
}

now() { date +%s; }
trim() { sed 's/^[[:space:]]*//; s/\t/ /g' <<<"$1"; }
fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

write_report() {  # write_report [NOTE]: from $tsv to stdout and $report
  {
    echo "Stipple mutation testing ${1:-}"
    echo "seed $seed, at most $max mutants per file, operators $ops, $([ "$asan" = 1 ] && echo "ASan+UBSan build" || echo "release build"), tests: ${tests:-all} but ${exclude:-none}" \
         "(${slow:-none} last), $ntests tests, per-test timeout ${timeout}s, ${jobs} jobs"
    echo "started $started_at, took $(fmt_time $(( $(now) - t0 )))"
    echo
    awk -F'\t' '
      { f = $1; if (!(f in seen)) { seen[f] = 1; order[++nf] = f }
        n[f]++; if ($7 == "killed") k[f]++; else if ($7 == "survived") s[f]++; else c[f]++ }
      END {
        printf "%-34s %7s %8s %7s %9s %9s\n", "file", "mutants", "no-build", "killed", "survived", "killed %"
        for (i = 1; i <= nf; i++) {
          f = order[i]; built = k[f] + s[f]
          printf "%-34s %7d %8d %7d %9d %9s\n", f, n[f], c[f], k[f], s[f], built ? sprintf("%.0f %%", 100 * k[f] / built) : "-"
          N += n[f]; C += c[f]; K += k[f]; S += s[f]
        }
        printf "%-34s %7d %8d %7d %9d %9s\n", "overall", N, C, K, S, (K + S) ? sprintf("%.1f %%", 100 * K / (K + S)) : "-"
      }' "$tsv"
    echo
    echo "killed % = killed / (killed + survived); mutants that did not build are not counted."
    echo
    echo "Survivors (file:line [operator] original / mutant):"
    awk -F'\t' '$7 == "survived" { printf "%s:%s [%s %s -> %s]\n  - %s\n  + %s\n", $1, $2, $6, $4, $5, $9, $10; any = 1 }
                END { if (!any) print "  none" }' "$tsv"
  } | tee "$report"
}

# ---- go
t0="$(now)"; started_at="$(date '+%Y-%m-%d %H:%M')"; ntests='?'
echo "mutate.sh: mirroring the tree into $src"
sync_copy
# The variant is set on every run (a cached build folder may hold the other one).
variant=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTIPPLE_SANITIZE=OFF)
[ "$asan" = 1 ] && variant=(-DCMAKE_BUILD_TYPE=Debug -DSTIPPLE_SANITIZE=ON)
gen=()
[ ! -f "$bld/CMakeCache.txt" ] && command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S "$src" -B "$bld" "${gen[@]}" "${variant[@]}" >"$dir/configure.log" 2>&1 ||
  { echo "mutate.sh: configure failed, see $dir/configure.log" >&2; exit 1; }
rm -rf "$logs"; mkdir -p "$logs"
echo "mutate.sh: building and testing the unmutated tree"
build "$logs/baseline-build.log" || { echo "mutate.sh: the unmutated tree does not build: $logs/baseline-build.log" >&2; exit 1; }
select_tests
tb="$(now)"
run_tests "$logs/baseline-test.log" || { echo "mutate.sh: the unmutated tree fails its tests ($killer): $logs/baseline-test.log" >&2; exit 1; }
echo "mutate.sh: baseline passes $ntests tests in $(fmt_time $(( $(now) - tb )))"

# ---- planted bugs: each patch applied alone, built, tested, reversed
# git apply run inside the repository's own tree (DIR is under it by default) would apply
# paths relative to the repository and silently skip everything outside $src; the ceiling
# keeps it from finding the repository, so it patches $src as a plain folder.
gapply() { (cd "$src" && GIT_CEILING_DIRECTORIES="$(dirname "$src")" git apply "$@"); }
if [ "$planted" = 1 ]; then
  : >"$tsv"; idx=0; total=${#files[@]}
  for f in "${files[@]}"; do
    idx=$((idx + 1)); tm="$(now)"; log="$logs/planted-$idx"
    name="$(basename "$f" .patch)"
    what="$(sed -n 's/^# *//p;/^diff /q' "$root/$f" | head -1)"
    cp "$root/$f" "$dir/current.patch"   # the copy applied is the copy reversed, whatever happens to the file
    if ! gapply --check "$dir/current.patch" >"$log.apply" 2>&1; then
      status=noapply who='did not apply'
    else
      gapply "$dir/current.patch"
      current_patch="$dir/current.patch"
      if ! build "$log.build"; then status=nobuild who='did not compile'
      elif run_tests "$log.test"; then status=survived who=''
      else status=killed who="$killer"; fi
      gapply -R "$dir/current.patch"; current_patch=''
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$status" "$who" "$what" "$(( $(now) - tm ))" >>"$tsv"
    case "$status" in killed) msg="killed by $who" ;; survived) msg='SURVIVED' ;; *) msg="$who" ;; esac
    printf '[%d/%d] %s: %s (%ss)\n' "$idx" "$total" "$name" "$msg" "$(( $(now) - tm ))"
  done
  echo "mutate.sh: rebuilding the unmutated tree"
  build "$logs/final-build.log" || true
  {
    echo "Stipple planted bugs, $([ "$asan" = 1 ] && echo "ASan+UBSan build" || echo "release build"), tests: ${tests:-all} but ${exclude:-none}"
    echo "started $started_at, took $(fmt_time $(( $(now) - t0 )))"
    echo
    awk -F'\t' '{ n++; if ($2 == "killed") k++; printf "%-40s %s\n    %s\n", $1, $2 == "killed" ? "killed by " $3 : toupper($2) ($3 != "" ? " (" $3 ")" : ""), $4 }
                END { printf "\n%d of %d planted bugs killed\n", k, n }' "$tsv"
  } | tee "$report"
  exit 0
fi

queue="$dir/queue.tsv"; : >"$queue"
for f in "${files[@]}"; do sample "$f" | sed "s|^|$f	|" >>"$queue"; done
total="$(wc -l <"$queue")"
echo "mutate.sh: $total mutants over ${#files[@]} files (seed $seed, at most $max per file)"
: >"$tsv"

idx=0
while IFS=$'\t' read -r f line col orig repl cls <&3; do
  idx=$((idx + 1))
  tm="$(now)"
  cp "$src/$f" "$dir/pristine"
  current="$f"
  before="$(sed -n "${line}p" "$dir/pristine")"
  awk -v L="$line" -v C="$col" -v O="$orig" -v R="$repl" '
    NR == L { if (substr($0, C, length(O)) != O) bad = 1
              $0 = substr($0, 1, C - 1) R substr($0, C + length(O)) }
    { print }
    END { exit bad }' "$dir/pristine" >"$src/$f" || { echo "mutate.sh: site $f:$line:$col is not '$orig'" >&2; exit 1; }
  after="$(sed -n "${line}p" "$src/$f")"
  log="$logs/$idx"
  if ! build "$log.build"; then
    status=nobuild who='did not compile'
  elif run_tests "$log.test"; then
    status=survived who=''
  else
    status=killed who="$killer"
  fi
  restore
  secs=$(( $(now) - tm ))

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$line" "$col" "$orig" "$repl" "$cls" \
    "$status" "$who" "$(trim "$before")" "$(trim "$after")" "$secs" >>"$tsv"
  case "$status" in
    nobuild) msg='did not compile' ;; killed) msg="killed by $who" ;; *) msg='SURVIVED' ;;
  esac
  printf '[%d/%d] %s:%s %s %s -> %s: %s (%ss)\n' "$idx" "$total" "$f" "$line" "$cls" "$orig" "$repl" "$msg" "$secs"
done 3<"$queue"

echo "mutate.sh: rebuilding the unmutated tree"
build "$logs/final-build.log" || true
echo
write_report
echo
echo "report: $report   mutants: $tsv"
