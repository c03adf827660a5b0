#!/bin/sh
# check-mappings.sh CC OUT HARNESS_OBJECTS...: the harness watches the
# allocator's mappings (fuzz/maps.c) and names what goes wrong with them:
# crash-adapter.c's bugs of crash-mappings.h (and of crash-edges.h, which
# it includes), each built on the harness objects check-adapters.sh compiled. An munmap that cuts into another
# mapping, meets a hole the allocator made or takes a live block is named at
# its free; mappings a free left are named after destroy() when asked; a
# block past its mapping's end, a fault just past one, and a crash in the free
# of a mapping's first block or in a second free of an unmapped one, are named
# with that mapping; a block contains() disowns inside one blames the lookup,
# or a record the mremap of its op that moved it left stale; a refused free of
# a block that is its own mapping names the free of another that came first,
# where usable_size() no longer finds it.
# All of it also past 4,096 mappings held; and a table the kernel refuses
# memory says so, and under libFuzzer or AFL++ stops the fuzzer. munmap and
# mremap update the table in the same locked step as their call.
set -eu
cc=$1 out=$2
shift 2
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
hobjs=$*
page=$(getconf PAGESIZE)
printf 'version 2\nmalloc 0 8\nfree 0\n' >"$out/free-live.txt"
# switched_case LOG VAR=VALUE BIN TRACE PATTERN FAILURE: BIN replays TRACE with
# the switch VAR=VALUE into OUT/LOG, which has a line matching PATTERN (grep's
# basic regex), or the check fails saying FAILURE.
switched_case() {
    env "$2" "$3" "$4" >"$out/$1" 2>&1 || true
    grep -q "$5" "$out/$1" || { echo "fuzz-check-adapters FAILED: $6; it printed:"; cat "$out/$1"; exit 1; }
}
# munmap and mremap change the kernel's mappings and the table at once: a
# thread's call made before its update was locked let another thread's mmap
# be cut from the table (a correct thread cache's big block fired
# past_mapping under make fuzz-threads). maps-atomic-adapter.c looks for
# that window from create(), 300 times, while a thread churns mappings.
build_on_harness "$out/maps-atomic" fuzz/selftest/maps-atomic-adapter.c -pthread
if ! "$out/maps-atomic" -t "$seeds_limit" "$out/free-live.txt" >"$out/maps-atomic.log" 2>&1; then
    echo "fuzz-check-adapters FAILED: maps.c's munmap or mremap is not atomic with its table's update; it printed:"
    cat "$out/maps-atomic.log"
    exit 1
fi
# A crash inside a free that no trace line names (here a free-all's) says
# whose block it was freeing (check-adapters-calls.sh) and, when that block is the
# first of a mapping an op made (the heap grew: a new region's first block,
# or a big block's own mapping), says so.
printf 'version 2\nmalloc 0 8\nmalloc 1 24\nmalloc 2 8\nfree-all reverse\n' >"$out/free-all-reverse.txt"
crash_case crash-in-free-mapped "-DUNMAP_LEAVES_PAGE -DCRASH_IN_FREE=2" free-all-reverse "" \
    "  block 1 is the first block of a mapping made at op #1: malloc 1 24, ["
# A fault in a mapping a free unmapped whole, that held several blocks of
# one size the program freed, is a slab's, kept on a list after its munmap
# (its header read there): said so, and not "a block left on a list" (round
# 11's slab bug 3). The slab that unlinks its empty slabs runs clean.
printf 'version 4\nmalloc 0 48\nmalloc 1 48\nfree 0\nfree 1\nmalloc 2 48\n' >"$out/slab-emptied.txt"
for bug in "" -DLEFT_ON_LIST; do
    build_on_harness "$out/slab$bug" fuzz/selftest/slab-adapter.c $bug
    "$out/slab$bug" "$out/slab-emptied.txt" >"$out/slab$bug.log" 2>&1 || true
done
grep -q "slab-emptied.txt: ok" "$out/slab.log" || { echo "fuzz-check-adapters FAILED: slab-adapter.c as it is did" \
    "not replay slab-emptied.txt clean; it printed:"; cat "$out/slab.log"; exit 1; }
grep -q "a whole mapping of $page bytes that held 2 blocks of 64 bytes the program freed: a slab, given back when \
its last block went; the fault is at byte [0-9]*.*the slab's own header.*a slab left on a list of slabs" \
    "$out/slab-DLEFT_ON_LIST.log" || { echo "fuzz-check-adapters FAILED: a slab left on its list after its" \
    "munmap not called a slab; it printed:"; cat "$out/slab-DLEFT_ON_LIST.log"; exit 1; }
# ...and one that held a single block (bug 4's 16 KiB slab of one 1000-byte
# block; a big block's own mapping looks the same) by its header.
printf 'version 4\nmalloc 0 48\nfree 0\nmalloc 1 48\n' >"$out/slab-one.txt"
"$out/slab-DLEFT_ON_LIST" "$out/slab-one.txt" >"$out/slab-one.log" 2>&1 || true
grep -q "a whole mapping of $page bytes that held one block the program freed; the fault is at byte [0-9]* of it, \
[0-9]* bytes before its first block: the mapping's own header, read through a pointer kept to it" \
    "$out/slab-one.log" || { echo "fuzz-check-adapters FAILED: a one-block mapping left on its list after its" \
    "munmap not named by its header; it printed:"; cat "$out/slab-one.log"; exit 1; }
# A block past its mapping's end right above a live one of its size is a
# slot past a slab's last (round 14's full Hoard superblock left on a list
# of those with room was told of an end-of-heap check).
{ echo 'version 4'; i=0; while [ $i -lt 64 ]; do echo "malloc $i 48"; i=$((i + 1)); done; } >"$out/slab-full.txt"
build_on_harness "$out/slab-DFULL_KEPT_ON_LIST" fuzz/selftest/slab-adapter.c -DFULL_KEPT_ON_LIST
"$out/slab-DFULL_KEPT_ON_LIST" "$out/slab-full.txt" >"$out/slab-full.log" 2>&1 || true
if ! grep -q "runs 48 bytes past the end of the mapping it starts in, .*; block 62 below it, of the same usable \
size, ends where it starts: the next slot of a run of equal ones" "$out/slab-full.log" ||
    ! grep -qF "  cause: likely a slab (superblock, span, run) that hands out one slot more" "$out/slab-full.log"; then
    echo "fuzz-check-adapters FAILED: a slot past a full slab's end not named by the block below; it printed:"
    cat "$out/slab-full.log"
    exit 1
fi
# A call that maps memory and serves its block from a mapping made before it
# (by the call before, in the same hold op) mapped bookkeeping of its own
# (round 18's vmem-style allocator, a slab of boundary-tag records): no
# spurious_growth; nor one from create_in's buffer, no mapping at all. One
# that serves from what it just mapped, though stats said a block fits, grew:
# spurious_growth.
printf 'version 4\nhold 2 48\n' >"$out/slab-two.txt"
for heap in create create_in; do
    in=
    [ $heap = create ] || in=-DCREATE_IN
    for bug in -DRECORDS_MAPPED -DRECORDS_MAPPED=2; do
        bin=$out/slab$bug$in
        # shellcheck disable=SC2086 # $in: no word, or one
        build_on_harness "$bin" fuzz/selftest/slab-adapter.c $bug $in
        "$bin" "$out/slab-two.txt" >"$bin.log" 2>&1 || true
    done
    grep -q "slab-two.txt: ok" "$out/slab-DRECORDS_MAPPED$in.log" || { echo "fuzz-check-adapters FAILED: a" \
        "mapping of records, its block from a slab it had (heap by $heap), taken for growth; it printed:"
        cat "$out/slab-DRECORDS_MAPPED$in.log"; exit 1; }
    grep -q "ORACLE spurious_growth fired at op #0: hold 2 48" "$out/slab-DRECORDS_MAPPED=2$in.log" || { echo \
        "fuzz-check-adapters FAILED: a block from the slab its call mapped (heap by $heap), though one fitted," \
        "not growth; it printed:"; cat "$out/slab-DRECORDS_MAPPED=2$in.log"; exit 1; }
done
# A block contains() disowns that lies a little past the end of the mapping
# holding the block below, in none of the allocator's, was handed out from
# past that end (round 14b: a SLOB page's free list walked into the next
# mapping was told only as memory not the heap's).
printf 'version 2\nmalloc 0 1000\nmalloc 1 1000\nmalloc 2 1000\nmalloc 3 1000\nmalloc 4 1000\n' >"$out/page-walk.txt"
build_on_harness "$out/page-walk" fuzz/selftest/page-walk-adapter.c -DCOUNT_HIGH
"$out/page-walk" "$out/page-walk.txt" >"$out/page-walk.log" 2>&1 || true
if ! grep -q "is not memory of this heap; no mapping of the allocator's holds it, and it starts 16 bytes past \
the end of \[0x[0-9a-f]*, +4096), the allocator's mapping (made in create) that holds block 3 below it: handed out \
from past that mapping's end" "$out/page-walk.log" ||
    ! grep -qF "  cause: likely a walk that left that mapping" "$out/page-walk.log"; then
    echo "fuzz-check-adapters FAILED: a block handed out past the page of the block below not said so; it printed:"
    cat "$out/page-walk.log"
    exit 1
fi
# A block contains() disowns in the mapping that holds the heap's record (an
# empty bin's sentinel handed out, its bit left set) names that record and
# the list head, before the sentinel's place off 16 (round 15b: misaligned,
# blamed on a size not rounded); the allocator as it is replays the seeds clean.
printf 'version 2\nmalloc 0 40\nfree 0\nmalloc 1 40\nmalloc 2 40\n' >"$out/bin-emptied.txt"
build_on_harness "$out/bins" fuzz/selftest/bins-adapter.c
"$out/bins" -q -t "$seeds_limit" corpus >"$out/bins.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: bins-adapter.c did not replay corpus/ clean:"; cat "$out/bins.log"; exit 1; }
build_on_harness "$out/bins-bit" fuzz/selftest/bins-adapter.c -DBIT_LEFT_SET
"$out/bins-bit" "$out/bin-emptied.txt" >"$out/bins-bit.log" 2>&1 || true
if ! grep -q "^  what:  contains() says \[0x[0-9a-f]*, +40) is not memory of this heap, though it lies in the \
mapping that holds the heap's own record, 40 bytes past the handle create() returned" "$out/bins-bit.log" ||
    ! grep -qF "  cause: likely a list head, bin or other field of that record taken for a free block" \
        "$out/bins-bit.log"; then
    echo "fuzz-check-adapters FAILED: an empty bin's sentinel handed out not told as the heap's record; it printed:"
    cat "$out/bins-bit.log"
    exit 1
fi
# A malloc that takes the list one class below, a block smaller than the
# request, at the arena's end: out_of_heap blames that search, by the usable
# size it gave (it blamed a growth or an end-of-heap test, the request run
# 16 bytes past the mapping; round 16b's shm heap).
printf 'version 7\nhold 240 256\nmalloc 0 32\nmalloc 1 32\nmalloc 2 32\nmalloc 3 32\nmalloc 4 32\nfree 4\nmalloc 5 64\n' \
    >"$out/bin-one-low.txt"
build_on_harness "$out/bins-low" fuzz/selftest/bins-adapter.c -DSEARCH_ONE_CLASS_LOW
"$out/bins-low" "$out/bin-one-low.txt" >"$out/bins-low.log" 2>&1 || true
if ! grep -qF "is not memory of this heap, though usable_size() says 32, all of them its: a free block smaller than the request was taken whole" \
    "$out/bins-low.log" || ! grep -qF "  cause: likely malloc's fit search, not the heap's end" "$out/bins-low.log"; then
    echo "fuzz-check-adapters FAILED: a block one class below the request, at the heap's end, not blamed on the search; it printed:"
    cat "$out/bins-low.log"
    exit 1
fi
# ...and so is one the harness's own malloc(1) got after the free-all (a
# free that gives its block back to the top left the bin empty, its bit set):
# it went unjudged, and its free crashed on the record's bytes, blamed on a
# NULL link (round 15b's dlmalloc-style bins: a bare UBSan line).
printf 'version 2\nmalloc 0 1\nmalloc 1 1\nfree 0\nmalloc 2 1\n' >"$out/bin-emptied-by-top.txt"
build_on_harness "$out/bins-top" fuzz/selftest/bins-adapter.c -DBIT_LEFT_SET -DPRISTINE_TOP
"$out/bins-top" "$out/bin-emptied-by-top.txt" >"$out/bins-top.log" 2>&1 || true
if ! grep -q "^  what:  contains() says \[0x[0-9a-f]*, +1), the block the harness's own malloc(1) got after the frees, \
checking FUZZ_PRISTINE_AFTER_FREE_ALL, is not memory of this heap, though it lies in the mapping that holds the heap's \
own record" "$out/bins-top.log" || ! grep -qF "  cause: likely a list head, bin or other field of that record" "$out/bins-top.log"; then
    echo "fuzz-check-adapters FAILED: an empty bin's sentinel the harness's own malloc(1) got not judged; it printed:"
    cat "$out/bins-top.log"
    exit 1
fi
# An munmap past what the allocator mapped is named at the free that made it
# (it unmapped a neighbour, or the sanitizer's memory, and failed far later).
crash_case unmap-page -DUNMAP_PAGE_TOO_MANY free-live x "halloc-fuzz: ORACLE unmap_foreign fired at op #1: free 0"
if ! grep -q "where it cuts into another mapping, which it leaves partly mapped, freeing the block below" \
    "$out/crash-unmap-page.log" || ! grep -q "^  block  slot 0 " "$out/crash-unmap-page.log"; then
    echo "fuzz-check-adapters FAILED: an munmap into the next mapping: the mapping it cuts or the block not named:"
    cat "$out/crash-unmap-page.log"
    exit 1
fi
# One that starts off a page boundary (a tail cut at a block's end, not
# rounded up) is refused by the kernel and unmaps nothing: said so (it was
# told it cut into another mapping).
crash_case unmap-unaligned -DUNMAP_UNALIGNED free-live "" \
    "starts off a page boundary: the kernel refuses it (EINVAL) and unmaps nothing"
# The same a page below: it starts inside the mapping below the block's.
crash_case unmap-page-below -DUNMAP_PAGE_BELOW free-live x "halloc-fuzz: ORACLE unmap_foreign fired at op #1: free 0"
# An munmap that meets a hole the allocator made itself names the earlier
# munmap and its op: there the bug is (a pool's page unmapped by a free),
# not in destroy(), whose munmap of the whole chunk is right.
crash_case unmap-chunk-page -DUNMAP_CHUNK_PAGE free-live x \
    "halloc-fuzz: ORACLE unmap_foreign fired in destroy (after the final free-all; the adapter's destroy()) (after op #1 of 2)"
crash_case unmap-chunk-page -DUNMAP_CHUNK_PAGE free-live "" \
    ", $(getconf PAGESIZE)) at op #1: free 0, freeing slot 0: one of the two munmap calls is wrong"
# An munmap that takes a live block with it (a region given back while it
# still held one) is named at the call, with the block it takes; else the
# block's next read faults ops later with nothing to say who unmapped it.
printf 'version 2\nmalloc 0 8\nmalloc 1 8\nfree 1\n' >"$out/two-then-free.txt"
crash_case unmap-live -DUNMAP_LIVE_BLOCK two-then-free x "halloc-fuzz: ORACLE unmap_live fired at op #2: free 1"
crash_case unmap-live -DUNMAP_LIVE_BLOCK two-then-free "" "takes live block 0 ["
crash_case unmap-live -DUNMAP_LIVE_BLOCK two-then-free "" "  cause: likely a region given back while it still held this block"
# A free that unmaps less than its block's mapping, on a heap that claims
# FUZZ_UNMAPS_ON_DESTROY: left_mapped fires after destroy(), naming what
# it left mapped, the op that mapped it and the short munmap as the cause.
# With the shadow off it is judged no more; asked (libfuzzer.sh asks when an
# out-of-memory passes alone), the run names the same in one line.
printf 'version 2\nmalloc 0 8\nmalloc 1 100\nfree 1\n' >"$out/two-one-freed.txt"
crash_case unmap-leaves-page -DUNMAP_LEAVES_PAGE two-one-freed x \
    "halloc-fuzz: ORACLE left_mapped fired in destroy (after the final free-all; the adapter's destroy()) (after op #2 of 3)"
crash_case unmap-leaves-page -DUNMAP_LEAVES_PAGE two-one-freed "" \
    "destroy() left $((page * 2)) bytes mapped, in 2 mappings this input made, though the adapter claims FUZZ_UNMAPS_ON_DESTROY; the first, ["
crash_case unmap-leaves-page -DUNMAP_LEAVES_PAGE two-one-freed "" "  cause: likely an munmap length shorter than the mapping"
# A usable size below zero (a header's size less the header, read where the
# block has none) runs past the block's mapping; the block line says it is
# -8 (it gave 18446744073709551608 alone, and the cause blamed an end-of-heap check).
printf 'version 2\nmalloc 0 8\n' >"$out/one-8.txt"
crash_case usable-below-zero "-DUNMAP_LEAVES_PAGE -DUSABLE_BELOW_ZERO" one-8 "" \
    " (that is -8: usable_size() subtracted below zero, likely a header's size less the header read where"
# A block that starts where its page, mapped alone, ends (a slab's search one
# slot past the page's last) and that usable_size finds no block at: the
# report says where it starts (it said only that no block was found).
crash_case block-at-mapping-end "-DBLOCK_AT_MAPPING_END -DUSABLE_UNDERSTATED" one-8 "" \
    "is below the requested 8: usable_size found no block at this address, which the allocator itself just returned; it starts where a mapping made at op #0: malloc 0 8, ["
# A block whose usable bytes end where its own mapping ends, short of the
# request: the report names that mapping made short, not a class or a
# header (round 12: a big block's mapping without its alignment's slack).
printf 'version 2\nmalloc 0 4096\n' >"$out/map-4k.txt"
crash_case mapping-short -DMAPPING_SHORT map-4k "" \
    "; its usable bytes end at the end of the mapping made at op #0: malloc 0 4096, ["
crash_case mapping-short -DMAPPING_SHORT map-4k "" "  cause: likely the mapping's length computed without what placing"
# The same block with contains() claimed: out_of_heap fires first, and names
# that mapping too (round 20's decay heap: told of a fit search taking a
# smaller free block whole).
crash_case mapping-short-bounded "-DMAPPING_SHORT -DCLAIMS_BOUNDS" map-4k "" \
    "; its usable bytes end at the end of the mapping made at op #0: malloc 0 4096, ["
crash_case mapping-short-bounded "-DMAPPING_SHORT -DCLAIMS_BOUNDS" map-4k "" \
    "  cause: likely the mapping's length computed without what placing"
# ...but one that ends where a mapping an earlier op made ends (a heap's, a
# slab's) is that mapping's last free chunk handed out too small (round 18's
# vmem instant fit from the request's own list was told of a mapping short).
printf 'version 4\nhold 62 48\nmalloc 0 100\n' >"$out/slab-last-short.txt"
build_on_harness "$out/slab-DTAKES_BIGGER" fuzz/selftest/slab-adapter.c -DTAKES_BIGGER
"$out/slab-DTAKES_BIGGER" "$out/slab-last-short.txt" >"$out/slab-last-short.log" 2>&1 || true
if ! grep -qF "; its usable bytes end at the end of the mapping made at op #0: hold 62 48, [" "$out/slab-last-short.log" ||
    ! grep -qF "36 bytes short of the request: that mapping's last free chunk handed out though smaller than the" \
        "$out/slab-last-short.log" || ! grep -qF "  cause: likely a fit search that hands out a free chunk without" \
        "$out/slab-last-short.log"; then
    echo "fuzz-check-adapters FAILED: the last chunk of a mapping an earlier op made, too small, not told so; it" \
        "printed:"
    cat "$out/slab-last-short.log"
    exit 1
fi
# ...and one that starts where the mapping its own op made ends, a mapping
# that could hold it once at most: that mapping made short too (it said one
# slot past the last a slab's page holds, and blamed a size class).
crash_case block-at-mapping-end "-DBLOCK_AT_MAPPING_END -DUSABLE_UNDERSTATED" map-4k "" \
    "which the allocator itself just returned; it starts at the end of the mapping made at op #0: malloc 0 4096, ["
crash_case block-at-mapping-end "-DBLOCK_AT_MAPPING_END -DUSABLE_UNDERSTATED" map-4k "" \
    "  cause: likely the mapping's length computed without what placing"
# Its report comes after destroy(): the allocator's checker is not run on the
# heap destroy() released (a slab's check() read its freed page table, and
# ASan's use-after-free in the user's checker stood in for the report).
crash_case unmap-leaves-page-checker "-DUNMAP_LEAVES_PAGE -DCHECK_FAILS_FROM=1000" two-one-freed x \
    "  allocator check: not run: destroy() has released the heap"
# ...and the munmap a page short that left it, by its call, op and length
# (it named only the op that mapped the page, where the bug is not).
grep -qE "; the unmap that ends where it begins, munmap\(0x[0-9a-f]+, $page\) (at op #2: free 1|in the final \
free-all).*, fell $page bytes short of the mapping's end, if both were one mapping" "$out/crash-unmap-leaves-page.log" ||
    { echo "fuzz-check-adapters FAILED: left_mapped did not name the munmap a page short by its call, op and length;" \
    "it printed:"; cat "$out/crash-unmap-leaves-page.log"; exit 1; }
switched_case maps-left-off.log HALLOC_FUZZ_SHADOW=off "$out/crash-unmap-leaves-page" "$out/two-one-freed.txt" \
    "^replay: $out/two-one-freed.txt: ok (3 ops)$" "with the shadow off, left_mapped still judged"
(export HALLOC_FUZZ_SHADOW=off; switched_case maps-left.log HALLOC_FUZZ_MAPS_LEFT=on "$out/crash-unmap-leaves-page" \
    "$out/two-one-freed.txt" \
    "^halloc-fuzz: destroy() left $((page * 2)) bytes mapped, in 2 mappings this input made; the first, \[0x[0-9a-f]*, +$page), mapped at op #[01]: malloc [01] .*; the unmap that ends where it begins, munmap(0x[0-9a-f]*, $page) " \
    "HALLOC_FUZZ_SHADOW=off HALLOC_FUZZ_MAPS_LEFT=on did not name the mappings destroy() left") || exit 1
# A block that runs past the end of the allocator's mapping is named when
# it is returned (a fault in the harness's fill, at times ops later, said
# only "not all the block's", which reads as a usable size).
printf 'version 2\nmalloc 0 100\n' >"$out/past-mapping.txt"
crash_case past-mapping -DBLOCK_PAST_MAPPING past-mapping x "halloc-fuzz: ORACLE past_mapping fired at op #0: malloc 0 100"
crash_case past-mapping -DBLOCK_PAST_MAPPING past-mapping "" \
    "+100) runs 36 bytes past the end of the mapping it starts in, [0x"
# One that runs past by as far as it starts into the mapping names the bytes
# before it left out of its size (round 14b's direct map grown in place
# 16 KiB past its reservation was told of an end-of-heap check).
printf 'version 2\nmalloc 0 %s\n' "$page" >"$out/past-by-offset.txt"
crash_case past-by-offset -DBLOCK_PAST_BY_OFFSET past-by-offset "" \
    "+$page) runs 64 bytes past the end of the mapping it starts in, [0x"
crash_case past-by-offset -DBLOCK_PAST_BY_OFFSET past-by-offset "" \
    "(an mmap of the allocator's), exactly as far as the block starts into it"
crash_case past-by-offset -DBLOCK_PAST_BY_OFFSET past-by-offset "" "  cause: likely the block sized against its whole mapping"
! grep -qF "exactly as far as the block starts into it" "$out/crash-past-mapping.log" ||
    { echo "fuzz-check-adapters FAILED: a block past its mapping by less than its offset told so:"
    cat "$out/crash-past-mapping.log"; exit 1; }
# One whose bytes past its mapping the same call unmapped (a shrink in place
# that gave its tail pages back and kept the old size) names that unmap.
printf 'version 2\nmalloc 0 20000\nrealloc 0 100\n' >"$out/shrink-unmaps.txt"
crash_case shrink-keeps-size -DSHRINK_KEEPS_SIZE shrink-unmaps "" \
    "; the bytes past that end this call unmapped itself: munmap(0x"
grep -qF "  cause: likely the block's size kept after the call gave part of its memory back" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a shrink in place that kept its unmapped tail not blamed so; it printed:"
    cat "$bin.log"; exit 1; }
# A block on a page boundary that an older one runs past names the older
# (round 14b: a span's last slot past its end was told of the heap's top).
printf 'version 2\nmalloc 0 100\nmalloc 1 100\n' >"$out/two-100.txt"
crash_case slot-past-span -DSLOT_PAST_SPAN two-100 "" \
    "; block 0, made at op #0: malloc 0 100, starts 64 bytes below the page boundary this block starts on and runs 36 bytes past it: an older block run past"
grep -qF "  cause: likely the older block carved past the end of its span, run or page" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a span's last slot past its end not blamed; it printed:"; cat "$bin.log"; exit 1; }
# A fault just past the end of a mapping the allocator made, where nothing
# is mapped, says how far past which mapping (a next-fit chunk whose first
# block counted the chunk's header faulted so in the pristine probe, named nowhere).
crash_case header-past-mapping -DHEADER_PAST_MAPPING past-mapping "" \
    "  the fault's address 0x"
grep -qE "^  the fault's address 0x[0-9a-f]+ lies 8 bytes past the end of \[0x[0-9a-f]+, \+$page\), a mapping the \
allocator made at op #0: malloc 0 100, where nothing of the allocator's is mapped" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a fault 8 bytes past the allocator's mapping not placed so; it printed:"
    cat "$bin.log"; exit 1; }
# ...and, past a mapping an earlier op made (a heap's), also a chunk too small
# split as if it held the request (round 18: a skip list's best fit one node
# short, told only of a length counting a header).
crash_case header-past-heap -DHEADER_PAST_MAPPING=2 two-100 "" \
    "made at op #0: malloc 0 100, where nothing of the allocator's is mapped"
grep -qF "its end; the mapping being one made before this call, also, in an allocation, a free chunk smaller than the \
request split as if it held it, by a fit search one step short)" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a fault past a mapping an earlier op made not told as a chunk too small;" \
    "it printed:"; cat "$bin.log"; exit 1; }
! grep -qF "the mapping being one made before this call" "$out/crash-header-past-mapping.log" ||
    { echo "fuzz-check-adapters FAILED: a fault past the mapping its own op made told as a chunk too small; it" \
    "printed:"; cat "$out/crash-header-past-mapping.log"; exit 1; }
# ...and one 8 bytes before the start of a mapping, nothing mapped below it
# (a merge that passed the heap's first block, round 17: no place named).
crash_case header-before-mapping -DHEADER_BEFORE_MAPPING past-mapping "" \
    "  the fault's address 0x"
grep -qE "^  the fault's address 0x[0-9a-f]+ lies 8 bytes before the start of \[0x[0-9a-f]+, \+$page\), a mapping \
the allocator made at op #0: malloc 0 100, where nothing of the allocator's is mapped" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a fault 8 bytes before the allocator's mapping not placed so; it printed:"
    cat "$bin.log"; exit 1; }
# A block contains() disowns though it lies wholly inside a mapping the
# allocator made: the lookup is blamed (a slab masked to a page where slabs
# were aligned to 16 KiB was told of room handed out past what the heap got).
crash_case contains-misses -DCONTAINS_MISSES past-mapping "" \
    "is not memory of this heap, though it lies wholly inside a mapping the allocator made at op #0: malloc 0 100, [0x"
grep -qF "  cause: likely contains(), or the lookup behind it, misses memory the heap has" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: out_of_heap of a block inside the allocator's mapping not blamed on the" \
    "lookup; it printed:"; cat "$bin.log"; exit 1; }
# ...and one that starts in such a mapping and runs past its end, how far.
crash_case contains-past "-DCONTAINS_MISSES -DBLOCK_PAST_MAPPING" past-mapping "" \
    "is not memory of this heap; it runs 36 bytes past the end of the mapping it starts in, [0x"
# ...also into another mapping of the allocator's right above it (a slot
# allocator's big block ran into its meta area, and the two were taken for
# one mapping the block lay wholly inside: the lookup was blamed).
crash_case contains-past-next "-DCONTAINS_MISSES -DBLOCK_PAST_MAPPING -DNEXT_PAGE_MAPPED" past-mapping "" \
    "is not memory of this heap; it runs 36 bytes past the end of the mapping it starts in, [0x"
grep -qE "\(an mmap of the allocator's, made at op #0: malloc 0 100\), into the next one, \[0x[0-9a-f]+, \+$page\), \
made at op #0: malloc 0 100: mapped, but not this block's" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a block past its mapping into the next not said so; it printed:"
    cat "$bin.log"; exit 1; }
# With the oracles off, the fault in the harness's fill says the same.
switched_case past-mapping-off.log HALLOC_FUZZ_SHADOW=off "$out/crash-past-mapping" "$out/past-mapping.txt" \
    "^  block 0 runs 36 bytes past the end of the allocator's mapping it starts in, \[0x" \
    "past-mapping, HALLOC_FUZZ_SHADOW=off: the fault's context did not say how far the block runs past its mapping"
# A double free the adapter claims to detect, of a block the first free
# unmapped, faults in the allocator's read of it: the context names that
# munmap and the flag (it said only which op).
printf 'version 2\nmalloc 0 100\ndouble-free 0\n' >"$out/unmapped-double-free.txt"
crash_case unmap-reads-header "-DUNMAP_READS_HEADER -DCLAIMS_DOUBLE_FREE" unmapped-double-free "" \
    "  the block freed a second time was no longer mapped: the first free gave it back, by munmap("
crash_case unmap-reads-header "-DUNMAP_READS_HEADER -DCLAIMS_DOUBLE_FREE" unmapped-double-free "" \
    "at op #1: double-free 0, freeing slot 0; an allocator cannot read an unmapped block to tell a double free"
# ...and one whose lookup found the record of the mapping still listed, the
# fault in the mapping's first bytes far below the block, names that record
# (round 20's lookaside heap: its advice was the lookup the allocator made,
# and a second line blamed a walk stepping back past create's mapping).
crash_case unmap-keeps-record "-DUNMAP_READS_HEADER -DUNMAP_KEEPS_RECORD -DCLAIMS_DOUBLE_FREE" unmapped-double-free "" \
    "freeing slot 0; the free read that mapping's first bytes, below the block's header: its lookup found its record"
crash_case unmap-keeps-record "-DUNMAP_READS_HEADER -DUNMAP_KEEPS_RECORD -DCLAIMS_DOUBLE_FREE" unmapped-double-free "" \
    "; the fault is at byte 8 of it, 40 bytes before its first block: the mapping's own header, read through a pointer"
# A fault by a live block in memory no call of the run's made inaccessible
# (a guard page mapped PROT_NONE from the start) is placed by that block: a
# footer written past a block's rounding, a header read below it (the
# context said only which op, and which block it was freeing).
printf 'version 2\nmalloc 0 24\nfree 0\n' >"$out/free-24.txt"
crash_case free-writes-past -DFREE_WRITES_PAST_BLOCK free-24 "" \
    "lies 8 bytes past the end of live block 0, the block being freed, [0x"
crash_case free-writes-past -DFREE_WRITES_PAST_BLOCK free-24 "" "+24) (24 requested; placed at op #0: malloc 0 24)"
crash_case free-reads-below -DFREE_READS_BELOW_BLOCK free-24 "" \
    "lies 16 bytes before live block 0, the block being freed, [0x"
# A fault in a block freed lately (its page mapped anew PROT_NONE, no
# munmap or mprotect to name) names that block and the op that freed it.
printf 'version 2\nmalloc 0 24\nmalloc 1 24\nfree 0\nfree 1\n' >"$out/free-two.txt"
crash_case free-reads-freed -DFREE_READS_FREED free-two "" \
    "lies at byte 0 of block 0 freed at op #2: free 0, [0x"
# Inputs run in one process do not all find the heap at one address: the
# harness moves its first mapping by a few pages chosen by the input's ops,
# so a block aligned by its offset in the heap, not by its address (right
# only while the heap's start is aligned that much), is misaligned in some
# (a bitmap allocator's memalign over 4096 went unfound for 60 s: the heap
# lay on a megabyte boundary in every input).
for n in 1 2 3 4; do printf 'version 4\nmalloc 0 %d\n' "$n" >"$out/heap-base-$n.txt"; done
build_on_harness "$out/heap-base" fuzz/selftest/crash-adapter.c -DPRINTS_HEAP_BASE
"$out/heap-base" -n "$out"/heap-base-[1-4].txt >"$out/heap-base.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: -DPRINTS_HEAP_BASE replay failed:"; cat "$out/heap-base.log"; exit 1; }
if [ "$(grep '^heap base ' "$out/heap-base.log" | sort -u | wc -l)" -lt 2 ]; then
    echo "fuzz-check-adapters FAILED: 4 inputs in one process all mapped their heap at one address:"
    cat "$out/heap-base.log"
    exit 1
fi
# A realloc that moved its block by mremap and returned the old address is
# named with that mremap (it read as a block the allocator freed or merged).
printf 'version 2\nmalloc 0 100\nrealloc 0 9000\n' >"$out/realloc-moves.txt"
crash_case realloc-moved-old -DREALLOC_KEEPS_MOVED_POINTER realloc-moves "" \
    "realloc returned the block's old address, but its memory was taken away during the call, by mremap(0x"
# A realloc that moved its block by mremap and left its record at the old
# address, or with the old length, is named with that mremap (round 19's
# BiBOP allocator: told of a lookup that misses, or of a fit search).
crash_case moved-keeps-length -DMOVED_KEEPS_LENGTH realloc-moves "" \
    "where mremap(0x"
if ! grep -qF "usable_size() says $page, its length before: a record of the block that kept its length from before the move" \
    "$bin.log" || ! grep -qF "  cause: likely realloc's mremap path recorded the block's new address but not" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a moved block's record that kept its length not named so; it printed:"
    cat "$bin.log"
    exit 1
fi
crash_case moved-keeps-address -DMOVED_KEEPS_ADDRESS realloc-moves "" \
    "a record of the block left at the address it moved from"
grep -qF "  cause: likely realloc's mremap path left the block's record" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a moved block's record left at its old address not blamed so; it printed:"
    cat "$bin.log"; exit 1; }
# A big block's free refused after another's free removed its record names
# that free and usable_size() no longer finding the block (round 19's BiBOP
# hash table, a removal ending a probe chain: told as a lookup right for some
# blocks only).
printf 'version 2\nmalloc 0 9000\nmalloc 1 9000\nfree 0\nfree 1\n' >"$out/removal-loses.txt"
crash_case removal-loses-next -DREMOVAL_LOSES_NEXT removal-loses "" \
    "halloc-fuzz: ORACLE free_rejected fired at op #3: free 1"
if ! grep -q "and since it was placed the free of slot 0 gave another back, munmap(0x.*; usable_size() of it now says 0, \
[0-9]* before: a lookup by address that lost this block" "$bin.log" ||
    ! grep -qF "  cause: likely the table the allocator finds its big blocks in lost this one" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a big block's record lost by another's removal not named so; it printed:"
    cat "$bin.log"
    exit 1
fi
# Only where usable_size() no longer finds the block: one that still does
# (free's own test wrong, its record whole) names no removal; one not asked
# (HALLOC_FUZZ_USABLE=off) names the free, but only as what may have lost it.
crash_case index-tested-by-count -DINDEX_TESTED_BY_COUNT removal-loses "" \
    "halloc-fuzz: ORACLE free_rejected fired at op #3: free 1"
if grep -qF "gave another back" "$bin.log" || grep -qF "  cause: likely the table the allocator" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a refused free of a block usable_size() still finds blamed on another's removal;" \
        "it printed:"
    cat "$bin.log"
    exit 1
fi
bin=$out/crash-removal-loses-next
HALLOC_FUZZ_USABLE=off "$bin" "$out/removal-loses.txt" >"$bin-unasked.log" 2>&1 || true
if ! grep -qF "no usable_size() asked (HALLOC_FUZZ_USABLE=off) to tell whether the lookup by address lost this block" \
    "$bin-unasked.log" || ! grep -qF "  cause: perhaps the table the allocator finds its big blocks in" "$bin-unasked.log"; then
    echo "fuzz-check-adapters FAILED: a big block's refused free with no usable_size() asked not hedged; it printed:"
    cat "$bin-unasked.log"
    exit 1
fi
# An allocator holding more mappings than the 4,096 the harness's table
# once stopped at (from there on no munmap was judged, and nothing said so):
# an munmap a page past a block's mapping, and one that meets a hole the
# allocator made, are still named; a right one passes.
crash_case holds-unmap-page "-DHOLDS_MAPPINGS=5000 -DUNMAP_PAGE_TOO_MANY" free-live x \
    "halloc-fuzz: ORACLE unmap_foreign fired at op #1: free 0"
crash_case holds-chunk-page "-DHOLDS_MAPPINGS=5000 -DUNMAP_CHUNK_PAGE" free-live x \
    "halloc-fuzz: ORACLE unmap_foreign fired in destroy (after the final free-all; the adapter's destroy()) (after op #1 of 2)"
crash_case holds-clean -DHOLDS_MAPPINGS=5000 free-live x "replay: $out/free-live.txt: ok (2 ops)"
# The table can now lose track only when the kernel refuses it memory (here
# RLIMIT_AS): that is said once, with what goes unjudged, and the replay of
# an input that ran to its end that way is not ok.
crash_case table-refused "-DHOLDS_MAPPINGS=5000 -DTABLE_MEMORY_REFUSED" free-live "" \
    "halloc-fuzz: the kernel refused memory for the harness's table of the allocator's mappings ("
crash_case table-refused "-DHOLDS_MAPPINGS=5000 -DTABLE_MEMORY_REFUSED" free-live "" \
    "in create): from here on no munmap is judged against them (unmap_foreign) and no block against its mapping's end"
crash_case table-refused "-DHOLDS_MAPPINGS=5000 -DTABLE_MEMORY_REFUSED" free-live x \
    "replay: $out/free-live.txt: NOT JUDGED: it ran to its end, but the harness lost track of the allocator's mappings on the way (the halloc-fuzz line above says why), so its munmap calls were not all judged; free memory or raise ulimit -v and replay it again"
if [ "$(grep -c '^halloc-fuzz: the kernel refused memory' "$out/crash-table-refused.log")" != 1 ] ||
    grep -q ': ok (' "$out/crash-table-refused.log"; then
    echo "fuzz-check-adapters FAILED: table-refused: the line about the refused table memory not printed once, or the replay said ok:"
    cat "$out/crash-table-refused.log"
    exit 1
fi
# Under a fuzzing engine that input passed, and the fuzzer went on with no
# munmap judged: the libFuzzer and AFL++ targets stop instead, status 2, on
# the harness's one HARNESS ERROR line, after the line saying when, and save
# nothing as a finding (libFuzzer's own "fuzz target exited" would have).
# engine_stops NAME STATUS LOG: the checks on a run of a target NAME.
engine_stops() {
    if [ "$2" != 2 ] || [ "$(grep -c '^halloc-fuzz: HARNESS ERROR: the kernel refused memory for the harness.s table' "$3")" != 1 ] ||
        ! grep -q "^halloc-fuzz: HARNESS ERROR: .*: $1 stops rather than fuzz on half-blind; no finding in the allocator, no input saved; free memory or raise the address-space limit (ulimit -v) and fuzz again$" "$3" ||
        ! grep -q '^halloc-fuzz: the kernel refused memory for the harness.s table' "$3" ||
        grep -q 'fuzz target exited\|deadly signal\|Test unit written' "$3"; then
        echo "fuzz-check-adapters FAILED: table-refused under $1: exit $2, expected 2 and one HARNESS ERROR line naming $1, nothing saved; it printed:"
        cat "$3"
        exit 1
    fi
}
# The AFL++ target as afl-clang-fast's absence builds it (one input, from a
# file), on the harness objects but the replay driver's main.
# It also writes that line where make fuzz-afl's afl.sh looks
# (HALLOC_FUZZ_AFL_LOG/harness-error), to stop afl-fuzz (check-afl-stand-in.sh).
# shellcheck disable=SC2086 # the objects are words
replay_objs=$hobjs hobjs="$(printf '%s\n' $hobjs | grep -v '/fuzz/replay\(-run\)\?\.c\.o$' | tr '\n' ' ') $out/afl-driver.o"
# shellcheck disable=SC2086 # $cc and $selftest_cflags are words
$cc $selftest_cflags -c fuzz/afl.c -o "$out/afl-driver.o"
build_on_harness "$out/afl-table-refused" fuzz/selftest/crash-adapter.c -DHOLDS_MAPPINGS=5000 -DTABLE_MEMORY_REFUSED
hobjs=$replay_objs
printf '\000\000\010\000' >"$out/malloc-8.bin" # malloc 0 8: create() alone loses the table
rm -rf "$out/afl-reports" && mkdir -p "$out/afl-reports"
rc=0
HALLOC_FUZZ_AFL_LOG=$out/afl-reports "$out/afl-table-refused" "$out/malloc-8.bin" >"$out/afl-table-refused.log" 2>&1 || rc=$?
engine_stops "the AFL++ target" "$rc" "$out/afl-table-refused.log"
if ! cmp -s "$out/afl-reports/harness-error" - <<EOF2
$(grep '^halloc-fuzz: HARNESS ERROR: ' "$out/afl-table-refused.log")
EOF2
then
    echo "fuzz-check-adapters FAILED: table-refused, AFL++ target: HALLOC_FUZZ_AFL_LOG/harness-error is not its HARNESS ERROR line:"
    cat "$out/afl-reports/harness-error"
    exit 1
fi
# libFuzzer, fuzzing (not one input run): it stops at the first input, on
# the harness objects check-adapters.sh compiled for it when clang is here.
if [ -d "$out/libfuzzer-o0" ]; then
    lfobjs=$(find "$out/libfuzzer-o0" -name '*.o' | sort | tr '\n' ' ')
    bin=$out/libfuzzer-table-refused
    # shellcheck disable=SC2086 # the flags and objects are words
    clang $selftest_cflags -DHOLDS_MAPPINGS=5000 -DTABLE_MEMORY_REFUSED -c fuzz/selftest/crash-adapter.c -o "$bin.o" &&
        clang -fsanitize=fuzzer "$bin.o" $lfobjs -o "$bin"
    rm -rf "$bin.corpus" "$bin.saved" && mkdir -p "$bin.corpus" "$bin.saved"
    rc=0
    "$bin" -runs=50 -artifact_prefix="$bin.saved/" "$bin.corpus" >"$bin.log" 2>&1 || rc=$?
    engine_stops libFuzzer "$rc" "$bin.log"
    if [ -n "$(ls -A "$bin.saved")" ]; then
        echo "fuzz-check-adapters FAILED: table-refused under libFuzzer saved an input as a finding: $(ls "$bin.saved")"
        exit 1
    fi
fi
# Each mapping create() makes moves by a few pages of the input's choosing: an
# arena mapped after a one-page record, its aligned blocks aligned by their
# offset in it, is misaligned in some of 16 inputs (round 20's decay heap: only
# the record moved, the arena stayed on a megabyte boundary, and no input of a
# minute's fuzzing showed the bug).
build_on_harness "$out/arena" fuzz/selftest/arena-adapter.c
misaligned=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
    printf 'version 2\nmalloc 1 %s\naligned 0 8192 100\n' "$i" >"$out/arena-$i.txt"
    if ! "$out/arena" "$out/arena-$i.txt" >"$out/arena-$i.log" 2>&1 &&
        grep -q "ORACLE misaligned fired at op #1: aligned 0 8192 100" "$out/arena-$i.log"; then
        misaligned=$((misaligned + 1))
    fi
done
if [ "$misaligned" = 0 ]; then
    echo "fuzz-check-adapters FAILED: an arena create() maps second never moved off its alignment in 16 inputs;" \
        "the first printed:"
    cat "$out/arena-1.log"
    exit 1
fi
# A fault at the heap mapping's start plus a pointer cut to 32 bits is named as
# a pointer stored where an offset belongs (round 16b's shared-memory heap: a
# list link written as a pointer in one path, its fault placed nowhere); the
# heap as it is replays the same trace clean.
printf 'version 2\nmalloc 0 8\nfree 0\nmalloc 1 8\n' >"$out/offset-reuse.txt"
build_on_harness "$out/offset" fuzz/selftest/offset-adapter.c
"$out/offset" "$out/offset-reuse.txt" >"$out/offset.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: offset-adapter.c did not replay its trace clean:"; cat "$out/offset.log"; exit 1; }
build_on_harness "$out/offset-link" fuzz/selftest/offset-adapter.c -DLINK_AS_POINTER
"$out/offset-link" "$out/offset-reuse.txt" >"$out/offset-link.log" 2>&1 || true
if ! grep -q "^  the fault's address 0x300020000010 is the start of the mapping \[0x300010000000, +65536) that holds \
freed block 0 (made .*) plus 0x10000010, an address in that mapping cut to its low 32 bits: likely a pointer stored \
where the heap keeps offsets from its base" "$out/offset-link.log"; then
    echo "fuzz-check-adapters FAILED: a link stored as a pointer in an offset heap not named so; it printed:"
    cat "$out/offset-link.log"
    exit 1
fi
echo "fuzz-check-adapters: mappings: an munmap past the allocator's mappings, or from below one, named at its" \
    "free, and one that meets a hole the allocator unmapped itself names the op that unmapped it; one that takes" \
    "a live block named with the block; a claimed double free that faults on a block the first free unmapped" \
    "named with that munmap; mappings a free left after destroy() firing left_mapped on a heap claiming" \
    "FUZZ_UNMAPS_ON_DESTROY, named when asked otherwise; the munmap cases past 4,096 mappings held too, and a" \
    "mapping table the kernel refuses memory said so once, its replay not ok, libFuzzer and the AFL++ target" \
    "stopped on it with a HARNESS ERROR line; a block that runs past its mapping's end fires past_mapping (right" \
    "above a live block of its size, as a slot past a slab's last), one in no mapping of the allocator's, a" \
    "little past the one holding the block below, told as handed out past its end, one in the mapping holding" \
    "the heap's record told as a list head taken for a block, one contains() disowns inside" \
    "a mapping the allocator made blamed on the lookup (or on a record an mremap of that op left stale), one before create_in's buffer too (a start rounded down," \
    "said so, without ASan; further down, a pointer computed below it), and with the oracles off its fault says" \
    "how far; one just past the end of a mapping the allocator made named with that mapping and how far, one" \
    "just below its start as a step back past the first block; one" \
    "whose usable bytes end where its own mapping ends, short of the request, or that starts at its end, named" \
    "with that mapping made short (one made by an earlier op: its last free chunk handed out too small); a fault at a mapping's start plus a pointer cut to 32 bits named as a pointer" \
    "stored where an offset heap keeps offsets; a call that maps records of its own, its block from an" \
    "earlier mapping or create_in's buffer, not taken for growth, one whose block is in what it just mapped" \
    "spurious_growth; a refused free of a block that is its own mapping, after another's free gave its mapping" \
    "back, named with that free where usable_size() no longer finds it (hedged where not asked), not where it does"
