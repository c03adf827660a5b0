#!/bin/sh
# check-lab-batch.sh - make fuzz-check-lab-batch: make fuzz-lab-batch over nineteen
# generated submissions, two at a time (JOBS=2): examples/malloclab/mm.c as it
# is (clean), one that does not compile (its first error), a bump allocator
# that hands each block out 8 bytes early (overlap, at an op; a list.c beside
# it and a warning in it, both noted), mm.c with a loop in mm_malloc for big
# sizes (a hang, at an op), and mm.c whose mm_init writes to NULL (a SEGV in
# mm_init), a copy of the one that does not compile (named as a copy), mm.c
# with its split that leaves a stale footer (undefined behaviour, named with
# its function and what UBSan saw, and the harness's why if its report has
# one), mm.c with an assert() that fails (its
# words), with a main() of its own (named), printing 8 KiB to stderr at every
# call (too much output: stopped at the file-size limit, or past the input
# timeout on a busy machine, its replay running to its end), with an
# mm_init that fails when called again (said so), and calling exit(0) on
# big sizes (at an op, its line; the lab trace failed), with no epilogue
# after mem_sbrk (a finding: memlib's junk, not zeroes), sleeping in
# mm_init (barely fuzzed), and keeping its own malloc without bound
# (out-of-memory; the lab trace stopped at the memory cap), with a
# realloc that copies the new size (ASan's memcpy-param-overlap, named by
# mm.c's line), beside an adapter.h of its own that the harness's lab
# adapter reads (its own build of the adapter, the claim that header
# changes found, said), slow in big mallocs with no op stuck (a hang that
# says so, its TIMEOUT line naming FUZZ_INPUT_TIMEOUT), and with an 8 GiB
# static array (too big to link, said).
# Each row must say so, with the saved input and its replay line,
# and the lab trace's verdict (with utilization and throughput when
# clean); the table on the screen and summary.tsv list them in path order,
# and the batch ends with status 0; an earlier run's saved inputs are not
# left in its rows' crashes/. Before it, side by side: the memory cap alone
# (check-mem-watch.sh); ^C during a batch (the rows so far printed, the
# rest "not run", status 130), which builds row 1 for the big batch; and
# the batches refused before anything is fuzzed (a pattern matching
# nothing, a malformed trace, traces with no operation, a trace path with
# a blank, unquoted; quoted, it is read whole).
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tools/makeflags.sh
. tools/makeflags.sh
make_dry_run "fuzz/scripts/check-lab-batch.sh (make fuzz-lab-batch over nineteen generated submissions, then a ^C)"
make_not_silent # the rows' CC lines are read below
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
OUT=$BUILD/lab-batch-check
# make check BUILD=other: the replay lines printed carry it (fuzz/replay-line.mk FUZZ_VARS).
. fuzz/scripts/quote.sh # replay_build_word
build_var=$(replay_build_word)
SUBS=$OUT/subs
# The steps run beside the first ones end on their own (the ^C one within
# two minutes): waited for, so a failure leaves no batch running.
fail() {
    echo "fuzz-check-lab-batch: FAIL: $*"
    wait
    exit 1
}
rm -rf "$OUT"
mkdir -p "$OUT" || fail "cannot make $OUT"
# The rows run in the names' bytewise order, two at a time: 1a-slow-input,
# the longest row by far (26 s of the batch's 55 in CI), sorts second so it
# starts with the first; named j-, 17th, it ran its last 22 s alone.
mkdir -p "$SUBS/1-correct" "$SUBS/2-no-build" "$SUBS/3-overlap" "$SUBS/4-hang" "$SUBS/5-init-crash" "$SUBS/6-copy" \
    "$SUBS/7-ub" "$SUBS/a-assert" "$SUBS/b-main" "$SUBS/c-flood" \
    "$SUBS/d-init-once" "$SUBS/e-exit" "$SUBS/f-no-epilogue" "$SUBS/g-slow" "$SUBS/h-hog" \
    "$SUBS/i-realloc-new-size" "$SUBS/1a-slow-input" "$SUBS/k-own-header" "$SUBS/l-big-static" ||
    fail "cannot make $SUBS"

# The submissions. The hang and the crash are one line of mm.c changed.
cp examples/malloclab/mm.c "$SUBS/1-correct/mm.c"
{ cat examples/malloclab/mm.c; echo 'int mm_left_over(void) { return no_such_name; }'; } >"$SUBS/2-no-build/mm.c"
cp "$SUBS/2-no-build/mm.c" "$SUBS/6-copy/mm.c"
{ echo '#define MM_BUG_SPLIT_NO_FOOTER'; cat examples/malloclab/mm.c; } >"$SUBS/7-ub/mm.c"
# Rows run in path order, two at a time: this one, fuzzed to its finding, and
# the row with an adapter.h of its own (which builds its own adapter) sort
# before the static array's, which fails at its link, so the batch does not
# end on one of them alone with the other slot idle (with the static array
# before the adapter.h row, that row ran alone at the end).
{ echo '#define MM_BUG_REALLOC_COPIES_NEW_SIZE'; cat examples/malloclab/mm.c; } >"$SUBS/i-realloc-new-size/mm.c"
# Beside it a second C file, which the batch does not build, and a warning;
# and the handout's headers, which mm.c reads and the harness's adapter and
# memlib.c do not (they include their own by path): the row still links the
# adapter and memlib.c every row shares (checked below).
echo 'int list_helper(void) { return 1; }' >"$SUBS/3-overlap/list.c"
cp fuzz/adapters/malloclab/mm.h fuzz/adapters/malloclab/memlib.h "$SUBS/3-overlap/"
cat >"$SUBS/3-overlap/mm.c" <<'EOF'
/* A bump allocator that hands each block out 8 bytes early: it overlaps the one before. */
int mm_unused(int x) { int unused; return x; }
#include <stddef.h>
#include <string.h>
#include "memlib.h"
#include "mm.h"
team_t team = {"check", "overlap", "", "", ""};
static char *block[4096];
static size_t length[4096];
static int blocks;
int mm_init(void) { blocks = 0; return 0; }
void *mm_malloc(size_t size)
{
    char *p = size > ((size_t)1 << 28) || blocks == 4096 ? (void *)-1 : mem_sbrk((int)((size + 15) & ~(size_t)7));
    if (p == (void *)-1)
        return NULL;
    block[blocks] = blocks ? p - 8 : p;
    length[blocks] = size;
    return block[blocks++];
}
void mm_free(void *ptr) { (void)ptr; }
void *mm_realloc(void *ptr, size_t size)
{
    char *moved = size ? mm_malloc(size) : NULL;
    for (int i = blocks - 1; moved && ptr && i >= 0; i--)
        if (block[i] == ptr) {
            memmove(moved, ptr, length[i] < size ? length[i] : size);
            break;
        }
    return moved;
}
EOF
malloc_line='void \*mm_malloc(size_t size) { return lab_malloc(size); }'
init_line='int mm_init(void) { return lab_init(); }'
sed "s/^$malloc_line\$/void *mm_malloc(size_t size) { volatile int spin = size > 3000; while (spin) { } return lab_malloc(size); }/" \
    examples/malloclab/mm.c >"$SUBS/4-hang/mm.c"
sed "s/^$init_line\$/int mm_init(void) { *(volatile int *)0 = 1; return lab_init(); }/" \
    examples/malloclab/mm.c >"$SUBS/5-init-crash/mm.c"
{ echo '#include <assert.h>'; sed "s/^$malloc_line\$/void *mm_malloc(size_t size) { assert(size < 2000); return lab_malloc(size); }/" \
    examples/malloclab/mm.c; } >"$SUBS/a-assert/mm.c"
{ cat examples/malloclab/mm.c; echo 'int main(void) { return mm_init(); }'; } >"$SUBS/b-main/mm.c"
# 8 KiB to stderr at every call: the batch's 16 MiB file-size limit stops it within a second.
{ echo '#include <stdio.h>'; sed "s/^$malloc_line\$/void *mm_malloc(size_t size) { static char line[8192]; memset(line, 'x', sizeof line - 1); fputs(line, stderr); return lab_malloc(size); }/" \
    examples/malloclab/mm.c; } >"$SUBS/c-flood/mm.c"
sed "s/^$init_line\$/int mm_init(void) { static int calls; return ++calls > 1 ? -1 : lab_init(); }/" \
    examples/malloclab/mm.c >"$SUBS/d-init-once/mm.c"
{ echo '#include <stdlib.h>'; sed "s/^$malloc_line\$/void *mm_malloc(size_t size) { if (size > 2000) exit(0); return lab_malloc(size); }/" \
    examples/malloclab/mm.c; } >"$SUBS/e-exit/mm.c"
# No epilogue after mem_sbrk: it reads a word it never wrote, which a zeroed heap made a
# lucky 0 (an empty, free block); memlib's junk makes it a wrong size.
epilogue_line='    \*header(next_block(bp)) = 0 | 1; \/\* new epilogue \*\/'
sed "/^$epilogue_line\$/d" examples/malloclab/mm.c >"$SUBS/f-no-epilogue/mm.c"
# Correct but slow: 50 ms in every mm_init, two per input, so at most 10 inputs a
# second however fast the machine; the floor below is 100 (the correct one runs
# hundreds in 3 s, fewer on a loaded machine: row 1's check below).
{ echo '#include <unistd.h>'; sed "s/^$init_line\$/int mm_init(void) { usleep(50000); return lab_init(); }/" \
    examples/malloclab/mm.c; } >"$SUBS/g-slow/mm.c"
# 16 MiB of its own malloc (kept, so no leak) at every call, up to 1.5 GiB: past the
# batch's 256 MiB cap below within a second, and no harm to the machine were the cap gone.
{ echo '#include <stdlib.h>'; sed "s/^$malloc_line\$/void *mm_malloc(size_t size) { static void **hog; static int mib; if (mib < 1536) { void **more = malloc(16 << 20); if (more) { memset(more, 1, 16 << 20); *more = hog; hog = more; mib += 16; } } return lab_malloc(size); }/" \
    examples/malloclab/mm.c; } >"$SUBS/h-hog/mm.c"
# A static array past the 2 GiB the code can reach: the linker's "relocation truncated to fit".
sed "s/^$init_line\$/static char big[(size_t)8 << 30]; int mm_init(void) { big[12345] = 1; return lab_init(); }/" \
    examples/malloclab/mm.c >"$SUBS/l-big-static/mm.c"
# A header beside mm.c named as one of the harness's: the adapter's
# "adapter.h" finds it first (mm.c's folder comes first on the include path),
# and here it asks for 64-byte alignment, which the lab's 8 does not give.
# The row builds its own adapter (the shared one, built without the header,
# found nothing).
{ echo '/* A correct mm.c beside a header of the harness'"'"'s name. */'; cat examples/malloclab/mm.c; } >"$SUBS/k-own-header/mm.c"
printf '#include_next "adapter.h"\n#define MM_ALIGNMENT 64\n' >"$SUBS/k-own-header/adapter.h"
for s in 4-hang 5-init-crash a-assert c-flood d-init-once e-exit f-no-epilogue g-slow h-hog l-big-static; do
    cmp -s examples/malloclab/mm.c "$SUBS/$s/mm.c" &&
        fail "examples/malloclab/mm.c has no line '$malloc_line', '$init_line' or '$epilogue_line' to plant $s in: update this check"
done

# The tools every batch builds first, built once here: the steps below run
# side by side, and two makes building one file at once race.
"$MAKE" --no-print-directory "$BUILD/fuzz/trace-tool" "$BUILD/bench/bench" >"$OUT/tools.log" 2>&1 ||
    fail "cannot build the trace tool and the bench ($OUT/tools.log)"

# tree_of: proc-tree.sh's; procs_running: procs.sh's.
# shellcheck source=fuzz/scripts/proc-tree.sh
. fuzz/scripts/proc-tree.sh
# shellcheck source=tools/procs.sh
. tools/procs.sh
# Limits that follow the load and our share of a core (scale_by_share):
# the input timeout (below), and the guard of the interrupted batch.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
# lab_batch_under PID: the pid of the lab-batch.sh under PID (sh runs the
# script: its second word), not the shell make runs it from.
lab_batch_under() {
    for p in $(tree_of "$1"); do
        [ "$(tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | sed -n 2p)" != fuzz/scripts/lab-batch.sh ] || { echo "$p"; return; }
    done
}
# ^C while the first row fuzzes: the table still comes, the rows after it
# marked not run, and lab-batch.sh ends with status 130. The SIGINT goes to
# lab-batch.sh alone, as a terminal's ^C reaches it (its rows, each in a
# process group of its own, get theirs from it): make, not interrupted,
# then says the status lab-batch.sh ended with ("Error 130"), where make
# interrupted too ended 130 whatever lab-batch.sh did. A background job
# ignores SIGINT, and so would all it starts; timeout, a stop on the
# outside, does not. Its folder is the big batch's
# below, so row 1's binaries built here are that row's (an idle core while
# the big batch ran its last row took it before).
# row_one_fuzzing: the interrupted batch's row 1 has started, its libFuzzer fuzzing.
row_one_fuzzing() {
    grep -q '1-correct: started' "$OUT/interrupted.log" &&
        grep -q '^#[0-9]*[[:space:]]*INITED ' "$OUT/batch/1-correct/fuzz.log" 2>/dev/null
}
# row_one_ended: row 1's verdict line, if it has one (it ended unseen).
row_one_ended() { sed -n '/1-correct: started/d; /1-correct: /{p;q;}' "$OUT/interrupted.log"; }
# The batch's limits, by our share of a core as the big batch's input
# timeout (below): its guard, 300 s on a quiet machine, and its input
# timeout, halloc.options' 10 s, which row 1's seeds ran past at nice 5
# beside six busy loops (row 1 a hang, fuzzing never seen).
interrupt_step() {
    scale_by_share 300 900
    batch_guard=$scaled_seconds
    scale_by_share_read 10 100
    timeout -k 10 "$batch_guard" "$MAKE" --no-print-directory fuzz-lab-batch SUBMISSIONS="$SUBS/1-*/mm.c $SUBS/2-*/mm.c $SUBS/3-*/mm.c" \
        FUZZ_TIME=60 FUZZ_INPUT_TIMEOUT="$scaled_seconds" FUZZ_BATCH_DIR="$OUT/batch" >"$OUT/interrupted.log" 2>&1 &
    batch_pid=$!
    # Polled every 0.1 s: a poll each second added up to a second to the
    # wait for row 1's build and start. libFuzzer's INITED (its seeds run,
    # its ^C handler set) is the start of the fuzzing: a fixed second after
    # make fuzz's corpus line idled the check on a quiet machine and, on a
    # busy one, could still send the ^C before libFuzzer ran. No limit of
    # its own but the batch's guard: one scaled by the load average alone
    # ran out at nice 5 beside six busy loops (a tenth of a core) while
    # make still built the fuzzing tool, with no lab-batch.sh to interrupt.
    while ! row_one_fuzzing && [ -z "$(row_one_ended)" ] && procs_running "$batch_pid"; do sleep 0.1; done
    lab_batch=$(lab_batch_under "$batch_pid")
    if ! row_one_fuzzing || [ -z "$lab_batch" ]; then
        ended=$(row_one_ended)
        kill -INT "$batch_pid" 2>/dev/null
        wait "$batch_pid"
        rc=$?
        [ "$rc" != 124 ] || rc="124: stopped by its guard of $batch_guard s"
        [ -n "$ended" ] || ended="the batch's make ended (status $rc)"
        fail "row 1 of the batch to interrupt was not seen fuzzing (libFuzzer's INITED) before $ended," \
            "with no fuzz/scripts/lab-batch.sh to interrupt ($OUT/interrupted.log, $OUT/batch/1-correct/fuzz.log)"
    fi
    kill -INT "$lab_batch"
    wait "$batch_pid"
    rc=$?
    # make[N] under make check's make.
    { [ "$rc" = 2 ] && grep -q '^make\(\[[0-9]*\]\)\{0,1\}: \*\*\* \[.*fuzz-lab-batch\] Error 130$' "$OUT/interrupted.log"; } ||
        fail "the interrupted lab-batch.sh did not end with status 130 (make ended $rc, and says: $(grep '^make[[:punct:]0-9]*: ' \
            "$OUT/interrupted.log" | tail -n 1)) ($OUT/interrupted.log)"
    { grep -q "^3 *3-overlap .*not run" "$OUT/interrupted.log" && grep -q "^1 *1-correct .*interrupted" "$OUT/interrupted.log"; } ||
        fail "the interrupted batch's table does not mark row 1 interrupted and row 3 not run ($OUT/interrupted.log)"
}
# The memory cap each row's steps run under: a few seconds, mostly waiting,
# on processes of its own, so beside the steps below (it prints only a
# failure). Both at once (lanes.sh), beside the refusals below, their logs
# ($OUT/mem-watch.log, $OUT/interrupt-step.log) printed once they end.
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
lanes_beside fuzz-check-lab-batch "$OUT" 2 mem-watch fuzz/scripts/check-mem-watch.sh interrupt-step interrupt_step

# A pattern that matches nothing is named with the folder it was read from: a
# teacher's relative path is taken from the repository's top, not their shell's.
# It, and trace paths below, hold an escape: named escaped (they were echoed raw).
esc=$(printf '\033[2J')
rc=0
"$MAKE" --no-print-directory fuzz-lab-batch SUBMISSIONS="$OUT/no-such$esc/*/mm.c" >"$OUT/none.log" 2>&1 || rc=$?
{ [ "$rc" = 2 ] && grep -qF "SUBMISSIONS='$OUT/no-such\x1b[2J/*/mm.c' names no file from $(pwd), where make runs" \
    "$OUT/none.log"; } ||
    fail "a pattern matching nothing: exit $rc, expected 2 and 'names no file from $(pwd), where make runs', the pattern" \
        "escaped ($OUT/none.log)"
# A trace the lab parser refuses is named, file and line, before anything is
# fuzzed (every row's lab traces said "FAIL: see traces.log", as if the
# submission had failed it). A recorder's unfinished trace beside it replays
# (with a warning): not named.
printf '# a comment\n0\n1\n2\n1\na 0 8\nf 0\n' >"$OUT/comment.rep"
printf 'unfinished\n\n\n\na 0 8\nf 0\n' >"$OUT/unfinished.rep"
rc=0
"$MAKE" --no-print-directory fuzz-lab-batch SUBMISSIONS="$SUBS/1-correct/mm.c" TRACES="$OUT/unfinished.rep $OUT/comment.rep" \
    FUZZ_BATCH_DIR="$OUT/bad-trace" >"$OUT/bad-trace.log" 2>&1 || rc=$?
{ [ "$rc" = 2 ] && grep -qxF "bench: $OUT/comment.rep:1: a comment ('#'), which the lab format does not have; delete the line" \
    "$OUT/bad-trace.log" && ! grep -q "started\|unfinished.rep" "$OUT/bad-trace.log"; } ||
    fail "a malformed lab trace in TRACES: exit $rc, expected 2, its line named (not the unfinished one's) and no submission started ($OUT/bad-trace.log)"
# Traces with no operation among them (headers alone) are refused as one
# line too: each row's verify-traces verified nothing and said "FAIL".
printf '0\n1\n0\n1\n' >"$OUT/no-ops-a.rep"
cp "$OUT/no-ops-a.rep" "$OUT/no-ops-b$esc.rep"
rc=0
"$MAKE" --no-print-directory fuzz-lab-batch SUBMISSIONS="$SUBS/1-correct/mm.c" TRACES="$OUT/no-ops-a.rep $OUT/no-ops-b$esc.rep" \
    FUZZ_BATCH_DIR="$OUT/no-ops" >"$OUT/no-ops.log" 2>&1 || rc=$?
{ [ "$rc" = 2 ] && [ "$(grep -c '^fuzz-lab-batch: ' "$OUT/no-ops.log")" = 1 ] &&
    grep -qF "fuzz-lab-batch: TRACES='$OUT/no-ops-a.rep $OUT/no-ops-b\x1b[2J.rep' holds no operation in any trace" "$OUT/no-ops.log" &&
    ! grep -q "started" "$OUT/no-ops.log"; } ||
    fail "TRACES with no operation: exit $rc, expected 2, one line naming it and no submission started ($OUT/no-ops.log)"
# A trace whose path holds a blank, unquoted: the shell splits it, as make
# bench's does, and the parser was given two paths that do not exist.
# Refused, the path named whole, with the quoting that keeps it so.
cp bench/traces/short-lived.rep "$OUT/with blank$esc.rep"
rc=0
"$MAKE" --no-print-directory fuzz-lab-batch SUBMISSIONS="$SUBS/1-correct/mm.c" TRACES="$OUT/with blank$esc.rep" \
    FUZZ_BATCH_DIR="$OUT/blank" >"$OUT/blank.log" 2>&1 || rc=$?
{ [ "$rc" = 2 ] && grep -qF "fuzz-lab-batch: TRACES names '$OUT/with blank\x1b[2J.rep', a path with a blank, which the shell splits in two: quote it" "$OUT/blank.log" &&
    ! grep -q "started" "$OUT/blank.log"; } ||
    fail "a trace path with a blank: exit $rc, expected 2, the path named whole and escaped, and no submission started" \
        "($OUT/blank.log)"
# Quoted inside the value, it is one path, as make bench and verify-traces
# read it (it was refused for its quote): read whole, it is refused only for
# holding no operation. Pasted bare into the recipe's quoted word, a quote
# broke that line (make -n runs it: it names $(MAKE)).
rc=0
"$MAKE" --no-print-directory -n fuzz-lab-batch SUBMISSIONS="$SUBS/1-correct/mm.c" TRACES="'$OUT/with blank.rep'" \
    FUZZ_BATCH_DIR="$OUT/quote" >"$OUT/quote-n.log" 2>&1 || rc=$?
{ [ "$rc" = 0 ] && grep -q "^fuzz/scripts/lab-batch.sh .* (build and fuzz each submission" "$OUT/quote-n.log"; } ||
    fail "make -n with a quote in TRACES: exit $rc, expected 0 and lab-batch.sh's dry-run line ($OUT/quote-n.log)"
cp "$OUT/no-ops-a.rep" "$OUT/no ops.rep"
rc=0
"$MAKE" --no-print-directory fuzz-lab-batch SUBMISSIONS="$SUBS/1-correct/mm.c" TRACES="'$OUT/no ops.rep'" \
    FUZZ_BATCH_DIR="$OUT/quote" >"$OUT/quote.log" 2>&1 || rc=$?
{ [ "$rc" = 2 ] && [ "$(grep -c '^fuzz-lab-batch: ' "$OUT/quote.log")" = 1 ] &&
    grep -qF "fuzz-lab-batch: TRACES=''$OUT/no ops.rep'' holds no operation in any trace" "$OUT/quote.log" &&
    ! grep -q "started" "$OUT/quote.log"; } ||
    fail "a path with a blank quoted in TRACES: exit $rc, expected 2, one line saying it holds no operation (read" \
        "whole), and no submission started ($OUT/quote.log)"
echo "  refused before fuzzing: a pattern matching nothing, a malformed trace, traces with no operation (one quoted in TRACES," \
    "read whole as make bench reads it), a trace path with a blank unquoted (make -n: a quote keeps its recipe line whole)"

lanes_join || exit 1
echo "  memory cap: a tree past it killed whole, a stopped child and its lock too; a fork's shared pages counted once;"
echo "  a busy lock's holder named, stopped and orphaned"
echo "  ^C: the table of the rows so far, the running one interrupted, the rest not run, status 130"

# An earlier run's inputs in a row's crashes/ (the check's batch has the same
# folder, so the same NAMEs, every run): the batch empties them first.
id=$(sed -n 's/^fuzz: lab-\([0-9]*\)-1-correct: corpus .*/\1/p' "$OUT/batch/1-correct/fuzz.log" | head -n 1)
[ -n "$id" ] || fail "no 'fuzz: lab-ID-1-correct: corpus' line in $OUT/batch/1-correct/fuzz.log"
for s in 4-hang c-flood; do
    { mkdir -p "crashes/lab-$id-$s" && echo stale >"crashes/lab-$id-$s/timeout-0000000000000000000000000000000000000000"; } ||
        fail "cannot plant an earlier run's input in crashes/lab-$id-$s"
done

# The input timeout: 3 s of a core's share. libFuzzer's -timeout counts
# wall time, and every row that fuzzes on meets corpus/held-deep.txt, 1.3 s
# of CPU on the lab's mm.c (4096 blocks on its one list); at a limit of 2 s
# of a core's share it ran past it on a load that rose after the limit was
# set, and the correct and the slow rows (1, 15) read "hang". The limit
# grows with the load per core or one over the share of a core the check
# gets (a check at nice 5 beside busy loops at nice 0 gets a tenth of a
# core at a load per core of 5: scale_by_share), up to 40 s, so the seed
# keeps more than twice its CPU time; a real hang passes any limit (row
# 5's loop is caught still, its cost a limit of wall time, whatever the load).
scale_by_share 3 40
input_timeout=$scaled_seconds
# Slow, never stuck: each malloc of 2 KiB or more (none in the lab trace)
# spins a 100th of that timeout of wall time, so corpus/class-walk-big.txt's
# 256 take 2.56 times it on any load (spun on CPU time, it cost the square
# of the load per core in wall time). libFuzzer looks at an input's time only at its ticks,
# every timeout/2 + 1 s, so only an input running 1.5 times the timeout and
# 1 s more is caught whatever the ticks' phase (at 1.28 times it, with a
# timeout of 6 s at load 6, both runs of the input, libFuzzer's and its leak
# check's, ended between two ticks: the slow-input row read "barely fuzzed").
# An op ends well within the tenth of the limit the replay waits to see one
# move. Its TIMEOUT lines tell the user a longer limit lets the
# input finish, naming make fuzz-lab-batch's knob, FUZZ_INPUT_TIMEOUT.
{ echo '#include <time.h>'
    echo 'static double wall_seconds(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (double)t.tv_sec + (double)t.tv_nsec / 1e9; }'
    sed "s/^$malloc_line\$/void *mm_malloc(size_t size) { double end = wall_seconds() + $input_timeout \/ 100.0; while (size >= 2048 \&\& wall_seconds() < end) { } return lab_malloc(size); }/" \
    examples/malloclab/mm.c; } >"$SUBS/1a-slow-input/mm.c"
cmp -s examples/malloclab/mm.c "$SUBS/1a-slow-input/mm.c" &&
    fail "examples/malloclab/mm.c has no line '$malloc_line' to plant 1a-slow-input in: update this check"
# A lab trace with no request over 3000 bytes: the hang passes it, as it
# would pass a handout's; the crash in mm_init and the overlap do not. Its
# path holds a blank, quoted in TRACES as make bench takes one: each row's
# verify-traces and bench read it whole.
TRACE="$OUT/short lived.rep"
cp bench/traces/short-lived.rep "$TRACE" || fail "cannot copy the lab trace to $TRACE"
echo "\$ make fuzz-lab-batch SUBMISSIONS='$SUBS/*/mm.c' FUZZ_TIME=3 FUZZ_INPUT_TIMEOUT=$input_timeout JOBS=2 TRACES=\"'$TRACE'\"" \
    "FUZZ_BATCH_MIN_INPUTS=100 (load ${load:-?} on $cores cores)"
BATCH_FILE_LIMIT_MB=16 BATCH_MEM_LIMIT_MB=256 "$MAKE" --no-print-directory fuzz-lab-batch SUBMISSIONS="$SUBS/*/mm.c" FUZZ_TIME=3 \
    FUZZ_INPUT_TIMEOUT="$input_timeout" JOBS=2 TRACES="'$TRACE'" FUZZ_BATCH_MIN_INPUTS=100 FUZZ_BATCH_DIR="$OUT/batch" >"$OUT/batch.log" 2>&1 ||
    fail "the batch ended with status $? ($OUT/batch.log)"
tsv=$OUT/batch/summary.tsv
[ "$(wc -l <"$tsv")" = 20 ] || fail "$tsv does not hold a header and 19 rows"
# make[1]'s "is up to date" of the trace tool was the batch's first line.
! grep -q "is up to date" "$OUT/batch.log" || fail "the batch printed make's 'is up to date' ($OUT/batch.log)"
# The objects rows share (the harness's, the bench's, the lab adapter and
# memlib.c) are made before the rows start (make fuzz-lab-batch-objs): two
# rows started at once each compiled them, and the adapter and memlib.c
# were compiled in every row. No row's log compiles one; its own mm.c it
# does. But the row whose adapter.h the adapter reads: it compiles its own.
shared=$(grep -lE '^  CC     (fuzz/[^/ ]*\.c|fuzz/adapters/malloclab|bench/|allocator/|checks/)' "$OUT"/batch/*/build.log \
    "$OUT"/batch/*/traces.log "$OUT"/batch/*/bench.log 2>/dev/null | grep -v "^$OUT/batch/k-own-header/")
[ -z "$shared" ] || fail "rows compiled the objects every row shares, which the batch makes before them: $shared"
for f in fuzz/adapters/malloclab.c fuzz/adapters/malloclab/memlib.c; do
    grep -qxF "  CC     $f (libfuzzer)" "$OUT/batch/k-own-header/build.log" ||
        fail "the row with an adapter.h beside mm.c, which the adapter reads, did not compile its own $f ($OUT/batch/k-own-header/build.log)"
done

# row N: submission N's row (n, submission, path, mm_api, builds, finding, op, cause, seconds, crash, replay, ...).
row() { awk -F '\t' -v n="$1" '$1 == n' "$tsv"; }
field() { row "$1" | cut -f "$2"; }
expect() { # N FIELD-NUMBER WHAT PATTERN (a case pattern)
    value=$(field "$1" "$2")
    # shellcheck disable=SC2254 # the pattern is the caller's
    case $value in $4) ;; *) fail "row $1 ($(field "$1" 2)): $3 is '$value', expected $4 ($tsv, $OUT/batch.log)" ;; esac
}
# Row N's op is one that mallocs: a malloc, or a hold (a malloc per block into
# the held pool), as whichever input the fuzzer met the bug in first.
expect_malloc_op() {
    case $(field "$1" 7) in "op #"[0-9]*": malloc "* | "op #"[0-9]*": hold "*) ;;
    *) fail "row $1 ($(field "$1" 2)): op is '$(field "$1" 7)', expected a malloc or hold ($tsv, $OUT/batch.log)" ;;
    esac
}
expect 1 2 "its name" 1-correct
expect 1 5 builds yes
# Its verdict follows its own count of inputs: the floor (100) or more is
# clean; fewer, which a loaded machine may get through in 3 s, is "barely
# fuzzed" (row 15 checks that verdict on a row slow on any machine). Either
# way no finding in the correct mm.c, and the verdict its count calls for.
runs=$(field 1 8 | sed -n -e 's/^nothing found: \([0-9][0-9]*\) inputs .*/\1/p' \
    -e 's/^nothing found, but in only \([0-9][0-9]*\) inputs .*/\1/p')
if [ -n "$runs" ] && [ "$runs" -lt 100 ]; then
    expect 1 6 "first finding (after $runs inputs)" "barely fuzzed"
    expect 1 8 cause "nothing found, but in only $runs inputs (* ops) in * s, under the batch's floor of 100 inputs*"
    echo "  row 1 (1-correct): $runs inputs in FUZZ_TIME=3, under the floor of 100 (a busy machine): barely fuzzed, not clean"
else
    expect 1 6 "first finding" clean
    expect 1 8 cause "nothing found: * inputs (* ops) in * s"
fi
expect 1 12 "lab traces" clean
expect 1 13 utilization "[1-9]*.[0-9]%"
expect 1 14 "Kops/s" "[1-9]*"
expect 1 15 notes "-"
expect 5 12 "lab traces" clean
expect 4 12 "lab traces" "FAIL: $TRACE line *"
expect 6 12 "lab traces" "FAIL: *"
expect 3 5 builds no
expect 3 6 "first finding" "does not build"
expect 3 8 cause "mm.c:*error:*no_such_name*"
expect 4 6 "first finding" overlap
expect 4 7 op "op #[0-9]*: *"
expect 5 6 "first finding" hang
expect_malloc_op 5
# It named the loop's line by its whole staging path, past the table's width.
expect 5 8 cause "an input ran past $input_timeout s: * mm_malloc mm.c:[0-9]*:[0-9]*"
expect 6 6 "first finding" SEGV
expect 6 7 op "mm_init (create)"
# Its write at address 0 is placed in the null page, a NULL followed, in short after the line.
expect 6 8 cause "mm.c:*in mm_init; likely a link the allocator found NULL and followed without a test"
expect 7 15 notes "same file as 2-no-build"
# UBSan's SUMMARY alone gave "mm.c:58:15 in ": no function, nothing of what was undefined.
expect 8 6 "first finding" undefined-behavior
# The harness's explanation under the report (UBSan's address placed among a live block's bytes, a likely
# cause), when it has one, follows in its short form (report-why.sh; its readings are fuzz-check-adapters').
why=$(fuzz/scripts/report-why.sh "$OUT/batch/7-ub/report")
expect 8 8 cause "mm.c:[0-9]*:[0-9]* in [a-z_]*: [a-z]*?*${why:+; $why}"
[ -n "$why" ] || case $(field 8 8) in *"; "*) fail "row 8 (7-ub): a why its report does not give: '$(field 8 8)' ($tsv)" ;; esac
expect 4 15 notes "not built: list.c (beside mm.c*); 1 compiler warning, the first: mm.c:*: warning: unused variable*"
# A failed assert() was a bare SIGABRT: its words are the cause.
expect 9 6 "first finding" "assert failed"
expect_malloc_op 9
expect 9 8 cause "mm.c:[0-9]*: *mm_malloc*: Assertion \`size < 2000' failed."
# The trace asks for 2014 bytes at line 17; a failed trace builds no bench.
expect 9 12 "lab traces" "FAIL: mm.c:[0-9]*: *mm_malloc*: Assertion \`size < 2000' failed."
# The linker's "multiple definition of \`main'" was cut to clang's "linker command failed".
expect 10 6 "first finding" "does not build"
expect 10 8 cause "mm.c defines main(), as the fuzzer does*"
expect 11 6 "first finding" "too much output"
# Its cause follows its own logs: one at the limit, or (a busy machine) none,
# an input having waited past $input_timeout s on the pipe to the log, which its replay
# into a file ran to its end.
flood=$(sed -n '1s/^fuzz: \(lab-[0-9]*-c-flood\): corpus .*/\1/p' "$OUT/batch/c-flood/fuzz.log")
if [ -n "$(find "$OUT/batch/c-flood/fuzz.log" "crashes/$flood/libfuzzer.log" -size +$((16 * 1024 - 1))k 2>/dev/null)" ]; then
    expect 11 8 cause "* reached the batch's 16 MiB file-size limit and the fuzzer was stopped*"
else
    mib=$(($(stat -c %s "$OUT/batch/c-flood/replay.log" 2>/dev/null || echo 0) >> 20))
    expect 11 8 "cause (its logs under 16 MiB, replay.log $mib MiB)" \
        "an input ran past $input_timeout s while fuzzing, printing to stderr, *; replayed into a file it ran to its end, printing $mib MiB (replay.log): mm.c prints at every call*"
    [ -f "$(field 11 10)" ] || fail "row 11 (c-flood): its crash file '$(field 11 10)' does not exist ($tsv)"
    echo "  row 11 (c-flood): an input past $input_timeout s before its log reached 16 MiB (a busy machine), $mib MiB when replayed: too much output, not hang"
fi
expect 11 12 "lab traces" "-"
# Its 16 MiB log is no use once read.
rm -f crashes/lab-*-c-flood/libfuzzer.log
# The harness's "could not create a heap" and abort() read as the allocator's own SIGABRT.
expect 12 6 "first finding" "mm_init failed"
expect 12 7 op "mm_init (create)"
expect 12 8 cause "mm_init returned -1 on a fresh empty heap, called again after a first call that succeeded*"
# The lab trace's column said only "see .../traces.log": verify-traces' own line blames create()'s size.
expect 12 12 "lab traces" "FAIL: mm_init returned -1 on a fresh empty heap, called again*"
# exit(0) in mm_malloc: the replay said "ok" (the child's status 0), so the
# row had no op, and its cause named libc's exit frames.
expect 13 6 "first finding" "exit() called"
expect_malloc_op 13
expect 13 8 cause "*, from mm_malloc mm.c:[0-9]*:[0-9]*"
# The trace asks for 2014 bytes at line 17: verify-traces ended there with status 0, read as clean.
expect 13 12 "lab traces" "FAIL: $TRACE line 17: the allocator called exit() in this op*"
# memlib's heap was zeroed: the missing epilogue read as an empty free block, and the row was clean.
expect 14 6 "first finding" "[A-Za-z]*"
case $(field 14 6) in clean | "barely fuzzed") fail "row 14 (f-no-epilogue): '$(field 14 6)', expected a finding ($tsv)" ;; esac
# Its walk past the last block steps by the junk read past the heap's end: the row said only "wild
# pointer". The register that held the wild value places it, read on x86-64 alone.
[ "$(uname -m)" != x86_64 ] || expect 14 8 cause "*; likely a missing end marker or epilogue"
expect 14 12 "lab traces" "FAIL: *"
# 50 ms a call to mm_init: some 40 inputs in 3 s, and the row read clean like the fast one's.
expect 15 6 "first finding" "barely fuzzed"
expect 15 8 cause "nothing found, but in only * inputs (* ops) in * s, under the batch's floor of 100 inputs (FUZZ_BATCH_MIN_INPUTS): too few*FUZZ_TIME=[0-9]* would reach the floor*"
expect 15 12 "lab traces" clean
# Its own malloc without bound: clean under libFuzzer's default 2 GiB (it stops at 1.5), and the lab
# trace took 1.5 GiB (on, unwatched, it would have taken the machine's memory).
expect 16 6 "first finding" out-of-memory
expect 16 8 cause "the fuzzer passed the batch's 256 MiB memory cap (used: *Mb*): mm.c takes memory outside memlib's heap*"
expect 16 12 "lab traces" "FAIL: its processes held * MiB, past the batch's 256 MiB memory cap, and were stopped*"
# ASan found it in its own memcpy: its SUMMARY placed it in the fuzzer's binary
# ("libfuzzer+0x128f24) (BuildId: ..."), not at mm.c's line that called it.
expect 17 6 "first finding" memcpy-param-overlap
expect 17 7 op "op #[0-9]*: realloc *"
expect 17 8 cause "mm.c:[0-9]*:[0-9]* in lab_realloc; a copy of the new size, not of the old block's"
# Slow with no op stuck: a hang, whose cause says so, and whose TIMEOUT lines (the fuzzer's, the
# replay's) name the knob a longer limit is set with (they named halloc.options' timeout, which the
# batch does not read).
expect 2 6 "first finding" hang
expect 2 8 cause "an input ran past $input_timeout s*; slow, but no op stuck (fuzz.log): a larger FUZZ_INPUT_TIMEOUT lets it finish"
knob="A longer limit lets the input finish: FUZZ_INPUT_TIMEOUT=SECONDS on make fuzz-lab-batch)"
grep -qF "$knob" "$OUT/batch/1a-slow-input/fuzz.log" ||
    fail "row 2 (1a-slow-input): no TIMEOUT line in its fuzz.log ends '$knob' ($OUT/batch/1a-slow-input/fuzz.log)"
# The replay's says so too when it saw an op move (a program on the CPU a tenth of the time or
# more: at a load past ten per core the replay may call it a wait).
! grep -q '^halloc-fuzz: TIMEOUT (still running after [0-9]* s, but no op is stuck' "$OUT/batch/1a-slow-input/replay.log" ||
    grep -qF "$knob" "$OUT/batch/1a-slow-input/replay.log" ||
    fail "row 2 (1a-slow-input): its replay's TIMEOUT line does not end '$knob' ($OUT/batch/1a-slow-input/replay.log)"
# Its adapter.h asks for 64-byte alignment: the adapter built with it finds the lab's 8-byte blocks
# misaligned, and the row says why it was built alone. The shared adapter, built without it, found nothing.
expect 18 6 "first finding" misaligned
expect 18 15 notes "the harness's lab adapter and memlib.c were built for this row alone: they read adapter.h of mm.c's folder*"
# It read clang's "linker command failed with exit code 1".
expect 19 6 "first finding" "does not build"
expect 19 8 cause "mm.c's static data is too big to link (mm.c:[0-9]*: relocation truncated to fit*): a huge static array*"
for s in 4-hang c-flood; do
    [ ! -e "crashes/lab-$id-$s/timeout-0000000000000000000000000000000000000000" ] ||
        fail "crashes/lab-$id-$s/ still holds the input planted as an earlier run's ($tsv)"
done
for n in 4 5 6 9 13; do
    crash=$(field "$n" 10)
    [ -f "$crash" ] || fail "row $n: its crash file '$crash' does not exist ($tsv)"
    expect "$n" 11 "replay line" "make replay TARGET=fuzz/adapters/malloclab.c SRCS=* NAME=lab-*-$(field "$n" 2) MM_API=classic$build_var CRASH=$crash"
done
grep -q "^6 *5-init-crash *classic *yes *SEGV *mm_init (create)" "$OUT/batch.log" ||
    fail "the table on the screen has no row 6 for 5-init-crash ($OUT/batch.log)"
echo "  19 rows: clean, does not build (its error), overlap and hang at an op, SEGV in mm_init, a copy named,"
echo "  undefined behaviour with its function and UBSan's words; an assert's words; main() in mm.c named;"
echo "  a flood of output stopped at the file-size limit; a second .c file and a warning noted;"
echo "  exit(0) at an op and its line, and failing the lab trace;"
echo "  crash files and replay lines;"
echo "  the lab trace clean on the correct one (with utilization and throughput) and the hang, failed on the others;"
echo "  a word never written read as junk, not 0; a slow mm.c barely fuzzed; a memory hog out-of-memory and capped;"
echo "  an input slow with no op stuck a hang that names FUZZ_INPUT_TIMEOUT;"
echo "  a static array too big to link named; a realloc's memcpy-param-overlap at mm.c's line, its why;"
echo "  the lab adapter and memlib.c compiled once for the batch, and for the row alone whose adapter.h they read;"
echo "  an earlier run's inputs gone from its rows' crashes/"
echo "fuzz-check-lab-batch: PASS"
