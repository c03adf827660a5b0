#!/bin/sh
# check-adapters.sh CC OUT HARNESS_SOURCES...: the replay driver built over
# each broken adapter in fuzz/selftest must refuse to run: exit 2 and a
# message naming the mistake; reports mark free(NULL) exactly where it ran,
# name FUZZ_SMALL_ALIGNED_TO_SIZE where it applies, and a likely cause for
# misaligned and usable_too_small, and for a checker's boundary-tag failure
# (an allocator bug planted by a patch); and an adapter with only
# free_sized replays the corpus clean. Run beside it or after: the sbrk drop-in's
# reports (check-dropin-reports.sh), the seeds' depth (check-seed-depth.sh),
# a toy's big aligned path (check-bigalign.sh), a refusal on a heap
# without a limit (check-heap-limit.sh), pages dropped by madvise
# (check-discard.sh), mappings unmapped or left (check-mappings.sh), the
# replay driver's own
# options and inputs (check-replay-options.sh), a sanitizer's finding placed
# among the blocks (check-sanitizer-places.sh), memory handed out again
# traced to the call that did it (check-reuse-reports.sh).
set -eu
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TIMEOUT_FLAG
cc=$1 out=$2
shift 2
harness="fuzz/replay.c fuzz/replay-run.c $*"
mkdir -p "$out"
cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O0 -Ifuzz ${FUZZ_TIMEOUT_FLAG:?set by make fuzz-check-adapters}"
# Only the adapters read the cases' switches (-DBROKEN, -DCRASH_IN_FREE...),
# so the harness is compiled once per run, side by side, and each case
# compiles its adapter alone: 60-odd builds of eleven files took most of
# this check's time.
hobj=$out/harness-o0
hobjs=
for src in $harness; do
    mkdir -p "$hobj/$(dirname "$src")"
    hobjs="$hobjs $hobj/$src.o"
done
# shellcheck disable=SC2086
printf '%s\n' $harness | xargs -P "$(nproc 2>/dev/null || echo 1)" -I{} $cc $cflags -c {} -o "$hobj/{}.o"
# build BIN ADAPTER [FLAGS...]: the replay driver over ADAPTER, built with FLAGS.
build() {
    bin=$1 adapter=$2
    shift 2
    # shellcheck disable=SC2086
    $cc $cflags "$@" -c "$adapter" -o "$bin.o" && $cc "$bin.o" $hobjs -o "$bin"
}
# Each step here is one process at a time, which left a core idle: the checks
# that need only the harness objects and share no file with this script's
# steps run beside them, one after the other (lanes.sh), their output printed
# at the end. A failure here stops them (none left running after make gave up).
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
# (In a function: the script's own arguments, the harness sources, are used below.)
start_beside() {
    set --
    for c in dropin-reports seed-depth bigalign heap-limit discard reuse-reports; do
        set -- "$@" "$c" "fuzz/scripts/check-$c.sh \"\$cc\" \"\$out\" \$hobjs"
    done
    lanes_beside fuzz-check-adapters "$out/lanes" 1 "$@"
}
start_beside
n=0
while read -r num expect; do
    case "$num" in '#'* | '') continue ;; esac
    bin=$out/broken-$num
    build "$bin" fuzz/selftest/broken-adapter.c -DBROKEN="$num"
    rc=0
    "$bin" corpus/split.txt >"$bin.log" 2>&1 || rc=$?
    if [ "$rc" != 2 ] || ! grep -qF "$expect" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: broken adapter $num: exit $rc, expected 2 and \"$expect\"; it printed:"
        cat "$bin.log"
        exit 1
    fi
    n=$((n + 1))
done <fuzz/selftest/broken-adapter.cases

# crash_case, for the cases below: crash-adapter.c's bugs, one build each.
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh

# A report marks a free on an empty slot as free(NULL), and only that: an
# oracle firing after an ordinary free (its slot is empty by then too) must
# not carry the mark.
printf 'version 2\nmalloc 0 8\nfree 1\n' >"$out/free-null.txt"
printf 'version 2\nmalloc 0 8\nfree 0\n' >"$out/free-live.txt"
crash_case free-null-refused -DFREE_NULL_REFUSED free-null x \
    "halloc-fuzz: ORACLE free_null_rejected fired at op #1: free 1  (slot empty: free(NULL))"
crash_case stats-lie -DSTATS_LIE_AFTER_FREE free-live x "halloc-fuzz: ORACLE stats_mismatch fired at op #1: free 0"
# A stats() that leaves live_blocks out is told so, not blamed with the stack's garbage.
crash_case stats-no-live -DSTATS_NO_LIVE_BLOCKS free-live "" "stats() did not set live_blocks"
# ...and says which way the count is off: one block too many is a free that did not take.
crash_case stats-lie -DSTATS_LIE_AFTER_FREE free-live x \
    "  what:  stats live_blocks = 1, the model says 0: the allocator holds more blocks than the program - a free that did not take (its lookup missed the block, or a realloc kept the old one), a block counted twice, or blocks held back in a cache counted as live"
# A count no run could have made is no miscount: a thread-cache allocator's
# first block lay over its heap record's counter, and "a free that did not
# take" sent the reader to its free path.
crash_case stats-overwritten -DSTATS_COUNTER_OVERWRITTEN free-live "" \
    "  what:  stats live_blocks = 140695645163617, the model says 0: more than the program's calls could have left live (at most 49920 by op #1), so no miscount but the counter's memory overwritten or never set"
crash_case stats-below-zero -DSTATS_BELOW_ZERO free-live "" \
    "  what:  stats live_blocks = 4294967294, the model says 0: -2 in a 32-bit count, one taken below zero"
# A refused huge request leaves no block for stats() to count: only the
# planted lie may fire (make fuzz's first saved crash was at times a
# huge_changed_heap of the adapter's own, and check-libfuzzer-report failed).
printf 'version 3\nhuge-malloc max-0\n' >"$out/huge-first.txt"
crash_case stats-lie -DSTATS_LIE_AFTER_FREE huge-first x "replay: $out/huge-first.txt: ok (1 ops)"
# What fires after the last op says the final free-all's order (a merge may
# depend on it), which no trace line shows.
printf 'version 2\nmalloc 0 8\nmalloc 1 8\n' >"$out/two-live.txt"
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live "" \
    "fired in the final free-all (every live block freed, lowest slot first)"
# A refused free says where to look: the allocator lost track of a live block
# (a planted span freed while one slot was live, or a split remainder whose
# link overwrote the next header, ended here with nothing pointing at them).
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live "" \
    "  cause: likely the allocator no longer finds this block as live: the header or page record"
# ...or a lookup right for some blocks only (a page-run allocator of h2's
# round 9 indexed its blocks by a shift, wrong for a class of 48 bytes).
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live "" \
    "or the lookup from the pointer finds the right record for some blocks only (a block index by a shift"
# The errno is named, and an errno the adapter gave a meaning to says what
# the allocator took the live block for.
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live "" \
    "free of a live block failed with 22 (EINVAL: Invalid argument)"
crash_case free-refused-as-double "-DFREE_REFUSES_FIRST -DCLAIMS_DOUBLE_FREE" two-live "" \
    "failed with 22 (EINVAL: Invalid argument): the allocator took live block 0 for a freed one (the adapter's double_free_errno)"
crash_case free-refused-as-either "-DFREE_REFUSES_FIRST -DCLAIMS_BAD_FREE" two-live "" \
    "the allocator took live block 0 for a freed block or no block of its own (the adapter's double_free_errno and bad_free_errno)"
# replay -v says a run that failed after its last op stopped there, not at it.
"$out/crash-free-refuses-first" -v "$out/two-live.txt" >"$bin.log" 2>&1 || true
grep -qxF "# the run stopped after the last op (in its final free-all or destroy): the report above says where" \
    "$bin.log" || { echo "fuzz-check-adapters FAILED: replay -v of a final free-all's failure:"; cat "$bin.log"; exit 1; }
# ...or, when the allocator is a stack that frees only its top, how to fuzz it.
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live "" \
    "or, by design, an allocator that frees only its newest block refused an older one: defer such frees in the adapter (fuzz/ADAPTERS.md)"
# Ops the adapter cannot judge are never issued: the report's history and the
# printed trace (-v) say so beside them, or they read as calls that were made.
# So is a realloc to 0 of a live block without FUZZ_REALLOC_ZERO_FREES
# (implementation-defined), and only that: on an empty slot it runs.
printf 'version 2\nmalloc 0 8\ndouble-free 0\nfree-interior 0 1\nrealloc 0 0\nrealloc 1 0\nfree 0\n' >"$out/not-run.txt"
crash_case stats-lie -DSTATS_LIE_AFTER_FREE not-run x \
    "    #1     double-free 0  (not run: the adapter does not claim FUZZ_DETECTS_DOUBLE_FREE)"
crash_case stats-lie -DSTATS_LIE_AFTER_FREE not-run x \
    "    #2     free-interior 0 1  (not run: the adapter does not claim FUZZ_DETECTS_BAD_FREE)"
crash_case stats-lie -DSTATS_LIE_AFTER_FREE not-run x \
    "    #3     realloc 0 0  (not run: a realloc to 0 of a live block needs FUZZ_REALLOC_ZERO_FREES)"
crash_case stats-lie -DSTATS_LIE_AFTER_FREE not-run x "    #4     realloc 1 0"
"$bin" -v "$out/not-run.txt" >"$bin.log" 2>&1 || true
grep -qxF "double-free 0  # not run: the adapter does not claim FUZZ_DETECTS_DOUBLE_FREE" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: replay -v does not mark the double-free it never runs:"; cat "$bin.log"; exit 1; }
{ grep -qxF "realloc 0 0  # not run: a realloc to 0 of a live block needs FUZZ_REALLOC_ZERO_FREES" "$bin.log" &&
    grep -qxF "realloc 1 0" "$bin.log"; } || { echo "fuzz-check-adapters FAILED: replay -v: not run only on a live block:"; cat "$bin.log"; exit 1; }
# FUZZ_SMALL_ALIGNED_TO_SIZE: an 8-byte block 8 mod 16 is misaligned without
# the flag (and the report names the flag) and fine with it; a 16-byte one is
# misaligned either way.
printf 'version 2\nmalloc 0 8\nmalloc 1 1\nfree 0\nfree 1\n' >"$out/small8.txt"
printf 'version 2\nmalloc 0 8\nmalloc 1 16\n' >"$out/small16.txt"
crash_case small8 -DSMALL_AT_8=8 small8 "" "halloc-fuzz: ORACLE misaligned fired at op #0: malloc 0 8"
crash_case small8 -DSMALL_AT_8=8 small8 "" "is aligned to 8, not to the 16 asked: a bug, unless the allocator aligns blocks this small only to their size by design (C17 allows it), which its adapter then declares with FUZZ_SMALL_ALIGNED_TO_SIZE"
crash_case small8-flagged "-DSMALL_AT_8=8 -DCLAIMS_SMALL_ALIGNED" small8 "" "replay: $out/small8.txt: ok"
crash_case small16-flagged "-DSMALL_AT_8=16 -DCLAIMS_SMALL_ALIGNED" small16 "" \
    "halloc-fuzz: ORACLE misaligned fired at op #1: malloc 1 16"
# Both say where to look: the rounding or class table that placed or sized it.
crash_case small16-flagged "-DSMALL_AT_8=16 -DCLAIMS_SMALL_ALIGNED" small16 "" \
    "  cause: likely a size or header not rounded to the alignment, so the next block placed after it is off"
# ...and that the 16 is the adapter's claim, which an allocator that promises
# 8 by design lowers in its table: not only a bug to hunt.
crash_case small16-flagged "-DSMALL_AT_8=16 -DCLAIMS_SMALL_ALIGNED" small16 "" \
    "not to the 16 asked: 16 is the adapter's .alignment, promised for every block; if the allocator guarantees only 8 by design, say so in its fuzz_allocator table (.alignment = 8;"
crash_case usable-understated -DUSABLE_UNDERSTATED small16 "" "halloc-fuzz: ORACLE usable_too_small fired at op #0: malloc 0 8"
crash_case usable-understated -DUSABLE_UNDERSTATED small16 "" "  cause: likely a size class or rounding off by one"
crash_case usable-understated -DUSABLE_UNDERSTATED small16 "" \
    "  what:  usable size 0 is below the requested 8: usable_size found no block at this address, which the allocator itself just returned"
printf 'version 4\nmalloc 0 65552\n' >"$out/big.txt"
crash_case usable-cut -DUSABLE_CUT_TO_16 big "" \
    "is below the requested 65552: under half of it, no rounding: a size kept in a type too narrow for it"
# A rejected double free that changed the heap is given its likely cause: a change made before the test.
build "$out/double-free" fuzz/selftest/double-free-adapter.c -DCOUNTS_FIRST
printf 'version 4\nmalloc 0 8\nmalloc 1 8\ndouble-free 0\n' >"$out/double-free.txt"
"$out/double-free" "$out/double-free.txt" >"$out/double-free.log" 2>&1 || true
grep -q "^  cause: likely the free changed the heap before it found the pointer bad" "$out/double-free.log" ||
    { echo "fuzz-check-adapters FAILED: bad_free_changed_heap gave no likely cause; it printed:"; cat "$out/double-free.log"; exit 1; }
# A block a realloc shrank in place too far: the report names the resize, not a class table.
build "$out/shrink-cuts" fuzz/selftest/usable-hint-adapter.c -DSHRINK_CUTS
printf 'version 4\nmalloc 0 200\nrealloc 0 100\n' >"$out/shrink.txt"
"$out/shrink-cuts" "$out/shrink.txt" >"$out/shrink-cuts.log" 2>&1 || true
grep -q "^  what:  usable size 96 is below the requested 100; realloc shrank it in place and cut too much" \
    "$out/shrink-cuts.log" ||
    { echo "fuzz-check-adapters FAILED: a realloc that cut a block in place: no line naming it; it printed:"; cat "$out/shrink-cuts.log"; exit 1; }
# A fault in the harness's own write of a block is explained as the
# allocator's: the block is not all as usable as usable_size said.
crash_case usable-overstated -DUSABLE_OVERSTATED free-live "" \
    "halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #0: malloc 0 8"
crash_case usable-overstated -DUSABLE_OVERSTATED free-live "" \
    "the harness was writing block 0: "
# A usable size that reaches into the next block's header: nothing faults in
# the harness's fill, the allocator trips over the header ops later, and the
# crash context says how to test the usable size (it said nothing of it);
# with HALLOC_FUZZ_USABLE=off only the requested bytes are written.
printf 'version 2\nmalloc 0 8\nmalloc 1 8\n' >"$out/next-header.txt"
crash_case usable-into-header -DUSABLE_INTO_NEXT_HEADER next-header x "halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: malloc 1 8"
crash_case usable-into-header -DUSABLE_INTO_NEXT_HEADER next-header "" \
    "HALLOC_FUZZ_USABLE=off replays with only the requested bytes written"
HALLOC_FUZZ_USABLE=off "$bin" "$out/next-header.txt" >"$bin.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: HALLOC_FUZZ_USABLE=off still wrote past the request:"; cat "$bin.log"; exit 1; }
# A usable size past the request by the 16-byte rounding alone (8 asked, 16
# usable) cannot reach the allocator's data: a crash then must not offer
# HALLOC_FUZZ_USABLE=off (it followed every fault once any block was rounded).
crash_case usable-rounded "-DUSABLE_ROUNDED -DCRASH_AT_CALL=2" next-header x "halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: malloc 1 8"
! grep -qF "HALLOC_FUZZ_USABLE=off" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a crash after blocks rounded to 16 only offers HALLOC_FUZZ_USABLE=off:"; cat "$bin.log"; exit 1; }
# A block spaced without room for the next one's header: the damage the
# next header does ends where the next block begins, and the report says so
# (it said only that a live block changed).
printf 'version 2\nmalloc 0 32\nmalloc 1 32\n' >"$out/two-32.txt"
crash_case header-not-counted -DHEADER_NOT_COUNTED two-32 x \
    "halloc-fuzz: ORACLE pattern_corrupted fired at op #1: malloc 1 32"
crash_case header-not-counted -DHEADER_NOT_COUNTED two-32 "" \
    "they end where the next block (slot 1) begins, where its header would lie"
# A usable size exactly one header short of a request that needed no
# rounding names the block sized without its header first (h2's best fit
# blamed "a header counted twice"); 16 short of a request of 40 keeps the
# general cause, a header counted twice among it.
printf 'version 2\nmalloc 0 40\n' >"$out/forty.txt"
crash_case usable-less-header -DUSABLE_LESS_HEADER two-32 "" "  cause: likely the request sized without its header"
crash_case usable-less-header -DUSABLE_LESS_HEADER forty "" \
    "  cause: likely a size class or rounding off by one (a request at a class's edge given the class below), a header counted twice"
# On an 8-byte grain (the adapter's .alignment = 8), a request of 24 needs
# no rounding: 8 short of it is the same sizing (the rule took 16 for every
# allocator's grain), and the report says the header's size was guessed.
printf 'version 2\nmalloc 0 24\n' >"$out/twenty-four.txt"
crash_case usable-less-header-8 -DUSABLE_LESS_HEADER=8 twenty-four "" \
    "usable size 16 is below the requested 24: exactly one header short of a request that needed no rounding to the adapter's .alignment (a header taken as one or two words: the harness does not know the allocator's)"
crash_case usable-less-header-8 -DUSABLE_LESS_HEADER=8 twenty-four "" "  cause: likely the request sized without its header"
# A usable size 8 bytes too large, over the next header: the damage lies
# past the request, in the usable size, and the report says so and how to
# tell (it blamed only a header placed inside the block).
crash_case usable-over-8 -DUSABLE_OVER_BY_8 next-header x \
    "halloc-fuzz: ORACLE pattern_corrupted fired at op #1: malloc 1 8"
crash_case usable-over-8 -DUSABLE_OVER_BY_8 next-header "" \
    "all past the 8 bytes requested, in what usable_size() said is the block's (24): a usable size too large"
# A symbolic size is followed by its value in a crash's context as in an
# oracle's report (line 1 and the history): a sanitizer crash at
# "realloc 3 largest_free-align" did not say how much that was.
printf 'version 2\nmalloc 0 align\n' >"$out/symbolic.txt"
crash_case usable-overstated -DUSABLE_OVERSTATED symbolic x \
    "halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #0: malloc 0 align  (= 16 bytes)"
crash_case usable-overstated -DUSABLE_OVERSTATED symbolic x "  > #0     malloc 0 align  (= 16 bytes)"
# An allocator that calls abort() itself (here on a double free) is named at
# the op, with what its adapter claimed wrongly; an oracle's own abort is not
# reported a second time as the allocator's.
printf 'version 2\nmalloc 0 8\ndouble-free 0\n' >"$out/double-free.txt"
crash_case abort-double-free -DABORT_ON_DOUBLE_FREE double-free "" \
    "halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) at op #1: double-free 0"
if ! grep -qF "so its adapter must not claim FUZZ_DETECTS_BAD_FREE or FUZZ_DETECTS_DOUBLE_FREE" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: an abort on a double free does not name the flag; it printed:"; cat "$bin.log"; exit 1
fi
crash_case abort-in-destroy -DABORT_IN_DESTROY free-live "" \
    "halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) in destroy (after the final free-all; the adapter's destroy())"
"$out/crash-stats-lie" "$out/free-live.txt" >"$bin.log" 2>&1 || true
if ! grep -qF "ORACLE stats_mismatch" "$bin.log" || grep -qF "CRASH (SIGABRT" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: an oracle's abort was reported again as the allocator's:"; cat "$bin.log"; exit 1
fi
# The same under libFuzzer, whose own handler catches the abort (no sanitizer
# does): the op is named before libFuzzer's "deadly signal".
if command -v clang >/dev/null 2>&1; then
    # The harness under libFuzzer is compiled once for both cases here.
    lfobj=$out/libfuzzer-o0
    mkdir -p "$lfobj"
    # shellcheck disable=SC2016 # $1..$3 are the inner sh's
    printf '%s\n' fuzz/libfuzzer.c "$@" | xargs -P "$(nproc 2>/dev/null || echo 1)" -I{} sh -c \
        'mkdir -p "$(dirname "$1/$2")" && clang $3 -fsanitize=fuzzer -c "$2" -o "$1/$2.o"' - "$lfobj" {} "$cflags"
    lfobjs=$(find "$lfobj" -name '*.o' | sort | tr '\n' ' ')
    # lf_build BIN FLAGS...: crash-adapter.c built with FLAGS under libFuzzer.
    lf_build() {
        bin=$1
        shift
        # shellcheck disable=SC2086
        clang $cflags "$@" -c fuzz/selftest/crash-adapter.c -o "$bin.o" && clang -fsanitize=fuzzer "$bin.o" $lfobjs -o "$bin"
    }
    bin=$out/abort-libfuzzer
    lf_build "$bin" -DABORT_ON_DOUBLE_FREE
    printf '\000\000\010\000\012\000\000\000' >"$out/double-free.bin" # the trace above
    "$bin" "$out/double-free.bin" >"$bin.log" 2>&1 || true
    if ! grep -qF "halloc-fuzz: CRASH (SIGABRT" "$bin.log" || ! grep -qF "at op #1: double-free 0" "$bin.log" ||
        ! grep -qF "deadly signal" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: an allocator's abort under libFuzzer does not name the op; it printed:"
        cat "$bin.log"
        exit 1
    fi
    # A live block damaged by a free in the final free-all: off a replay only
    # the block's own free sees it, so the report says a replay names the
    # free (it said only 'in the final free-all' at the damaged block).
    bin=$out/free-scribbles-libfuzzer
    lf_build "$bin" -DFREE_SCRIBBLES_NEWEST
    printf '\000\000\040\000\000\001\040\000' >"$out/two-live-32.bin" # malloc 0 32, malloc 1 32
    "$bin" "$out/two-live-32.bin" >"$bin.log" 2>&1 || true
    if ! grep -qF "ORACLE pattern_corrupted fired in the final free-all" "$bin.log" ||
        ! grep -qF "after the free of slot 0: a free-all verifies no other block after a free" "$bin.log" ||
        ! grep -qF "make replay, below, verifies every live block after each free and names that free)" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: a live block damaged in a libFuzzer run's free-all does not say a replay names the free; it printed:"
        cat "$bin.log"
        exit 1
    fi
fi
# create() that fails after the first input (an init that runs only once)
# says so: the input it failed on replays clean on its own.
bin=$out/crash-create-once
build "$bin" fuzz/selftest/crash-adapter.c -DCREATE_ONCE
"$bin" -n "$out/free-live.txt" "$out/two-live.txt" >"$bin.log" 2>&1 || true
if ! grep -qF "replay: adapter 'crash-at-100th-malloc' could not create a heap of 65536 bytes" "$bin.log" ||
    ! grep -qF "create() succeeded 1 time(s) in this process and fails now" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: create() failing on the second input is not explained; it printed:"; cat "$bin.log"; exit 1
fi
# Stats that promise a fresh heap more than malloc serves: the pristine
# probe names a spurious out-of-memory (it was blamed on a leak at the first
# free-all).
printf 'version 2\n' >"$out/empty.txt"
crash_case largest-free-lie -DLARGEST_FREE_LIE empty "" \
    "halloc-fuzz: ORACLE spurious_oom fired in the pristine probe"
# A refusal of largest_free itself is what a good fit's rounding makes of a
# chunk stats count whole: the what line names it (it named neither cause).
crash_case largest-free-lie -DLARGEST_FREE_LIE empty "" "overstate it; so close to largest_free, likely a good fit"
# ...or, as the probe asks for largest_free itself, a run search that ends a
# free run at a word's edge (a bitmap allocator's; it was told only of lists).
crash_case largest-free-lie -DLARGEST_FREE_LIE empty "" "else a search that ends a free run at an edge of its own (a bitmap"
# ...or a first fit that stops before the largest chunk, at the end of the
# first of several pools (round 10b's pools; told only of the two above).
crash_case largest-free-lie -DLARGEST_FREE_LIE empty "" "or a search that stops before it reaches the largest chunk (a free \
list walked only through the first of several pools or segments"
# ...unless the allocator's own check fails there: the damage it names is the
# likelier cause, and the cause line says so (it left the guess standing).
crash_case largest-free-broken "-DLARGEST_FREE_LIE -DREFUSAL_BREAKS_CHECK" empty "" \
    "  cause: likely the damage the allocator's own check finds on this heap (its FAILED line below), not the guess above"
# A request stats said fits must not map memory (a search that skipped the
# fitting free chunk and grew); one larger than largest_free may.
printf 'version 2\nmalloc 0 513\nmalloc 1 512\n' >"$out/grow-fits.txt"
crash_case grows-though-it-fits -DGROWS_THOUGH_IT_FITS grow-fits "" \
    "halloc-fuzz: ORACLE spurious_growth fired at op #1: malloc 1 512"
# Stats that leave largest_free out (0) promise nothing about what fits:
# the pristine size is measured by requests, or every leak passed.
printf 'version 2\nmalloc 0 8\nfree 0\n' >"$out/one-free.txt"
crash_case leaks-unseen -DLEAKS_UNSEEN one-free "" \
    "halloc-fuzz: ORACLE not_pristine fired in the final free-all"
# Besides a leak, a free the allocator deferred and never completed.
crash_case leaks-unseen -DLEAKS_UNSEEN one-free "" \
    "  cause: likely a leaked chunk, a missed coalesce or one that merged the wrong chunks (a buddy of another size, a neighbour's size misread), or frees deferred (quarantine / cache) and never completed by free-all"
# Through free_sized, the same leak also names the sized free's usual ways to
# make it (a size class or page count of its own); through free, it does not.
! grep -q "^  sized:" "$out/crash-leaks-unseen.log" ||
    { echo "fuzz-check-adapters FAILED: a leak through a plain free given a sized-free line:"; cat "$out/crash-leaks-unseen.log"; exit 1; }
crash_case leaks-unseen-sized "-DLEAKS_UNSEEN -DSIZED_FREE" one-free "" \
    "  sized: this adapter frees through free_sized, given the size last asked for the block and aligned_alloc's alignment"
# A check that passed after the frees (and the harness's malloc(1) and free)
# and fails once the search for what fits split the heap: the cause is that
# damage, made by the harness's requests, and halloc's words for a footer
# larger than its chunk name a split's stale footer (it blamed a leak).
crash_case stale-footer "-DLEAKS_UNSEEN -DSTALE_FOOTER" one-free "" \
    "  cause: likely the damage the allocator's own check finds on the emptied heap (its FAILED line below), not a leak: it passed on the heap the frees left and after the harness's malloc(1) and its free, so the harness's requests since broke it"
crash_case stale-footer "-DLEAKS_UNSEEN -DSTALE_FOOTER" one-free "" \
    "  cause: likely a stale footer, not a damaged header: it still holds 32768, the size of a free chunk this one is the last 16384 bytes of, so a split carved the 16384 bytes in front of it off as a block"
# Stats that say less fits than does after a free (an allocator that defers
# merging its frees, quick lists consolidated only when a request finds no
# chunk, counts what fits unmerged) are judged by the fresh heap's request:
# served, no leak (the stats alone fired not_pristine); refused, the leak.
bin=$out/crash-defers-frees
build "$bin" fuzz/selftest/crash-adapter.c -DDEFERS_FREES
"$bin" "$out/one-free.txt" >"$bin.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: deferred frees' stats, every request served, judged a leak:"; cat "$bin.log"; exit 1; }
crash_case defers-frees-leaks "-DDEFERS_FREES -DLEAKS_UNSEEN" one-free "" \
    "halloc-fuzz: ORACLE not_pristine fired in the final free-all"
# An emptied heap that refuses 1 byte a fresh one served, while its largest
# request fits, is a spurious out-of-memory, not a leak (a TLSF-style
# allocator's bitmap bit left set for an emptied list fuzzed clean).
printf 'version 4\nmalloc 0 5000\nfree 0\n' >"$out/big-free.txt"
crash_case stale-small -DSTALE_SMALL big-free "" \
    "halloc-fuzz: ORACLE spurious_oom fired in the final free-all (every live block freed, lowest slot first)"
crash_case stale-small -DSTALE_SMALL big-free "" "  what:  after freeing every block a request of 1 byte fails"
# ...and only then: the probe's own frees of big blocks, on a heap of its
# own, leave the program's heap as it was.
"$out/crash-stale-small" "$out/one-free.txt" >"$out/crash-stale-small.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: -DSTALE_SMALL on one-free, which frees no big block, failed:"; cat "$out/crash-stale-small.log"; exit 1; }
# A size refused after the free-all and then served in the search that
# follows is no leak: the report says so and gives that its own cause (it
# said the largest that fits is 65536 bytes where a fresh heap took 65536).
crash_case refused-then-served -DLEAKS_UNSEEN=3 one-free "" \
    "  what:  after freeing every block a request of 65536 bytes, the size a fresh heap took, was refused, and then served in the search for the largest that fits"
crash_case refused-then-served -DLEAKS_UNSEEN=3 one-free "" "  cause: likely a heap the frees left inconsistent"
# ...and, the pristine size measured by stats, an input that allocated nothing
# (libFuzzer's empty one) names the harness's own calls, the only ones made.
crash_case leaks-stats -DLEAKS_UNSEEN=4 empty "" \
    "; the program allocated nothing: the only calls on this heap were the harness's malloc(1) and free of it, just before this request"
# A program that allocated nothing (what the minimiser leaves when the
# harness's own check request leaks at its free) is named as such.
printf 'version 3\nfree-all\n' >"$out/free-all-only.txt"
crash_case leaks-any -DLEAKS_UNSEEN=2 free-all-only "" \
    "; the program allocated nothing: the only requests were the harness's own check after each free-all"
# A leak of the tail a realloc's shrink in place left in its block (usable
# size kept) names that realloc, by the size asked last (round 9's
# realloc-move allocator without its check was told a leak or a missed
# merge); a block whose tail is far smaller than the loss (18 bytes of 900,
# a shrink that kept its block whole) is not named, though freed later.
printf 'version 4\nmalloc 0 1000\nmalloc 1 2000\nrealloc 1 1990\nrealloc 0 990\nrealloc 0 100\n' >"$out/shrinks.txt"
crash_case leaks-shrink -DLEAKS_UNSEEN=5 shrinks "" \
    "; a realloc shrank block 0 in place at op #3: realloc 0 990, and usable_size() still gave"
crash_case leaks-shrink -DLEAKS_UNSEEN=5 shrinks "" "  cause: likely that realloc's shrink in place"
! grep -q "shrank block 1 " "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: an 18-byte tail named as a 900-byte leak:"; cat "$bin.log"; exit 1; }
# A check that fails after a free-all names the harness's own request and
# free of the largest block, which ran after the frees: a free that misreads
# a big block's size, met only by that request, read as the program's frees
# (or, with no op, as nothing at all).
crash_case stats-lie-big -DSTATS_LIE_AFTER_BIG_FREE one-free "" \
    "  after the frees, the harness checked FUZZ_PRISTINE_AFTER_FREE_ALL on the emptied heap: malloc(65536) and free of it"
# ...or a free that is a no-op by design (a bump arena's), and where its adapter is shown.
crash_case leaks-unseen -DLEAKS_UNSEEN one-free "" \
    "a free that does nothing for some blocks (a bump arena that pops only its newest, a region) needs the adapter of fuzz/ADAPTER-EXAMPLES.md, \"An allocator that frees only its newest block\""
# The pristine probe has a heap of its own: op #0 meets an untouched heap,
# where a bug of the first block handed out shows (the probe's own malloc
# took that block, and the input replayed clean).
printf 'version 2\nmalloc 0 16\n' >"$out/first-block.txt"
crash_case first-block-misaligned -DFIRST_BLOCK_MISALIGNED first-block "" \
    "halloc-fuzz: ORACLE misaligned fired at op #0: malloc 0 16"
# ...and is judged before usable_size is asked, which may trap on such a pointer.
printf 'version 2\naligned 0 64 32\n' >"$out/aligned-off.txt"
crash_case aligned-off-by-8 -DALIGNED_OFF_BY_8 aligned-off "" "halloc-fuzz: ORACLE misaligned fired at op #0: aligned 0 64 32"
# A block that is a mapping's first byte, asked more than a page, is blamed
# on mmap's page alignment, not on a size or header left unrounded (what
# an allocator trusting mmap for 8192 heard before).
printf 'version 4\naligned 0 8192 100\n' >"$out/aligned-page.txt"
crash_case aligned-by-mmap-page -DALIGNED_BY_MMAP_PAGE aligned-page "" \
    "is aligned to 4096, not to the 8192 asked: the block starts a mapping of its own, and mmap aligns a mapping only to a page"
! grep -qF "  cause: likely a size or header not rounded" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a mapping's page alignment still blamed on a size or header:"; cat "$bin.log"; exit 1; }
# The reports of bugs met inside a call: check-adapters-calls.sh.
# shellcheck source=fuzz/scripts/check-adapters-calls.sh
. "$(dirname "$0")"/check-adapters-calls.sh
# A planted allocator bug (mutant 28: aligned_alloc drops the leading remainder),
# applied to a copy of allocator/, fails halloc's checker on a boundary tag whose "what" names the
# footer; the cause, read from the numbers the walk saw, names the header as
# the stale one and the remainder in front of a carved block as never given back.
planted=28-aligned-lead-remainder-dropped
copy=$out/$planted bin=$out/$planted/replay
rm -rf "$copy" && mkdir -p "$copy" && cp -r allocator checks "$copy"/
patch -p1 -s -d "$copy" <"mutants/$planted.patch"
# shellcheck disable=SC2086 # the harness objects are built once, above
$cc $cflags -I"$copy/allocator" fuzz/adapters/halloc.c "$copy"/allocator/*.c "$copy"/checks/*.c $hobjs -lpthread \
    -o "$bin"
"$bin" corpus/aligned.txt >"$bin.log" 2>&1 || true
if ! grep -q "^  what:  the allocator's own check failed: boundary-tag: free chunk of [0-9]* bytes has footer" "$bin.log" ||
    ! grep -q "^  cause: likely a stale header, not a damaged footer: .* so the [0-9]* bytes in front of them were taken out of this chunk .*an aligned allocation's leading gap" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: planted bug $planted: no boundary-tag failure with the stale header as its cause; it printed:"
    cat "$bin.log"
    exit 1
fi
# An allocator with free_sized and no free: the corpus replays clean, so every
# free the harness makes hands back the block's size and alignment.
bin=$out/sized
build "$bin" fuzz/selftest/sized-adapter.c
"$bin" -q corpus corpus/regressions >"$bin.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: the free_sized-only adapter did not replay the corpus clean:"; cat "$bin.log"; exit 1; }
# Its stats counting a record per block that usable_size leaves out: the
# report says the model's bytes are usable_size()'s, and the gap per block.
build "$out/sized-stats" fuzz/selftest/sized-adapter.c -DSTATS_COUNT_RECORD
printf 'version 3\nmalloc 0 24\nmalloc 1 40\n' >"$out/two-blocks.txt"
"$bin" "$out/two-blocks.txt" >"$bin.log" 2>&1 || true
grep -qF "  what:  stats bytes_in_use = 40, the model says 24: usable_size() summed over the 1 live block(s); stats counts 16 bytes more in all: 16 per block if every block is off alike (a per-block overhead, a header," "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a stats() that counts a header per block: no line naming the gap per block; it printed:"; cat "$bin.log"; exit 1; }
# Only the 40-byte block counted 16 over: with 2 live blocks the report gave
# '8 bytes more per block' as a fact; a per-block figure is only an if.
build "$out/sized-stats-one" fuzz/selftest/sized-adapter.c -DSTATS_COUNT_RECORD -DSTATS_RECORD_FROM=32
"$bin" "$out/two-blocks.txt" >"$bin.log" 2>&1 || true
if ! grep -qF "  what:  stats bytes_in_use = 80, the model says 64: usable_size() summed over the 2 live block(s); stats counts 16 bytes more in all: 8 per block if every block is off alike (" "$bin.log" ||
    grep -q "bytes more per block" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: one block's 16 bytes over, among 2 live blocks, given as a gap per block; it printed:"; cat "$bin.log"; exit 1
fi
# An aligned block at an aligned offset from an unaligned heap start: the
# report says that is where such a bug usually lies.
build "$out/sized-offset" fuzz/selftest/sized-adapter.c -DALIGNS_OFFSET
printf 'version 3\nmalloc 0 24\naligned 1 64 100\n' >"$out/aligned-64.txt"
"$bin" "$out/aligned-64.txt" >"$bin.log" 2>&1 || true
grep -q "^  cause: likely .*, or placed at an offset in its heap rounded to the alignment rather than at an address (right only while the heap's start is aligned that much)" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: an aligned block placed at an aligned offset, not address: misaligned does not say so; it printed:"; cat "$bin.log"; exit 1; }
# A pool whose block count rounds the heap's length up: op heap (an input's
# first) gives create() a length no 64-byte block divides, the last block
# runs over the guard past the buffer, and the report says the input chose
# that heap, a length no multiple of the alignment; the same holds on the
# default 64 KiB fill it exactly.
build "$out/pool-rounded" fuzz/selftest/pool-adapter.c -DLENGTH_ROUNDED_UP
printf 'version 5\nhold 256 64\nhold 256 64\nhold 256 64\nhold 256 64\n' >"$out/pool-holds.txt"
{ printf 'version 6\nheap -36\n'; tail -n +2 "$out/pool-holds.txt"; } >"$out/pool-odd.txt"
"$bin" "$out/pool-holds.txt" >"$bin.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: a pool of 64-byte blocks on the default heap is no clean replay; it printed:"; cat "$bin.log"; exit 1; }
"$bin" "$out/pool-odd.txt" >"$bin.log" 2>&1 || true
if ! grep -qF "halloc-fuzz: ORACLE checker_failed fired at op #4: hold 256 64" "$bin.log" ||
    ! grep -qF "  heap:  adapter pool64, create(65500), a length no multiple of 16 (the adapter's alignment), the input's op #0 heap chose it, model: " "$bin.log"; then
    echo "fuzz-check-adapters FAILED: heap -36 on a pool that rounds its block count up: no checker_failed at the last hold naming create(65500) as the input's and no multiple of the alignment; it printed:"
    cat "$bin.log"
    exit 1
fi
# A pool of cache lines over a caller's buffer (create_in) that does not
# round the buffer's start up to its line: the seed whose op heap starts
# the buffer off a page (corpus/heap-lead.txt) fires misaligned at its
# first block, the heap line naming the start; the same pool rounding it
# replays the seed clean.
build "$out/line-unrounded" fuzz/selftest/line-adapter.c -DSTART_NOT_ROUNDED
"$bin" corpus/heap-lead.txt >"$bin.log" 2>&1 || true
if ! grep -qF "halloc-fuzz: ORACLE misaligned fired at op #1: malloc 0 1" "$bin.log" ||
    ! grep -q "^  cause: likely the buffer's start taken as given" "$bin.log" ||
    ! grep -qF "  heap:  adapter line64, create_in(65500 bytes starting 32 past a page), a length no multiple of 64 (the adapter's alignment), the input's op #0 heap chose it, model: " "$bin.log"; then
    echo "fuzz-check-adapters FAILED: corpus/heap-lead.txt on a line pool that leaves its buffer's start unrounded: no misaligned at the first block naming create_in's buffer, 32 bytes past a page; it printed:"
    cat "$bin.log"
    exit 1
fi
# One that rounds the start up but keeps the length whole hands out a last
# block past the buffer's end, by no more than the rounding skipped: the
# report names the length kept, not only an end-of-heap check.
build "$out/line-length-kept" fuzz/selftest/line-adapter.c -DLENGTH_KEPT
printf 'version 7\nheap -36 +41\nhold 256 64\nhold 256 64\nhold 256 64\nhold 256 64\n' >"$out/line-fill.txt"
"$bin" "$out/line-fill.txt" >"$bin.log" 2>&1 || true
if ! grep -qF "runs 4 byte(s) past the end of the buffer the harness gave create_in" "$bin.log" ||
    ! grep -q "^  cause: likely the length kept whole when the start was rounded up" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a line pool that rounds its buffer's start up and keeps its length: no past_mapping naming the length kept; it printed:"
    cat "$bin.log"
    exit 1
fi
# One that rounds the start down hands out its first block in the lead
# before the buffer: without ASan (this build) nothing faults, and
# past_mapping names the bytes before the buffer and the rounding.
build "$out/line-rounded-down" fuzz/selftest/line-adapter.c -DSTART_ROUNDED_DOWN
"$bin" corpus/heap-lead.txt >"$bin.log" 2>&1 || true
if ! grep -qF "halloc-fuzz: ORACLE past_mapping fired at op #1: malloc 0 1" "$bin.log" ||
    ! grep -qF ", +64) starts 32 byte(s) before the start of the buffer the harness gave create_in, [" "$bin.log" ||
    ! grep -qF "which starts 32 byte(s) past a page (op heap's lead)" "$bin.log" ||
    ! grep -q "^  cause: likely the buffer's start rounded down instead of up" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: corpus/heap-lead.txt on a line pool that rounds its buffer's start down: no past_mapping at the first block naming the 32 bytes before the buffer and the rounding; it printed:"
    cat "$bin.log"
    exit 1
fi
# One that places its first block back over its header, not past it, on a
# buffer that starts aligned (no op heap: no lead): no rounding explains the
# bytes before the buffer, and the cause says what does (it gave the
# general end-of-heap cause).
build "$out/line-header-subtracted" fuzz/selftest/line-adapter.c -DHEADER=16 -DHEADER_SUBTRACTED
printf 'version 4\nmalloc 0 1\n' >"$out/malloc-1.txt"
"$bin" "$out/malloc-1.txt" >"$bin.log" 2>&1 || true
if ! grep -qF ", +64) starts 16 byte(s) before the start of the buffer the harness gave create_in, [" "$bin.log" ||
    ! grep -qF "; the buffer starts on a multiple of 16 (the adapter's alignment), and the block starts 16 byte(s) further down than rounding that start down reaches" "$bin.log" ||
    ! grep -q "^  cause: likely a pointer computed below the buffer: a header or offset subtracted twice" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a line pool placing its first block 16 bytes before an aligned buffer: no past_mapping naming a pointer computed below the buffer; it printed:"
    cat "$bin.log"
    exit 1
fi
# One that subtracts a header of one alignment (64) from a start it rounded up
# lands where the start rounded down does, on the buffer 32 bytes past a page:
# no address tells the two apart, and the report names both (it blamed the
# rounding down alone).
build "$out/line-header-64-subtracted" fuzz/selftest/line-adapter.c -DHEADER=64 -DHEADER_SUBTRACTED
"$bin" corpus/heap-lead.txt >"$bin.log" 2>&1 || true
if ! grep -qF "and the block starts within the 32 bytes rounding that start down takes in; it is also the start rounded up less 64 bytes, one alignment below it" "$bin.log" ||
    ! grep -q "^  cause: likely the buffer's start rounded down instead of up (.*), or rounded up right and then a header of one alignment subtracted where it was meant to be added" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a line pool placing its first block one alignment below its start rounded up: past_mapping does not name that beside the start rounded down; it printed:"
    cat "$bin.log"
    exit 1
fi
build "$out/line" fuzz/selftest/line-adapter.c
"$bin" "$out/line-fill.txt" >"$bin.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: a line pool that rounds its buffer's start up is no clean replay of $out/line-fill.txt; it printed:"; cat "$bin.log"; exit 1; }
"$bin" corpus/heap-lead.txt >"$bin.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: corpus/heap-lead.txt on a line pool that rounds its buffer's start up is no clean replay; it printed:"; cat "$bin.log"; exit 1; }
bin=$out/sized
# These write files this script's steps write too (free-live.txt, crash-*).
for c in mappings replay-options sanitizer-places; do
    # shellcheck disable=SC2086 # the harness objects are built once, above
    fuzz/scripts/check-$c.sh "$cc" "$out" $hobjs
done
# Not tested: under set -e a failure ends the check, lanes having named it.
lanes_join
echo "fuzz-check-adapters: $n broken adapter tables each refused with a message naming the mistake;" \
    "free(NULL) marked in reports, and only there; an allocator's own abort() named at its op (replay and libFuzzer), with the flag it must not claim on a bad free; create() failing after earlier inputs explained; a replay's checker named at the op that broke the heap, with the free an allocation made first, and the window since its last pass on the engines' schedule, and in a free-all the slot whose free broke it, on the engines' schedule too (a second run in a child); a crash in a free no trace line names (a free-all's) names the block, and whether it is the first of a mapping an op made, one in a realloc the block and the size asked, one in the pristine check after a free-all says so (at a NULL link after its malloc(1) and free, a merge with an end marker), one in stats() after an op says so; an munmap past the allocator's mappings, or from below one, named at its free, and one that meets a hole the allocator unmapped itself names the op that unmapped it; one that takes a live block named with the block; a claimed double free that faults on a block the first free unmapped named with that munmap; mappings a free left after destroy() firing left_mapped on a heap claiming FUZZ_UNMAPS_ON_DESTROY, named when asked otherwise; the munmap cases past 4,096 mappings held too, and a mapping table the kernel refuses memory said so once, its replay not ok, libFuzzer and the AFL++ target stopped on it with a HARNESS ERROR line; a live block damaged in a replay's free-all named with the slot freed just before, and on the engines' schedule with the window since every block last verified intact, and in a libFuzzer run's the replay that names it pointed to; a block that runs past its mapping's end fires past_mapping, one contains() disowns inside a mapping the allocator made blamed on the lookup, one before create_in's buffer too (a start rounded down, said so, without ASan; further down, a pointer computed below it), and with the oracles off its fault says how far; a request refused with the wrong errno given the allocator's own line on why; a refused free's errno named, with what the allocator took the block for where the adapter gave that errno a meaning; a calloc of a recycled block unzeroed given its likely cause, one whose zeroing stopped 8-aligned short of the request's end said so, one that zeroed only the first element said so; one whose first word alone is zero over a block freed there offered a NULL link, not a rounding; a huge realloc served in place named as a grow that never checked its room; a huge request served at its size cut to 32 bits named with that size, and blamed on the cut where the usable size is that size's; a live-block count off named with the way it is off; ops the adapter cannot judge marked as not run; an op that never returns stopped and named; a seed asking an aligned block just below 4 MiB; a refusal on a heap claiming FUZZ_NO_HEAP_LIMIT named spurious_oom, an aligned one refused with errno untouched named by its alignment (alloc_wrong_errno); an madvise dropping a live block's pages named discard_live, and a fault after one naming it; an mprotect over a live block, or a guard page over a block's last bytes, named protect_live, one running past the mapping it starts in said so; a fault in memory the run unmapped or protected named with that call; one just past the end of a mapping the allocator made named with that mapping and how far; a crash in a request near SIZE_MAX given the wrapped size as its cause; a fault past a block a realloc grows given its copy of the new size as cause; a block past the program break fires past_mapping; HALLOC_FUZZ_USABLE=off offered when a fill past the request may have broken a header, or a live block's damage lies past its request; a fault in the harness's write of a block blamed on it; stats overstating a fresh heap named, with a good fit's rounding as likely cause; a refusal on a heap the allocator's check fails given that check as cause, an emptied heap that fits less too, with the harness's requests since the check passed and a split's stale footer; a leak found though stats() leave largest_free 0, stats that count deferred frees unmerged judged by the request they understate (served: clean; refused: the leak), an emptied heap refusing 1 byte a fresh one served named a spurious out-of-memory, deferred frees and no-op frees among its causes; a leak in a program that allocated nothing named as the harness's own check's; a realloc that frees before it copies named among realloc_lost_data's; one that copied short of the old block's end said so, with the byte it stopped at, one that copied nothing said so, one that copied from 8 bytes in said so; a free that wrote into the live block above named with the damage; small blocks aligned to their size only with the flag; misaligned and usable_too_small given their likely cause, one cut short at a guard page by a start rounded up said so, one exactly a header short of a request needing no rounding (to the adapter's alignment: 16, or 8) its sizing without the header, a misaligned block that starts a mapping of its own told of mmap's page alignment, a calloc whose n * size wrapped given the multiplication and the size it wrapped to, a usable size under half a request past 16 bits a narrow type, one a realloc shrank in place the resize; a rejected free that changed the heap given its likely cause; a checker's boundary-tag failure from a planted aligned_alloc bug given its stale header as cause;" \
    "a loss in the harness's own realloc blamed on its free of the old block; free_sized given every block's size, and a crash in it, or a leak or overlap it can make, named with what it was given;" \
    "a heap length an input chose (op heap) reaching a pool's block-count rounding, named in the report;" \
    "a buffer start an input chose (op heap's lead, create_in) reaching a line pool's unrounded start, named in the report"
