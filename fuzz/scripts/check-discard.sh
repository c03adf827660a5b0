#!/bin/sh
# check-discard.sh CC OUT HARNESS_OBJECTS...: madvise is watched like munmap
# (fuzz/selftest/discard-adapter.c, a bump allocator that drops a freed
# block's pages): -DROUND_OUT, whose range is rounded out to whole pages,
# fires discard_live at the free that drops a live neighbour's bytes (it
# fired pattern_corrupted ops later, naming no call); and a fault after such
# a call (the heap's header in the dropped page, read by the next malloc)
# names that madvise and its op in the crash's context, as an oracle's
# report does (its check fails) when an op it lists made the call, but not
# one on a block whose pages the call did not drop, nor one naming no block
# on a heap whose check passes. The toy
# as it is replays every seed clean. A trimming allocator's calloc trusting
# pages a merge brought back is found by its seed (trim-adapter.c). A fault in
# a PROT_NONE reservation, or in pages an mprotect decommitted, is named so
# (reserve-adapter.c).
set -eu
cc=$1 out=$2
shift 2
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
hobjs=$*
# The toys replay every seed under seeds_limit (selftest-build.sh).
build_on_harness "$out/discard" fuzz/selftest/discard-adapter.c
build_on_harness "$out/discard-out" fuzz/selftest/discard-adapter.c -DROUND_OUT
"$out/discard" -q -s -t "$seeds_limit" corpus >"$out/discard.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: discard-adapter.c did not replay corpus/ clean:"; cat "$out/discard.log"; exit 1; }
fail() {
    echo "fuzz-check-adapters FAILED: discard-adapter.c -DROUND_OUT: $1; it printed:"
    cat "$out/discard-out.log"
    exit 1
}
# expect_report TRACE FIRST CONTEXT WHAT [VAR=VALUE...]: -DROUND_OUT replays
# TRACE (with those variables set), exits 1 and prints a line starting FIRST
# and one starting CONTEXT (basic regular expressions), or the check fails
# saying WHAT it expected.
expect_report() {
    trace=$1 first=$2 context=$3 what=$4
    shift 4
    rc=0
    env "$@" "$out/discard-out" "$trace" >"$out/discard-out.log" 2>&1 || rc=$?
    if [ "$rc" != 1 ] || ! grep -q "^$first" "$out/discard-out.log" || ! grep -q "^$context" "$out/discard-out.log"; then
        fail "exit $rc, expected 1 and $what"
    fi
}
madvise='(0x[0-9a-f]*, [0-9]*, MADV_DONTNEED)'
printf 'version 4\nmalloc 0 100\nmalloc 1 8000\nmalloc 2 100\nfree 1\nverify-all\n' >"$out/discard-live.txt"
expect_report "$out/discard-live.txt" "halloc-fuzz: ORACLE discard_live fired at op #3: free 1\$" \
    "  what:  madvise$madvise drops the contents of live block 0 " "discard_live at op #3 naming block 0"
printf 'version 4\nmalloc 0 8000\nfree 0\nmalloc 1 16\n' >"$out/discard-header.txt"
expect_report "$out/discard-header.txt" "halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #2: malloc 1 16" \
    "  the allocator's last madvise$madvise at op #1: free 0 dropped " \
    "a SIGSEGV at op #2 whose context names the madvise at op #1" HALLOC_FUZZ_ALLOCATOR_CHECK=off
# ...and an oracle's report names it too when one of the ops it lists made it (the check, after each op here).
expect_report "$out/discard-header.txt" "halloc-fuzz: ORACLE checker_failed fired at op #1: free 0" \
    "  the allocator's last madvise$madvise at op #1: free 0 dropped " \
    "checker_failed at op #1 whose report names the madvise that op made"
# ...but not when the report names a block whose pages it did not touch: a
# free drops pages of its own block, and a block far above it is short.
build_on_harness "$out/discard-short" fuzz/selftest/discard-adapter.c -DUSABLE_SHORT -DSTATS_OFF
printf 'version 4\nmalloc 0 20000\nfree 0\nmalloc 1 100\n' >"$out/discard-far.txt"
"$out/discard-short" "$out/discard-far.txt" >"$out/discard-short.log" 2>&1 || true
if ! grep -qxF "halloc-fuzz: ORACLE usable_too_small fired at op #2: malloc 1 100" "$out/discard-short.log" ||
    grep -q "the allocator's last madvise" "$out/discard-short.log"; then
    echo "fuzz-check-adapters FAILED: discard-adapter.c -DUSABLE_SHORT: expected usable_too_small at op #2 without" \
        "the madvise at op #1, which dropped pages far below the block; it printed:"
    cat "$out/discard-short.log"
    exit 1
fi
# ...nor in a report that names no block while the heap's check passes: a
# free's madvise of its own pages (a release by design) is no cause of the
# live-block count that free left wrong (it was offered for it).
printf 'version 4\nmalloc 0 30000\nfree 0\nmalloc 1 100\n' >"$out/discard-stats.txt"
"$out/discard-short" "$out/discard-stats.txt" >"$out/discard-stats.log" 2>&1 || true
if ! grep -qxF "halloc-fuzz: ORACLE stats_mismatch fired at op #1: free 0" "$out/discard-stats.log" ||
    ! grep -qxF "  allocator check: passed" "$out/discard-stats.log" ||
    grep -q "the allocator's last madvise" "$out/discard-stats.log"; then
    echo "fuzz-check-adapters FAILED: discard-adapter.c -DSTATS_OFF: expected stats_mismatch at op #1, the check" \
        "passing, without that free's madvise, which no report on a block of its names; it printed:"
    cat "$out/discard-stats.log"
    exit 1
fi
# A page-trimming allocator whose merge left the "reads zero" mark of the
# chunk below on the block freed into it (trim-adapter.c -DMARK_KEPT_OVER_MERGE,
# round 13's, 300 s of make fuzz clean) is found by the seed
# corpus/calloc-trim-merge.txt, which no other seed reaches; the toy as it is
# replays every seed clean.
build_on_harness "$out/trim" fuzz/selftest/trim-adapter.c
build_on_harness "$out/trim-kept" fuzz/selftest/trim-adapter.c -DMARK_KEPT_OVER_MERGE
"$out/trim" -q -s -t "$seeds_limit" corpus >"$out/trim.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: trim-adapter.c did not replay corpus/ clean:"; cat "$out/trim.log"; exit 1; }
"$out/trim-kept" corpus/calloc-trim-merge.txt >"$out/trim-kept.log" 2>&1 || true
grep -qxF "halloc-fuzz: ORACLE calloc_not_zero fired at op #6: calloc 4 10 1000" "$out/trim-kept.log" ||
    { echo "fuzz-check-adapters FAILED: trim-adapter.c -DMARK_KEPT_OVER_MERGE: corpus/calloc-trim-merge.txt did not" \
    "fire calloc_not_zero at its calloc; it printed:"; cat "$out/trim-kept.log"; exit 1; }
# Round 13's trim bugs that its reports left short, without the allocator's
# check: a trim rounded down over the heap's header (-DTRIM_OVER_HEADER) is
# a leak after the probe's free, whose madvise the report names, with the
# bytes just below the probe's block; one ending at its chunk's end, over the
# footer (-DFOOTER_TRIMMED), a fault in the free above, the madvise said to
# end just below that block; a trim over a chunk's link (-DLINKS_TRIMMED) a
# block zeroed through it 11 ops later, past the ops listed, the madvise
# named as the latest over that block's bytes.
# trim_case DEFINE TRACE FIRST LINE: DEFINE's toy replays TRACE and prints
# the line FIRST and a line starting LINE (basic regular expression).
trim_case() {
    build_on_harness "$out/trim$1" fuzz/selftest/trim-adapter.c "$1"
    "$out/trim$1" "$2" >"$out/trim$1.log" 2>&1 || true
    if ! grep -qxF "$3" "$out/trim$1.log" || ! grep -q "^$4" "$out/trim$1.log"; then
        echo "fuzz-check-adapters FAILED: trim-adapter.c $1: expected '$3' and a line starting '$4'; it printed:"
        cat "$out/trim$1.log"
        exit 1
    fi
}
printf 'version 4\n' >"$out/trim-empty.txt"
trim_case -DTRIM_OVER_HEADER "$out/trim-empty.txt" "halloc-fuzz: ORACLE not_pristine fired in the final free-all \
(every live block freed, lowest slot first) (before any op; the input has 0)" \
    "  it starts 16 bytes below the block the harness's probe freed, at 0x[0-9a-f]*: "
printf 'version 4\nmalloc 0 16384\nmalloc 1 100\nfree 0\nfree 1\n' >"$out/trim-footer.txt"
trim_case -DFOOTER_TRIMMED "$out/trim-footer.txt" "halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #3: free 1" \
    "  it ends 0 bytes below block 1, being freed, at 0x[0-9a-f]*: "
{
    printf 'version 4\nmalloc 0 4096\nmalloc 1 20000\nmalloc 2 100\nfree 1\nmalloc 3 100\n'
    for slot in 4 5 6 7 8 9 10 11 12; do echo "malloc $slot 16"; done
    echo "free 2"
} >"$out/trim-links.txt"
trim_case -DLINKS_TRIMMED "$out/trim-links.txt" "halloc-fuzz: ORACLE pattern_corrupted fired at op #14: free 2" \
    "  that is the latest over block 3's bytes, made before the ops listed"
grep -q "^  the allocator's madvise$madvise at op #3: free 1 dropped " "$out/trim-DLINKS_TRIMMED.log" ||
    { echo "fuzz-check-adapters FAILED: trim-adapter.c -DLINKS_TRIMMED: the madvise at op #3 not named; it printed:"
    cat "$out/trim-DLINKS_TRIMMED.log"; exit 1; }
# mprotect is watched too: pages a free protects (-DPROTECT), rounded out over a live neighbour,
# fire protect_live at that free; and a guard page placed over a block's last bytes
# (guard-adapter.c -DGUARD_SHORT) fires it when the block is handed out, naming the call
# (it was a SIGSEGV in the harness's fill, blamed on memory freed, unmapped or poisoned).
# Both toys as they are replay every seed clean.
build_on_harness "$out/protect" fuzz/selftest/discard-adapter.c -DPROTECT
build_on_harness "$out/protect-out" fuzz/selftest/discard-adapter.c -DPROTECT -DROUND_OUT
build_on_harness "$out/guard" fuzz/selftest/guard-adapter.c
build_on_harness "$out/guard-short" fuzz/selftest/guard-adapter.c -DGUARD_SHORT
# A 0-byte block inside a guard page (DUMA's malloc(0)) has no bytes it takes: no protect_live.
build_on_harness "$out/guard-zero" fuzz/selftest/guard-adapter.c -DZERO_IN_GUARD
for toy in protect guard guard-zero; do
    "$out/$toy" -q -s -t "$seeds_limit" corpus >"$out/$toy.log" 2>&1 ||
        { echo "fuzz-check-adapters FAILED: $toy did not replay corpus/ clean:"; cat "$out/$toy.log"; exit 1; }
done
rc=0
"$out/protect-out" "$out/discard-live.txt" >"$out/protect-out.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -qxF "halloc-fuzz: ORACLE protect_live fired at op #3: free 1" "$out/protect-out.log" ||
    ! grep -q "^  what:  mprotect(0x[0-9a-f]*, [0-9]*, PROT_NONE) at op #3: free 1 makes bytes of live block 0 " \
        "$out/protect-out.log"; then
    echo "fuzz-check-adapters FAILED: discard-adapter.c -DPROTECT -DROUND_OUT: exit $rc, expected 1 and" \
        "protect_live at op #3 naming block 0; it printed:"
    cat "$out/protect-out.log"
    exit 1
fi
# A free protecting its mapping and one page more, over the live block mapped
# right above it: the report says the range runs past the freed mapping, made
# at the malloc it names (it offered only a guard over the block's own bytes).
build_on_harness "$out/protect-past" fuzz/selftest/guard-adapter.c -DPROTECT_PAST
printf 'version 4\nmalloc 0 100\nmalloc 1 100\nfree 1\n' >"$out/protect-past.txt"
rc=0
"$out/protect-past" "$out/protect-past.txt" >"$out/protect-past.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -q "^  what:  mprotect(0x[0-9a-f]*, 12288, PROT_NONE) at op #2: free 1 (it starts in the \
mapping \[0x[0-9a-f]*, +8192) made at op #1: malloc 1 100 and runs 4096 bytes past that mapping's end: likely its \
length counted with more than the mapping has" "$out/protect-past.log"; then
    echo "fuzz-check-adapters FAILED: guard-adapter.c -DPROTECT_PAST: exit $rc, expected 1 and protect_live at op #2" \
        "saying the mprotect runs a page past the mapping made at op #1; it printed:"
    cat "$out/protect-past.log"
    exit 1
fi
# A block placed against its guard with its start rounded up: usable_too_small
# names the start rounded up at the guard (it named only a class edge).
build_on_harness "$out/start-up" fuzz/selftest/guard-adapter.c -DSTART_ROUNDED_UP
printf 'version 4\nmalloc 0 100\n' >"$out/malloc-100.txt"
"$out/start-up" "$out/malloc-100.txt" >"$out/start-up.log" 2>&1 || true
grep -q "^  what:  usable size 96 is below the requested 100: the block ends where a page made inaccessible by \
mprotect(0x[0-9a-f]*, 4096, PROT_NONE) at op #0: malloc 0 100 starts, 4 bytes short: likely a block placed against \
its guard page with its start rounded up" "$out/start-up.log" || {
    echo "fuzz-check-adapters FAILED: guard-adapter.c -DSTART_ROUNDED_UP: usable_too_small not told of a start" \
        "rounded up against the guard; it printed:"
    cat "$out/start-up.log"
    exit 1
}
printf 'version 4\nmalloc 0 100\nmalloc 1 8190\n' >"$out/guard-last.txt"
rc=0
"$out/guard-short" "$out/guard-last.txt" >"$out/guard-short.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -qxF "halloc-fuzz: ORACLE protect_live fired at op #1: malloc 1 8190" "$out/guard-short.log" ||
    ! grep -q "^  what:  mprotect(0x[0-9a-f]*, 4096, PROT_NONE) at op #1: malloc 1 8190 makes bytes of live block 1 " \
        "$out/guard-short.log" || ! grep -q "^  cause: likely a guard page placed over the block's last bytes" \
        "$out/guard-short.log"; then
    echo "fuzz-check-adapters FAILED: guard-adapter.c -DGUARD_SHORT: exit $rc, expected 1 and protect_live at" \
        "op #1 naming the mprotect and its cause; it printed:"
    cat "$out/guard-short.log"
    exit 1
fi
# A fault whose address lies in memory the run unmapped, or protected, names that call (it offered
# HALLOC_FUZZ_USABLE=off instead, which could not explain it): guard-adapter.c -DREAD_FREED reads the
# header of the block freed last, -DREAD_GUARD the last block's guard page.
build_on_harness "$out/read-freed" fuzz/selftest/guard-adapter.c -DREAD_FREED
build_on_harness "$out/read-guard" fuzz/selftest/guard-adapter.c -DREAD_GUARD
printf 'version 4\nmalloc 0 100\nfree 0\nmalloc 1 100\n' >"$out/read-freed.txt"
printf 'version 4\nmalloc 0 100\nmalloc 1 100\n' >"$out/read-guard.txt"
for toy in read-freed read-guard; do
    case $toy in
    read-freed) op="#2: malloc 1 100" want="memory this run had unmapped, by munmap(0x[0-9a-f]*, [0-9]*) at op #1: free 0[^:]*: " ;;
    *) op="#1: malloc 1 100" want="pages the allocator made inaccessible, by mprotect(0x[0-9a-f]*, 4096, PROT_NONE) at op #0: malloc 0 100: " ;;
    esac
    rc=0
    "$out/$toy" "$out/$toy.txt" >"$out/$toy.log" 2>&1 || rc=$?
    if [ "$rc" != 1 ] || ! grep -q "^halloc-fuzz: CRASH (signal 11, SIGSEGV) at op $op" "$out/$toy.log" ||
        ! grep -q "^  the fault's address 0x[0-9a-f]* lies in $want" "$out/$toy.log" ||
        grep -q "HALLOC_FUZZ_USABLE=off" "$out/$toy.log"; then
        echo "fuzz-check-adapters FAILED: guard-adapter.c $toy: exit $rc, expected 1, a SIGSEGV at op $op and a" \
            "line placing its address, and no HALLOC_FUZZ_USABLE=off; it printed:"
        cat "$out/$toy.log"
        exit 1
    fi
done
# A crash in a request that must fail (near SIZE_MAX) names the size wrapped as its likely cause, as
# huge_accepted does for one that returns (it named none): guard-adapter.c -DSIZE_WRAPS.
build_on_harness "$out/size-wraps" fuzz/selftest/guard-adapter.c -DSIZE_WRAPS
printf 'version 4\nmalloc 0 100\nhuge-malloc max-16\n' >"$out/size-wraps.txt"
rc=0
"$out/size-wraps" "$out/size-wraps.txt" >"$out/size-wraps.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -q "^halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: huge-malloc max-16" "$out/size-wraps.log" ||
    ! grep -q "^  likely cause: this op asks for more than can exist, which must fail; the size wrapped past SIZE_MAX" \
        "$out/size-wraps.log"; then
    echo "fuzz-check-adapters FAILED: guard-adapter.c -DSIZE_WRAPS: exit $rc, expected 1, a SIGSEGV at op #1 and the" \
        "wrapped size as its likely cause; it printed:"
    cat "$out/size-wraps.log"
    exit 1
fi
# A block that starts in the sbrk heap and runs past the program break fires past_mapping naming the
# break (with no bounds claimed it was a fault in the harness's fill, or nothing within the last page):
# brk-adapter.c -DGROWTH_NO_HEADER grows the break by the block less its header; as it is, it replays
# a trace of blocks clean.
build_on_harness "$out/brk" fuzz/selftest/brk-adapter.c
build_on_harness "$out/brk-short" fuzz/selftest/brk-adapter.c -DGROWTH_NO_HEADER
printf 'version 4\nmalloc 0 100\nmalloc 1 5000\nmalloc 2 24\n' >"$out/brk-blocks.txt"
"$out/brk" "$out/brk-blocks.txt" >"$out/brk.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: brk-adapter.c did not replay its blocks clean:"; cat "$out/brk.log"; exit 1; }
rc=0
"$out/brk-short" "$out/brk-blocks.txt" >"$out/brk-short.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -qx "halloc-fuzz: ORACLE past_mapping fired at op #0: malloc 0 100" "$out/brk-short.log" ||
    ! grep -q "^  what:  \[0x[0-9a-f]*, +100) runs 4 bytes past the end of the program break, " "$out/brk-short.log"; then
    echo "fuzz-check-adapters FAILED: brk-adapter.c -DGROWTH_NO_HEADER: exit $rc, expected 1 and past_mapping at op #0" \
        "naming the program break; it printed:"
    cat "$out/brk-short.log"
    exit 1
fi
# A fault past the break of a grown sbrk heap is named so, beside the live block whose bytes lie there
# (a break lowered over the tags below the top was placed nowhere), and one at (void *)-1 as sbrk's
# failure value used as memory (an unchecked growth was told of a wild link read from a block), and a
# block whose usable bytes run past it blames the growth, not usable_size: round 16.
build_on_harness "$out/brk-shrink" fuzz/selftest/brk-adapter.c -DSHRINK_PAST_LIVE
build_on_harness "$out/brk-unchecked" fuzz/selftest/brk-adapter.c -DSBRK_UNCHECKED
build_on_harness "$out/brk-request" fuzz/selftest/brk-adapter.c -DGROWTH_BY_REQUEST
printf 'version 4\nmalloc 0 100\n' >"$out/brk-request.txt"
printf 'version 4\nmalloc 0 16384\nmalloc 1 64\nfree 1\n' >"$out/brk-shrink.txt"
printf 'version 4\nmalloc 0 100\nmalloc 1 40000\n' >"$out/brk-unchecked.txt"
for how in "shrink:bytes past the program break 0x" "unchecked:at (void *)-1, the value sbrk and mmap (MAP_FAILED) return" \
    "request:its last 12 usable bytes lie past the program break"; do
    rc=0
    "$out/brk-${how%%:*}" "$out/brk-${how%%:*}.txt" >"$out/brk-${how%%:*}.log" 2>&1 || rc=$?
    if [ "$rc" != 1 ] || ! grep -qF "${how#*:}" "$out/brk-${how%%:*}.log"; then
        echo "fuzz-check-adapters FAILED: brk-adapter.c ${how%%:*}: exit $rc, expected 1 and '${how#*:}'; it printed:"
        cat "$out/brk-${how%%:*}.log"
        exit 1
    fi
done
# A fault just past a block being reallocated to more, within the size asked, names a copy of the new
# size as its likely cause (it named none), the fault's byte counted from the block's start and the size
# asked said (a size beside the address read as the copy's start), and not what lies there (a slab's
# run past its old block met a mapping an earlier free had unmapped, and was called a pointer kept to
# memory given back):
# guard-adapter.c -DREALLOC_COPIES_NEW reads the old block's guard.
build_on_harness "$out/realloc-new" fuzz/selftest/guard-adapter.c -DREALLOC_COPIES_NEW
printf 'version 4\nmalloc 0 100\nrealloc 0 8000\n' >"$out/realloc-new.txt"
rc=0
"$out/realloc-new" "$out/realloc-new.txt" >"$out/realloc-new.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -q "^halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: realloc 0 8000" "$out/realloc-new.log" ||
    ! grep -q "^  likely cause: the fault's address 0x[0-9a-f]*, byte [0-9]* from the start of the block being reallocated, \[0x[0-9a-f]*, +[0-9]*), lies [0-9]* bytes past its end, within the new size asked (8000): a copy of the new size" \
        "$out/realloc-new.log" || grep -q "^  the fault's address .* lies in " "$out/realloc-new.log"; then
    echo "fuzz-check-adapters FAILED: guard-adapter.c -DREALLOC_COPIES_NEW: exit $rc, expected 1, a SIGSEGV at op #1 and" \
        "a copy of the new size as its likely cause, what lies past the block unsaid; it printed:"
    cat "$out/realloc-new.log"
    exit 1
fi
# A fault in reserved memory names the reservation; one in pages decommitted,
# the mprotect that did it, even where an unmap made in create() before
# the reservation took the address (round 15: blamed on that unmap).
printf 'version 4\nmalloc 0 100\nfree 0\n' >"$out/reserve.txt"
for bug in COMMIT_SHORT DECOMMIT_FIRST; do
    build_on_harness "$out/reserve-$bug" fuzz/selftest/reserve-adapter.c -D$bug
    "$out/reserve-$bug" "$out/reserve.txt" >"$out/reserve-$bug.log" 2>&1 || true
done
build_on_harness "$out/reserve" fuzz/selftest/reserve-adapter.c
"$out/reserve" "$out/reserve.txt" >"$out/reserve.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: reserve-adapter.c did not replay reserve.txt clean:"; cat "$out/reserve.log"; exit 1; }
reserve_expect() {
    if ! grep -q "$2" "$out/reserve-$1.log" || grep -q "lies in memory this run had unmapped" "$out/reserve-$1.log"; then
        echo "fuzz-check-adapters FAILED: reserve-adapter.c -D$1: $3, not an unmap's; it printed:"
        cat "$out/reserve-$1.log"
        exit 1
    fi
}
reserve_expect COMMIT_SHORT "^  the fault's address 0x[0-9a-f]* lies in address space the allocator reserved, by \
mmap(0x[0-9a-f]*, 65536, PROT_NONE) in create, in a page not made accessible since: memory reserved but not \
committed" "a fault in reserved memory not told as such"
reserve_expect DECOMMIT_FIRST "^  the fault's address 0x[0-9a-f]* lies in pages the allocator made inaccessible, \
by mprotect(0x[0-9a-f]*, 4096, PROT_NONE) at op #1: free 0: .*pages decommitted while something still used them" \
    "a fault in pages decommitted not told of the mprotect that did it"
# An overflow of the allocator's own record from ASan's malloc (its commit
# map), all its blocks in its own mappings: named a record, not the block
# the op is making (round 15's reserve/commit heap).
build_on_harness "$out/reserve-MAP_OVERRUN" fuzz/selftest/reserve-adapter.c -fsanitize=address -DMAP_OVERRUN
printf 'version 4\nmalloc 0 100\nmalloc 1 65392\n' >"$out/reserve-fill.txt"
ASAN_OPTIONS=detect_leaks=0 "$out/reserve-MAP_OVERRUN" "$out/reserve-fill.txt" >"$out/reserve-MAP_OVERRUN.log" 2>&1 || true
! grep -q "likely the block this op's call is making" "$out/reserve-MAP_OVERRUN.log" ||
    { echo "fuzz-check-adapters FAILED: an overflow of the allocator's own map called a block:"; cat "$out/reserve-MAP_OVERRUN.log"; exit 1; }
reserve_expect MAP_OVERRUN "^  ASan's heap-buffer-overflow in a write of 1 byte: .* heap region at 0x[0-9a-f]* that \
holds no live block, and every live block (1) lies in mappings of the allocator's own, none in ASan's heap: likely a \
record of the allocator's own" "an overflow of the allocator's own record not named so"
# A block handed out over pages a free decommitted ops before: protect_live names
# that free's mprotect as earlier, with a commit missing as cause, not a guard page
# (round 15's realloc grown into decommitted pages).
build_on_harness "$out/reserve-TOP_KEPT" fuzz/selftest/reserve-adapter.c -DTOP_KEPT
printf 'version 4\nmalloc 0 100\nmalloc 1 5000\nfree 1\nmalloc 2 5000\n' >"$out/reserve-regrow.txt"
"$out/reserve-TOP_KEPT" "$out/reserve-regrow.txt" >"$out/reserve-TOP_KEPT.log" 2>&1 || true
if grep -q "guard page placed" "$out/reserve-TOP_KEPT.log" ||
    ! grep -q "^  cause: likely this block was handed out or grown in place over pages the allocator closed at that \
earlier op" "$out/reserve-TOP_KEPT.log"; then
    echo "fuzz-check-adapters FAILED: reserve-adapter.c -DTOP_KEPT: a block over pages decommitted ops before not" \
        "given that cause, or a guard page offered; it printed:"
    cat "$out/reserve-TOP_KEPT.log"
    exit 1
fi
reserve_expect TOP_KEPT "^halloc-fuzz: ORACLE protect_live fired at op #3: malloc 2 5000" "protect_live not fired"
reserve_expect TOP_KEPT "^  what:  mprotect(0x[0-9a-f]*, 4096, PROT_NONE) at op #2: free 1 (ops before this one; \
those pages not made accessible since) makes bytes of live block 2" "the earlier op's mprotect not named as such"
# A free whose junk fill runs past its block into the next one: the damage is
# named as that free's fill, and no header spaced short is guessed at, though
# the damage ends where the block above begins (round 15's randomized heap).
build_on_harness "$out/junk-past" fuzz/selftest/discard-adapter.c -DJUNK_PAST
printf 'version 4\nmalloc 0 32\nmalloc 1 32\nmalloc 2 32\nfree 0\n' >"$out/junk-past.txt"
"$out/junk-past" "$out/junk-past.txt" >"$out/junk-past.log" 2>&1 || true
if ! grep -q "^  what:  live block's contents changed while the program owned it: 32 bytes from offset 0 differ.*; \
it lies 16 bytes past the end of block 0, .* freed at op #3: free 0 just before: that free wrote outside its block \
(every byte it changed holds one value: a fill of the freed block" "$out/junk-past.log" ||
    grep -q "where its header would lie" "$out/junk-past.log"; then
    echo "fuzz-check-adapters FAILED: discard-adapter.c -DJUNK_PAST: a free's fill past its block not named as such," \
        "or a header guessed at; it printed:"
    cat "$out/junk-past.log"
    exit 1
fi
# A calloc that takes pages given back with MADV_FREE for zeroed names that
# madvise and its lazy freeing (round 19's BiBOP trim, told of a flag left
# set on a recycled block, its madvise said to make the pages read zero).
build_on_harness "$out/lazy-free" fuzz/selftest/discard-adapter.c -DLAZY_FREE_CALLOC
printf 'version 4\nmalloc 0 16384\nfree 0\ncalloc 1 4 4096\n' >"$out/lazy-free.txt"
"$out/lazy-free" "$out/lazy-free.txt" >"$out/lazy-free.log" 2>&1 || true
if ! grep -qF "halloc-fuzz: ORACLE calloc_not_zero fired at op #2: calloc 1 4 4096" "$out/lazy-free.log" ||
    ! grep -qF ", MADV_FREE) at op #1: free 0, and MADV_FREE frees lazily: pages keep their bytes" \
        "$out/lazy-free.log" ||
    ! grep -qF "  cause: likely calloc took memory given back with MADV_FREE for zeroed" "$out/lazy-free.log"; then
    echo "fuzz-check-adapters FAILED: a calloc trusting pages given back with MADV_FREE not named so; it printed:"
    cat "$out/lazy-free.log"
    exit 1
fi
# ...and one that takes a page a release left out, the madvise a page short,
# names that madvise (round 20's decay purge: told as memory recycled).
build_on_harness "$out/drop-short" fuzz/selftest/discard-adapter.c -DDROP_SHORT
"$out/drop-short" "$out/lazy-free.txt" >"$out/drop-short.log" 2>&1 || true
if ! grep -qF "halloc-fuzz: ORACLE calloc_not_zero fired at op #2: calloc 1 4 4096" "$out/drop-short.log" ||
    ! grep -qF "from offset 12288 (0x" "$out/drop-short.log" ||
    ! grep -qF ", MADV_DONTNEED) at op #1: free 0 dropped: if the allocator took their page for given back too" \
        "$out/drop-short.log" ||
    ! grep -qF "  cause: likely a release of pages (a purge, a trim, a decay) a page shorter" "$out/drop-short.log"; then
    echo "fuzz-check-adapters FAILED: a calloc trusting a page an madvise a page short left not named so; it printed:"
    cat "$out/drop-short.log"
    exit 1
fi
build_on_harness "$out/drop-short-2" fuzz/selftest/discard-adapter.c -DDROP_SHORT=2
"$out/drop-short-2" "$out/lazy-free.txt" >"$out/drop-short-2.log" 2>&1 || true
if ! grep -qF "from offset 8192 (0x" "$out/drop-short-2.log" ||
    ! grep -qF "free 0 dropped: they run past its next page: if the allocator took them for given back too" \
        "$out/drop-short-2.log" ||
    ! grep -qF "  cause: likely memory never given back marked as reading zero" "$out/drop-short-2.log"; then
    echo "fuzz-check-adapters FAILED: a calloc trusting pages past an madvise's range not named so; it printed:"
    cat "$out/drop-short-2.log"
    exit 1
fi
echo "fuzz-check-adapters: discard: an madvise dropping a live block's pages named discard_live, and a fault after one" \
    "naming it; an mprotect over a live block, or a guard page over a block's last bytes, named protect_live, one running" \
    "past the mapping it starts in said so; a fault in memory the run unmapped, protected or reserved named with that call; an overflow of the allocator's own record named so; a block over pages closed ops before given a missing commit as cause; a crash" \
    "in a request near SIZE_MAX given the wrapped size as its cause; a fault past a block a realloc grows given its copy" \
    "of the new size as cause; a free's junk fill past its block named as such; a block past the program break fires past_mapping, a fault past it or at (void *)-1 named so, a usable size past it blamed on the growth; a trimming allocator's calloc" \
    "trusting a merge's pages found by its seed, or pages given back with MADV_FREE named so; its trims over a header," \
    "a footer or a link named in the reports"
