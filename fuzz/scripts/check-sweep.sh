#!/bin/sh
# check-sweep.sh: make fuzz-sweep (fuzz/SWEEP.md) finds what fuzzing an
# uninstrumented library finds by luck. fuzz/selftest/offgrid-lib.c, built
# as a shared library without coverage (as Debian's libmimalloc is), has a
# misaligned malloc of 3100..3110 bytes and a byte flipped in an aligned
# block of 690..710 bytes at alignment 512, neither on any seed's grid:
# - with FUZZ_KEEP_GOING=1 the sweep names both, by oracle and cell, saves
#   each as crashes/NAME/sweep-CELL.txt, and each saved file's make replay
#   line prints the same report (addresses aside); its closing lines count
#   the library's refusals of alignment 32 (EINVAL, no bug) beside them;
# - without it, the sweep stops at its first finding, counting the cells
#   run up to it, and make fuzz of this library's adapter sweeps first and
#   stops there;
# - a cell that needs the cells before it in its row (the library built
#   with -DNTH_IN_CLASS) runs clean alone: its row up to it is saved as
#   sweep-CELL-row.txt, whose make replay line prints the row's report;
# - a bug in a count of live blocks (the library built with -DRUN_IN_CLASS:
#   its 1000th malloc of 40..48 bytes in a row) is out of the malloc stage's
#   reach and found by the counts stage's held blocks, in a cell of its own;
# - an allocator refusing alignments above 16 with EINVAL sweeps clean and
#   the sweep names the refusals (fuzz/selftest/quirks-adapter.c), as do
#   make replay of a directory, REPEAT=3, make fuzz FUZZ_KEEP_GOING=1 JOBS=2
#   and libFuzzer -jobs=2, summed over their children in one line, and a
#   replay with HALLOC_FUZZ_EINVAL_FD=off names none;
# - a library that keeps an object from startup (gperftools' tcmalloc) sweeps
#   clean cell by cell, and LeakSanitizer's report at its end is explained
#   once, naming ASAN_OPTIONS=detect_leaks=0, with which it sweeps clean;
# - halloc and glibc sweep clean, and name none.
set -u
# shellcheck source=tools/makeflags.sh # run from the top of the tree, as make does
. tools/makeflags.sh
make_dry_run "fuzz/scripts/check-sweep.sh (build an uninstrumented library with two off-grid bugs; sweep it, halloc and glibc)"
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env MAKE BUILD
make=${MAKE:-make} build=${BUILD:-build}
out=$build/fuzz/selftest/sweep
fail() { echo "fuzz-check-sweep FAILED: $*"; exit 1; }
mkdir -p "$out" || fail "cannot make $out"

# No -fsanitize, no coverage: the allocator is a black box to libFuzzer.
${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -fPIC -shared fuzz/selftest/offgrid-lib.c -o "$out/liboffgrid.so" ||
    fail "cannot build $out/liboffgrid.so"
lib=$(cd "$out" && pwd)
name='offgrid-sweep'
offgrid="NAME=$name TARGET=fuzz/selftest/offgrid-adapter.c LDLIBS=-loffgrid"
rm -rf "crashes/$name"

# sweep LOG ARGS...: make fuzz-sweep with ARGS, its output in LOG; its exit status.
sweep() {
    log=$1
    shift
    # shellcheck disable=SC2086 # offgrid: words
    $make --no-print-directory fuzz-sweep "$@" >"$log" 2>&1
}
expect() {
    log=$1 what=$2
    shift 2
    for line in "$@"; do
        grep -qF -- "$line" "$log" || fail "$what: no '$line'; it printed: $(tail -n 40 "$log")"
    done
}

# shellcheck disable=SC2086 # offgrid: words
sweep "$out/both.log" $offgrid LDFLAGS="-L$lib -Wl,-rpath,$lib" FUZZ_KEEP_GOING=1 &&
    fail "the off-grid library swept clean: $(tail -n 20 "$out/both.log")"
expect "$out/both.log" "the off-grid library" \
    "halloc-fuzz: ORACLE misaligned fired at op #0: malloc 0 3100" \
    "sweep: finding in stage malloc, saved as crashes/$name/sweep-malloc-3100.txt" \
    "halloc-fuzz: ORACLE pattern_corrupted fired at op #1: aligned 1 512 690" \
    "sweep: finding in stage aligned, saved as crashes/$name/sweep-aligned-512-690.txt" \
    "refused with EINVAL, alignments 32 to 32"

# report LOG FILE: the report in LOG whose reproduce line names FILE (the
# whole make replay command, ending in CRASH=FILE), its addresses masked
# (each run's heap lies elsewhere).
report() {
    awk -v file=" CRASH=$2" '
        /^halloc-fuzz: ORACLE / { block = "" }
        { block = block $0 "\n" }
        index($0, "  reproduce: make replay ") == 1 && substr($0, length($0) - length(file) + 1) == file {
            printf "%s", block; exit }' "$1" |
        sed 's/0x[0-9a-f]*/ADDR/g'
}
# replays_same LOG FILE: FILE, saved by the sweep whose output is LOG, has a
# make replay line there, which prints the same report (addresses aside).
replays_same() {
    tag=$(basename "$2" .txt)
    line=$(grep -F " CRASH=$2" "$1" | grep '^make replay ')
    case $line in "make replay  "* | *"  CRASH="*) fail "a doubled blank in the make replay line for $2: '$line'" ;;
    "make replay "*" CRASH=$2") ;; *) fail "no make replay line for $2: '$line'" ;; esac
    # The line as printed: its quoted LDLIBS and LDFLAGS read as the shell would.
    eval "$line" >"$out/$tag-replay.log" 2>&1 && fail "$line passed: $(cat "$out/$tag-replay.log")"
    # Its replayer, built by a replay before it, was a goal of make's that printed "is up to date".
    ! grep "is up to date" "$out/$tag-replay.log" || fail "$line printed make's 'is up to date' (above)"
    report "$1" "$2" >"$out/$tag.swept"
    report "$out/$tag-replay.log" "$2" >"$out/$tag.replayed"
    [ -s "$out/$tag.swept" ] || fail "no report naming $2 in the sweep's output: $(cat "$1")"
    cmp -s "$out/$tag.swept" "$out/$tag.replayed" ||
        fail "make replay of $2 printed another report: $(diff "$out/$tag.swept" "$out/$tag.replayed")"
}
for cell in malloc-3100 aligned-512-690; do
    file=crashes/$name/sweep-$cell.txt
    [ -f "$file" ] || fail "the sweep printed $file, which does not exist"
    replays_same "$out/both.log" "$file"
done
echo "fuzz-check-sweep: an uninstrumented library's misaligned malloc of 3100 bytes and a byte flipped at alignment 512 and 690 bytes found, saved, and replayed to the same reports"

# A bug that needs the state the cells before it left (the library built
# to shift its 5th malloc of 1000..1100 bytes: cell malloc-1002's first):
# the cell runs clean alone, so the sweep saves its row up to it as
# sweep-CELL-row.txt, shows the row's report and says the cell passed
# alone; that file's make replay line prints the same report.
mkdir -p "$out/nth" || fail "cannot make $out/nth"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -fPIC -shared -DNTH_IN_CLASS=5 -DRUN_IN_CLASS=1000 fuzz/selftest/offgrid-lib.c \
    -o "$out/nth/liboffgrid.so" || fail "cannot build $out/nth/liboffgrid.so"
nth_lib=$(cd "$out/nth" && pwd)
nth_name='offgrid-nth-sweep'
rm -rf "crashes/$nth_name"
# shellcheck disable=SC2086 # offgrid: words
sweep "$out/nth.log" NAME=$nth_name TARGET=fuzz/selftest/offgrid-adapter.c LDLIBS=-loffgrid \
    LDFLAGS="-L$nth_lib -Wl,-rpath,$nth_lib" SWEEP_STAGES=malloc SWEEP_MAX=1100 &&
    fail "the library with a bug in its 5th malloc of a class swept clean: $(tail -n 20 "$out/nth.log")"
file=crashes/$nth_name/sweep-malloc-1002-row.txt
expect "$out/nth.log" "a bug that needs the cells before it" \
    "halloc-fuzz: ORACLE misaligned fired at op #" \
    "sweep: cell malloc-1002 ran clean alone: the cells before it in its row are needed, and are saved with it" \
    "sweep: finding in stage malloc, saved as $file"
[ -f "$file" ] || fail "the sweep printed $file, which does not exist"
[ ! -e "crashes/$nth_name/sweep-malloc-1002.txt" ] || fail "the cell's own file was kept, though it ran clean alone"
replays_same "$out/nth.log" "$file"
echo "fuzz-check-sweep: a bug that needs the cells before it (a count in a size class) saved with its row as sweep-malloc-1002-row.txt, said to pass alone, and replayed to the same report"

# The same library's 1000th malloc of 40..48 bytes in a row: the malloc stage
# frees after every two (clean), the counts stage holds 256 a hold op, so
# the 4th hold of counts-48 (op #3) meets it; its cell fails alone too.
# shellcheck disable=SC2086 # offgrid: words
sweep "$out/run.log" NAME=$nth_name TARGET=fuzz/selftest/offgrid-adapter.c LDLIBS=-loffgrid \
    LDFLAGS="-L$nth_lib -Wl,-rpath,$nth_lib" SWEEP_STAGES=malloc,counts SWEEP_MAX=64 &&
    fail "the library with a bug in its 1000th malloc of a class in a row swept clean: $(tail -n 20 "$out/run.log")"
file=crashes/$nth_name/sweep-counts-48.txt
expect "$out/run.log" "a bug in a count of live blocks" \
    "halloc-fuzz: ORACLE misaligned fired at op #3: hold 256 48" \
    "sweep: finding in stage counts, saved as $file"
replays_same "$out/run.log" "$file"
echo "fuzz-check-sweep: a bug in a count of live blocks (the 1000th of a class) found by the counts stage alone, saved as sweep-counts-48.txt, and replayed to the same report"

# The same sweep saving into a folder named with a space, a quote and a $
# (make fuzz-sweep's is crashes/NAME), then one with a newline too: the
# CRASH= of its last line, pasted into sh (bash for the newline's $'...'),
# is one word, the file it saved (it was printed bare), and its "saved as"
# line names it on that one line, escaped (the newline split it).
nl='
'
for odd in "$out/it's \$HOME x" "$out/it's \$HOME${nl}x"; do
    case $odd in *"$nl"*) paste=bash shown="$out/it's \$HOME\\nx" ;; *) paste=sh shown=$odd ;; esac
    rm -rf "$odd"
    mkdir -p "$odd" || fail "cannot make $odd"
    "$build/fuzz/$nth_name/sweep" -s malloc,counts -m 64 -o "$odd" >"$out/odd.log" 2>&1 &&
        fail "the sweep into '$odd' passed: $(tail -n 20 "$out/odd.log")"
    named=$(sed -n 's/^make replay CRASH=//p' "$out/odd.log")
    # In a shell of its own: a quote left open is a syntax error, which ends it.
    # shellcheck disable=SC2016 # the pasted line's own script: its $ expand in $paste
    got=$($paste -c 'eval "set -- $1" && [ $# = 1 ] && printf "%s" "$1"' "$paste" "$named" 2>/dev/null)
    { [ "$got" = "$odd/sweep-counts-48.txt" ] && [ -f "$got" ]; } ||
        fail "the sweep into '$odd' names CRASH=$named, not the file it saved there: $(tail -n 20 "$out/odd.log")"
    grep -qxF "sweep: finding in stage counts, saved as $shown/sweep-counts-48.txt" "$out/odd.log" ||
        fail "the sweep into '$odd' does not name the file it saved on its 'saved as' line, escaped: $(tail -n 20 "$out/odd.log")"
    rm -rf "$odd"
done
echo "fuzz-check-sweep: a finding saved into a folder named with a space, a quote, a \$ and a newline: its make replay line's CRASH=, pasted into sh (bash for the newline), names that file, and its saved-as line names it escaped on one line"

# shellcheck disable=SC2086 # offgrid: words
sweep "$out/first.log" $offgrid LDFLAGS="-L$lib -Wl,-rpath,$lib" SWEEP_STAGES=malloc,aligned &&
    fail "the off-grid library swept clean without FUZZ_KEEP_GOING: $(tail -n 20 "$out/first.log")"
[ "$(grep -c '^sweep: finding in stage ' "$out/first.log")" = 1 ] ||
    fail "without FUZZ_KEEP_GOING the sweep went on past its first finding: $(grep '^sweep: ' "$out/first.log")"
expect "$out/first.log" "the first finding" "stopped at the finding above"
# Its count takes in the finding's row up to its cell (every size 1..4096 is
# one malloc cell, in order: size 3100 the 3100th), not only the rows before.
grep -q '^sweep: [^:]*: 3100 cells (.*: stopped at the finding above$' "$out/first.log" ||
    fail "the sweep stopped at cell malloc-3100 does not count 3100 cells, the finding's row up to it included: $(grep '^sweep: ' "$out/first.log")"
! grep -q "clean only on what the adapter claims" "$out/first.log" ||
    fail "a sweep that stopped at a finding said it was clean only on what the adapter claims"
echo "fuzz-check-sweep: without FUZZ_KEEP_GOING the sweep stops at its first finding"

# make fuzz sweeps first for a library's adapter, and stops at the finding.
# Its fuzzer is built first, as a tree's second make fuzz finds it, so that a
# fresh tree's run here sees what a user's second one prints.
# shellcheck disable=SC2086 # offgrid: words
$make --no-print-directory fuzz-built-libfuzzer $offgrid LDFLAGS="-L$lib -Wl,-rpath,$lib" >"$out/fuzz-build.log" 2>&1 ||
    fail "cannot build the off-grid library's fuzzer: $(tail -n 20 "$out/fuzz-build.log")"
# shellcheck disable=SC2086 # offgrid: words
$make --no-print-directory fuzz $offgrid LDFLAGS="-L$lib -Wl,-rpath,$lib" FUZZ_TIME=60 >"$out/fuzz.log" 2>&1 &&
    fail "make fuzz of the off-grid library passed: $(tail -n 20 "$out/fuzz.log")"
expect "$out/fuzz.log" "make fuzz of a library" "fuzz: sweeping first" \
    "sweep: finding in stage malloc, saved as crashes/$name/sweep-malloc-3100.txt"
# The sweep and the fuzzer, built above, were goals of make's that printed "is up to date".
if grep -q "is up to date" "$out/fuzz.log"; then
    fail "make fuzz printed make's 'is up to date': $(grep "is up to date" "$out/fuzz.log")"
fi
if grep -q "^fuzz: $name: corpus" "$out/fuzz.log"; then
    fail "make fuzz fuzzed on past the sweep's finding: $(tail -n 20 "$out/fuzz.log")"
fi
echo "fuzz-check-sweep: make fuzz of an adapter linked as a library sweeps first and stops at its finding"

# An allocator that refuses alignments above 16 with EINVAL (C allows it) sweeps
# clean, and the sweep's closing lines say how many calls it refused and at
# which alignments: an allocator refusing them all read as "clean" alone.
sweep "$out/einval.log" NAME=quirks-einval-sweep TARGET=fuzz/selftest/quirks-adapter.c SRCS= \
    CFLAGS=-DALIGNED_UP_TO=16 SWEEP_STAGES=aligned SWEEP_MAX=256 ||
    fail "an allocator refusing alignments above 16 with EINVAL did not sweep clean: $(tail -n 40 "$out/einval.log")"
expect "$out/einval.log" "EINVAL refusals" ": clean" "aligned_alloc calls refused with EINVAL, alignments 32 to 4096"
echo "fuzz-check-sweep: an allocator refusing alignments above 16 with EINVAL swept clean, its refusals counted and named 32 to 4096"

# The runs of more than one process add up their refusals too (fuzz/einval.c):
# make replay of a directory (a child per input), REPEAT (a child per run),
# make fuzz FUZZ_KEEP_GOING=1 JOBS=2 (libFuzzer's -fork workers, whose output
# nobody sees) and libFuzzer's -jobs=2 -workers=2 (each worker runs the
# corpus once: 2 calls each), in one line. Each child's count was its own
# and lost with it: none of them named any. A replay run with
# HALLOC_FUZZ_EINVAL_FD=off (the engines' scripts' report of a kept crash,
# whose run counted it already) counts and names none.
quirks="NAME=quirks-einval-sweep TARGET=fuzz/selftest/quirks-adapter.c SRCS= CFLAGS=-DALIGNED_UP_TO=16"
inputs=$out/einval-inputs
rm -rf "$inputs"
mkdir -p "$inputs" || fail "cannot make $inputs"
printf 'version 1\n# refused: 32 > 16\naligned 0 32 100\naligned 1 16 100\n' >"$inputs/a32.txt"
printf 'version 1\n# refused: 4096 > 16\naligned 0 4096 10\n' >"$inputs/b4096.txt"
# shellcheck disable=SC2086 # quirks: words
$make --no-print-directory replay $quirks CRASH="$inputs/" >"$out/einval-replay.log" 2>&1 ||
    fail "make replay of two inputs the EINVAL allocator runs clean failed: $(tail -n 20 "$out/einval-replay.log")"
expect "$out/einval-replay.log" "make replay of a directory" \
    "halloc-fuzz: 2 aligned_alloc calls refused with EINVAL, alignments 32 to 4096"
# shellcheck disable=SC2086 # quirks: words
$make --no-print-directory replay $quirks CRASH="$inputs/a32.txt" REPEAT=3 >"$out/einval-repeat.log" 2>&1 ||
    fail "make replay REPEAT=3 of an input the EINVAL allocator runs clean failed: $(tail -n 20 "$out/einval-repeat.log")"
expect "$out/einval-repeat.log" "make replay REPEAT=3" \
    "halloc-fuzz: 3 aligned_alloc calls refused with EINVAL, alignments 32 to 32"
HALLOC_FUZZ_EINVAL_FD=off "$build/fuzz/quirks-einval-sweep/replay-cc" "$inputs/a32.txt" >"$out/einval-off.log" 2>&1 ||
    fail "replay of an input the EINVAL allocator runs clean failed: $(cat "$out/einval-off.log")"
! grep -q "refused with EINVAL" "$out/einval-off.log" ||
    fail "replay with HALLOC_FUZZ_EINVAL_FD=off named refusals: $(cat "$out/einval-off.log")"
rm -rf "$out/einval-jobs"
mkdir -p "$out/einval-jobs/corpus" || fail "cannot make $out/einval-jobs"
for t in a32 b4096; do
    "$build/fuzz/trace-tool" to-bin "$inputs/$t.txt" "$out/einval-jobs/corpus/$t" || fail "trace-tool to-bin $t.txt failed"
done
# In a directory of its own: -jobs writes each worker's log, fuzz-N.log, into
# the current one. Beside make fuzz below, whose 3 s leave a core mostly
# idle: its libFuzzer build first.
fuzzer=$build/fuzz/quirks-einval-sweep/libfuzzer
# shellcheck disable=SC2086 # quirks: words
$make --no-print-directory $quirks "$fuzzer" >"$out/einval-build.log" 2>&1 || fail "cannot build $fuzzer: $(cat "$out/einval-build.log")"
fuzzer=$(cd "${fuzzer%/*}" && pwd)/libfuzzer
(cd "$out/einval-jobs" && exec "$fuzzer" -runs=0 -jobs=2 -workers=2 corpus) >"$out/einval-jobs.log" 2>&1 &
jobs_pid=$!
rm -rf crashes/quirks-einval-sweep
# shellcheck disable=SC2086 # quirks: words
$make --no-print-directory fuzz $quirks FUZZ_KEEP_GOING=1 JOBS=2 FUZZ_TIME=3 >"$out/einval-fuzz.log" 2>&1 ||
    { wait "$jobs_pid"; fail "make fuzz FUZZ_KEEP_GOING=1 JOBS=2 of the EINVAL allocator did not run clean: $(tail -n 20 "$out/einval-fuzz.log")"; }
expect "$out/einval-fuzz.log" "make fuzz FUZZ_KEEP_GOING=1 JOBS=2" "-fork=2 -ignore_crashes=1" "fuzz: nothing found"
if [ "$(grep -c "refused with EINVAL" "$out/einval-fuzz.log")" != 1 ] ||
    ! grep -qE "^halloc-fuzz: [1-9][0-9]* aligned_alloc calls? refused with EINVAL, alignments 32 to [0-9]+" "$out/einval-fuzz.log"; then
    fail "make fuzz FUZZ_KEEP_GOING=1 JOBS=2 of the EINVAL allocator did not name its workers' refusals in one line: $(tail -n 20 "$out/einval-fuzz.log")"
fi
wait "$jobs_pid" ||
    fail "libFuzzer -jobs=2 of the EINVAL allocator's corpus did not run clean: $(tail -n 20 "$out/einval-jobs.log")"
# Each worker runs the empty input and the 2 of the corpus, 1 refusal each:
# 4 in all. But a worker may run an input again (libFuzzer's leak check
# does, for one whose mallocs and frees did not pair): once in CI a worker
# was "Done 4 runs" and the line rightly counted 5. So the count is at least
# 4 and at most the runs past each worker's first (the empty input's).
refusals=$(sed -n 's/^halloc-fuzz: \([0-9]*\) aligned_alloc calls refused with EINVAL, alignments 32 to 4096: .*/\1/p' \
    "$out/einval-jobs.log")
runs=$(cat "$out/einval-jobs"/fuzz-*.log | awk '/^Done [0-9]+ runs/ { n += $2 - 1 } END { print n + 0 }')
if [ "$(grep -c "refused with EINVAL" "$out/einval-jobs.log")" != 1 ] || [ -z "$refusals" ] ||
    [ "$refusals" -lt 4 ] || [ "$refusals" -gt "$runs" ]; then
    fail "libFuzzer -jobs=2 -workers=2 over 2 inputs of 1 refusal each did not count 4 (or up to its workers'" \
        "$runs runs of them) in one line: $(cat "$out/einval-jobs.log")"
fi
echo "fuzz-check-sweep: make replay of a directory (2 calls, 32 to 4096), REPEAT=3 (3 calls), make fuzz FUZZ_KEEP_GOING=1 JOBS=2 and libFuzzer -jobs=2 (4 calls) name the refusals of all their processes, once; a replay with HALLOC_FUZZ_EINVAL_FD=off none"

# A library that keeps an object from startup (gperftools' tcmalloc): the
# cells are clean, and LeakSanitizer's report at the sweep's end is explained
# by the sweep, not left after its "clean" to stop make fuzz unexplained; with
# ASAN_OPTIONS=detect_leaks=0, as that line says, it sweeps clean.
mkdir -p "$out/keeps" || fail "cannot make $out/keeps"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -fPIC -shared -DKEEPS_STARTUP_OBJECT fuzz/selftest/offgrid-lib.c \
    -o "$out/keeps/liboffgrid.so" || fail "cannot build $out/keeps/liboffgrid.so"
keeps_lib=$(cd "$out/keeps" && pwd)
keeps="NAME=offgrid-keeps-sweep TARGET=fuzz/selftest/offgrid-adapter.c LDLIBS=-loffgrid SWEEP_STAGES=malloc SWEEP_MAX=64"
# shellcheck disable=SC2086 # keeps: words
sweep "$out/keeps.log" $keeps LDFLAGS="-L$keeps_lib -Wl,-rpath,$keeps_lib" &&
    fail "a library leaking an object from startup swept clean: $(tail -n 20 "$out/keeps.log")"
expect "$out/keeps.log" "a library that keeps an object from startup" \
    "ERROR: LeakSanitizer: detected memory leaks" \
    "sweep: every cell ran clean, but LeakSanitizer (above) found memory from malloc still allocated at exit" \
    "run with ASAN_OPTIONS=detect_leaks=0"
[ "$(grep -c "ERROR: LeakSanitizer" "$out/keeps.log")" = 1 ] ||
    fail "LeakSanitizer's report of the startup object was printed more than once: $(tail -n 40 "$out/keeps.log")"
# shellcheck disable=SC2086 # keeps: words
ASAN_OPTIONS=detect_leaks=0 sweep "$out/keeps-off.log" $keeps LDFLAGS="-L$keeps_lib -Wl,-rpath,$keeps_lib" ||
    fail "with ASAN_OPTIONS=detect_leaks=0 a library leaking only at startup did not sweep clean: $(tail -n 20 "$out/keeps-off.log")"
echo "fuzz-check-sweep: a library keeping an object from startup: LeakSanitizer's report at the sweep's end explained once, with ASAN_OPTIONS=detect_leaks=0 as the way past it, which sweeps clean"

# halloc's and glibc's sweeps side by side: each is one process, and one
# after the other they left a core idle. Both have ended before either is judged.
sweep "$out/glibc.log" NAME=glibc TARGET=fuzz/adapters/glibc.c SRCS= &
beside=$!
sweep "$out/halloc.log" NAME=halloc TARGET=fuzz/adapters/halloc.c SRCS=
halloc_rc=$?
wait "$beside"
glibc_rc=$?
for t in halloc glibc; do
    rc=$halloc_rc
    [ "$t" = halloc ] || rc=$glibc_rc
    [ "$rc" = 0 ] || fail "$t did not sweep clean: $(tail -n 40 "$out/$t.log")"
    expect "$out/$t.log" "$t" "sweep: $t: " ": clean"
    # glibc's adapter claims no checker, no bad-free detection...: a clean sweep names them.
    [ "$t" = halloc ] || expect "$out/$t.log" "$t's unjudged oracles" "halloc-fuzz: clean only on what the adapter claims"
    ! grep -q "refused with EINVAL" "$out/$t.log" || fail "$t, which serves every alignment, named EINVAL refusals"
    echo "fuzz-check-sweep: $(grep "^sweep: $t: " "$out/$t.log")"
done
