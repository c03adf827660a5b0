#!/bin/sh
# preload/check-record.sh SHIM PROBE WORKDIR BENCH - check-preload's
# recording part (preload/check.sh runs it): HALLOC_PRELOAD_TRACE records the
# probe's fixed call sequence exactly, and a forked child's own; traces of
# threaded and forking programs parse in BENCH (every free follows its
# allocation) and replay on halloc and glibc; a shared path, a bad path, a
# FIFO, a process killed or ending mid-call and a recorder past its ids or
# its biggest block are each named.
set -u
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
shim=$(abspath "$1")
probe=$2
work=$3
bench=$4
# shellcheck source=preload/check-common.sh
. "$(dirname "$0")/check-common.sh"
# Recording. The probe's sequence: the most recently freed id reused first, realloc(p, 0)
# a free, calloc as n * size (calloc(0, 8) as 0, like malloc(0)), aligned allocations as
# plain ones, free(NULL) as "f -1".
rm -f "$work"/rec-*.rep
HALLOC_PRELOAD_TRACE="$work/rec-seq.rep" LD_PRELOAD="$shim" "$probe" record ||
    say_fail "probe record exited $? under the shim"
printf '%020d\n' 201 6 18 1 >"$work/rec-seq.expected"
printf '%s\n' "a 0 10" "a 1 12" "r 0 100" "a 2 0" "a 3 0" "f 1" "a 1 20" "f 0" "a 0 128" "a 4 5" "f -1" \
    "a 5 48" "f 2" "f 1" "f 0" "f 4" "f 5" "f 3" >>"$work/rec-seq.expected"
cmp -s "$work/rec-seq.expected" "$work/rec-seq.rep" ||
    say_fail "the recorded sequence differs: $(diff "$work/rec-seq.expected" "$work/rec-seq.rep" | head -5)"
# The path's escapes: %p the process id, %% a %, any other % kept.
pid=$(HALLOC_PRELOAD_TRACE="$work/pct-%%p-%%-%d.%p.rep" LD_PRELOAD="$shim" sh -c 'echo $$')
[ -f "$work/pct-%p-%-%d.$pid.rep" ] ||
    say_fail "HALLOC_PRELOAD_TRACE=pct-%%p-%%-%d.%p.rep gave $(cd "$work" && ls pct-*), not pct-%p-%-%d.$pid.rep"
# A forked child that does not exec: with %p it records into its own trace,
# starting with its inherited blocks under their ids (in any order); without
# %p the parent keeps the file and the child runs unrecorded.
rm -f "$work"/fork-*.rep
HALLOC_PRELOAD_TRACE="$work/fork-%p.rep" LD_PRELOAD="$shim" "$probe" record-fork ||
    say_fail "probe record-fork exited $? under the shim"
parent_rep=$(grep -l '^0*4$' "$work"/fork-*.rep 2>/dev/null)
child_rep=$(grep -l '^0*7$' "$work"/fork-*.rep 2>/dev/null)
printf '%020d\n' 30 2 4 1 >"$work/fork-parent.expected"
printf '%s\n' "a 0 10" "a 1 20" "f 0" "f 1" >>"$work/fork-parent.expected"
{ printf '%020d\n' 70 2 7 1; printf '%s\n' "a 0 10" "a 1 20" "f 0" "r 1 30" "a 0 40" "f 0" "f 1"; } \
    >"$work/fork-child.expected"
# shellcheck disable=SC2012 # counting our own fork-<pid>.rep files
if [ -z "$parent_rep" ] || [ -z "$child_rep" ] || [ "$(ls "$work"/fork-*.rep | wc -l)" -ne 2 ]; then
    say_fail "record-fork: expected a parent trace of 4 ops and a child trace of 7: $(ls "$work"/fork-*.rep)"
else
    cmp -s "$work/fork-parent.expected" "$parent_rep" ||
        say_fail "record-fork, parent: $(diff "$work/fork-parent.expected" "$parent_rep" | head -5)"
    { head -n 4 "$child_rep"; sed -n 5,6p "$child_rep" | sort; tail -n +7 "$child_rep"; } >"$work/fork-child.got"
    cmp -s "$work/fork-child.expected" "$work/fork-child.got" ||
        say_fail "record-fork, child: $(diff "$work/fork-child.expected" "$work/fork-child.got" | head -5)"
    "$bench" -n -r 1 "$parent_rep" "$child_rep" >/dev/null 2>&1 || say_fail "record-fork: the traces do not replay"
fi
# A child from _Fork runs no fork handlers: past the recorder's buffer it
# must stop, said, not write its lines into its parent's trace.
rm -f "$work"/fork-unhandled-*.rep
HALLOC_PRELOAD_TRACE="$work/fork-unhandled-%p.rep" LD_PRELOAD="$shim" "$probe" record-fork-unhandled \
    2>"$work/fork-unhandled.err" || say_fail "probe record-fork-unhandled exited $? under the shim"
unhandled_rep=$(ls "$work"/fork-unhandled-*.rep 2>/dev/null)
{ [ "$(echo "$unhandled_rep" | wc -l)" -eq 1 ] && cmp -s "$work/fork-parent.expected" "$unhandled_rep" &&
    grep -q "forked without fork's handlers (_Fork, clone), would write into the trace of its parent; it runs unrecorded" \
        "$work/fork-unhandled.err"; } ||
    say_fail "record-fork-unhandled: the parent's trace ($(head -c 300 "$unhandled_rep" | tr '\n' ' ')) or stderr: $(head -3 "$work/fork-unhandled.err")"
# A process that execs a program not under the shim (static here) finishes
# its trace first; so does each child bash forks to run one.
printf 'int main(void) { return 0; }\n' >"$work/static.c"
${CC:-cc} -static "$work/static.c" -o "$work/static" || say_fail "cannot link a static program (libc6-dev's libc.a)"
HALLOC_PRELOAD_TRACE="$work/exec.rep" LD_PRELOAD="$shim" "$probe" record-exec "$work/static" ||
    say_fail "probe record-exec: the exec'd static program failed"
{ printf '%020d\n' 30 2 3 1; printf '%s\n' "a 0 10" "a 1 20" "f 0"; } >"$work/exec.expected"
cmp -s "$work/exec.expected" "$work/exec.rep" ||
    say_fail "a trace at exec: $(diff "$work/exec.expected" "$work/exec.rep" | head -5)"
# execveat too (Linux's own exec, which glibc has declared since 2.34).
HALLOC_PRELOAD_TRACE="$work/execveat.rep" LD_PRELOAD="$shim" "$probe" record-execveat "$work/static" ||
    say_fail "probe record-execveat: the exec'd static program failed"
cmp -s "$work/exec.expected" "$work/execveat.rep" ||
    say_fail "a trace at execveat: $(diff "$work/exec.expected" "$work/execveat.rep" | head -5)"
# An exec that fails leaves the process running: its later calls belong in
# the trace (the probe frees its second block and exits 4 on ENOENT).
HALLOC_PRELOAD_TRACE="$work/exec-failed.rep" LD_PRELOAD="$shim" "$probe" record-exec "$work/no-such-program"
rc=$?
{ printf '%020d\n' 30 2 4 1; printf '%s\n' "a 0 10" "a 1 20" "f 0" "f 1"; } >"$work/exec-failed.expected"
{ [ "$rc" = 4 ] && cmp -s "$work/exec-failed.expected" "$work/exec-failed.rep"; } ||
    say_fail "a failed exec (exit $rc, 4 expected): $(diff "$work/exec-failed.expected" "$work/exec-failed.rep" | head -5)"
rm -f "$work"/exec-*.rep
HALLOC_PRELOAD_TRACE="$work/exec-%p.rep" LD_PRELOAD="$shim" bash -c "$work/static; $work/static; true"
# shellcheck disable=SC2012 # counting our own exec-<pid>.rep files
{ [ "$(ls "$work"/exec-*.rep | wc -l)" -eq 3 ] && ! grep -l '^unfinished' "$work"/exec-*.rep >/dev/null; } ||
    say_fail "bash running a static program twice: expected 3 finished traces, got: $(head -qn1 "$work"/exec-*.rep)"
{ HALLOC_PRELOAD_TRACE="$work/fork-shared.rep" LD_PRELOAD="$shim" "$probe" record-fork 2>"$work/fork-shared.err" &&
    [ ! -s "$work/fork-shared.err" ] && cmp -s "$work/fork-parent.expected" "$work/fork-shared.rep"; } ||
    say_fail "record-fork without %p: the parent's trace or stderr: $(head -3 "$work/fork-shared.err")"
# The whole probe (4 threads churning, 20 forks) and a pipeline of programs,
# one trace per process ("%p"): each must parse and replay.
HALLOC_PRELOAD_TRACE="$work/rec-probe.rep" LD_PRELOAD="$shim" "$probe" >/dev/null ||
    say_fail "the probe failed while recording"
HALLOC_PRELOAD_TRACE="$work/rec-%p.rep" LD_PRELOAD="$shim" \
    sh -c "sort -k2 --parallel=2 $work/input.txt | awk '{ n[\$2]++ } END { print length(n) }'" >/dev/null
# The traces become the positional parameters: a path with a space stays one.
set --
for trace in "$work"/rec-*.rep; do
    [ "$trace" = "$work/rec-seq.rep" ] || set -- "$@" "$trace"
done
traces_recorded=$#
[ "$traces_recorded" -ge 4 ] || say_fail "expected traces from the probe, sh, sort and awk; got: $*"
"$bench" -n -r 1 "$@" >"$work/rec-bench.out" 2>&1 ||
    say_fail "bench on the recorded traces: $(grep -E 'FAILED|:[0-9]+: ' "$work/rec-bench.out" | head -3)"
# Threads cancelled while they allocate end at their own testcancel, not in
# the recorder's write: the trace replays. The old fault broke about 4 runs
# in 5 (a write that finished before the cancel acted), so three runs.
${CC:-cc} -O2 -fno-builtin preload/cancel.c -o "$work/cancel" -lpthread || say_fail "cannot build cancel.c"
for run in 1 2 3; do
    guard_by_load 60 # a hang's end (fuzz/scripts/load-scaled.sh, through check-common.sh)
    { out=$(timeout "$guard_seconds" env HALLOC_PRELOAD_TRACE="$work/cancel.rep" LD_PRELOAD="$shim" "$work/cancel" 2>&1) &&
        "$bench" -n -r 1 "$work/cancel.rep" >"$work/cancel-bench.out" 2>&1; } ||
        { say_fail "threads cancelled while recording (run $run): '$out'," \
            "bench: $(grep -E 'FAILED|:[0-9]+: ' "$work/cancel-bench.out" | head -2)"; break; }
done
out=$(timeout "$hang_limit" env HALLOC_PRELOAD_TRACE="$work/cancel-exec.rep" LD_PRELOAD="$shim" "$work/cancel" exec 2>&1)
[ "$out" = "exec'd" ] || say_fail "execl in a thread with a cancel pending, recording: '$out' (glibc execs)"
# The handler's own call runs unrecorded: it once took the call's lock as its
# own, flushed into the middle of that call's flush and said "cannot write" too.
out=$(timeout "$hang_limit" env HALLOC_PRELOAD_TRACE="$work/cancel-nested.rep" LD_PRELOAD="$shim" "$work/cancel" nested \
    2>"$work/cancel-nested.err")
said=$(grep -c 'cannot write the trace' "$work/cancel-nested.err")
[ "$out:$said" = "cancellable:1" ] ||
    say_fail "a thread whose signal handler allocated inside a recorded call: '$out'," \
        "'cannot write the trace' said $said times (once: the handler's call is not recorded)"
# One path without %p for a pipeline: the first process keeps the file, the
# others say so and run unrecorded; the file is one process's, readable.
HALLOC_PRELOAD_TRACE="$work/rec-shared.rep" LD_PRELOAD="$shim" \
    sh -c "sort $work/input.txt | awk 'END { print NR }'" >/dev/null 2>"$work/rec-shared.err"
grep -q "another process is recording to .*$work/rec-shared.rep; this one runs unrecorded (put %p" \
    "$work/rec-shared.err" || say_fail "processes sharing a trace path were not told: $(head -3 "$work/rec-shared.err")"
"$bench" -n -r 1 "$work/rec-shared.rep" >/dev/null 2>&1 || say_fail "the shared-path trace does not replay"
{ HALLOC_PRELOAD_TRACE=/nonexistent-dir/t.rep LD_PRELOAD="$shim" "$probe" record 2>"$work/rec-bad-path.err" &&
    grep -q "cannot create /nonexistent-dir/t.rep: No such file or directory; the program runs unrecorded (give a file path in a directory this user can write)$" \
    "$work/rec-bad-path.err"; } || say_fail "an uncreatable trace path: $(cat "$work/rec-bad-path.err")"
# A FIFO nobody reads as the trace or the log: the program starts (opening it
# waited for a reader for ever), told why. timeout outside the shim.
rm -f "$work/shim-fifo"
mkfifo "$work/shim-fifo" || say_fail "cannot make a FIFO in $work"
for var in TRACE:"cannot record into .*shim-fifo; it is no regular file (a pipe or a device)" \
    LOG:"LOG: cannot open .*shim-fifo: No such device or address (a FIFO nobody reads); the shim's lines go to stderr"; do
    out=$(timeout "$hang_limit" env "HALLOC_PRELOAD_${var%%:*}=$work/shim-fifo" LD_PRELOAD="$shim" sh -c 'echo ok' 2>&1)
    rc=$?
    { [ "$rc" -eq 0 ] && echo "$out" | grep -q "^ok$" && echo "$out" | grep -q "${var#*:}"; } ||
        say_fail "a FIFO as HALLOC_PRELOAD_${var%%:*}: exit $rc (124: it hung), $out"
done
# quick_exit runs no destructors and calls glibc's own _exit: the shim's
# at_quick_exit handler finishes the trace and checks the heap. With an
# argument it is called from a SIGSEGV handler inside a free that holds the
# heap's lock (its header page made unreadable, as probe's record-exit-in-call):
# the check must not wait for that lock for ever (it did).
cat >"$work/quick-exit.c" <<'EOF'
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
static void on_fault(int sig) { quick_exit(sig == SIGSEGV ? 7 : 2); }
int main(int argc, char **argv)
{
    (void)argv;
    for (int i = 0; i < 100; i++)
        free(malloc(100));
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *first = aligned_alloc(page, page), *p = aligned_alloc(page, page);
    if (argc > 1 && p >= first + 2 * page && signal(SIGSEGV, on_fault) != SIG_ERR &&
        mprotect(p - page, page, PROT_NONE) == 0)
        free(p);
    quick_exit(3);
}
EOF
${CC:-cc} -O2 -fno-builtin "$work/quick-exit.c" -o "$work/quick-exit" || say_fail "cannot build quick-exit.c"
err=$(HALLOC_PRELOAD_CHECK=1 HALLOC_PRELOAD_TRACE="$work/quick-exit.rep" LD_PRELOAD="$shim" "$work/quick-exit" 2>&1)
rc=$?
{ [ "$rc" -eq 3 ] && echo "$err" | grep -q "heap consistent at exit" && ! grep -q '^unfinished' "$work/quick-exit.rep" &&
    "$bench" -n -r 1 "$work/quick-exit.rep" >/dev/null 2>&1; } ||
    say_fail "quick_exit(3): exit $rc, the heap unchecked or the trace unfinished: $err; $(head -1 "$work/quick-exit.rep")"
err=$(timeout "$hang_limit" env HALLOC_PRELOAD_CHECK=1 HALLOC_PRELOAD_TRACE="$work/quick-exit-in-call.rep" LD_PRELOAD="$shim" \
    "$work/quick-exit" in-call 2>&1)
rc=$?
{ [ "$rc" -eq 7 ] && echo "$err" | grep -q "heap not checked at quick_exit: its lock stayed taken" &&
    echo "$err" | grep -q "quick_exit was called inside a recorded call .*the trace stays 'unfinished'"; } ||
    say_fail "quick_exit(7) from a handler inside a locked free with HALLOC_PRELOAD_CHECK=1: exit $rc (124: it hung): $err"
# A process killed half-way leaves the trace unfinished, and bench says so;
# this one is killed before its first write, so nothing is left to replay.
# (One that ends with _exit, as dash does, finishes it: sh's trace above.)
HALLOC_PRELOAD_TRACE="$work/rec-unfinished.rep" LD_PRELOAD="$shim" "$probe" record-unfinished 2>/dev/null
"$bench" -n -r 1 "$work/rec-unfinished.rep" >/dev/null 2>"$work/rec-unfinished.err"; rc=$?
{ [ "$rc" = 2 ] && grep -q "rec-unfinished.rep: unfinished (its process was killed or crashed .*no recorded call reached the file" "$work/rec-unfinished.err"; } ||
    say_fail "an unfinished trace was not named: $(cat "$work/rec-unfinished.err")"
# More blocks live at once than the readers take ids for (64 in this shim):
# recording stops, said, its lines so far written; the trace replays as an
# unfinished one, no id past the cap, and the program runs on.
trace="$work/rec-cap.rep"
out=$(HALLOC_PRELOAD_TRACE="$trace" LD_PRELOAD="$(abspath "$work/libhalloc-preload-cap64.so")" \
    awk 'BEGIN { for (i = 0; i < 500; i++) a[i] = sprintf("%300d", i); print length(a) }' 2>"$work/rec-cap.err")
{ [ "$out" = 500 ] && grep -q "TRACE: 64 blocks live at once, the most ids .*stays 'unfinished'" "$work/rec-cap.err" &&
    "$bench" -n -r 1 "$trace" 2>&1 | grep -q "$trace: unfinished (its process .*replaying the [0-9]* complete" &&
    awk '$1 ~ /^[afr]$/ && $2 >= 64 { exit 1 }' "$trace"; } ||
    say_fail "a recorder past its 64 ids: awk said '$out', $(cat "$work/rec-cap.err"); $(head -n 1 "$trace")"
# A block above the readers' size limit (1 MiB in this shim; 1 TiB, which
# overcommit can give, in the real one), by malloc and by realloc: recording
# stops at it, said, the lines before it written, and the trace replays as
# unfinished (its line would have had the whole trace refused).
for how in malloc realloc; do
    trace="$work/rec-big-$how.rep"
    HALLOC_PRELOAD_TRACE="$trace" LD_PRELOAD="$(abspath "$work/libhalloc-preload-cap64.so")" \
        "$probe" record-big "$how" 2>"$work/rec-big.err"; rc=$?
    { [ "$rc" = 0 ] && grep -q "TRACE: a block of 2097152 bytes, above the 1048576 that make bench .*stays 'unfinished'" \
        "$work/rec-big.err" && [ "$(grep '^[afr] ' "$trace")" = "a 0 10" ] &&
        "$bench" -n -r 1 "$trace" 2>&1 | grep -q "$trace: unfinished (its process .*replaying the 1 complete"; } ||
        say_fail "a 2 MiB block by $how past a recorder capped at 1 MiB: exit $rc, $(cat "$work/rec-big.err");" \
            "$(head -n 1 "$trace"), lines: $(grep -c '^[afr] ' "$trace")"
done
# _exit from a signal handler that interrupted a recorded call (the probe's
# timer lands inside one almost every time): the process must end with the
# handler's status, not wait for ever for its own thread's lock. If it did
# interrupt one, the trace is said to stay unfinished and bench names it so;
# otherwise it is finished and replays.
for run in 1 2 3; do
    trace="$work/rec-handler-$run.rep"
    # timeout outside the shim: it would otherwise take the trace file itself
    timeout "$hang_limit" env HALLOC_PRELOAD_TRACE="$trace" LD_PRELOAD="$shim" "$probe" record-exit-in-handler 2>"$work/rec-handler.err"
    rc=$?
    [ "$rc" -eq 7 ] || say_fail "_exit(7) from a signal handler while recording ended with $rc (124: it hung): $(cat "$work/rec-handler.err")"
    if grep -q "_exit was called inside a recorded call .*the trace stays 'unfinished'" "$work/rec-handler.err"; then
        "$bench" -n -r 1 "$trace" 2>&1 | grep -q "$trace: unfinished (its process was killed or crashed" ||
            say_fail "a trace left unfinished by _exit in a handler was not named as unfinished"
    else
        "$bench" -n -r 1 "$trace" >/dev/null 2>&1 || say_fail "a trace finished by _exit in a handler does not replay"
    fi
done
# The same, certainly inside a call: a free faults on its protected header.
trace="$work/rec-in-call.rep"
timeout "$hang_limit" env HALLOC_PRELOAD_TRACE="$trace" LD_PRELOAD="$shim" "$probe" record-exit-in-call 2>"$work/rec-in-call.err"
rc=$?
{ [ "$rc" -eq 7 ] && grep -q "_exit was called inside a recorded call .*the trace stays 'unfinished'" "$work/rec-in-call.err" &&
    head -n 1 "$trace" | grep -q '^unfinished'; } ||
    say_fail "_exit(7) from a SIGSEGV handler inside a recorded free: exit $rc (124: it hung), $(cat "$work/rec-in-call.err")"
[ "$fail" -eq 0 ] && echo "check-preload: recording: the probe's sequence exact; $traces_recorded traces of threaded and forking programs parse and replay; a shared path, a bad path, a FIFO (as the log too), an unfinished trace and a recorder past its ids or its block size are named; _exit from a signal handler mid-call ends"
exit "$fail"
