#!/bin/sh
# check-afl.sh OUT SEEDS WORK CRASHDIR SECONDS MAKEVARS [sigint]: fuzz/scripts/afl.sh
# on a fresh output directory for SECONDS, as make check runs AFL++, then
# (with "sigint") again without a time limit, stopped by SIGINT as ^C stops
# make fuzz-afl.
# After each, no process the run started may remain: AFL++'s CMPLOG fork
# server left its stopped persistent child behind, one more every few runs.
# Environment: MAKE, BUILD, FUZZ_TOOL, CHECK_JOBS (make's -j for the crash
# adapter's builds: one at a time, its harness objects were some 32 compiles
# in a row on an idle core).
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TOOL FUZZ_TIMEOUT FUZZ_MAX_LEN
# shellcheck source=tools/makeflags.sh # run from the top of the tree, as make does
. tools/makeflags.sh
make_dry_run "fuzz/scripts/check-afl.sh $* (afl-fuzz for $5 s)"
out=$1 seeds=$2 work=$3 crashdir=$4 secs=$5 vars=$6 sigint=${7:-}
fail() { echo "fuzz-check-afl FAILED: $*"; exit 1; }
# Every process of the run inherits this, whatever session or parent it ends with.
mark=HALLOC_AFL_CHECK=$$.$(date +%s)
# shellcheck source=fuzz/scripts/none-left.sh
. "$(dirname "$0")"/none-left.sh

env "$mark" FUZZ_AFL_FRESH=1 fuzz/scripts/afl.sh "$out" "$seeds" "$work" "$crashdir" "$secs" "$vars"
rc=$?
expect_none_left "$mark" "afl.sh, stopped by its time limit,"
[ "$rc" = 0 ] || exit 1 # afl.sh said why
if [ "$sigint" != sigint ]; then
    echo "fuzz-check-afl: no process of afl.sh remains after its time limit"
    exit 0
fi

# An oracle's report in the AFL++ build names the input's file in its replay
# line: under afl-fuzz (__AFL_OUT_DIR) a copy the harness saves in
# reported/ (AFL++ saves a crash only if new to it, under a name the
# harness cannot know: a guessed crashes/id:N named the next new crash when
# this one was not new); run by hand, the file stdin reads. Under make
# fuzz-afl (HALLOC_FUZZ_AFL_LOG=DIR) the report goes to DIR/afl.log, which
# afl-fuzz would have sent to /dev/null. (": " last: the shell's "Aborted"
# then goes into said, not onto the screen.) Each run's output is kept as a
# log: make fuzz-check-afl holds its reports to the one-screen budget
# (fuzz/REPORTS.md, One screen).
abort=$work/report-abort
# shellcheck disable=SC2086 # CHECK_JOBS is make's options, one a word
${MAKE:-make} --no-print-directory ${CHECK_JOBS:-} NAME=check-afl-abort TARGET=fuzz/selftest/crash-adapter.c SRCS= \
    CFLAGS=-DSTATS_LIE_AFTER_FREE "${BUILD:-build}/fuzz/check-afl-abort/afl" >"$work/report-build.log" 2>&1 ||
    { cat "$work/report-build.log"; fail "the crash adapter's AFL++ build failed (above)"; }
rm -rf "$abort" && mkdir -p "$abort/crashes" "$abort/logs" && : >"$abort/crashes/id:000000,sig:06,src:000000"
printf 'version 3\nmalloc 0 24\nfree 0\n' >"$abort/input.txt"
${FUZZ_TOOL:-build/fuzz/trace-tool} to-bin "$abort/input.txt" "$abort/input" || fail "trace-tool to-bin failed"
for under in hand afl log; do
    case $under in
    afl) (exec 2>&1; __AFL_OUT_DIR=$abort "${BUILD:-build}/fuzz/check-afl-abort/afl" <"$abort/input"; :) >"$abort/by-afl.log"
        said=$(cat "$abort/by-afl.log") ;;
    log) said=$(exec 2>&1; HALLOC_FUZZ_AFL_LOG=$abort/logs "${BUILD:-build}/fuzz/check-afl-abort/afl" <"$abort/input"; :)
        case "$said" in *halloc-fuzz:*) fail "with HALLOC_FUZZ_AFL_LOG set, the AFL++ build still printed its report: $said" ;; esac
        said=$(cat "$abort/logs/afl.log" 2>/dev/null) ;;
    *) (exec 2>&1; "${BUILD:-build}/fuzz/check-afl-abort/afl" <"$abort/input"; :) >"$abort/by-hand.log"
        said=$(cat "$abort/by-hand.log") ;;
    esac
    case "$said" in *"  reproduce: make replay "*"CRASH="*) ;;
    *) fail "the AFL++ build's oracle report, run by $under, has no replay line: $said" ;; esac
    named=$(printf '%s\n' "$said" | sed -n 's/^  reproduce: make replay .*CRASH=\(.*\), plus .*/\1/p')
    cmp -s "$named" "$abort/input" ||
        fail "the AFL++ build's oracle report, run by $under, names CRASH=$named, not a copy of its input: $said"
done
echo "fuzz-check-afl: an oracle's report in the AFL++ build names a copy of its input, under afl-fuzz too," \
    "and goes to HALLOC_FUZZ_AFL_LOG's directory when set"

# A fault in the ASan build run by hand: ASan's own report, whole, then the
# harness's op from its death callback; the harness took the fault itself
# and ASan's report never came. Under afl-fuzz, whose ASAN_OPTIONS turn
# ASan's handler off (handle_segv=0), the harness takes it and names it.
segv=$work/report-segv
# shellcheck disable=SC2086
${MAKE:-make} --no-print-directory ${CHECK_JOBS:-} NAME=check-afl-segv TARGET=fuzz/selftest/crash-adapter.c SRCS= \
    "${BUILD:-build}/fuzz/check-afl-segv/afl-asan" >"$work/segv-build.log" 2>&1 ||
    { cat "$work/segv-build.log"; fail "the crash adapter's AFL++ ASan build failed (above)"; }
rm -rf "$segv" && mkdir -p "$segv"
# The adapter faults in its 100th malloc: op #99 here.
awk 'BEGIN { print "version 4"; for (i = 0; i < 120; i++) print "malloc", i % 8, 24 }' >"$segv/input.txt"
${FUZZ_TOOL:-build/fuzz/trace-tool} to-bin "$segv/input.txt" "$segv/input" || fail "trace-tool to-bin failed"
# Each run's output kept as a log, as above.
(exec 2>&1; "${BUILD:-build}/fuzz/check-afl-segv/afl-asan" <"$segv/input"; :) >"$segv/asan.log"
said=$(cat "$segv/asan.log")
case "$said" in
*"ERROR: AddressSanitizer: SEGV"*"SUMMARY: AddressSanitizer: SEGV"*"halloc-fuzz: sanitizer report above was raised at op #99: malloc"*"  reproduce: make replay CRASH="*"/report-segv/input,"*) ;;
*) fail "the AFL++ ASan build, run by hand on a fault: not ASan's report followed by the harness's op: $said" ;;
esac
(exec 2>&1; ASAN_OPTIONS=handle_segv=0:symbolize=0 "${BUILD:-build}/fuzz/check-afl-segv/afl-asan" <"$segv/input"; :) \
    >"$segv/harness.log"
said=$(cat "$segv/harness.log")
case "$said" in *"halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #99: malloc"*) ;;
*) fail "the AFL++ ASan build, ASan's handler off as under afl-fuzz, did not name the fault's op: $said" ;; esac
# Under afl-fuzz past 100 copies in reported/, the replay line names a glob
# of AFL++'s crashes/: any signal's (it said sig:06, an abort's, for a fault).
mkdir -p "$segv/afl/reported" && awk -v d="$segv/afl/reported" 'BEGIN { for (i = 0; i < 100; i++) printf "" >(d "/input-" i) }'
(exec 2>&1; __AFL_OUT_DIR=$segv/afl ASAN_OPTIONS=handle_segv=0:symbolize=0 \
    "${BUILD:-build}/fuzz/check-afl-segv/afl-asan" <"$segv/input"; :) >"$segv/past-100.log"
said=$(cat "$segv/past-100.log")
case "$said" in *"  reproduce: make replay CRASH=$segv/afl/crashes/id:* ("*) ;;
*) fail "the AFL++ ASan build, a fault past 100 saved inputs: its replay line is not AFL++'s crashes/id:*: $said" ;; esac
echo "fuzz-check-afl: a fault in the AFL++ ASan build run by hand prints ASan's report, then the op"

# A sanitizer's report the run goes on past (ASan built to recover, with
# halt_on_error=0; here recovered-report.h's stand-in, in op #1's malloc of
# 1000 bytes): the input ended as a pass, and AFL++ saved nothing. It must
# end as a crash does (SIGABRT), its line naming the op, with the replay line.
printf 'version 3\nmalloc 0 24\nmalloc 1 1000\n' >"$segv/recovered.txt"
${FUZZ_TOOL:-build/fuzz/trace-tool} to-bin "$segv/recovered.txt" "$segv/recovered" || fail "trace-tool to-bin failed"
(exec 2>&1; HALLOC_RECOVERED_AT=1000 "${BUILD:-build}/fuzz/check-afl-segv/afl-asan" <"$segv/recovered"; echo "exit $?") \
    >"$segv/recovered.log"
said=$(cat "$segv/recovered.log")
case "$said" in
*"halloc-fuzz: RECOVERED REPORT: "*"ASan reported 1 finding above (op #1): not clean"*"  reproduce: make replay CRASH="*"/report-segv/recovered,"*"exit 134") ;;
*) fail "the AFL++ ASan build, past a recovered report at op #1, did not end as a crash (exit 134) with the line naming it and the replay line: $said" ;;
esac
echo "fuzz-check-afl: an input run past a recovered sanitizer report ends as a crash, naming its op"

# ^C reaches the terminal's foreground process group: here a session of its
# own (setsid) holding afl.sh and the afl-fuzz it starts. Run in the
# foreground with SIGINT at its default: a shell ignores it in what it runs
# in the background, and so would afl.sh (a make check started with & too).
# The timeout only ends a run that SIGINT failed to stop: its time and 120 s
# times the load per core (guard_by_load, through none-left.sh).
# The SIGINT goes once both instances fuzz: afl.sh's "running" line (its
# trap is set by then; FUZZ_AFL_FRESH=1 emptied afl-out/ before it) and each
# instance's fuzzer_stats, which AFL++ writes once its seeds are run. A fixed
# secs/4+1 s sent it, on a loaded machine, to an afl.sh still starting.
pidfile=$work/sigint.pid log=$work/sigint.log
rm -f "$pidfile" "$log" # the timer reads the log: none of an earlier run
both_fuzzing() {
    grep -q '^afl: running ' "$log" 2>/dev/null &&
        [ -f "$work/afl-out/main/fuzzer_stats" ] && [ -f "$work/afl-out/asan/fuzzer_stats" ]
}
(wait_by_load 120 both_fuzzing && kill -INT "-$(cat "$pidfile")") &
timer=$!
guard_by_load 120
# shellcheck disable=SC2016
timeout -s KILL "$((secs + guard_seconds))" setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$pidfile" \
    env --default-signal=INT "$mark" FUZZ_AFL_FRESH=1 \
    fuzz/scripts/afl.sh "$out" "$seeds" "$work" "$crashdir" "" "$vars" >"$log" 2>&1
rc=$?
# A timer still waiting: afl.sh ended on its own, or never started.
kill "$timer" 2>/dev/null
wait "$timer" || fail "afl.sh ended before the SIGINT or never started: $(tail -n 20 "$log")"
expect_none_left "$mark" "afl.sh, stopped by SIGINT,"
[ "$rc" = 0 ] || { cat "$log"; fail "afl.sh, stopped by SIGINT, exited with status $rc (its output above)"; }
# Its clean end names what the adapter's claims left unjudged, as make fuzz's does.
unjudged=$("$out/replay-cc" --unjudged 2>&1) || fail "$out/replay-cc --unjudged failed: $unjudged"
[ -z "$unjudged" ] || tail -n 2 "$log" | head -n 1 | grep -qxF "$unjudged" ||
    { cat "$log"; fail "afl.sh's clean end (above) lacks the line naming what was not judged: $unjudged"; }
echo "fuzz-check-afl: no process of afl.sh remains after its time limit or a SIGINT; its clean end names what was not judged"
