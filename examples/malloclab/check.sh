#!/bin/sh
# check.sh - make malloclab-check: the malloc-lab adapter fuzzes an unmodified
# lab allocator (examples/malloclab/mm.c) in both lab interfaces, runs clean
# on the correct build (also beside the handout's own headers), and finds each
# planted bug and names it (and MM_NO_FREE_NULL keeps free(NULL) from mm_free).
# Exit 0 and a PASS line, else 1 and a FAIL line naming the step; logs in
# $BUILD/malloclab-check/.
set -u
cd "$(dirname "$0")/../.." || exit 1
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env

MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
OUT=$BUILD/malloclab-check
CLEAN_TIME=${CLEAN_TIME:-5} HUNT_TIME=${HUNT_TIME:-60}
LAB="TARGET=fuzz/adapters/malloclab.c"
MM="SRCS=examples/malloclab/mm.c"
mkdir -p "$OUT"

fail() {
    echo "malloclab-check: FAIL: $*"
    exit 1
}

# fuzz NAME SECONDS [MAKE-VARS...]: a libFuzzer run from a fresh corpus and
# crash directory; returns make's status (non-zero when a crash was found).
fuzz() {
    name=$1 time=$2
    shift 2
    rm -rf "crashes/$name" "$BUILD/fuzz-work/$name"
    echo "\$ make fuzz $LAB $MM NAME=$name FUZZ_TIME=$time $*"
    guard_by_load 240 # the builds' share, times the load per core (fuzz/scripts/load-scaled.sh)
    timeout $((time + guard_seconds)) "$MAKE" --no-print-directory fuzz "$LAB" "$MM" NAME="$name" \
        FUZZ_TIME="$time" "$@" >"$OUT/$name.log" 2>&1
}

# hunt NAME EXPECT [MAKE-VARS...]: the bug must be found within HUNT_TIME and
# its replay must contain EXPECT (an oracle's report or the checker's words).
hunt() {
    name=$1 expect=$2
    shift 2
    fuzz "$name" "$HUNT_TIME" "$@" && fail "$name: no crash in $HUNT_TIME s ($OUT/$name.log)"
    # shellcheck disable=SC2012 # the first crash file by name; libFuzzer names them crash-<sha1>
    crash=$(ls "crashes/$name"/crash-* 2>/dev/null | head -n 1)
    [ -n "$crash" ] || fail "$name: fuzzing failed without writing a crash ($OUT/$name.log)"
    "$MAKE" --no-print-directory replay "$LAB" "$MM" NAME="$name" "$@" CRASH="$crash" \
        >"$OUT/$name-replay.log" 2>&1
    grep -q -- "$expect" "$OUT/$name-replay.log" ||
        fail "$name: the replay of $crash does not say '$expect' ($OUT/$name-replay.log)"
    echo "  $name: found, replay says: $expect"
}

# The steps below run two at once (fuzz/scripts/lanes.sh), each fuzzing on
# a core of its own and building beside the other (their NAMEs differ), the
# next started as soon as either ends: pairs that waited for each other left
# a core idle while the longer one ran. Each step's output is printed in
# order after, from $OUT/steps/STEP.log; the check fails, once all have
# ended, if any did (it said why, and the step is named with its log).
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh

# mm.c also keeps the two promises the handout does not ask for: claim them,
# so the clean runs test them too.
CLAIMS="-DMM_EXTRA_CAPS='FUZZ_REPORTS_ENOMEM|FUZZ_PRISTINE_AFTER_FREE_ALL'"
clean_api() {
    api=$1
    fuzz "lab-check-clean-$api" "$CLEAN_TIME" MM_API="$api" CFLAGS="$CLAIMS" ||
        fail "correct mm.c ($api interface) crashed: $OUT/lab-check-clean-$api.log"
    echo "  $api interface: clean for $CLEAN_TIME s"
    # Every seed and regression too, by the gcc-built replay driver.
    replay=$BUILD/fuzz/lab-check-clean-$api/replay-gcc
    "$MAKE" --no-print-directory "$LAB" "$MM" NAME="lab-check-clean-$api" MM_API="$api" \
        CFLAGS="$CLAIMS" "$replay" >"$OUT/replay-build-$api.log" 2>&1 ||
        fail "cannot build $replay ($OUT/replay-build-$api.log)"
    "$replay" -q corpus corpus/regressions >"$OUT/replay-$api.log" 2>&1 ||
        fail "correct mm.c ($api interface) fails a seed or regression: $OUT/replay-$api.log"
    echo "  $api interface: corpus and regressions replay clean (gcc build)"
}
# A realloc that copies the new size into a new block just above: ASan's
# memcpy-param-overlap, found among the seeds (corpus/realloc-move.txt).
# libFuzzer prints the crash context at ASan's SUMMARY, before the text that
# holds the two ranges: the context must wait for that text and name the cause.
REALLOC_CAUSE="likely cause: .*a copy of the new size, not of the old block's"
realloc_fuzz_step() {
    fuzz lab-check-realloc-new-size "$HUNT_TIME" CFLAGS=-DMM_BUG_REALLOC_COPIES_NEW_SIZE &&
        fail "a realloc that copies the new size: no crash in $HUNT_TIME s ($OUT/lab-check-realloc-new-size.log)"
    grep -q "$REALLOC_CAUSE" "$OUT/lab-check-realloc-new-size.log" ||
        fail "a realloc that copies the new size: make fuzz (libFuzzer) does not say '$REALLOC_CAUSE'" \
            "($OUT/lab-check-realloc-new-size.log)"
    echo "  realloc that copies the new size: make fuzz names the cause"
}
# The two clean runs build side by side, and each compiled the harness
# objects the other did (their flags are the same: the lab's switches are
# left out of them, fuzz/objects.mk). The first's binaries are built first,
# on every core: the second then compiles only its adapter, driver and links.
"$MAKE" --no-print-directory -j"$(nproc 2>/dev/null || echo 1)" "$LAB" "$MM" NAME=lab-check-clean-classic \
    MM_API=classic CFLAGS="$CLAIMS" fuzz-build "$BUILD/fuzz/lab-check-clean-classic/replay-gcc" \
    >"$OUT/clean-build.log" 2>&1 || fail "cannot build the clean classic binaries ($OUT/clean-build.log)"
# A submission usually sits beside the handout's own mm.h and memlib.h: mm.c
# then compiles against those, the adapter and memlib.c against ours.
handout_step() {
    handout=$OUT/handout
    mkdir -p "$handout"
    cp examples/malloclab/mm.c "$handout/mm.c"
    # Submissions are seldom warning-clean: the warning is shown, the build goes on.
    printf 'static int mm_helper_left_over(int unused) { return 0; }\n' >>"$handout/mm.c"
    cat >"$handout/memlib.h" <<'HEADER'
#include <unistd.h>
void mem_init(void);
void mem_deinit(void);
void *mem_sbrk(int incr);
void mem_reset_brk(void);
void *mem_heap_lo(void);
void *mem_heap_hi(void);
size_t mem_heapsize(void);
size_t mem_pagesize(void);
HEADER
    cat >"$handout/mm.h" <<'HEADER'
#include <stdio.h>
extern int mm_init(void);
extern void *mm_malloc(size_t size);
extern void mm_free(void *ptr);
extern void *mm_realloc(void *ptr, size_t size);
typedef struct { char *teamname; char *name1; char *id1; char *name2; char *id2; } team_t;
extern team_t team;
HEADER
    shipped=$MM MM="SRCS=$handout/mm.c"
    fuzz lab-check-handout 5 ||
        fail "mm.c beside handout headers did not build or fuzz clean ($OUT/lab-check-handout.log)"
    grep -q "mm.c:.*warning: .*unused" "$OUT/lab-check-handout.log" ||
        fail "the warning in the handout's mm.c was not shown ($OUT/lab-check-handout.log)"
    MM=$shipped
    echo "  mm.c beside the handout's own mm.h and memlib.h, with a warning: shown, builds and fuzzes clean"
}
# mm_init that keeps a static from the last run (here: builds the heap only on
# its first call). The lab's driver calls mm_init again before every run of a
# trace; every input starts as such a second run, so the seed that found it
# fails the same way alone, with no fuzzing and no earlier input.
init_once_step() {
    "$MAKE" --no-print-directory replay "$LAB" "$MM" NAME=lab-check-init-once CFLAGS=-DMM_BUG_INIT_ONCE \
        CRASH=corpus/split.txt >"$OUT/lab-check-init-once-replay.log" 2>&1 &&
        fail "mm_init that builds the heap only once replays corpus/split.txt clean ($OUT/lab-check-init-once-replay.log)"
    grep -q "in lab_malloc .*examples/malloclab/mm.c" "$OUT/lab-check-init-once-replay.log" ||
        fail "the replay with MM_BUG_INIT_ONCE does not point into mm.c's malloc ($OUT/lab-check-init-once-replay.log)"
    echo "  mm_init that builds the heap once: the first seed replayed fails in mm.c"
}

# The size wrap's report says what to look for, not only what broke.
wrap_cause_step() {
    grep -q "cause: likely the size wrapped past SIZE_MAX" "$OUT/lab-check-wrap-replay.log" ||
        fail "lab-check-wrap: the report gives no likely cause ($OUT/lab-check-wrap-replay.log)"
}

# A free that never merges with the block before it leaves the emptied heap in
# pieces. The heap can grow, so any request still succeeds: the promise of a
# pristine heap is judged in the memory it has (no growth, high_water), and the
# seed that frees a block after its left neighbour must show it.
no_coalesce_step() {
    "$MAKE" --no-print-directory replay "$LAB" "$MM" NAME=lab-check-no-coalesce-prev CRASH=corpus/coalesce-left.txt \
        CFLAGS="-DMM_BUG_NO_COALESCE_PREV -DMM_EXTRA_CAPS=FUZZ_PRISTINE_AFTER_FREE_ALL" \
        >"$OUT/lab-check-no-coalesce-prev-replay.log" 2>&1 &&
        fail "a free that never merges left replays corpus/coalesce-left.txt clean ($OUT/lab-check-no-coalesce-prev-replay.log)"
    grep -q "ORACLE not_pristine" "$OUT/lab-check-no-coalesce-prev-replay.log" ||
        fail "the replay with MM_BUG_NO_COALESCE_PREV does not say not_pristine ($OUT/lab-check-no-coalesce-prev-replay.log)"
    echo "  free that never merges left: not_pristine on the seed that shows it"
}
# MM_NO_FREE_NULL: the adapter never sends free(NULL), so the bug above stays quiet.
free_null_skipped_step() {
    fuzz lab-check-free-null-skipped 5 CFLAGS="-DMM_BUG_FREE_NULL -DMM_NO_FREE_NULL" ||
        fail "with MM_NO_FREE_NULL the adapter still sent free(NULL) ($OUT/lab-check-free-null-skipped.log)"
    echo "  clean for 5 s with MM_NO_FREE_NULL"
}
# ...and its replay gives that one cause, not memmove's beside it.
realloc_replay_step() {
    replay=$OUT/lab-check-realloc-new-size-replay.log
    "$MAKE" --no-print-directory replay "$LAB" "$MM" NAME=lab-check-realloc-new-size \
        CFLAGS=-DMM_BUG_REALLOC_COPIES_NEW_SIZE CRASH=corpus/realloc-move.txt >"$replay" 2>&1 &&
        fail "a realloc that copies the new size replays corpus/realloc-move.txt clean ($replay)"
    causes=$(grep -c "likely cause:" "$replay")
    { [ "$causes" = 1 ] && grep -q "$REALLOC_CAUSE" "$replay"; } ||
        fail "the replay with MM_BUG_REALLOC_COPIES_NEW_SIZE gives $causes likely causes, not the one" \
            "'$REALLOC_CAUSE' ($replay)"
    echo "  realloc that copies the new size: its replay gives that one cause"
}

# The steps, the fuzzing ones first (a hunt runs up to HUNT_TIME), the
# replays of a seed last. The classic run, its binaries built, ends first:
# the realloc's fuzzing (one link, the bug found among the seeds) follows
# it, then its replay (the same NAME: not beside it). Without a checker the
# stale footer shows as whatever breaks first (a wild read, an overlap...):
# the report must at least point into mm.c; with mm_checkheap the checker
# names it at the op that broke it. mm_free(NULL) that dereferences NULL:
# the fuzzer sends free(NULL) on an empty slot, and the crash report marks
# that op; an adapter built for a handout without free(NULL)
# (-DMM_NO_FREE_NULL) never sends it.
lanes malloclab-check "$OUT/steps" 2 \
    clean-classic 'clean_api classic && realloc_fuzz_step && realloc_replay_step' clean-checked 'clean_api checked' \
    wrap 'hunt lab-check-wrap "ORACLE huge_accepted" CFLAGS=-DMM_BUG_SIZE_WRAPS && wrap_cause_step' \
    footer 'hunt lab-check-footer "examples/malloclab/mm.c" CFLAGS=-DMM_BUG_SPLIT_NO_FOOTER' \
    free-null 'hunt lab-check-free-null "slot empty: free(NULL)" CFLAGS=-DMM_BUG_FREE_NULL' \
    footer-checked 'hunt lab-check-footer-checked "header and footer disagree" CFLAGS=-DMM_BUG_SPLIT_NO_FOOTER MM_API=checked' \
    handout handout_step free-null-skipped free_null_skipped_step init-once init_once_step \
    no-coalesce no_coalesce_step || exit 1

echo "malloclab-check: PASS (clean mm.c ran ${CLEAN_TIME} s per interface; 7 planted bugs found and named)"
