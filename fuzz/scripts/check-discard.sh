#!/bin/sh
# check-discard.sh CC OUT HARNESS_OBJECTS...: madvise is watched like munmap
# (fuzz/selftest/discard-adapter.c, a bump allocator that drops a freed
# block's pages): -DROUND_OUT, whose range is rounded out to whole pages,
# fires discard_live at the free that drops a live neighbour's bytes (it
# fired pattern_corrupted ops later, naming no call), and -DCOUNT_FORGETS,
# a page given back by a count of its blocks that left one out, is told
# from it by the free stretches in its range; and a fault after such
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
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
# The toys replay every seed under seeds_limit (selftest-build.sh).
report_case discard discard "" "-q -s -t $seeds_limit corpus" exit:0
madvise='(0x[0-9a-f]*, [0-9]*, MADV_DONTNEED)'
printf 'version 4\nmalloc 0 100\nmalloc 1 8000\nmalloc 2 100\nfree 1\nverify-all\n' >"$out/discard-live.txt"
report_case discard-out discard -DROUND_OUT "$out/discard-live.txt" exit:1 \
    "G:^halloc-fuzz: ORACLE discard_live fired at op #3: free 1\$" "G:^  what:  madvise$madvise drops the contents of live block 0 " \
    "G:^  cause: likely a range given back that is rounded out to whole pages" "!F:no page-long stretch"
# A page given back whole when a free takes its count of live blocks to zero,
# a block left out of that count (round 21's mesh, bug 7: the slots a mesh
# took in): no stretch of it free of live blocks is a page long, so the cause
# is the count, not a range rounded out to pages (which it blamed).
printf 'version 4\nmalloc 0 100\nmalloc 1 48\nfree 0\n' >"$out/discard-count.txt"
report_case discard-count discard -DCOUNT_FORGETS "$out/discard-count.txt" exit:1 \
    "G:^  what:  madvise$madvise drops the contents of live block 1 .*; no page-long stretch of the range is free of \
live blocks: it holds 1, the longest free stretch [0-9]* bytes\$" \
    "G:^  cause: likely pages taken for empty while blocks live in them: a count of a page's"
printf 'version 4\nmalloc 0 8000\nfree 0\nmalloc 1 16\n' >"$out/discard-header.txt"
report_case discard-out:discard-header-unchecked discard -DROUND_OUT "HALLOC_FUZZ_ALLOCATOR_CHECK=off $out/discard-header.txt" exit:1 \
    "G:^halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #2: malloc 1 16" \
    "G:^  the allocator's last madvise$madvise at op #1: free 0 dropped "
# ...and an oracle's report names it too when one of the ops it lists made it (the check, after each op here).
report_case discard-out:discard-header discard -DROUND_OUT "$out/discard-header.txt" exit:1 \
    "G:^halloc-fuzz: ORACLE checker_failed fired at op #1: free 0" \
    "G:^  the allocator's last madvise$madvise at op #1: free 0 dropped "
# ...but not when the report names a block whose pages it did not touch: a
# free drops pages of its own block, and a block far above it is short.
printf 'version 4\nmalloc 0 20000\nfree 0\nmalloc 1 100\n' >"$out/discard-far.txt"
report_case discard-short discard "-DUSABLE_SHORT -DSTATS_OFF" "$out/discard-far.txt" \
    "xF:halloc-fuzz: ORACLE usable_too_small fired at op #2: malloc 1 100" "!G:the allocator's last madvise"
# ...nor in a report that names no block while the heap's check passes: a
# free's madvise of its own pages (a release by design) is no cause of the
# live-block count that free left wrong (it was offered for it).
printf 'version 4\nmalloc 0 30000\nfree 0\nmalloc 1 100\n' >"$out/discard-stats.txt"
report_case discard-short:discard-stats discard "-DUSABLE_SHORT -DSTATS_OFF" "$out/discard-stats.txt" \
    "xF:halloc-fuzz: ORACLE stats_mismatch fired at op #1: free 0" "xF:  allocator check: passed" \
    "!G:the allocator's last madvise"
# A page-trimming allocator whose merge left the "reads zero" mark of the
# chunk below on the block freed into it (trim-adapter.c -DMARK_KEPT_OVER_MERGE,
# round 13's, 300 s of make fuzz clean) is found by the seed
# corpus/calloc-trim-merge.txt, which no other seed reaches; the toy as it is
# replays every seed clean.
report_case trim trim "" "-q -s -t $seeds_limit corpus" exit:0
report_case trim-kept trim -DMARK_KEPT_OVER_MERGE corpus/calloc-trim-merge.txt \
    "xF:halloc-fuzz: ORACLE calloc_not_zero fired at op #6: calloc 4 10 1000"
# Round 13's trim bugs that its reports left short, without the allocator's
# check: a trim rounded down over the heap's header (-DTRIM_OVER_HEADER) is
# a leak after the probe's free, whose madvise the report names, with the
# bytes just below the probe's block; one ending at its chunk's end, over the
# footer (-DFOOTER_TRIMMED), a fault in the free above, the madvise said to
# end just below that block; a trim over a chunk's link (-DLINKS_TRIMMED) a
# block zeroed through it 11 ops later, past the ops listed, the madvise
# named as the latest over that block's bytes.
printf 'version 4\n' >"$out/trim-empty.txt"
report_case trim-DTRIM_OVER_HEADER trim -DTRIM_OVER_HEADER "$out/trim-empty.txt" "xF:halloc-fuzz: ORACLE not_pristine fired \
in the final free-all (every live block freed, lowest slot first) (before any op; the input has 0)" \
    "G:^  it starts 16 bytes below the block the harness's probe freed, at 0x[0-9a-f]*: "
printf 'version 4\nmalloc 0 16384\nmalloc 1 100\nfree 0\nfree 1\n' >"$out/trim-footer.txt"
report_case trim-DFOOTER_TRIMMED trim -DFOOTER_TRIMMED "$out/trim-footer.txt" \
    "xF:halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #3: free 1" "G:^  it ends 0 bytes below block 1, being freed, at 0x[0-9a-f]*: "
{
    printf 'version 4\nmalloc 0 4096\nmalloc 1 20000\nmalloc 2 100\nfree 1\nmalloc 3 100\n'
    for slot in 4 5 6 7 8 9 10 11 12; do echo "malloc $slot 16"; done
    echo "free 2"
} >"$out/trim-links.txt"
report_case trim-DLINKS_TRIMMED trim -DLINKS_TRIMMED "$out/trim-links.txt" \
    "xF:halloc-fuzz: ORACLE pattern_corrupted fired at op #14: free 2" \
    "G:^  that is the latest over block 3's bytes, made before the ops listed" \
    "G:^  the allocator's madvise$madvise at op #3: free 1 dropped "
# mprotect is watched too: pages a free protects (-DPROTECT), rounded out over a live neighbour,
# fire protect_live at that free; and a guard page placed over a block's last bytes
# (guard-adapter.c -DGUARD_SHORT) fires it when the block is handed out, naming the call
# (it was a SIGSEGV in the harness's fill, blamed on memory freed, unmapped or poisoned).
# Both toys as they are replay every seed clean.
report_case protect discard -DPROTECT "-q -s -t $seeds_limit corpus" exit:0
report_case guard guard "" "-q -s -t $seeds_limit corpus" exit:0
# A 0-byte block inside a guard page (DUMA's malloc(0)) has no bytes it takes: no protect_live.
report_case guard-zero guard -DZERO_IN_GUARD "-q -s -t $seeds_limit corpus" exit:0
report_case protect-out discard "-DPROTECT -DROUND_OUT" "$out/discard-live.txt" exit:1 \
    "xF:halloc-fuzz: ORACLE protect_live fired at op #3: free 1" \
    "G:^  what:  mprotect(0x[0-9a-f]*, [0-9]*, PROT_NONE) at op #3: free 1 makes bytes of live block 0 "
# A free protecting its mapping and one page more, over the live block mapped
# right above it: the report says the range runs past the freed mapping, made
# at the malloc it names (it offered only a guard over the block's own bytes).
printf 'version 4\nmalloc 0 100\nmalloc 1 100\nfree 1\n' >"$out/protect-past.txt"
report_case protect-past guard -DPROTECT_PAST "$out/protect-past.txt" exit:1 \
    "G:^  what:  mprotect(0x[0-9a-f]*, 12288, PROT_NONE) at op #2: free 1 (it starts in the mapping \[0x[0-9a-f]*, \
+8192) made at op #1: malloc 1 100 and runs 4096 bytes past that mapping's end)" \
    "E:^  cause: likely the mprotect's length counted with more than the mapping has"
# A block placed against its guard with its start rounded up: usable_too_small
# names the start rounded up at the guard (it named only a class edge).
printf 'version 4\nmalloc 0 100\n' >"$out/malloc-100.txt"
report_case start-up guard -DSTART_ROUNDED_UP "$out/malloc-100.txt" \
    "G:^  what:  usable size 96 is below the requested 100: the block ends where a page made inaccessible by \
mprotect(0x[0-9a-f]*, 4096, PROT_NONE) at op #0: malloc 0 100 starts, 4 bytes short$" \
    "E:^  cause: likely a block placed against its guard page with its start rounded up"
printf 'version 4\nmalloc 0 100\nmalloc 1 8190\n' >"$out/guard-last.txt"
report_case guard-short guard -DGUARD_SHORT "$out/guard-last.txt" exit:1 \
    "xF:halloc-fuzz: ORACLE protect_live fired at op #1: malloc 1 8190" \
    "G:^  what:  mprotect(0x[0-9a-f]*, 4096, PROT_NONE) at op #1: malloc 1 8190 makes bytes of live block 1 " \
    "G:^  cause: likely a guard page placed over the block's last bytes"
# A fault whose address lies in memory the run unmapped, or protected, names that call (it offered
# HALLOC_FUZZ_USABLE=off instead, which could not explain it): guard-adapter.c -DREAD_FREED reads the
# header of the block freed last, -DREAD_GUARD the last block's guard page.
printf 'version 4\nmalloc 0 100\nfree 0\nmalloc 1 100\n' >"$out/read-freed.txt"
printf 'version 4\nmalloc 0 100\nmalloc 1 100\n' >"$out/read-guard.txt"
report_case read-freed guard -DREAD_FREED "$out/read-freed.txt" exit:1 \
    "G:^halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #2: malloc 1 100" "!G:HALLOC_FUZZ_USABLE=off" \
    "G:^  the fault's address 0x[0-9a-f]* lies in memory this run had unmapped, by munmap(0x[0-9a-f]*, [0-9]*) at op #1: free 0[^:]*: "
report_case read-guard guard -DREAD_GUARD "$out/read-guard.txt" exit:1 \
    "G:^halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: malloc 1 100" "!G:HALLOC_FUZZ_USABLE=off" \
    "G:^  the fault's address 0x[0-9a-f]* lies in pages the allocator made inaccessible, by mprotect(0x[0-9a-f]*, 4096, \
PROT_NONE) at op #0: malloc 0 100: "
# A crash in a request that must fail (near SIZE_MAX) names the size wrapped as its likely cause, as
# huge_accepted does for one that returns (it named none): guard-adapter.c -DSIZE_WRAPS.
printf 'version 4\nmalloc 0 100\nhuge-malloc max-16\n' >"$out/size-wraps.txt"
report_case size-wraps guard -DSIZE_WRAPS "$out/size-wraps.txt" exit:1 \
    "G:^halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: huge-malloc max-16" \
    "G:^  likely cause: this op asks for more than can exist, which must fail; the size wrapped past SIZE_MAX"
# A block that starts in the sbrk heap and runs past the program break fires past_mapping naming the
# break (with no bounds claimed it was a fault in the harness's fill, or nothing within the last page):
# brk-adapter.c -DGROWTH_NO_HEADER grows the break by the block less its header; as it is, it replays
# a trace of blocks clean.
printf 'version 4\nmalloc 0 100\nmalloc 1 5000\nmalloc 2 24\n' >"$out/brk-blocks.txt"
report_case brk brk "" "$out/brk-blocks.txt" exit:0
report_case brk-short brk -DGROWTH_NO_HEADER "$out/brk-blocks.txt" exit:1 \
    "xG:halloc-fuzz: ORACLE past_mapping fired at op #0: malloc 0 100" \
    "G:^  what:  \[0x[0-9a-f]*, +100) runs 4 bytes past the end of the program break, "
# A fault past the break of a grown sbrk heap is named so, beside the live block whose bytes lie there
# (a break lowered over the tags below the top was placed nowhere), and one at (void *)-1 as sbrk's
# failure value used as memory (an unchecked growth was told of a wild link read from a block), and a
# block whose usable bytes run past it blames the growth, not usable_size: round 16.
printf 'version 4\nmalloc 0 100\n' >"$out/brk-request.txt"
printf 'version 4\nmalloc 0 16384\nmalloc 1 64\nfree 1\n' >"$out/brk-shrink.txt"
printf 'version 4\nmalloc 0 100\nmalloc 1 40000\n' >"$out/brk-unchecked.txt"
report_case brk-shrink brk -DSHRINK_PAST_LIVE "$out/brk-shrink.txt" exit:1 "F:bytes past the program break 0x"
report_case brk-unchecked brk -DSBRK_UNCHECKED "$out/brk-unchecked.txt" exit:1 \
    "F:at (void *)-1, the value sbrk and mmap (MAP_FAILED) return"
report_case brk-request brk -DGROWTH_BY_REQUEST "$out/brk-request.txt" exit:1 \
    "F:its last 12 usable bytes lie past the program break"
# A fault just past a block being reallocated to more, within the size asked, names a copy of the new
# size as its likely cause (it named none), the fault's byte counted from the block's start and the size
# asked said (a size beside the address read as the copy's start), and not what lies there (a slab's
# run past its old block met a mapping an earlier free had unmapped, and was called a pointer kept to
# memory given back):
# guard-adapter.c -DREALLOC_COPIES_NEW reads the old block's guard.
printf 'version 4\nmalloc 0 100\nrealloc 0 8000\n' >"$out/realloc-new.txt"
report_case realloc-new guard -DREALLOC_COPIES_NEW "$out/realloc-new.txt" exit:1 \
    "G:^halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: realloc 0 8000" \
    "G:^  likely cause: the fault's address 0x[0-9a-f]*, byte [0-9]* from the start of the block being reallocated, \[0x[0-9a-f]*, +[0-9]*), lies [0-9]* bytes past its end, within the new size asked (8000): a copy of the new size" \
    "!G:^  the fault's address .* lies in "
# A fault in reserved memory names the reservation; one in pages decommitted,
# the mprotect that did it, even where an unmap made in create() before
# the reservation took the address (round 15: blamed on that unmap).
printf 'version 4\nmalloc 0 100\nfree 0\n' >"$out/reserve.txt"
report_case reserve reserve "" "$out/reserve.txt" exit:0
unmapped="!G:lies in memory this run had unmapped"
report_case reserve-COMMIT_SHORT reserve -DCOMMIT_SHORT "$out/reserve.txt" "$unmapped" \
    "G:^  the fault's address 0x[0-9a-f]* lies in address space the allocator reserved, by \
mmap(0x[0-9a-f]*, 65536, PROT_NONE) in create, in a page not made accessible since: memory reserved but not committed"
report_case reserve-DECOMMIT_FIRST reserve -DDECOMMIT_FIRST "$out/reserve.txt" "$unmapped" \
    "G:^  the fault's address 0x[0-9a-f]* lies in pages the allocator made inaccessible, \
by mprotect(0x[0-9a-f]*, 4096, PROT_NONE) at op #1: free 0: .*pages decommitted while something still used them"
# An overflow of the allocator's own record from ASan's malloc (its commit
# map), all its blocks in its own mappings: named a record, not the block
# the op is making (round 15's reserve/commit heap).
printf 'version 4\nmalloc 0 100\nmalloc 1 65392\n' >"$out/reserve-fill.txt"
report_case reserve-MAP_OVERRUN reserve "-fsanitize=address -DMAP_OVERRUN" \
    "ASAN_OPTIONS=detect_leaks=0 $out/reserve-fill.txt" "!G:likely the block this op's call is making" "$unmapped" \
    "G:^  ASan's heap-buffer-overflow in a write of 1 byte: .* heap region at 0x[0-9a-f]* that holds no live block, \
and every live block (1) lies in mappings of the allocator's own, none in ASan's heap: likely a record of the allocator's own"
# A block handed out over pages a free decommitted ops before: protect_live names
# that free's mprotect as earlier, with a commit missing as cause, not a guard page
# (round 15's realloc grown into decommitted pages).
printf 'version 4\nmalloc 0 100\nmalloc 1 5000\nfree 1\nmalloc 2 5000\n' >"$out/reserve-regrow.txt"
report_case reserve-TOP_KEPT reserve -DTOP_KEPT "$out/reserve-regrow.txt" "!G:guard page placed" "$unmapped" \
    "G:^  cause: likely this block was handed out or grown in place over pages the allocator closed at that earlier op" \
    "G:^halloc-fuzz: ORACLE protect_live fired at op #3: malloc 2 5000" \
    "G:^  what:  mprotect(0x[0-9a-f]*, 4096, PROT_NONE) at op #2: free 1 (ops before this one; \
those pages not made accessible since) makes bytes of live block 2"
# A free whose junk fill runs past its block into the next one: the damage is
# named as that free's fill, and no header spaced short is guessed at, though
# the damage ends where the block above begins (round 15's randomized heap).
printf 'version 4\nmalloc 0 32\nmalloc 1 32\nmalloc 2 32\nfree 0\n' >"$out/junk-past.txt"
report_case junk-past discard -DJUNK_PAST "$out/junk-past.txt" "!G:where its header would lie" \
    "G:^  what:  live block's contents changed while the program owned it: 32 bytes from offset 0 differ.*; \
it lies 16 bytes past the end of block 0, .* freed at op #3: free 0 just before: that free wrote outside its block \
(every byte it changed holds one value: a fill of the freed block"
# A calloc that takes pages given back with MADV_FREE for zeroed names that
# madvise and its lazy freeing (round 19's BiBOP trim, told of a flag left
# set on a recycled block, its madvise said to make the pages read zero).
printf 'version 4\nmalloc 0 16384\nfree 0\ncalloc 1 4 4096\n' >"$out/lazy-free.txt"
report_case lazy-free discard -DLAZY_FREE_CALLOC "$out/lazy-free.txt" \
    "F:halloc-fuzz: ORACLE calloc_not_zero fired at op #2: calloc 1 4 4096" \
    "F:, MADV_FREE) at op #1: free 0, and MADV_FREE frees lazily: pages keep their bytes" \
    "F:  cause: likely calloc took memory given back with MADV_FREE for zeroed"
# ...and one that takes a page a release left out, the madvise a page short,
# names that madvise (round 20's decay purge: told as memory recycled).
report_case drop-short discard -DDROP_SHORT "$out/lazy-free.txt" \
    "F:halloc-fuzz: ORACLE calloc_not_zero fired at op #2: calloc 1 4 4096" "F:from offset 12288 (0x" \
    "F:, MADV_DONTNEED) at op #1: free 0 dropped: if the allocator took their page for given back too" \
    "F:  cause: likely a release of pages (a purge, a trim, a decay) a page shorter"
report_case drop-short-2 discard -DDROP_SHORT=2 "$out/lazy-free.txt" "F:from offset 8192 (0x" \
    "F:free 0 dropped: they run past its next page: if the allocator took them for given back too" \
    "F:  cause: likely memory never given back marked as reading zero"
echo "fuzz-check-adapters: discard: an madvise dropping a live block's pages named discard_live (a page a count took" \
    "for empty told from a range rounded out), and a fault after one" \
    "naming it; an mprotect over a live block, or a guard page over a block's last bytes, named protect_live, one running" \
    "past the mapping it starts in said so; a fault in memory the run unmapped, protected or reserved named with that call; an overflow of the allocator's own record named so; a block over pages closed ops before given a missing commit as cause; a crash" \
    "in a request near SIZE_MAX given the wrapped size as its cause; a fault past a block a realloc grows given its copy" \
    "of the new size as cause; a free's junk fill past its block named as such; a block past the program break fires past_mapping, a fault past it or at (void *)-1 named so, a usable size past it blamed on the growth; a trimming allocator's calloc" \
    "trusting a merge's pages found by its seed, or pages given back with MADV_FREE named so; its trims over a header," \
    "a footer or a link named in the reports"
