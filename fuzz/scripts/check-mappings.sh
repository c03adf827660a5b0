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
# where usable_size() no longer finds it; a fault in memory the run before
# this one unmapped in its destroy() names that destroy(). The table behind
# it all: check-mappings-table.sh.
set -eu
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
page=$(getconf PAGESIZE)
printf 'version 2\nmalloc 0 8\nfree 0\n' >"$out/free-live.txt"
# A crash inside a free that no trace line names (here a free-all's) says
# whose block it was freeing (check-adapters-calls.sh) and, when that block is the
# first of a mapping an op made (the heap grew: a new region's first block,
# or a big block's own mapping), says so.
printf 'version 2\nmalloc 0 8\nmalloc 1 24\nmalloc 2 8\nfree-all reverse\n' >"$out/free-all-reverse.txt"
crash_case crash-in-free-mapped "-DUNMAP_LEAVES_PAGE -DCRASH_IN_FREE=2" free-all-reverse \
    "F:  block 1 is the first block of a mapping made at op #1: malloc 1 24, ["
# A fault in a mapping a free unmapped whole, that held several blocks of
# one size the program freed, is a slab's, kept on a list after its munmap
# (its header read there): said so, and not "a block left on a list" (round
# 11's slab bug 3). The slab that unlinks its empty slabs runs clean.
printf 'version 4\nmalloc 0 48\nmalloc 1 48\nfree 0\nfree 1\nmalloc 2 48\n' >"$out/slab-emptied.txt"
report_case slab slab "" "$out/slab-emptied.txt" "G:slab-emptied.txt: ok"
report_case slab-DLEFT_ON_LIST slab -DLEFT_ON_LIST "$out/slab-emptied.txt" "G:a whole mapping of $page bytes that held \
2 blocks of 64 bytes the program freed: a slab, given back when its last block went; the fault is at byte [0-9]*.*the \
slab's own header.*a slab left on a list of slabs"
# ...and one that held a single block (bug 4's 16 KiB slab of one 1000-byte
# block; a big block's own mapping looks the same) by its header.
printf 'version 4\nmalloc 0 48\nfree 0\nmalloc 1 48\n' >"$out/slab-one.txt"
report_case slab-DLEFT_ON_LIST:slab-one slab -DLEFT_ON_LIST "$out/slab-one.txt" "G:a whole mapping of $page bytes that held one \
block the program freed; the fault is at byte [0-9]* of it, [0-9]* bytes before its first block: the mapping's own \
header, read through a pointer kept to it"
# A block past its mapping's end right above a live one of its size is a
# slot past a slab's last (round 14's full Hoard superblock left on a list
# of those with room was told of an end-of-heap check).
{ echo 'version 4'; i=0; while [ $i -lt 64 ]; do echo "malloc $i 48"; i=$((i + 1)); done; } >"$out/slab-full.txt"
report_case slab-DFULL_KEPT_ON_LIST:slab-full slab -DFULL_KEPT_ON_LIST "$out/slab-full.txt" \
    "G:runs 48 bytes past the end of the mapping it starts in, .*; block 62 below it, of the same usable \
size, ends where it starts: the next slot of a run of equal ones" \
    "F:  cause: likely a slab (superblock, span, run) that hands out one slot more"
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
    report_case "slab-DRECORDS_MAPPED$in" slab "-DRECORDS_MAPPED $in" "$out/slab-two.txt" "G:slab-two.txt: ok"
    report_case "slab-DRECORDS_MAPPED=2$in" slab "-DRECORDS_MAPPED=2 $in" "$out/slab-two.txt" \
        "G:ORACLE spurious_growth fired at op #0: hold 2 48"
done
# A block contains() disowns that lies a little past the end of the mapping
# holding the block below, in none of the allocator's, was handed out from
# past that end (round 14b: a SLOB page's free list walked into the next
# mapping was told only as memory not the heap's).
printf 'version 2\nmalloc 0 1000\nmalloc 1 1000\nmalloc 2 1000\nmalloc 3 1000\nmalloc 4 1000\n' >"$out/page-walk.txt"
report_case page-walk page-walk -DCOUNT_HIGH "$out/page-walk.txt" \
    "G:is not memory of this heap; no mapping of the allocator's holds it, and it starts 16 bytes past \
the end of \[0x[0-9a-f]*, +4096), the allocator's mapping (made in create) that holds block 3 below it: handed out \
from past that mapping's end" "F:  cause: likely a walk that left that mapping"
# A block contains() disowns in the mapping that holds the heap's record (an
# empty bin's sentinel handed out, its bit left set) names that record and
# the list head, before the sentinel's place off 16 (round 15b: misaligned,
# blamed on a size not rounded); the allocator as it is replays the seeds clean.
printf 'version 2\nmalloc 0 40\nfree 0\nmalloc 1 40\nmalloc 2 40\n' >"$out/bin-emptied.txt"
report_case bins bins "" "-q -t $seeds_limit corpus" exit:0
report_case bins-bit bins -DBIT_LEFT_SET "$out/bin-emptied.txt" \
    "G:^  what:  contains() says \[0x[0-9a-f]*, +40) is not memory of this heap, though it lies in the \
mapping that holds the heap's own record, 40 bytes past the handle create() returned" \
    "F:  cause: likely a list head, bin or other field of that record taken for a free block"
# A malloc that takes the list one class below, a block smaller than the
# request, at the arena's end: out_of_heap blames that search, by the usable
# size it gave (it blamed a growth or an end-of-heap test, the request run
# 16 bytes past the mapping; round 16b's shm heap), in its cause: the what
# line says how much the block holds (it said a free block was taken).
printf 'version 7\nhold 240 256\nmalloc 0 32\nmalloc 1 32\nmalloc 2 32\nmalloc 3 32\nmalloc 4 32\nfree 4\nmalloc 5 64\n' \
    >"$out/bin-one-low.txt"
report_case bins-low bins -DSEARCH_ONE_CLASS_LOW "$out/bin-one-low.txt" \
    "F:is not memory of this heap, though usable_size() says 32, all of them its: it holds half the request or more" \
    "F:  cause: likely malloc's fit search, not the heap's end"
# ...and so is one the harness's own malloc(1) got after the free-all (a
# free that gives its block back to the top left the bin empty, its bit set):
# it went unjudged, and its free crashed on the record's bytes, blamed on a
# NULL link (round 15b's dlmalloc-style bins: a bare UBSan line).
printf 'version 2\nmalloc 0 1\nmalloc 1 1\nfree 0\nmalloc 2 1\n' >"$out/bin-emptied-by-top.txt"
report_case bins-top bins "-DBIT_LEFT_SET -DPRISTINE_TOP" "$out/bin-emptied-by-top.txt" \
    "G:^  what:  contains() says \[0x[0-9a-f]*, +1), the block the harness's own malloc(1) got after the frees, \
checking FUZZ_PRISTINE_AFTER_FREE_ALL, is not memory of this heap, though it lies in the mapping that holds the heap's \
own record" "F:  cause: likely a list head, bin or other field of that record"
# An munmap past what the allocator mapped is named at the free that made it
# (it unmapped a neighbour, or the sanitizer's memory, and failed far later).
crash_case unmap-page -DUNMAP_PAGE_TOO_MANY free-live "xF:halloc-fuzz: ORACLE unmap_foreign fired at op #1: free 0" \
    "G:where it cuts into another mapping, which it leaves partly mapped, freeing the block below" "G:^  block  slot 0 "
# One that starts off a page boundary (a tail cut at a block's end, not
# rounded up) is refused by the kernel and unmaps nothing: said so (it was
# told it cut into another mapping).
crash_case unmap-unaligned -DUNMAP_UNALIGNED free-live \
    "F:starts off a page boundary: the kernel refuses it (EINVAL) and unmaps nothing" \
    "G:^  cause: likely a start not rounded up to a page"
# The same a page below: it starts inside the mapping below the block's.
crash_case unmap-page-below -DUNMAP_PAGE_BELOW free-live "xF:halloc-fuzz: ORACLE unmap_foreign fired at op #1: free 0"
# An munmap that meets a hole the allocator made itself names the earlier
# munmap and its op: there the bug is (a pool's page unmapped by a free),
# not in destroy(), whose munmap of the whole chunk is right.
crash_case unmap-chunk-page -DUNMAP_CHUNK_PAGE free-live \
    "xF:halloc-fuzz: ORACLE unmap_foreign fired in destroy (after the final free-all; the adapter's destroy()) (after op #1 of 2)" \
    "F:, $(getconf PAGESIZE)) at op #1: free 0, freeing slot 0: one of the two munmap calls is wrong"
# An munmap that takes a live block with it (a region given back while it
# still held one) is named at the call, with the block it takes; else the
# block's next read faults ops later with nothing to say who unmapped it.
printf 'version 2\nmalloc 0 8\nmalloc 1 8\nfree 1\n' >"$out/two-then-free.txt"
crash_case unmap-live -DUNMAP_LIVE_BLOCK two-then-free "xF:halloc-fuzz: ORACLE unmap_live fired at op #2: free 1" \
    "F:takes live block 0 [" "F:  cause: likely a region given back while it still held this block"
# A free that unmaps less than its block's mapping, on a heap that claims
# FUZZ_UNMAPS_ON_DESTROY: left_mapped fires after destroy(), naming what
# it left mapped, the op that mapped it and the short munmap as the cause,
# by its call, op and length (it named only the op that mapped the page,
# where the bug is not).
# With the shadow off it is judged no more; asked (libfuzzer.sh asks when an
# out-of-memory passes alone), the run names the same in one line.
printf 'version 2\nmalloc 0 8\nmalloc 1 100\nfree 1\n' >"$out/two-one-freed.txt"
crash_case unmap-leaves-page -DUNMAP_LEAVES_PAGE two-one-freed \
    "xF:halloc-fuzz: ORACLE left_mapped fired in destroy (after the final free-all; the adapter's destroy()) (after op #2 of 3)" \
    "F:destroy() left $((page * 2)) bytes mapped, in 2 mappings this input made, though the adapter claims FUZZ_UNMAPS_ON_DESTROY; the first, [" \
    "F:  cause: likely an munmap length shorter than the mapping" \
    "E:; the unmap that ends where it begins, munmap\(0x[0-9a-f]+, $page\) (at op #2: free 1|in the final \
free-all).*, fell $page bytes short of the mapping's end, if both were one mapping"
report_case crash-unmap-leaves-page:maps-left-off crash -DUNMAP_LEAVES_PAGE "HALLOC_FUZZ_SHADOW=off $out/two-one-freed.txt" \
    "G:^replay: $out/two-one-freed.txt: ok (3 ops)\$"
report_case crash-unmap-leaves-page:maps-left crash -DUNMAP_LEAVES_PAGE \
    "HALLOC_FUZZ_SHADOW=off HALLOC_FUZZ_MAPS_LEFT=on $out/two-one-freed.txt" \
    "G:^halloc-fuzz: destroy() left $((page * 2)) bytes mapped, in 2 mappings this input made; the first, \[0x[0-9a-f]*, +$page), mapped at op #[01]: malloc [01] .*; the unmap that ends where it begins, munmap(0x[0-9a-f]*, $page) "
# A usable size below zero (a header's size less the header, read where the
# block has none) runs past the block's mapping; the block line says it is
# -8 (it gave 18446744073709551608 alone, and the cause blamed an end-of-heap check).
printf 'version 2\nmalloc 0 8\n' >"$out/one-8.txt"
crash_case usable-below-zero "-DUNMAP_LEAVES_PAGE -DUSABLE_BELOW_ZERO" one-8 \
    "F: (that is -8: usable_size() subtracted below zero, likely a header's size less the header read where"
# A block that starts where its page, mapped alone, ends (a slab's search one
# slot past the page's last) and that usable_size finds no block at: the
# report says where it starts (it said only that no block was found).
crash_case block-at-mapping-end "-DBLOCK_AT_MAPPING_END -DUSABLE_UNDERSTATED" one-8 \
    "F:is below the requested 8: usable_size found no block at this address, which the allocator itself just returned; it starts where a mapping made at op #0: malloc 0 8, ["
# A block whose usable bytes end where its own mapping ends, short of the
# request: the report names that mapping made short, not a class or a
# header (round 12: a big block's mapping without its alignment's slack).
printf 'version 2\nmalloc 0 4096\n' >"$out/map-4k.txt"
crash_case mapping-short -DMAPPING_SHORT map-4k \
    "F:; its usable bytes end at the end of the mapping made at op #0: malloc 0 4096, [" \
    "F:  cause: likely the mapping's length computed without what placing"
# The same block with contains() claimed: out_of_heap fires first, and names
# that mapping too (round 20's decay heap: told of a fit search taking a
# smaller free block whole).
crash_case mapping-short-bounded "-DMAPPING_SHORT -DCLAIMS_BOUNDS" map-4k \
    "F:; its usable bytes end at the end of the mapping made at op #0: malloc 0 4096, [" \
    "F:  cause: likely the mapping's length computed without what placing"
# ...but one that ends where a mapping an earlier op made ends (a heap's, a
# slab's) is that mapping's last free chunk handed out too small (round 18's
# vmem instant fit from the request's own list was told of a mapping short),
# the what line saying only when the mapping was made (it said the chunk).
printf 'version 4\nhold 62 48\nmalloc 0 100\n' >"$out/slab-last-short.txt"
report_case slab-DTAKES_BIGGER:slab-last-short slab -DTAKES_BIGGER "$out/slab-last-short.txt" \
    "F:; its usable bytes end at the end of the mapping made at op #0: hold 62 48, [" \
    "F:36 bytes short of the request: a mapping made before this block's op" \
    "F:  cause: likely a fit search that hands out a free chunk without"
# ...and one that starts where the mapping its own op made ends, a mapping
# that could hold it once at most: that mapping made short too (it said one
# slot past the last a slab's page holds, and blamed a size class).
crash_case block-at-mapping-end:block-at-mapping-end-4k "-DBLOCK_AT_MAPPING_END -DUSABLE_UNDERSTATED" map-4k \
    "F:which the allocator itself just returned; it starts at the end of the mapping made at op #0: malloc 0 4096, [" \
    "F:  cause: likely the mapping's length computed without what placing"
# Its report comes after destroy(): the allocator's checker is not run on the
# heap destroy() released (a slab's check() read its freed page table, and
# ASan's use-after-free in the user's checker stood in for the report).
crash_case unmap-leaves-page-checker "-DUNMAP_LEAVES_PAGE -DCHECK_FAILS_FROM=1000" two-one-freed \
    "xF:  allocator check: not run: destroy() has released the heap"
# A block that runs past the end of the allocator's mapping is named when
# it is returned (a fault in the harness's fill, at times ops later, said
# only "not all the block's", which reads as a usable size), not as one that
# runs past by as far as it starts into the mapping (below).
printf 'version 2\nmalloc 0 100\n' >"$out/past-mapping.txt"
crash_case past-mapping -DBLOCK_PAST_MAPPING past-mapping \
    "xF:halloc-fuzz: ORACLE past_mapping fired at op #0: malloc 0 100" \
    "F:+100) runs 36 bytes past the end of the mapping it starts in, [0x" \
    "!F:exactly as far as the block starts into it"
# One that runs past by as far as it starts into the mapping names the bytes
# before it left out of its size (round 14b's direct map grown in place
# 16 KiB past its reservation was told of an end-of-heap check).
printf 'version 2\nmalloc 0 %s\n' "$page" >"$out/past-by-offset.txt"
crash_case past-by-offset -DBLOCK_PAST_BY_OFFSET past-by-offset \
    "F:+$page) runs 64 bytes past the end of the mapping it starts in, [0x" \
    "F:(an mmap of the allocator's), exactly as far as the block starts into it" \
    "F:  cause: likely the block sized against its whole mapping"
# One whose bytes past its mapping the same call unmapped (a shrink in place
# that gave its tail pages back and kept the old size) names that unmap.
printf 'version 2\nmalloc 0 20000\nrealloc 0 100\n' >"$out/shrink-unmaps.txt"
crash_case shrink-keeps-size -DSHRINK_KEEPS_SIZE shrink-unmaps \
    "F:; the bytes past that end this call unmapped itself: munmap(0x" \
    "F:  cause: likely the block's size kept after the call gave part of its memory back"
# A block on a page boundary that an older one runs past names the older
# (round 14b: a span's last slot past its end was told of the heap's top).
printf 'version 2\nmalloc 0 100\nmalloc 1 100\n' >"$out/two-100.txt"
crash_case slot-past-span -DSLOT_PAST_SPAN two-100 \
    "F:; block 0, made at op #0: malloc 0 100, starts 64 bytes below the page boundary this block starts on and runs 36 bytes past it: an older block run past" \
    "F:  cause: likely the older block carved past the end of its span, run or page"
# A fault just past the end of a mapping the allocator made, where nothing
# is mapped, says how far past which mapping (a next-fit chunk whose first
# block counted the chunk's header faulted so in the pristine probe, named
# nowhere), not as a chunk too small, as below.
crash_case header-past-mapping -DHEADER_PAST_MAPPING past-mapping "F:  the fault's address 0x" \
    "E:^  the fault's address 0x[0-9a-f]+ lies 8 bytes past the end of \[0x[0-9a-f]+, \+$page\), a mapping the \
allocator made at op #0: malloc 0 100, where nothing of the allocator's is mapped\$" \
    "xF:  likely cause: a header or block placed past the end of its mapping (a length that counts the mapping's \
own header, or a size rounded past its end)"
# ...and, past a mapping an earlier op made (a heap's) that holds less than
# the request past its live blocks, also a chunk too small split as if it
# held the request (round 18: a skip list's best fit one node short, told
# only of a length counting a header)...
printf 'version 2\nmalloc 0 4000\nmalloc 1 100\n' >"$out/full-then-100.txt"
crash_case header-past-heap:header-past-full-heap -DHEADER_PAST_MAPPING=2 full-then-100 \
    "E:made at op #0: malloc 0 4000, where nothing of the allocator's is mapped; this call asks 100 bytes, and \
$((page - 4000)) lie past block 0, the mapping's highest live block\$" \
    "F:  likely cause: a free chunk smaller than the request split as if it held it, by a fit search one step short"
# ...but not where it holds the request (it was offered whenever the mapping
# was older than the call).
crash_case header-past-heap -DHEADER_PAST_MAPPING=2 two-100 \
    "E:made at op #0: malloc 0 100, where nothing of the allocator's is mapped; this call asks 100 bytes, and \
$((page - 100)) lie past block 0, the mapping's highest live block\$" \
    "!F:fit search" "F:  likely cause: a header or block placed past the end of its mapping"
# ...and one 8 bytes before the start of a mapping, nothing mapped below it
# (a merge that passed the heap's first block, round 17: no place named).
crash_case header-before-mapping -DHEADER_BEFORE_MAPPING past-mapping "F:  the fault's address 0x" \
    "E:^  the fault's address 0x[0-9a-f]+ lies 8 bytes before the start of \[0x[0-9a-f]+, \+$page\), a mapping \
the allocator made at op #0: malloc 0 100, where nothing of the allocator's is mapped"
# A block contains() disowns though it lies wholly inside a mapping the
# allocator made: the lookup is blamed (a slab masked to a page where slabs
# were aligned to 16 KiB was told of room handed out past what the heap got).
crash_case contains-misses -DCONTAINS_MISSES past-mapping \
    "F:is not memory of this heap, though it lies wholly inside a mapping the allocator made at op #0: malloc 0 100, [0x" \
    "F:  cause: likely contains(), or the lookup behind it, misses memory the heap has"
# ...and one that starts in such a mapping and runs past its end, how far.
crash_case contains-past "-DCONTAINS_MISSES -DBLOCK_PAST_MAPPING" past-mapping \
    "F:is not memory of this heap; it runs 36 bytes past the end of the mapping it starts in, [0x"
# ...also into another mapping of the allocator's right above it (a slot
# allocator's big block ran into its meta area, and the two were taken for
# one mapping the block lay wholly inside: the lookup was blamed).
crash_case contains-past-next "-DCONTAINS_MISSES -DBLOCK_PAST_MAPPING -DNEXT_PAGE_MAPPED" past-mapping \
    "F:is not memory of this heap; it runs 36 bytes past the end of the mapping it starts in, [0x" \
    "E:\(an mmap of the allocator's, made at op #0: malloc 0 100\), into the next one, \[0x[0-9a-f]+, \+$page\), \
made at op #0: malloc 0 100: mapped, but not this block's"
# With the oracles off, the fault in the harness's fill says the same.
report_case crash-past-mapping:past-mapping-off crash -DBLOCK_PAST_MAPPING "HALLOC_FUZZ_SHADOW=off $out/past-mapping.txt" \
    "G:^  block 0 runs 36 bytes past the end of the allocator's mapping it starts in, \[0x"
# A double free the adapter claims to detect, of a block the first free
# unmapped, faults in the allocator's read of it: the context names that
# munmap and the flag (it said only which op).
printf 'version 2\nmalloc 0 100\ndouble-free 0\n' >"$out/unmapped-double-free.txt"
crash_case unmap-reads-header "-DUNMAP_READS_HEADER -DCLAIMS_DOUBLE_FREE" unmapped-double-free \
    "F:  the block freed a second time was no longer mapped: the first free gave it back, by munmap(" \
    "F:at op #1: double-free 0, freeing slot 0; an allocator cannot read an unmapped block to tell a double free"
# ...and one whose lookup found the record of the mapping still listed, the
# fault in the mapping's first bytes far below the block, names that record
# (round 20's lookaside heap: its advice was the lookup the allocator made,
# and a second line blamed a walk stepping back past create's mapping).
crash_case unmap-keeps-record "-DUNMAP_READS_HEADER -DUNMAP_KEEPS_RECORD -DCLAIMS_DOUBLE_FREE" unmapped-double-free \
    "F:freeing slot 0; the free read that mapping's first bytes, below the block's header: its lookup found its record" \
    "F:; the fault is at byte 8 of it, 40 bytes before its first block: the mapping's own header, read through a pointer"
# A fault in memory the run before this one unmapped in its destroy() (round
# 21: a thread's owner cached by the heap's address, which the next heap
# shared) names that destroy(): the report said nothing of the address.
printf 'version 2\nmalloc 0 24\n' >"$out/malloc-24.txt"
report_case crash-kept-past-destroy crash -DKEPT_PAST_DESTROY "-n $out/malloc-24.txt $out/malloc-24.txt" \
    "G:lies in memory the run before this one (an earlier input in this process) unmapped in its destroy(): byte 64 of a \
mapping of $page bytes"
# A fault by a live block in memory no call of the run's made inaccessible
# (a guard page mapped PROT_NONE from the start) is placed by that block: a
# footer written past a block's rounding, a header read below it (the
# context said only which op, and which block it was freeing).
printf 'version 2\nmalloc 0 24\nfree 0\n' >"$out/free-24.txt"
crash_case free-writes-past-block -DFREE_WRITES_PAST_BLOCK free-24 \
    "F:lies 8 bytes past the end of live block 0, the block being freed, [0x" \
    "F:+24) (24 requested; placed at op #0: malloc 0 24)"
crash_case free-reads-below -DFREE_READS_BELOW_BLOCK free-24 \
    "F:lies 16 bytes before live block 0, the block being freed, [0x"
# A fault in a block freed lately (its page mapped anew PROT_NONE, no
# munmap or mprotect to name) names that block and the op that freed it.
printf 'version 2\nmalloc 0 24\nmalloc 1 24\nfree 0\nfree 1\n' >"$out/free-two.txt"
crash_case free-reads-freed -DFREE_READS_FREED free-two "F:lies at byte 0 of block 0 freed at op #2: free 0, [0x"
# A realloc that moved its block by mremap and returned the old address is
# named with that mremap (it read as a block the allocator freed or merged).
printf 'version 2\nmalloc 0 100\nrealloc 0 9000\n' >"$out/realloc-moves.txt"
crash_case realloc-moved-old -DREALLOC_KEEPS_MOVED_POINTER realloc-moves \
    "F:realloc returned the block's old address, but its memory was taken away during the call, by mremap(0x"
# A realloc that moved its block by mremap and left its record at the old
# address, or with the old length, is named with that mremap (round 19's
# BiBOP allocator: told of a lookup that misses, or of a fit search).
crash_case moved-keeps-length -DMOVED_KEEPS_LENGTH realloc-moves "F:where mremap(0x" \
    "F:usable_size() says $page, its length before: a record of the block that kept its length from before the move" \
    "F:  cause: likely realloc's mremap path recorded the block's new address but not"
# The old address is told by contains() asked there (what guessed at a
# record left at the old address, and said so of a record dropped too).
crash_case moved-keeps-address -DMOVED_KEEPS_ADDRESS realloc-moves \
    "E:moved a mapping of the allocator's in this op: contains\(\) still claims its place before the move, 0x[0-9a-f]+\$" \
    "F:  cause: likely realloc's mremap path left the block's record"
crash_case moved-drops-record -DMOVED_KEEPS_ADDRESS=2 realloc-moves \
    "E:in this op: contains\(\) no longer claims its place before the move either, 0x[0-9a-f]+\$" \
    "F:  cause: likely realloc's mremap path dropped the block's record"
# A big block's free refused after another's free removed its record names
# that free and usable_size() no longer finding the block (round 19's BiBOP
# hash table, a removal ending a probe chain: told as a lookup right for some
# blocks only).
printf 'version 2\nmalloc 0 9000\nmalloc 1 9000\nfree 0\nfree 1\n' >"$out/removal-loses.txt"
crash_case removal-loses-next -DREMOVAL_LOSES_NEXT removal-loses \
    "F:halloc-fuzz: ORACLE free_rejected fired at op #3: free 1" \
    "G:and since it was placed the free of slot 0 gave another back, munmap(0x.*; usable_size() of it now says 0, \
[0-9]* before: a lookup by address that lost this block" \
    "F:  cause: likely the table the allocator finds its big blocks in lost this one"
# Only where usable_size() no longer finds the block: one that still does
# (free's own test wrong, its record whole) names no removal; one not asked
# (HALLOC_FUZZ_USABLE=off) names the free, but only as what may have lost it.
crash_case index-tested-by-count -DINDEX_TESTED_BY_COUNT removal-loses \
    "F:halloc-fuzz: ORACLE free_rejected fired at op #3: free 1" "!F:gave another back" \
    "!F:  cause: likely the table the allocator"
report_case crash-removal-loses-next:crash-removal-loses-next-unasked crash -DREMOVAL_LOSES_NEXT \
    "HALLOC_FUZZ_USABLE=off $out/removal-loses.txt" \
    "F:no usable_size() asked (HALLOC_FUZZ_USABLE=off) to tell whether the lookup by address lost this block" \
    "F:  cause: perhaps the table the allocator finds its big blocks in"
# A fault at the heap mapping's start plus a pointer cut to 32 bits is named as
# a pointer stored where an offset belongs (round 16b's shared-memory heap: a
# list link written as a pointer in one path, its fault placed nowhere); the
# heap as it is replays the same trace clean.
printf 'version 2\nmalloc 0 8\nfree 0\nmalloc 1 8\n' >"$out/offset-reuse.txt"
report_case offset offset "" "$out/offset-reuse.txt" exit:0
report_case offset-link offset -DLINK_AS_POINTER "$out/offset-reuse.txt" \
    "G:^  the fault's address 0x300020000010 is the start of the mapping \[0x300010000000, +65536) that holds \
freed block 0 (made .*) plus 0x10000010, an address in that mapping cut to its low 32 bits: likely a pointer stored \
where the heap keeps offsets from its base"
echo "fuzz-check-adapters: mappings: an munmap past the allocator's mappings, or from below one, named at its" \
    "free, and one that meets a hole the allocator unmapped itself names the op that unmapped it; one that takes" \
    "a live block named with the block; a claimed double free that faults on a block the first free unmapped" \
    "named with that munmap; mappings a free left after destroy() firing left_mapped on a heap claiming" \
    "FUZZ_UNMAPS_ON_DESTROY, named when asked otherwise; a block that runs past its mapping's end fires past_mapping (right" \
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
