#!/bin/sh
# walkthrough.sh - fuzz a student allocator with planted bugs, read the crash,
# minimise it, fix the build and keep the reproducer. examples/teach/README.md tells the
# story; this script runs it, checking every step.
#
#   examples/teach/walkthrough.sh           the walk-through (FUZZ_TIME s per fuzz run, default 30);
#                                           a new reproducer goes to examples/teach/regressions/
#   examples/teach/walkthrough.sh --check   the same with short budgets (make walkthrough-test);
#                                           touches nothing outside build/ and crashes/
# BUGS picks the planted bugs (default -DMYALLOC_BUGS=1; see myalloc.h).
# Exit 0 and a PASS line when every step behaved, else 1 and a FAIL line naming the step.
set -u
cd "$(dirname "$0")/../.." || exit 1

# shellcheck source=fuzz/scripts/alone.sh
. fuzz/scripts/alone.sh # failure_kind, failure_label
# shellcheck source=fuzz/scripts/proc-tree.sh
. fuzz/scripts/proc-tree.sh # tree_of

MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
DEFAULT_BUGS=-DMYALLOC_BUGS=1
BUGS=${BUGS:-$DEFAULT_BUGS}
ADAPTER=TARGET=examples/teach/adapter.c
SOURCES=SRCS=examples/teach/myalloc.c
# Step 2 fuzzes from these seeds alone, not corpus/'s, which grow: its first
# finding, the one README.md shows, stays put.
SEED_SET=examples/teach/seeds
TOOL=$BUILD/fuzz/trace-tool

if [ "${1:-}" = --check ]; then
    mode=check
    # By hand too, none of the caller's variables make drops for a check goal.
    # shellcheck source=tools/caller-env.sh
    . tools/caller-env.sh
    # shellcheck disable=SC2119 # none of its inputs is among the names dropped
    drop_caller_env
    BUGGY=teach-check-buggy FIXED=teach-check-fixed
    HUNT_TIME=20 MIN_TIME=5 SOAK_TIME=5 # at most 30 s of fuzzing; the hunt ends at its find (2 s)
    OUT=$BUILD/teach-check
    REGRESSIONS=$OUT/regressions
elif [ $# -eq 0 ]; then
    mode=walk
    # Not the names README's step-by-step commands use: this script clears
    # its own crash and build directories, never a reader's.
    BUGGY=teach-walk-buggy FIXED=teach-walk-fixed
    HUNT_TIME=${FUZZ_TIME:-30} MIN_TIME=10 SOAK_TIME=${FUZZ_TIME:-30}
    OUT=$BUILD/teach-walkthrough
    REGRESSIONS=examples/teach/regressions
else
    echo "usage: $0 [--check]   (FUZZ_TIME=s sets the fuzz budgets, BUGS='-D...' the planted bugs)" >&2
    exit 2
fi
SHIPPED=examples/teach/regressions
# The bound on any one make step, builds included: a hang fails the step instead of the suite.
# Its 240 s for the builds grow with the load per core (fuzz/scripts/load-scaled.sh).
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
guard_by_load 240
LIMIT=$((HUNT_TIME + guard_seconds))

step=0
soak=
# shellcheck disable=SC2046 # PIDs, one word each
stop_soak() { [ -z "$soak" ] || { kill -TERM $(tree_of "$soak") 2>/dev/null; wait "$soak"; soak=; }; }
say() { printf '\n==> %s\n' "$*"; }

fail() {
    stop_soak
    echo "walkthrough: FAIL at step $step: $*"
    echo "walkthrough: logs in $OUT/"
    exit 1
}

# run LOG MAKE-ARGS...: echo the command as a user would type it, run it, keep
# the output in LOG; returns make's exit status.
run() {
    log=$OUT/$1
    shift
    printf '$ %s' "$MAKE"
    for arg in "$@"; do
        case $arg in
            *' '*) printf ' %s="%s"' "${arg%%=*}" "${arg#*=}" ;;
            *) printf ' %s' "$arg" ;;
        esac
    done
    echo
    run_quiet "$log" "$@"
}
run_quiet() {
    log=$1
    shift
    timeout "$LIMIT" "$MAKE" --no-print-directory "$@" >"$log" 2>&1
}

# buggy|fixed LOG MAKE-TARGET [VAR=value...]: run a make target on one of the two builds.
buggy() {
    log=$1 goal=$2
    shift 2
    run "$log" "$goal" NAME="$BUGGY" "$ADAPTER" "$SOURCES" CFLAGS="$BUGS" "$@"
}
fixed() {
    log=$1 goal=$2
    shift 2
    run "$log" "$goal" NAME="$FIXED" "$ADAPTER" "$SOURCES" "$@"
}

# What caught the bug, from a replay log: "oracle NAME", or "sanitizer" when
# ASan/UBSan stopped the run before any oracle could look; "" if neither.
# The default bugs meet an oracle first (see myalloc.h), or crash inside one
# of the harness's own checks, which the context then names ("the harness was
# checking FUZZ_PRISTINE_AFTER_FREE_ALL": a seed that double-frees big blocks
# leaves a heap whose pristine probe walks off the mapping).
# The failure is read as the fuzz scripts read it (failure_kind, failure_label:
# an oracle's NAME, else "TOOL:KIND").
finding_in() {
    label=$(failure_kind <"$1" | failure_label)
    case $label in
    unknown) ;;
    asan:* | ubsan:*)
        if [ "$BUGS" != "$DEFAULT_BUGS" ] || grep -q "the harness was checking FUZZ_" "$1"; then
            echo sanitizer
        fi ;;
    *:*) ;;
    *) echo "oracle $label" ;;
    esac
}

# Artifacts libFuzzer left in a crash directory (not minimisation by-products).
artifacts() {
    for f in "$1"/crash-* "$1"/timeout-* "$1"/oom-* "$1"/leak-*; do
        case $f in *.min | *.log | *'*') ;; *) [ -f "$f" ] && echo "$f" ;; esac
    done
}

[ "$mode" = check ] && rm -rf "$OUT" "$BUILD/fuzz-work/$BUGGY" "$BUILD/fuzz-work/$FIXED"
mkdir -p "$OUT" "$REGRESSIONS"
rm -rf "crashes/$BUGGY" "crashes/$FIXED"
# The build directory is named after NAME only, not CFLAGS: start both builds
# afresh so a different BUGS (or none) never reuses a binary built with others.
rm -rf "$BUILD/fuzz/$BUGGY" "$BUILD/fuzz/$FIXED"
started=$(date +%s)

# ---- 1: build the buggy allocator into a fuzzer ----
step=1
say "Step 1: the adapter (examples/teach/adapter.c) plugs myalloc into the harness; build it with $BUGS"
buggy 1-build.log fuzz-build || { tail -n 20 "$OUT/1-build.log"; fail "the fuzzer did not build"; }
echo "built $BUILD/fuzz/$BUGGY/libfuzzer (libFuzzer + ASan + UBSan + the harness's shadow-model oracles)"

# The check starts step 7's run of the fixed build now, beside steps 2 to 6,
# and reads it at step 7: those are one process at a time (libFuzzer, then
# the replays and their builds), and the soak ran after them on a core they
# had left idle. It builds only the libFuzzer kind of the fixed build, whose
# shared objects step 1 built; step 6 builds its replay kind. A reader's
# walk-through runs it in its place.
# A failure before step 7, or a ^C (which a background run does not get),
# stops it, whole.
if [ "$mode" = check ]; then
    run_quiet "$OUT/7-fuzz-fixed.log" fuzz NAME="$FIXED" "$ADAPTER" "$SOURCES" FUZZ_TIME="$SOAK_TIME" &
    soak=$!
    trap 'stop_soak; exit 130' INT
    trap 'stop_soak; exit 143' TERM
    trap 'stop_soak; exit 129' HUP
fi

# ---- 2: fuzz until the first crash ----
step=2
say "Step 2: fuzz it from $SEED_SET/ (libFuzzer stops at the first failure; budget ${HUNT_TIME} s)"
t0=$(date +%s)
buggy 2-fuzz.log fuzz FUZZ_TIME="$HUNT_TIME" SEEDS="$SEED_SET" SEEDS_ONLY=1
rc=$?
seconds=$(($(date +%s) - t0))
grep -E 'ORACLE|^  what:|Test unit written' "$OUT/2-fuzz.log" | head -n 3
crash=$(artifacts "crashes/$BUGGY" | head -n 1)
[ "$rc" -ne 0 ] || fail "the fuzzer ran ${HUNT_TIME} s without finding the planted bugs ($OUT/2-fuzz.log)"
[ -n "$crash" ] || { tail -n 20 "$OUT/2-fuzz.log"; fail "make fuzz failed (status $rc) but left no crash file in crashes/$BUGGY/"; }
echo "found in ${seconds} s: $crash"

# ---- 3: replay it: the trace and the oracle ----
step=3
say "Step 3: replay the crash: the program as text, then the oracle's report"
buggy 3-replay.log replay CRASH="$crash"
rc=$?
grep -v -E '^((cc|gcc|clang) |  (CC|LINK|AR|LN) +|make(\[[0-9]+\])?: \*\*\*)' "$OUT/3-replay.log"
finding=$(finding_in "$OUT/3-replay.log")
[ "$rc" -ne 0 ] || fail "replay of $crash passed on the buggy build"
[ -n "$finding" ] || fail "replay of $crash failed without naming an oracle ($OUT/3-replay.log)"
echo "replay failed (make says Error) as it should: $finding"
# README's sample traces start with the header replay prints (a stale one misleads a reader).
printed=$(grep -m1 '^version [0-9]' "$OUT/3-replay.log")
stale=$(grep '^version [0-9]' examples/teach/README.md | grep -vxF "$printed" | head -n1)
[ -z "$stale" ] || fail "examples/teach/README.md shows '$stale' but replay printed '$printed': update it"
# So do its steps 2 and 3 this finding, and the input it saved (the seed's, by its hash).
if [ "$BUGS" = "$DEFAULT_BUGS" ]; then
    oracle=$(grep -m1 '^halloc-fuzz: ORACLE ' "$OUT/3-replay.log")
    { [ -n "$oracle" ] && grep -qxF "$oracle" examples/teach/README.md; } ||
        fail "replay printed '${oracle:-no ORACLE line}', which examples/teach/README.md does not show: update it, or $SEED_SET/"
    # Its heap line too: "1 live blocks" was shown there and printed alike.
    heap=$(grep -m1 '^  heap:  ' "$OUT/3-replay.log")
    { [ -n "$heap" ] && grep -qxF "$heap" examples/teach/README.md; } ||
        fail "replay printed '${heap:-no heap line}', which examples/teach/README.md does not show: update it"
    grep -qF "${crash##*/}" examples/teach/README.md ||
        fail "the run saved ${crash##*/}, which examples/teach/README.md does not name: update it, or $SEED_SET/"
fi

# ---- 4: minimise it ----
step=4
say "Step 4: minimise the crash (${MIN_TIME} s)"
buggy 4-minimize.log minimize CRASH="$crash" FUZZ_TIME="$MIN_TIME" ||
    { tail -n 20 "$OUT/4-minimize.log"; fail "minimisation failed"; }
sed -n '/^minimize: saved/,$p' "$OUT/4-minimize.log"
[ -s "$crash.min" ] || fail "minimisation left no $crash.min"
buggy 4-replay-min.log replay CRASH="$crash.min" &&
    fail "the minimised input $crash.min no longer fails"
min_finding=$(finding_in "$OUT/4-replay-min.log")
[ -n "$min_finding" ] || fail "the minimised input fails without naming an oracle ($OUT/4-replay-min.log)"
echo "the minimised input still fails: $min_finding"

# ---- 5: keep it as a regression ----
step=5
say "Step 5: keep the minimised program as a regression test in $REGRESSIONS/"
"$TOOL" to-text "$crash.min" >"$OUT/new.txt" || fail "$TOOL could not read $crash.min"
kept=""
slug=$(echo "${min_finding#oracle }" | tr '_ ' '--') # not_pristine -> not-pristine, as the shipped files
for f in "$REGRESSIONS"/*.txt; do
    [ -f "$f" ] && "$TOOL" to-text "$f" 2>/dev/null | cmp -s - "$OUT/new.txt" && kept=$f
done
# Minimisation is random: a second run finds another small program for the
# same bug. One reproducer per finding is enough; keep the first.
# shellcheck disable=SC2012 # the first of our own <slug>-<n>.txt files
same_finding=$(ls "$REGRESSIONS/$slug"-*.txt 2>/dev/null | head -n 1)
if [ -n "$kept" ]; then
    echo "the same program is already a regression: $kept"
elif [ -n "$same_finding" ]; then
    kept=$same_finding
    echo "a regression for $min_finding is already there (this run's program: $OUT/new.txt): $kept"
else
    kept=$REGRESSIONS/$slug-$(cksum <"$OUT/new.txt" | cut -d' ' -f1).txt
    { echo "# myalloc built with $BUGS: $min_finding (found by examples/teach/walkthrough.sh)"
      cat "$OUT/new.txt"; } >"$kept"
    echo "saved $kept:"
fi
cat "$kept"

# ---- 6: fix the bugs, replay everything ----
step=6
say "Step 6: the fix - here, building without $BUGS - and the replays that prove it"
fixed 6-replay-crash.log replay CRASH="$crash" ||
    { cat "$OUT/6-replay-crash.log"; fail "the fixed build still fails on $crash"; }
grep '^replay:' "$OUT/6-replay-crash.log"
for dir in "$REGRESSIONS" $( [ "$REGRESSIONS" = "$SHIPPED" ] || echo "$SHIPPED" ); do
    fixed 6-replay-regressions.log replay CRASH="$dir" ||
        { cat "$OUT/6-replay-regressions.log"; fail "the fixed build fails a regression in $dir"; }
    grep '^replay:' "$OUT/6-replay-regressions.log"
done

# Each shipped regression must catch a planted bug, or it tests nothing.
if [ "$mode" = check ] && [ "$BUGS" = "$DEFAULT_BUGS" ]; then
    buggy 6-shipped-on-buggy.log replay CRASH="$SHIPPED"
    for f in "$SHIPPED"/*.txt; do
        grep -q "^replay: $f: FAILED" "$OUT/6-shipped-on-buggy.log" ||
            fail "the regression $f does not fail on the build with $BUGS"
    done
    echo "and each of $SHIPPED/*.txt fails on the build with $BUGS"
fi

# ---- 7: fuzz the fixed allocator ----
step=7
say "Step 7: fuzz the fixed allocator (${SOAK_TIME} s): no failure expected"
if [ -n "$soak" ]; then
    echo "\$ $MAKE fuzz NAME=$FIXED $ADAPTER $SOURCES FUZZ_TIME=$SOAK_TIME   (started after step 1)"
    wait "$soak"
    rc=$?
    soak=
    trap - INT TERM HUP
else
    fixed 7-fuzz-fixed.log fuzz FUZZ_TIME="$SOAK_TIME"
    rc=$?
fi
left=$(artifacts "crashes/$FIXED")
if [ "$rc" -ne 0 ] || [ -n "$left" ]; then
    grep -E 'ORACLE|^  what:|ERROR' "$OUT/7-fuzz-fixed.log" | head -n 5
    fail "the fixed build failed while fuzzing (status $rc${left:+, left $left})"
fi
grep -E '^Done [0-9]+ runs|^fuzz: nothing found' "$OUT/7-fuzz-fixed.log"
# README's step 7 shows this line: a run that ends without it misleads a reader.
grep -q '^fuzz: nothing found: fuzzed ' "$OUT/7-fuzz-fixed.log" ||
    fail "the fixed build's run did not end with 'fuzz: nothing found: ...', which examples/teach/README.md shows"

echo
echo "walkthrough: PASS ($mode: planted bugs found in ${seconds} s, $finding; fixed build clean; $(($(date +%s) - started)) s in all)"
