#!/bin/sh
# preload/check-misuse.sh SHIM DEBUG_SHIM PROBE WORKDIR - check-preload's
# planted heap bugs (preload/check.sh runs it): each aborts with halloc's
# diagnosis, the debug shim at the first call after an overflow, its reports
# in the log; the program's stdout is written out first where that is safe;
# HALLOC_NOABORT. Exit 0 if all passed, else 1, each failure said in a FAIL line.
set -u
shim=$1
debug_shim=$2
probe=$3
work=$4
# shellcheck source=preload/check-common.sh
. "$(dirname "$0")/check-common.sh"

# planted MODE SHIM PATTERN: the probe's planted bug must abort (SIGABRT)
# with a line matching PATTERN (grep -E); under the plain shim, after the
# line the probe printed first, buffered (stdout is a file): it was lost.
planted() {
    log="$work/$1-$(basename "$2" .so).out"
    LD_PRELOAD="$2" "$probe" "$1" >"$log" 2>&1
    rc=$?
    [ "$rc" -eq 134 ] || say_fail "probe $1 under $(basename "$2") exited $rc, not 134 (SIGABRT): $(cat "$log")"
    grep -Eq "$3" "$log" || say_fail "probe $1 under $(basename "$2"): no line matching '$3' in: $(cat "$log")"
    [ "$2" != "$shim" ] || [ "$(head -1 "$log")" = "probe: the last line before mode '$1'" ] ||
        say_fail "probe $1 under $(basename "$2"): its stdout was not written out before the abort: $(cat "$log")"
}
# The exit check runs before exit() writes stdout out: the shim does, first.
for so in "$shim" "$debug_shim"; do
    out=$(output_of_death "$work/exit-overflow.out" HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$so" "$probe" exit-overflow)
    { [ "$(echo "$out" | head -1)" = "probe: the last line before mode 'exit-overflow'" ] &&
        echo "$out" | grep -q "^${who}heap damaged at exit: "; } ||
        say_fail "damage found at exit under $(basename "$so"): not said after the program's stdout: $out"
done
# Its reader gone (prog | head -1), the write gets EPIPE: the diagnosis is
# still said (SIGPIPE ended the process before it).
rm -f "$work/no-reader"
mkfifo "$work/no-reader"
# Not the last command in $(...), which the shell would exec: its "Aborted"
# notice would be said by the script's shell, not to /dev/null.
# shellcheck disable=SC2016 # sh -c's script
out=$(sh -c 'exec 4<>"$1" 5>"$1"; exec 4<&-; exec env LD_PRELOAD="$2" "$3" double-free 2>&1 >&5' sh \
    "$work/no-reader" "$shim" "$probe" 2>/dev/null; true)
echo "$out" | grep -q "^${who}free(.*already free" ||
    say_fail "a double free with stdout a pipe nobody reads: no diagnosis: $out"
# A planted misuse that goes unnoticed is named by its call, not as a "bad
# free" whatever it was: glibc's malloc_usable_size does not check its pointer.
out=$("$probe" bad-usable-size 2>&1)
echo "$out" | grep -q "^probe: the malloc_usable_size of a pointer inside a block (mode 'bad-usable-size') went unnoticed$" ||
    say_fail "probe bad-usable-size on glibc did not name malloc_usable_size as the misuse unnoticed: $out"
planted double-free "$shim" '^halloc-preload: pid [0-9]+ \(probe\): free\(0x[0-9a-f]+\) failed: halloc: free.* already free: likely a double free'
planted bad-free "$shim" '^halloc-preload: pid [0-9]+ \(probe\): free\(0x[0-9a-f]+\) failed: halloc: free.* points inside a block'
planted bad-realloc "$shim" '^halloc-preload: pid [0-9]+ \(probe\): realloc\(0x[0-9a-f]+\) failed: halloc: realloc.* points inside a block'
planted bad-usable-size "$shim" '^halloc-preload: pid [0-9]+ \(probe\): malloc_usable_size\(0x[0-9a-f]+\) failed: halloc: usable_size.* points inside a block'
planted overflow "$shim" '^halloc-preload: pid [0-9]+ \(probe\): free\(0x[0-9a-f]+\) failed: .*header check failed.*likely an overflow'
# A call without a pointer is named without one.
planted trim-overflow "$shim" '^halloc-preload: pid [0-9]+ \(probe\): malloc_trim failed: halloc: trim: free list damaged'
planted double-free "$debug_shim" '^halloc-preload: pid [0-9]+ \(probe\): halloc: free.* already free: likely a double free'
planted bad-free "$debug_shim" '^halloc-preload: pid [0-9]+ \(probe\): halloc: free.* points inside a block'
planted overflow "$debug_shim" '^halloc-preload: pid [0-9]+ \(probe\): halloc: heap check after malloc failed: header-check'
# With HALLOC_PRELOAD_LOG the debug library's own reports (a failed check, a
# misuse) go to the log too, like every line of the shim's, not to stderr.
for planted in "overflow:^${who}halloc: heap check after malloc failed: header-check" \
    "double-free:^${who}halloc: free.* already free: likely a double free"; do
    mode=${planted%%:*}
    rm -f "$work/shimlog-debug"
    debug_log=$(output_of_death "$work/debug.out" HALLOC_PRELOAD_LOG="$work/shimlog-debug" LD_PRELOAD="$debug_shim" \
        "$probe" "$mode")
    { grep -q "${planted#*:}" "$work/shimlog-debug" && ! echo "$debug_log" | grep -q "halloc"; } ||
        say_fail "the debug shim's report of $mode did not go to HALLOC_PRELOAD_LOG alone: stderr '$debug_log'"
done
# HALLOC_NOABORT: a value that is no switch word is said, and the misuse
# aborts. Both shims refuse a bad value at startup, also in a program without a bug
# (/bin/true): the library reads it only at its first report, and the plain
# shim, which has no report of its own to make, did not read it at all.
for run in "$debug_shim:$probe double-free" "$debug_shim:/bin/true" "$shim:/bin/true"; do
    so=${run%%:*} prog=${run#*:}
    # shellcheck disable=SC2086 # $prog: a program and its argument
    out=$({ HALLOC_NOABORT=maybe LD_PRELOAD="$so" $prog; echo "exit $?"; } 2>&1)
    { echo "$out" | grep -q "^exit 134$" &&
        echo "$out" | grep -q "^${who}HALLOC_NOABORT='maybe' is not a switch value; use off, 0 or no, or on, 1 or yes"; } ||
        say_fail "HALLOC_NOABORT=maybe under $(basename "$so") ($prog) was not refused with SIGABRT and a message: $out"
done
# A bad HALLOC_NOABORT the program set after the shim's start is refused by
# the debug library at its report, from inside free: into the shim's log,
# where its report went, not by stdio to stderr (stdio may allocate there).
rm -f "$work/shimlog-noabort"
out=$(output_of_death "$work/noabort.out" HALLOC_PRELOAD_LOG="$work/shimlog-noabort" LD_PRELOAD="$debug_shim" \
    "$probe" double-free HALLOC_NOABORT=maybe)
{ grep -q "^${who}halloc: HALLOC_NOABORT='maybe' is not a switch value" "$work/shimlog-noabort" &&
    ! echo "$out" | grep -q HALLOC_NOABORT; } ||
    say_fail "HALLOC_NOABORT=maybe set by the program: its refusal did not go to HALLOC_PRELOAD_LOG alone:" \
        "stderr '$out', log '$(cat "$work/shimlog-noabort" 2>&1)'"
# Both shims abort at a misuse whatever HALLOC_NOABORT says: on is a promise
# they cannot keep, refused at startup (the debug shim took it, and only wrote
# stdout out first); off is what they do.
for so in "$shim" "$debug_shim"; do
    out=$({ HALLOC_NOABORT=1 LD_PRELOAD="$so" /bin/true; echo "exit $?"; } 2>&1)
    { echo "$out" | grep -q "^exit 134$" &&
        echo "$out" | grep -q "^${who}HALLOC_NOABORT='1' has no effect in $(basename "$so"), which aborts at a misuse"; } ||
        say_fail "HALLOC_NOABORT=1 under $(basename "$so") was not refused with SIGABRT and a message: $out"
    out=$({ HALLOC_NOABORT=off LD_PRELOAD="$so" /bin/true; echo "exit $?"; } 2>&1)
    [ "$out" = "exit 0" ] || say_fail "HALLOC_NOABORT=off under $(basename "$so") was not taken: $out"
done

# The debug library prints a misuse report and returns to the shim
# (hl_debug_host_aborts), which aborts without printing it again: one line,
# not two, after the program's stdout, which the shim writes out as the
# plain one does (the library's own abort lost it, unless HALLOC_NOABORT=1).
for mode in double-free bad-free bad-realloc bad-usable-size; do
    out=$({ LD_PRELOAD="$debug_shim" "$probe" "$mode"; echo "exit $?"; } 2>&1)
    lines=$(echo "$out" | grep -Ec "already free: likely a double free|points inside a block")
    { echo "$out" | grep -q "^exit 134$" && [ "$lines" -eq 1 ] &&
        echo "$out" | grep -q "^probe: the last line before mode '$mode'$"; } ||
        say_fail "probe $mode under the debug shim: want stdout's last line, one diagnosis line and SIGABRT, got $lines: $out"
done
exit "$fail"
