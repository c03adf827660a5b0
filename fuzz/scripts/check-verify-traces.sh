#!/bin/sh
# check-verify-traces.sh - make fuzz-check-verify: verify-traces replays the
# lab traces in bench/traces/ clean on correct allocators (halloc, glibc, the
# malloc-lab mm.c with its heap checker, one that only has free_sized), fails on mm.c's planted split bug
# with a report naming the trace line, names the line a crashing allocator
# died at, names MEMLIB_MAX_HEAP when a trace outgrows the lab's heap, and
# is rebuilt when any header it includes changes, replays traces with
# free(NULL) (an adapter refusing it named), finds damage at a large block's
# sampled edge, blames a fault in its own write
# of a block on the block, honours HALLOC_FUZZ_USABLE=off, and says how far
# a replay longer than -p's seconds is, also inside one slow op, and not
# inside a sanitizer's report (a short one says nothing), and those lines,
# cut as a time limit cuts them, read by make fuzz-lab-batch as stuck or as
# slow with how far it got; a report the run
# went on past (UBSan recovering) fails verify-traces, replay and make
# fuzz-sweep, a second trace's report at the same place too (verify-traces
# replays each trace in a process of its own; replay -n runs no input after
# one with a report), and the sweep that stops there counts the cell.
# Its options, limits and trace forms, on halloc alone, are checked by
# check-verify-traces-options.sh, run after it.
set -u
cd "$(dirname "$0")/../.." || exit 1
# (the caller's variables: dropped there, by drop_caller_env)
# shellcheck source=fuzz/scripts/verify-traces-check-env.sh
. fuzz/scripts/verify-traces-check-env.sh
TRACES=$(echo bench/traces/*.rep)
SHORT="bench/traces/coalescing-heavy.rep bench/traces/short-lived.rep"
LAB="TARGET=fuzz/adapters/malloclab.c SRCS=examples/malloclab/mm.c"

# Every verify-traces build of this check: a name, then its make variables.
CRASHER="TARGET=fuzz/selftest/crash-adapter.c SRCS="
# slow-op-ub's UBSan report the run goes on past, from code built to recover
# and linked as a library: the harness objects stay the shared ones
# (fuzz/selftest/ub-recover-lib.c says why). Named by a checksum of its flags
# and source: the binaries do not depend on an LDLIBS file, but the build's
# flags stamp holds LDLIBS, so another library relinks them.
ub_flags='-std=c11 -Wall -Wextra -Werror -O2 -g -fsanitize=undefined'
UB_LIB=$OUT/ub-recover-lib-$({ echo "$ub_flags"; cat fuzz/selftest/ub-recover-lib.c; } | cksum | cut -d' ' -f1).o
# shellcheck disable=SC2086 # the flags are words
[ -f "$UB_LIB" ] || gcc $ub_flags -c fuzz/selftest/ub-recover-lib.c -o "$UB_LIB" || fail "cannot build $UB_LIB"
BUILDS="halloc TARGET=fuzz/adapters/halloc.c SRCS=
lab-clean $LAB MM_API=checked
lab-split-bug $LAB MM_API=classic CFLAGS=-DMM_BUG_SPLIT_NO_FOOTER
lab-cap $LAB MM_API=classic CFLAGS=-DMEMLIB_MAX_HEAP=65536
crash-ubsan $CRASHER CFLAGS=-DCRASH_BY_UBSAN
crash-in-stats $CRASHER CFLAGS=-DCRASH_IN_STATS
usable-overstated $CRASHER CFLAGS=-DUSABLE_OVERSTATED
free-refused $CRASHER CFLAGS=-DFREE_REFUSES_FIRST
free-null-refused $CRASHER CFLAGS=-DFREE_NULL_REFUSED
glibc TARGET=fuzz/adapters/glibc.c SRCS=
sized TARGET=fuzz/selftest/sized-adapter.c SRCS=
slow-op TARGET=fuzz/selftest/slow-op-adapter.c SRCS=
slow-op-overflow TARGET=fuzz/selftest/slow-op-adapter.c SRCS= CFLAGS=-DOVERFLOW_AFTER_SLOW
slow-op-ub TARGET=fuzz/selftest/slow-op-adapter.c SRCS= CFLAGS=-DUB_FIRST LDLIBS=$UB_LIB
crash $CRASHER
discard-edge TARGET=fuzz/selftest/discard-adapter.c SRCS= CFLAGS=-DWRITES_FIRST_BLOCK"
vars_of() { echo "$BUILDS" | sed -n "s/^$1 //p"; }

# Compiling is most of this check's time: every build first, as many at once
# as there are cores, each started as soon as one ends (each has a directory
# of its own, build/fuzz/vt-NAME). halloc's goes first, alone, with a job a
# core: it compiles the harness and trace-reader objects every other build
# links (their flags are the same), and it is the longest; started beside
# it, the next build compiled those objects too. One that fails here fails
# again in its run below, which shows its log. slow-op-ub's replay and sweep
# (run past its recovered report below) are linked here too, beside the
# others' builds, not one after the other later.
# shellcheck disable=SC2016 # expanded by the sh that runs it
vt_build='name=$1; shift; extra=; [ "$name" != slow-op-ub ] || extra="$BUILD/fuzz/vt-$name/replay-gcc $BUILD/fuzz/vt-$name/sweep"
    "$MAKE" --no-print-directory $VT_JOBS "$BUILD/fuzz/vt-$name/verify-traces" $extra NAME="vt-$name" "$@" \
        >"$OUT/$name.build.log" 2>&1; exit 0'
cores=$(nproc 2>/dev/null || echo 1)
# shellcheck disable=SC2046 # halloc's make variables, one a word
VT_JOBS=-j$cores MAKE=$MAKE BUILD=$BUILD OUT=$OUT sh -c "$vt_build" sh $(echo "$BUILDS" | head -n 1)
echo "$BUILDS" | tail -n +2 | VT_JOBS='' MAKE=$MAKE BUILD=$BUILD OUT=$OUT xargs -L 1 -P "$cores" sh -c "$vt_build" sh

# The three replays of slow-op checked below for their progress lines (-p
# 0.1) mostly sleep, in its adapter and in ASan's sleep_before_dying: one
# after the other they were some 6 s of idle cores. Started here, beside the
# runs before their checks, and waited for there. slow-op's mallocs sleep
# 20 ms each, and 1 s for 7777 bytes: op #40, at line 45.
awk 'BEGIN { printf "0\n2\n42\n1\n"; for (i = 0; i < 20; i++) printf "a 0 24\nf 0\n"; print "a 1 7777"; print "f 1" }' \
    >"$OUT/slow-op.rep"
"$BUILD/fuzz/vt-slow-op/verify-traces" -p 0.1 "$OUT/slow-op.rep" >"$OUT/progress.log" 2>&1 &
progress_pid=$!
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}sleep_before_dying=1" \
    "$BUILD/fuzz/vt-slow-op-overflow/verify-traces" -p 0.1 "$OUT/slow-op.rep" >"$OUT/progress-report.log" 2>&1 &
report_pid=$!
"$BUILD/fuzz/vt-slow-op-ub/verify-traces" -p 0.1 "$OUT/slow-op.rep" >"$OUT/progress-ub.log" 2>&1 &
ub_pid=$!

# run NAME EXPECTED-EXIT TRACES: make verify-traces with NAME's build, log in $OUT/NAME.log
run() {
    name=$1 want=$2 traces=$3
    # shellcheck disable=SC2046
    "$MAKE" --no-print-directory verify-traces NAME="vt-$name" TRACES="$traces" $(vars_of "$name") >"$OUT/$name.log" 2>&1
    rc=$?
    [ "$want" = 0 ] && [ "$rc" != 0 ] && fail "$name: exit $rc on a correct allocator ($OUT/$name.log)"
    [ "$want" != 0 ] && [ "$rc" = 0 ] && fail "$name: verify-traces passed; it had to fail ($OUT/$name.log)"
    clean=$(grep -c "ops clean on" "$OUT/$name.log")
    echo "fuzz-check-verify: $name: exit $rc, $clean traces clean"
}

run halloc 0 "$TRACES"
[ "$(grep -c 'ops clean on halloc' "$OUT/halloc.log")" = "$(echo "$TRACES" | wc -w)" ] ||
    fail "halloc: not every trace reported clean ($OUT/halloc.log)"
run glibc 0 "$SHORT"
# Every header verify-traces' own sources include (the compiler's list) is a
# prerequisite of it: make -W takes the header as just edited, and -d says
# whether it was compared with the binary (bench/mem.h was not). So is
# bench/trace.list, which names the trace sources it links. One make for
# all (-d names each prerequisite it compares), not one per file (15 makes).
bin=$BUILD/fuzz/vt-glibc/verify-traces
# shellcheck disable=SC1003 # '\\' is tr's own escape for one backslash, not a quote
edited="$(${CC:-cc} -MM -Ifuzz -Iallocator fuzz/verify-traces.c fuzz/verify-one-trace.c fuzz/progress.c bench/trace.c \
    bench/trace-build.c bench/live-set.c | tr -d '\\' | tr ' ' '\n' | grep '\.h$' | xargs realpath --relative-to=. | sort -u) bench/trace.list"
# shellcheck disable=SC2046,SC2086 # one -W per file (no blank in a path here), and the glibc build's variables
compared=$("$MAKE" --no-print-directory -d -n $(printf -- '-W %s ' $edited) "$bin" NAME=vt-glibc $(vars_of glibc) 2>/dev/null)
for h in $edited; do
    case "$compared" in *"Prerequisite '$h' is newer than target '$bin'"*) ;; *) fail "$bin is not rebuilt when $h changes" ;; esac
done
# A trace named -x.rep is read, not taken for an option (TRACES is read from
# the top of the tree: the file sits there while it runs).
cp bench/testdata/good-basic.rep ./-vt-dash.rep
# shellcheck disable=SC2046
"$MAKE" --no-print-directory verify-traces NAME=vt-glibc TRACES=-vt-dash.rep $(vars_of glibc) >"$OUT/dash.log" 2>&1
rc=$?
rm -f ./-vt-dash.rep
if [ "$rc" != 0 ] || ! grep -q "ops clean on" "$OUT/dash.log"; then
    fail "make verify-traces TRACES=-vt-dash.rep: exit $rc, the trace was not replayed: taken for an option? ($OUT/dash.log)"
fi
echo "fuzz-check-verify: a trace named -vt-dash.rep: replayed, not taken for an option"
# free_sized only: every free must carry the size of the block it frees.
run sized 0 "$TRACES"
[ "$(grep -c 'ops clean on sized-free-only' "$OUT/sized.log")" = "$(echo "$TRACES" | wc -w)" ] ||
    fail "sized: not every trace reported clean ($OUT/sized.log)"
run lab-clean 0 "$TRACES"

# The split that forgets the used part's footer, with no heap checker (the
# classic interface): the footer it never wrote holds memlib's junk, not 0,
# so a merge's prev_block jumps by a wild size and faults (ASan's SEGV; on a
# zeroed heap it swallowed a live block, an overlap); the trace line named
# must be the op marked in the listing.
run lab-split-bug 1 "$TRACES"
split=$(grep -E "^verify-traces: bench/traces/[a-z-]*\.rep: .* at op #[0-9]+ \(line [0-9]+\)$" "$OUT/lab-split-bug.log" | head -n 1)
[ -n "$split" ] || fail "lab-split-bug: no report naming the trace line ($OUT/lab-split-bug.log)"
file=$(echo "$split" | sed 's/^verify-traces: \([^:]*\): .*/\1/')
num=$(echo "$split" | sed 's/.*(line \([0-9]*\))$/\1/')
grep -Eq "^  > line $num +$(sed -n "${num}p" "$file")$" "$OUT/lab-split-bug.log" ||
    fail "lab-split-bug: the marked op is not line $num of $file ($OUT/lab-split-bug.log)"

# memlib's heap capped at 64 KiB, too small for realloc-heavy: the refusal
# names the cap and the switch, which only the adapter knows.
run lab-cap 1 bench/traces/realloc-heavy.rep
grep -q "^verify-traces: FAIL bench/traces/realloc-heavy.rep line [0-9]* .*returned NULL .*: mem_sbrk([0-9]*) hit MEMLIB_MAX_HEAP (65536 bytes) .*CFLAGS=-DMEMLIB_MAX_HEAP=bytes" \
    "$OUT/lab-cap.log" || fail "lab-cap: the refusal does not name MEMLIB_MAX_HEAP and the switch ($OUT/lab-cap.log)"
# A request past the cap that mm.c refuses itself, never asking mem_sbrk
# (above INT_MAX: mem_sbrk takes an int), is named as past the cap too: it
# got only the -H advice, which the lab's heap does not read.
"$BUILD/fuzz/vt-lab-cap/verify-traces" -p 0 "$OUT/request-2g.rep" >"$OUT/lab-2g.log" 2>&1
grep -q "returned NULL .*: the request (2147483648 bytes) is more than MEMLIB_MAX_HEAP (65536 bytes) leaves .*CFLAGS=-DMEMLIB_MAX_HEAP=bytes" \
    "$OUT/lab-2g.log" || fail "lab-cap: a 2 GiB request mm.c refused itself does not name MEMLIB_MAX_HEAP ($OUT/lab-2g.log)"

# A trace replayed clean before it keeps its verdict, though stdout is a file
# (it was lost in the buffer when the allocator crashed in the next trace).
run crash 1 "bench/testdata/good-basic.rep bench/traces/short-lived.rep"
grep -q "^verify-traces: bench/testdata/good-basic.rep: [0-9]* ops clean on " "$OUT/crash.log" ||
    fail "crash: the verdict of the trace replayed clean before the crash is lost ($OUT/crash.log)"
crash=$(grep -E "^verify-traces: bench/traces/short-lived.rep: .* at op #[0-9]+ \(line [0-9]+\)$" "$OUT/crash.log")
[ -n "$crash" ] || fail "crash: no line naming the op it died at ($OUT/crash.log)"
num=$(echo "$crash" | sed 's/.*(line \([0-9]*\))$/\1/')
grep -Eq "^  > line $num +$(sed -n "${num}p" bench/traces/short-lived.rep)$" "$OUT/crash.log" ||
    fail "crash: the marked op is not line $num of the trace ($OUT/crash.log)"

# The same for a finding only UBSan makes (gcc's libubsan has a death
# callback of its own).
run crash-ubsan 1 bench/traces/short-lived.rep
if ! grep -q "runtime error: signed integer overflow" "$OUT/crash-ubsan.log" ||
    ! grep -Eq "^verify-traces: bench/traces/short-lived.rep: .* at op #[0-9]+ \(line [0-9]+\)$" "$OUT/crash-ubsan.log"; then
    fail "crash-ubsan: no UBSan report followed by the trace line ($OUT/crash-ubsan.log)"
fi
grep -Eq "^ +#0 0x[0-9a-f]+ in crash_malloc " "$OUT/crash-ubsan.log" ||
    fail "crash-ubsan: the UBSan report does not name the function it is in ($OUT/crash-ubsan.log)"

# A crash in the adapter's stats(), called by the full check after an op:
# the report says the op's calls had returned and which ops ran since the
# last check (it named the op alone, a free that had returned).
# Every op is checked at the start of a trace: the range is the op named.
run crash-in-stats 1 bench/testdata/good-basic.rep
op=$(sed -n 's/^verify-traces: .* raised at op #\([0-9]*\) (line [0-9]*)$/\1/p' "$OUT/crash-in-stats.log")
grep -qF "  the ops' calls had returned, and verify-traces was calling the adapter's stats() to check the heap when this happened: likely an op since the last full check (ops #$op..#$op) left" "$OUT/crash-in-stats.log" ||
    fail "crash-in-stats: a crash in stats() not said to be one, after op #$op ($OUT/crash-in-stats.log)"

# A fault in verify-traces' own write of a block whose usable size is
# overstated (the block ends at a PROT_NONE page) is blamed on the block.
run usable-overstated 1 bench/traces/short-lived.rep
grep -q "^  the harness was writing block [0-9]*: " "$OUT/usable-overstated.log" ||
    fail "usable-overstated: the fault in the harness's write was not blamed on the block ($OUT/usable-overstated.log)"
# HALLOC_FUZZ_USABLE=off, as in the fuzzer: usable_size is not asked and only
# the requested bytes are written, so the same adapter replays clean; halloc's
# exact stats (usable bytes) are then not held against the requests.
HALLOC_FUZZ_USABLE=off "$BUILD/fuzz/vt-usable-overstated/verify-traces" bench/traces/short-lived.rep \
    >"$OUT/usable-off.log" 2>&1 || fail "usable-off: HALLOC_FUZZ_USABLE=off still wrote past the requests ($OUT/usable-off.log)"
# shellcheck disable=SC2086
HALLOC_FUZZ_USABLE=off "$BUILD/fuzz/vt-halloc/verify-traces" $SHORT >"$OUT/usable-off-halloc.log" 2>&1
[ "$(grep -c 'ops clean on halloc .*usable_size not asked' "$OUT/usable-off-halloc.log")" = 2 ] ||
    fail "usable-off-halloc: not both traces clean with usable_size not asked ($OUT/usable-off-halloc.log)"

# An adapter without realloc gets malloc + copy + free from verify-traces;
# a free refused there is reported, not dropped, its errno named as the
# oracles name theirs (fuzz_errno_said).
run free-refused 1 bench/traces/realloc-heavy.rep
grep -q "^verify-traces: FAIL bench/traces/realloc-heavy.rep line [0-9]* (op #[0-9]*: r .*the harness's realloc: malloc, copy, free) returned errno 22 (EINVAL: " \
    "$OUT/free-refused.log" || fail "free-refused: the refused free inside the emulated realloc was not reported ($OUT/free-refused.log)"

# A replay longer than -p's seconds says how far it is, at most that often
# (a 10M-op trace ran 11 minutes without a word, and looked hung), by a timer:
# from the loop while the ops move on, and from the timer's signal while one op
# runs on (one realloc of GiBs ran over a minute without a line): slow-op's
# replays, started above.
# A short replay says nothing, nor at the default 10 s does any of bench/traces/.
progress=' ops ([0-9]*%), [0-9]* s'
wait "$progress_pid" || fail "-p 0.1 on slow-op: exit $?, expected 0 ($OUT/progress.log)"
grep -Eq "^verify-traces: $OUT/slow-op.rep: [0-9]+ of 42 ops \([0-9]+%\), [0-9]+ s$" "$OUT/progress.log" ||
    fail "-p 0.1 on 40 ops of 20 ms: no line 'verify-traces: $OUT/slow-op.rep: N of 42 ops (P%), S s' ($OUT/progress.log)"
stuck=$(grep -Ec "^verify-traces: $OUT/slow-op.rep: 40 of 42 ops \(95%\), [0-9]+ s; op #40 \(line 45\) running for at least [0-9]+\.[0-9] s$" \
    "$OUT/progress.log")
[ "$stuck" -ge 3 ] ||
    fail "-p 0.1 during a malloc of 1 s: $stuck lines '... op #40 (line 45) running for at least T s', expected 3 or more ($OUT/progress.log)"
# make fuzz-lab-batch reads these lines from a replay it stopped at its limit
# (stopped_replay_said): the log as that stop would have cut it, in the slow
# op and before it, is said stuck at that op, or slow and how far it got (a
# 200,000-op trace a quarter replayed was called a hang); with no line, or
# its trace's verdict after it (the next trace stopped before any), unknown.
# shellcheck source=fuzz/scripts/progress-said.sh
. fuzz/scripts/progress-said.sh
sed '/running for at least/q' "$OUT/progress.log" >"$OUT/progress-cut-stuck.log"
stopped_replay_said "$OUT/progress-cut-stuck.log" |
    grep -Eq "^stuck in one op, a hang or one very slow op: $OUT/slow-op.rep: 40 of 42 ops .*; op #40 \(line 45\) running for" ||
    fail "a replay stopped in its slow op not said stuck at op #40 (line 45): '$(stopped_replay_said "$OUT/progress-cut-stuck.log")'"
sed '/running for at least/,$d' "$OUT/progress.log" >"$OUT/progress-cut-moving.log"
stopped_replay_said "$OUT/progress-cut-moving.log" |
    grep -Eq "^slow, but no op stuck: $OUT/slow-op.rep: [0-9]+ of 42 ops \([0-9]+%\), [0-9]+ s; a larger FUZZ_INPUT_TIMEOUT lets it finish$" ||
    fail "a replay stopped while its ops moved not said slow, with how far: '$(stopped_replay_said "$OUT/progress-cut-moving.log")'"
for log in /dev/null "$OUT/progress.log"; do
    [ "$(stopped_replay_said "$log")" = "a hang, or a larger FUZZ_INPUT_TIMEOUT lets it finish" ] ||
        fail "a replay stopped with no progress line of its own ($log) said more than it can know: '$(stopped_replay_said "$log")'"
done
# Quiet while a sanitizer's report is printed, and after it (sleep_before_dying
# keeps the process, and its timer, alive a second longer).
wait "$report_pid"
grep -q "ERROR: AddressSanitizer: heap-buffer-overflow" "$OUT/progress-report.log" ||
    fail "slow-op-overflow: no ASan report ($OUT/progress-report.log)"
! sed -n '/ERROR: AddressSanitizer/,$p' "$OUT/progress-report.log" | grep -q "$progress" ||
    fail "slow-op-overflow: a progress line inside or after the sanitizer's report ($OUT/progress-report.log)"
# A report the run goes on past (UBSan's, built to recover: ub-recover-lib.c)
# silenced every later line: they come again after it.
# And the trace is no clean one (it ended "42 ops clean", exit 0): its last
# line names the report's op, and the exit status is 1.
wait "$ub_pid"
rc=$?
grep -q "runtime error: signed integer overflow" "$OUT/progress-ub.log" ||
    fail "slow-op-ub: no UBSan report ($OUT/progress-ub.log)"
after=$(sed -n '/runtime error: signed integer overflow/,$p' "$OUT/progress-ub.log" | grep -c "$progress.*running for at least")
[ "$after" -ge 3 ] ||
    fail "slow-op-ub: $after lines '... running for at least T s' after UBSan's recovered report, expected 3 or more ($OUT/progress-ub.log)"
found='UBSan reported 1 finding above'
{ [ "$rc" = 1 ] && tail -n 1 "$OUT/progress-ub.log" |
    grep -q "^verify-traces: $OUT/slow-op.rep: 42 ops run on slow-op, but $found (op #0, line 5): not clean"; } ||
    fail "slow-op-ub: exit $rc and the last line is not '... 42 ops run on slow-op, but $found (op #0, line 5): not clean', after a recovered UBSan report ($OUT/progress-ub.log)"
! grep -q "ops clean on" "$OUT/progress-ub.log" || fail "slow-op-ub: 'ops clean' after a UBSan report ($OUT/progress-ub.log)"
# The adapter overflows at one source location in each heap's first malloc,
# which UBSan reports once a process: two traces replayed in one process
# passed the second as clean. Each must fail, naming its report.
printf '0\n1\n2\n1\na 0 24\nf 0\n' >"$OUT/ub-a.rep"
cp "$OUT/ub-a.rep" "$OUT/ub-b.rep"
"$BUILD/fuzz/vt-slow-op-ub/verify-traces" "$OUT/ub-a.rep" "$OUT/ub-b.rep" >"$OUT/two-ub.log" 2>&1
rc=$?
for t in a b; do
    { [ "$rc" = 1 ] && grep -q "^verify-traces: $OUT/ub-$t.rep: 2 ops run on slow-op, but $found (op #0, line 5): not clean" \
        "$OUT/two-ub.log"; } ||
        fail "two traces meeting one UBSan place: exit $rc, and no '... ub-$t.rep: 2 ops run on slow-op, but $found (op #0, line 5)': a report hidden as one already made in this process ($OUT/two-ub.log)"
done
# replay the same: each forked run's report fails its input; -n (one
# process) runs no input after the first report, saying why.
# shellcheck disable=SC2046
"$MAKE" --no-print-directory "$BUILD/fuzz/vt-slow-op-ub/replay-gcc" NAME=vt-slow-op-ub $(vars_of slow-op-ub) \
    >"$OUT/replay-ub.build.log" 2>&1 || fail "slow-op-ub: replay-gcc does not build ($OUT/replay-ub.build.log)"
printf 'version 1\nmalloc 0 24\nmalloc 1 40\nfree 0\n' >"$OUT/ub.txt"
for how in fork -n; do
    flags=-q want=2
    [ $how = -n ] && flags=-nq want=1
    "$BUILD/fuzz/vt-slow-op-ub/replay-gcc" $flags "$OUT/ub.txt" "$OUT/ub.txt" >"$OUT/replay-ub$how.log" 2>&1
    rc=$?
    n=$(grep -c "^replay: $OUT/ub.txt: 3 ops run, but $found (op #0): not clean" "$OUT/replay-ub$how.log")
    { [ "$rc" = 1 ] && [ "$n" = "$want" ]; } ||
        fail "replay ($how) of two inputs after a recovered UBSan report in each run: exit $rc, $n lines '... 3 ops run, but $found (op #0): not clean', expected exit 1 and $want ($OUT/replay-ub$how.log)"
done
grep -q "^replay: $OUT/ub.txt: NOT RUN: with -n every input runs in this one process, .* after the report in $OUT/ub.txt .* replay it without -n" \
    "$OUT/replay-ub-n.log" ||
    fail "replay -n: the input after one run past a UBSan report is not named as not run (its report at the same place would not come) ($OUT/replay-ub-n.log)"

# make fuzz-sweep the same (its objects are this build's, linked as replay's
# are; one cell): a row run past the report was "clean", exit 0. Its cell
# alone must fail naming the report's op, be saved, and replay to the same line.
rm -rf "$OUT/sweep-ub"
# shellcheck disable=SC2046
"$MAKE" --no-print-directory fuzz-sweep NAME=vt-slow-op-ub $(vars_of slow-op-ub) SWEEP_STAGES=malloc SWEEP_MAX=1 \
    FUZZ_CRASHES="$OUT/sweep-ub" >"$OUT/sweep-ub.log" 2>&1
rc=$?
saved=$OUT/sweep-ub/sweep-malloc-1.txt
{ [ "$rc" != 0 ] && grep -q "^sweep: cell malloc-1 alone: 3 ops run, but $found (op #0): not clean" "$OUT/sweep-ub.log" &&
    grep -q "^sweep: finding in stage malloc, saved as $saved$" "$OUT/sweep-ub.log" &&
    ! grep -q ": clean$" "$OUT/sweep-ub.log"; } ||
    fail "make fuzz-sweep past a recovered UBSan report: exit $rc, and not 'sweep: cell malloc-1 alone: 3 ops run, but $found (op #0): not clean' and the cell saved ($OUT/sweep-ub.log)"
# The cell ran: its closing line counted only the rows that passed, 0 cells.
grep -q "^sweep: slow-op: 1 cells (.*: stopped at the finding above$" "$OUT/sweep-ub.log" ||
    fail "make fuzz-sweep stopped at its one cell, malloc-1, does not count '1 cells' ($OUT/sweep-ub.log)"
"$BUILD/fuzz/vt-slow-op-ub/replay-gcc" -q "$saved" >"$OUT/sweep-ub.replay" 2>&1 &&
    fail "the sweep's saved cell $saved replayed clean ($OUT/sweep-ub.replay)"
grep -q "^replay: $saved: 3 ops run, but $found (op #0): not clean" "$OUT/sweep-ub.replay" ||
    fail "the sweep's saved cell $saved does not replay to '3 ops run, but $found (op #0)' ($OUT/sweep-ub.replay)"
# -h, --help and a wrong option, on the three tools this check has built.
fuzz/scripts/check-help.sh "$BUILD/fuzz/vt-halloc/verify-traces" "$BUILD/fuzz/vt-slow-op-ub/sweep" \
    "$BUILD/fuzz/vt-slow-op-ub/replay-gcc" || exit 1
# A trace that is not there, or opens but cannot be read (/proc/self/mem:
# EIO at once), named as every tool names it (bench/text-input.h), exit 2.
for trace in "$OUT/no-such.rep" /proc/self/mem; do
    rc=0
    "$BUILD/fuzz/vt-halloc/verify-traces" "$trace" >"$OUT/unread.log" 2>&1 || rc=$?
    case $trace in
        /proc/*) want="verify-traces: cannot read $trace: Input/output error (a kernel interface under /proc or /sys, not a trace on a disk: give a trace file)" ;;
        *) want="verify-traces: cannot open $trace: No such file or directory (check the path)" ;;
    esac
    { [ "$rc" = 2 ] && [ "$(cat "$OUT/unread.log")" = "$want" ]; } ||
        fail "verify-traces $trace: exit $rc, not 2 with '$want'; it printed: $(cat "$OUT/unread.log")"
done
awk 'BEGIN { n = 40000; printf "0\n64\n%d\n1\n", n; for (i = 0; i < n / 2; i++) printf "a %d 24\nf %d\n", i % 64, i % 64 }' \
    >"$OUT/long.rep"
"$BUILD/fuzz/vt-halloc/verify-traces" -p 0 "$OUT/long.rep" >"$OUT/progress-off.log" 2>&1 ||
    fail "-p 0 on a 40,000-op trace: exit $?, expected 0 ($OUT/progress-off.log)"
"$BUILD/fuzz/vt-halloc/verify-traces" -p 0.1 bench/testdata/good-basic.rep >"$OUT/progress-short.log" 2>&1 ||
    fail "-p 0.1 on bench/testdata/good-basic.rep: exit $?, expected 0 ($OUT/progress-short.log)"
for log in progress-off progress-short; do
    ! grep -q "$progress" "$OUT/$log.log" || fail "$log: a progress line where none is due ($OUT/$log.log)"
done
# make verify-traces' default -p, 10 s: a line is due only at each 10 s of a
# trace's replay, which a loaded machine reaches (binary-pattern.rep took
# 10-30 s). So not "no line", but none before it is due: a trace's Kth line
# says K x 10 s or more (its seconds are rounded; the tick is at 10 K s).
early=$(sed -n 's/^verify-traces: \(.*\): [0-9,]* of [0-9,]* ops ([0-9]*%), \([0-9]*\) s.*/\1 \2/p' "$OUT/halloc.log" |
    awk '{ k[$1]++ } $2 < 10 * k[$1] { print $1 ": progress line " k[$1] " at " $2 " s, due at " 10 * k[$1] " s or later"; exit }')
[ -z "$early" ] || fail "halloc: a progress line where none is due ($early; make verify-traces' default -p is 10 s) ($OUT/halloc.log)"
# Below 0.1 s a timer that often would interrupt the allocator's system calls
# and flood stderr: one line saying so, before anything runs.
"$BUILD/fuzz/vt-halloc/verify-traces" -p 0.05 bench/traces/short-lived.rep >"$OUT/progress-fast.log" 2>&1
rc=$?
{ [ "$rc" = 2 ] && [ "$(wc -l <"$OUT/progress-fast.log")" = 1 ] &&
    grep -q "^verify-traces: -p 0.05: progress lines at most every 0.1 s .*give -p 0.1 or more, or -p 0 for none$" \
        "$OUT/progress-fast.log"; } ||
    fail "-p 0.05: exit $rc, expected 2 and one line naming the lower bound ($OUT/progress-fast.log)"
echo "fuzz-check-verify: progress lines every -p seconds of a long replay (from the loop, and inside one slow op), none in a sanitizer's report, again after one it recovers from, for a short one or -p 0; -p below 0.1 refused"
# A large block is read at its edges only when a block is placed beside it:
# its damage, done at op #3 (a 777-byte malloc flips its first byte), is
# found at op #7 (the three between freed, a block placed above it), and the
# report must say that any op since it was placed may have done it (it named
# op #7 alone). -c 1000: no full check reads it whole before.
printf '20000\n5\n8\n1\na 0 10000\na 1 16\na 2 16\na 3 777\nf 1\nf 2\nf 3\na 4 16\n' >"$OUT/edge.rep"
"$BUILD/fuzz/vt-discard-edge/verify-traces" -c 1000 "$OUT/edge.rep" >"$OUT/discard-edge.log" 2>&1 &&
    fail "discard-edge: verify-traces passed a trace whose big block was damaged ($OUT/discard-edge.log)"
grep -q "^verify-traces: FAIL $OUT/edge.rep line 12 (op #7: a 4 16): block 0: .*found at a sample point .*any op of #1\.\.#7 may have done it" \
    "$OUT/discard-edge.log" ||
    fail "discard-edge: damage found at a sampled edge does not say ops #1..#7 may have done it ($OUT/discard-edge.log)"
echo "fuzz-check-verify: damage a neighbour's placement finds at a large block's sampled edge names the ops that may have done it"
# "f -1" is free(NULL) (later CS:APP traces): sent to the allocator, which
# must accept it and change nothing.
clean free-null '0\n2\n4\n0\nf -1\na 0 24\nf -1\nf 0\n' "a trace with free(NULL)" \
    "4 ops clean on halloc .*free(NULL) included"
run free-null-refused 1 "$OUT/free-null.rep"
grep -q "^verify-traces: FAIL $OUT/free-null.rep line 5 (op #0: f -1 (free(NULL))): free(NULL) returned errno 22 (EINVAL: " \
    "$OUT/free-null-refused.log" || fail "free-null-refused: the refused free(NULL) was not reported ($OUT/free-null-refused.log)"
echo "fuzz-check-verify: correct allocators clean; the planted split bug, a crash, a UBSan finding (with its function) and a refused free named by trace line; a malloc-lab heap at MEMLIB_MAX_HEAP named; free(NULL) replayed, and named when refused; HALLOC_FUZZ_USABLE=off honoured"
