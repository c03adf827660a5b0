#!/bin/sh
# run.sh - make rounds: fuzz chosen planted bugs of the round allocators in
# fuzz/rounds/ for FUZZ_TIME seconds each (default 60) and print one row per
# bug: whether it was found, the seconds of make fuzz (its build done before
# the clock starts), the oracle or sanitizer that stopped it, the op, and the
# report's first cause line (fuzz/rounds/README.md).
#
#   ROUND_ALLOCS  the allocators, folder names under fuzz/rounds/ (default all)
#   ROUND_BUGS    the bug numbers (default every one the allocator's source lists)
#   ROUND_NOCHECK 1: build the adapters without their check (-DNOCHECK)
#   ROUND_SAVE    1: save each finding as fuzz/rounds/ALLOC/regressions/bug-N.txt
#                 (text, with the line its replay stops at: make rounds-check's input)
#   ROUND_THREADS 1: make fuzz-threads (ThreadSanitizer, 2-4 threads on one heap)
#                 instead of make fuzz, for an allocator whose adapter claims
#                 FUZZ_THREAD_SAFE; its inputs are binary, kept in crashes/ only
#
# Each row's crash input stays in crashes/<name>/, its log in $BUILD/rounds/.
# Exit 0 when every bug was built and fuzzed (found or not), 1 if a build failed
# or ROUND_BUGS named a bug the allocator's source does not list.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TIME ROUND_ALLOCS ROUND_BUGS ROUND_NOCHECK ROUND_SAVE ROUND_THREADS
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh

MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
OUT=$BUILD/rounds
TIME=${FUZZ_TIME:-60}
case "$TIME" in '' | *[!0-9]*) echo "rounds: FUZZ_TIME must be whole seconds, not '$TIME'"; exit 2 ;; esac
case "${ROUND_NOCHECK:-}" in '' | 0) check=with; nocheck= ;; *) check=without; nocheck=-DNOCHECK ;; esac
case "${ROUND_SAVE:-}" in '' | 0) save= ;; *) save=1 ;; esac
if [ -n "$save" ] && [ -n "$nocheck" ]; then
    echo "rounds: ROUND_SAVE keeps findings of the builds with the check, which make rounds-check replays: drop ROUND_NOCHECK"
    exit 2
fi
# The run and the binaries it needs built before the clock starts, threaded or not.
case "${ROUND_THREADS:-}" in
'' | 0) mode='' run=fuzz ;;
*) mode=-threads run=fuzz-threads ;;
esac
if [ -n "$save" ] && [ -n "$mode" ]; then
    echo "rounds: ROUND_SAVE keeps text traces make rounds-check replays on one thread; a threaded input is binary: drop ROUND_THREADS"
    exit 2
fi
mkdir -p "$OUT"

# shellcheck source=fuzz/rounds/lib.sh
. fuzz/rounds/lib.sh # round_allocs, round_bugs, round_vars
# shellcheck source=fuzz/scripts/report-fields.sh
. fuzz/scripts/report-fields.sh # report_what, report_verdict, report_cause

now() { date +%s.%N; }

# save ALLOC BUG NAME: the input libFuzzer saved for NAME as a text trace in
# fuzz/rounds/ALLOC/regressions/bug-BUG.txt, its comments the bug's line, the
# harness's verdict line of its replay on that build ("# expect: ") and the
# report's first cause line as report_cause gives it ("# cause: ").
save() {
    crash=$(find "crashes/$3" -name 'crash-*' -o -name 'timeout-*' | head -n 1)
    [ -n "$crash" ] || { echo "rounds: no input saved in crashes/$3/ to keep"; return; }
    "$BUILD/fuzz/$3/replay-cc" -v -- "$crash" >"$OUT/$3.replay" 2>&1
    expect=$(report_verdict "$OUT/$3.replay")
    [ -n "$expect" ] || { echo "rounds: $crash replays with no verdict line ($OUT/$3.replay): not kept"; return; }
    text=$("$BUILD/fuzz/trace-tool" to-text "$crash") || { echo "rounds: trace-tool cannot read $crash"; return; }
    mkdir -p "fuzz/rounds/$1/regressions"
    { echo "$text" | head -n 1
      echo "# BUG=$2: $(round_bug_line "$1" "$2")"
      echo "# saved by make rounds ROUND_SAVE=1; its replay on -DBUG=$2 stops at"
      echo "# expect: $expect"
      echo "# cause: $(report_cause "$OUT/$3.replay")"
      echo "$text" | tail -n +2; } >"fuzz/rounds/$1/regressions/bug-$2.txt"
}
failed=0

# hunt ALLOC BUG: one row.
hunt() {
    if ! round_bugs "$1" | grep -qx "$2"; then
        printf '%-10s %3s  no such bug: fuzz/rounds/%s/%s.c lists %s\n' "$1" "$2" "$1" "$1" "$(round_bugs "$1" | tr '\n' ' ')"
        failed=1
        return
    fi
    name=round-$1-bug$2${nocheck:+-nocheck}$mode
    rm -rf "crashes/$name" "$BUILD/fuzz-work/$name"
    flags="-DBUG=$2${nocheck:+ $nocheck}"
    round_vars "$1"
    if [ -n "$mode" ]; then
        built="$BUILD/fuzz/$name/threads-thread $BUILD/fuzz/$name/threads-replay-thread fuzz-built-tool"
    else
        built="fuzz-build fuzz-built-replay-cc fuzz-built-tool"
    fi
    # shellcheck disable=SC2086 # $built: the goals, one word each
    "$MAKE" --no-print-directory TARGET="$target" SRCS="$srcs" "$share" NAME="$name" CFLAGS="$flags" $built \
        >"$OUT/$name.build" 2>&1 || {
        printf '%-10s %3s  build failed (%s)\n' "$1" "$2" "$OUT/$name.build"
        failed=1
        return
    }
    start=$(now)
    guard_by_load 240 # startup's share, times the load per core (fuzz/scripts/load-scaled.sh)
    timeout $((TIME + guard_seconds)) "$MAKE" --no-print-directory TARGET="$target" SRCS="$srcs" "$share" NAME="$name" \
        CFLAGS="$flags" FUZZ_TIME="$TIME" "$run" >"$OUT/$name.log" 2>&1
    status=$?
    secs=$(echo "$(now) $start" | awk '{ printf "%.0f", $1 - $2 }')
    if [ "$status" = 0 ]; then
        printf '%-10s %3s  no     %4s s  %s\n' "$1" "$2" "$secs" "nothing found"
    else
        printf '%-10s %3s  yes    %4s s  %s\n' "$1" "$2" "$secs" "$(report_what "$OUT/$name.log")"
        [ -z "$save" ] || save "$1" "$2" "$name"
    fi
}

allocs=$(round_allocs "${ROUND_ALLOCS:-}") || exit 2
echo "round allocators fuzzed $TIME s a bug${mode:+ from threads (make fuzz-threads)}, $check their check; logs in $OUT/"
printf '%-10s %3s  %-5s  %6s  %s\n' allocator bug found time "oracle | op | first cause line"
for alloc in $allocs; do
    for bug in ${ROUND_BUGS:-$(round_bugs "$alloc")}; do
        hunt "$alloc" "$bug"
    done
done
exit "$failed"
