#!/bin/sh
# detect.sh - make buddy-detect: the README's detection table, measured here.
# Every BUDDY_BUG_* switch buddy.c tests is built on its own and fuzzed by
# make fuzz from the seeds for at most FUZZ_TIME seconds (default 60); one
# row per bug: the seconds to the first crash (the fuzzing run alone, its
# build done before the clock starts), whether a seed or how many inputs
# in, and the oracle or sanitizer that stopped it. Then the correct build
# for as long, which must end clean. Exit 1 if a bug survives or the
# correct build crashes. Logs in $BUILD/buddy-detect/.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TIME
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
# shellcheck source=fuzz/scripts/quote.sh
. fuzz/scripts/quote.sh # counted

MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
OUT=$BUILD/buddy-detect
TIME=${FUZZ_TIME:-60}
case "$TIME" in '' | *[!0-9]*) echo "buddy-detect: FUZZ_TIME must be whole seconds, not '$TIME'"; exit 2 ;; esac
VARS="TARGET=examples/buddy/adapter.c SRCS=examples/buddy/buddy.c"
mkdir -p "$OUT"

now() { date +%s.%N; }

# hunt SWITCH: one row; returns 0 if the build crashed within TIME.
hunt() {
    name=buddy-detect-$(printf '%s' "${1:-clean}" | tr 'A-Z_' 'a-z-')
    rm -rf "crashes/$name" "$BUILD/fuzz-work/$name"
    # shellcheck disable=SC2086 # VARS is two words
    "$MAKE" --no-print-directory $VARS NAME="$name" ${1:+CFLAGS=-D$1} fuzz-build fuzz-built-replay-cc \
        >"$OUT/$name.build" 2>&1 || { printf '%-28s build failed (%s)\n' "${1:-correct}" "$OUT/$name.build"; return 2; }
    start=$(now)
    guard_by_load 240 # startup's share, times the load per core (fuzz/scripts/load-scaled.sh)
    # shellcheck disable=SC2086
    timeout $((TIME + guard_seconds)) "$MAKE" --no-print-directory $VARS NAME="$name" ${1:+CFLAGS=-D$1} \
        FUZZ_TIME="$TIME" fuzz >"$OUT/$name.log" 2>&1
    status=$?
    secs=$(echo "$(now) $start" | awk '{ printf "%.1f", $1 - $2 }')
    # What stopped it: the harness's oracle, else the sanitizer's kind of error.
    what=$(grep -o -m 1 'ORACLE [a-z_]*\|ERROR: [A-Za-z]*Sanitizer: [a-z-]*' "$OUT/$name.log" | sed 's/^ERROR: //')
    [ "$status" = 0 ] && what="nothing in $TIME s"
    # Where, in inputs: a count the machine's load does not change. Before
    # libFuzzer's INITED line it was still running the seeds.
    if grep -q INITED "$OUT/$name.log"; then
        where="after $(grep -o '^#[0-9]*' "$OUT/$name.log" | tail -n 1 | tr -d '#') inputs"
    else
        where="among the seeds"
    fi
    printf '%-28s %7s s  %-16s  %s\n' "${1:-correct build}" "$secs" "$where" "$what"
    [ "$status" != 0 ]
}

printf '%-28s %9s  %-16s  %s\n' "switch" "found in" "where" "by"
survived=0
# shellcheck disable=SC2013 # the switch names are words
for bug in $(grep -o 'BUDDY_BUG_[A-Z_]*' examples/buddy/buddy.c | sort -u); do
    hunt "$bug" || survived=$((survived + 1))
done
hunt "" && { echo "buddy-detect: FAIL: the correct build crashed ($OUT/buddy-detect-clean.log)"; exit 1; }
[ "$survived" = 0 ] || { echo "buddy-detect: FAIL: $(counted "$survived" "planted bug") not found in $TIME s"; exit 1; }
echo "buddy-detect: every planted bug found; seconds are wall time of make fuzz (seeds, then fuzzing), logs in $OUT/"
