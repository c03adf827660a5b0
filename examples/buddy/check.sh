#!/bin/sh
# check.sh - make buddy-check: the buddy allocator (examples/buddy/) builds
# without a warning and fuzzes clean for a fixed number of libFuzzer runs,
# and four planted bugs, built into one binary, are each named by their
# oracle at their op when their regression input is replayed. Counts of runs
# and fixed inputs, not seconds, so a loaded machine is slower, not flaky.
# Exit 0 and a PASS line, else 1 and a FAIL line naming the step; logs in
# $BUILD/buddy-check/.
set -u
cd "$(dirname "$0")/../.." || exit 1
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env

MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
OUT=$BUILD/buddy-check
RUNS=${RUNS:-200}
BUDDY="TARGET=examples/buddy/adapter.c"
SRC="SRCS=examples/buddy/buddy.c"
BUGS="-DBUDDY_BUG_ALIGN_CAP_PAGE -DBUDDY_BUG_BITMAP_CLEAR -DBUDDY_BUG_SHRINK_KEEPS_ORDER -DBUDDY_BUG_COUNT_WRAPS"
REG=examples/buddy/regressions
rm -rf "$OUT"
mkdir -p "$OUT/new"

fail() {
    echo "buddy-check: FAIL: $*"
    exit 1
}

# built LOG: the build in LOG succeeded and printed no warning about the example's files.
built() {
    if grep -q "examples/buddy/.*warning:" "$1"; then
        fail "examples/buddy/ compiles with a warning ($1)"
    fi
}

# The two builds side by side (the harness's objects are shared: each links
# the adapter, buddy.c and its driver): the clean libFuzzer target with the
# seeds, and one replay driver with four bugs planted, whose regression
# inputs each meet only their own bug. The first is where make check first
# compiles the libFuzzer objects (41), so it takes CHECK_JOBS: one at a time
# they were 22 s on one core while the other build ended in one.
# shellcheck disable=SC2086 # CHECK_JOBS is make's options, one a word
"$MAKE" --no-print-directory ${CHECK_JOBS:-} "$BUDDY" "$SRC" NAME=buddy-check-clean fuzz-built-libfuzzer fuzz-seed \
    >"$OUT/clean-build.log" 2>&1 &
clean_pid=$!
"$MAKE" --no-print-directory "$BUDDY" "$SRC" NAME=buddy-check-bugs CFLAGS="$BUGS" fuzz-built-replay-cc \
    >"$OUT/bugs-build.log" 2>&1 || fail "cannot build the planted-bug replay ($OUT/bugs-build.log)"
wait "$clean_pid" || fail "cannot build the clean libFuzzer target or its seeds ($OUT/clean-build.log)"
built "$OUT/clean-build.log"
built "$OUT/bugs-build.log"

# Clean: the seeds, the regression inputs (correct buddy.c must pass them)
# and RUNS mutations. libFuzzer writes new inputs into the first directory
# only, made fresh above: the seeds' directory never grows from one check to
# the next.
for f in "$REG"/*.txt; do
    "$BUILD/fuzz/trace-tool" to-bin "$f" "$OUT/new/regression-$(basename "$f" .txt)" >/dev/null ||
        fail "trace-tool cannot convert $f"
done
"$BUILD/fuzz/buddy-check-clean/libfuzzer" -runs="$RUNS" -seed=1 -max_len=4096 -len_control=20 \
    -dict=fuzz/halloc.dict -artifact_prefix="$OUT/" "$OUT/new" "$BUILD/fuzz-work/buddy-check-clean/seeds" \
    >"$OUT/clean-fuzz.log" 2>&1 ||
    fail "correct buddy.c: libFuzzer found something in $RUNS runs ($OUT/clean-fuzz.log)"
grep -q "^Done $RUNS runs" "$OUT/clean-fuzz.log" ||
    fail "correct buddy.c: libFuzzer did not report $RUNS runs done ($OUT/clean-fuzz.log)"
echo "  correct buddy.c: builds without a warning, seeds and regressions clean, $RUNS libFuzzer runs clean"

# found INPUT WHAT: replaying INPUT on the planted bugs fails with the line WHAT.
found() {
    log=$OUT/$(basename "$1" .txt)-replay.log
    "$BUILD/fuzz/buddy-check-bugs/replay-cc" -v -- "$1" >"$log" 2>&1 &&
        fail "$1 replays clean on the planted bugs ($log)"
    grep -q "$2" "$log" || fail "the replay of $1 does not say '$2' ($log)"
    echo "  $1: $2"
}
found "$REG/align-cap-page.txt" "ORACLE misaligned fired at op #1: aligned 1 8192 100"
# Judged before usable_size is asked: the block line says so, not "usable
# 100" (the request), where buddy_usable would say 4096.
grep -q "^  block  slot 1 .*  requested 100  usable not asked (the pointer is judged first)$" "$OUT/align-cap-page-replay.log" ||
    fail "the misaligned block's line does not say its usable size was not asked ($OUT/align-cap-page-replay.log)"
found "$REG/bitmap-clear.txt" "ORACLE checker_failed fired at op #4: free 0"
# Met by a double free's first (valid) free, the report says the check failed
# before the second free was sent.
found "$REG/bitmap-clear-double-free.txt" "holds 1 blocks (already before the second free was sent: the op's first free of slot 0"
found "$REG/shrink-keeps-order.txt" "ORACLE stats_mismatch fired at op #2: realloc 0 500"
# A count that wrapped is named so, not as a block counted off twice.
found "$REG/count-wraps.txt" "live_blocks = 0, the model says 256: the model's count modulo 2^8 (256)"
found "$REG/count-wraps.txt" "cause: likely a counter 8 bits wide that wrapped"

echo "buddy-check: PASS (correct buddy.c clean for the seeds and $RUNS runs; 4 planted bugs named by their oracle)"
