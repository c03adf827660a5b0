#!/bin/sh
# check-sanitizer-places.sh CC OUT HARNESS_OBJECTS...: a sanitizer's finding
# that comes with no signal (UBSan's, ASan's from its own check) is placed
# by the harness among the model's blocks (and a fault's address below any
# mapping named as UBSan's is) (fuzz/report-places.c, causes-blocks.c):
# crash-adapter.c's bugs of crash-carved.h (-DLINK_IN_LIVE_BLOCK, -DMERGES_LIVE_BELOW,
# -DMERGES_PAST_FREE_BELOW), crash-resize.h (-DREALLOC_COPIES_NEW_SIZE, -DCALLOC_ROUNDS_UP) and crash-asan.h
# (-DFREE_WRITES_PAST, -DFREE_WRITES_BELOW), line-adapter.c's header written at a start
# rounded down (-DSTART_ROUNDED_DOWN -DHEADER=64), marker-adapter.c's NULL
# link (-DMERGE_INTO_END) and regions-adapter.c's start word (-DSTART_WORD_FREE),
# built with the sanitizer on the harness objects
# check-adapters.sh compiled (the harness stays uninstrumented), which runs
# this; and each explanation's short form, which make fuzz-lab-batch's row
# carries, is read from them by report-why.sh.
set -eu
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
# A link the allocator read from a live block (a block handed out while on
# its free list), found by UBSan, whose address no signal gives: the context
# places the address UBSan printed among the block's bytes (it said nothing).
# Built with UBSan (the others have no sanitizer), which gcc and clang link
# alike.
printf 'version 4\nmalloc 0 48\nmalloc 1 48\n' >"$out/two-48.txt"
ubsan="-fsanitize=undefined -fno-sanitize-recover=undefined"
crash_case link-in-live-1 "$ubsan -DLINK_IN_LIVE_BLOCK=1" two-48 \
    "F:is 16 below the 8 bytes at byte 0 of live block 0 read as a pointer, ["
# ...and from a block the program freed, whose bytes still hold the pattern
# (a link left pointing into a block merged away): found among the blocks
# freed lately, named with the op that freed it (it said nothing: no live
# block holds the word).
# The same binary, its own log: the live case's log is read for its short form below.
printf 'version 4\nmalloc 0 48\nfree 0\nmalloc 1 48\n' >"$out/freed-48.txt"
report_case crash-link-in-live-1:link-in-freed crash "$ubsan -DLINK_IN_LIVE_BLOCK=1" "$out/freed-48.txt" \
    "F:is 16 below the 8 bytes at byte 0 of block 0 freed at op #1: free 0, ["
crash_case link-in-live-2 "$ubsan -DLINK_IN_LIVE_BLOCK=2" two-48 \
    "F:  the allocator computed that address from its own records, and it lies inside a live block"
# A header word {size, in-use bit} read as a link: UBSan's address, and a
# plain fault's, a little past a live block's size, named as that block's
# size word (round 19's emmalloc-style allocator: nothing was placed).
printf 'version 4\nmalloc 1 8\nmalloc 0 131072\nfree 1\n' >"$out/size-as-link.txt"
for sanitizer in "$ubsan" ""; do
    crash_case "size-as-link${sanitizer:+-ubsan}" "$sanitizer -DSIZE_AS_LINK" size-as-link \
        "F: (131097) is 25 past the usable size of live block 0, 131072, in no mapping of the allocator's, a number"
done
# ...but a link written at the very pointer a bad free was given on purpose
# is named as that pointer, not as the allocator's own records reaching a
# live block nor a link decoded wrong (round 19's BiBOP free, its slot
# offset untested, pushed a free-misaligned's pointer: both were said).
printf 'version 4\nmalloc 0 100\nfree-misaligned 0 +1\n' >"$out/free-off-by-1.txt"
crash_case links-at-pointer "$ubsan -DFREE_LINKS_AT_POINTER -DCLAIMS_BAD_FREE" free-off-by-1 \
    "F:is the pointer this op's free was given on purpose: free wrote there as into a block of its own" \
    "!F:all flipped" "!F:computed that address from its own records"
# ...a link kept encoded (safe-linking) decoded with another key: an address
# no user-space mapping has and no block's word, which the context calls a
# link decoded wrong (it said nothing).
crash_case link-decoded-wrong "$ubsan -DLINK_IN_LIVE_BLOCK=5" two-48 \
    "F:is no user-space address (at or above 2^47) and no word of a block: bytes taken for a pointer that never was one"
# ...and, the same binary, decoded with the page of a slot 4 KiB from the
# link's (a malloc of 40): the address is the start of the block it was
# meant to reach with its low bits flipped, which the context names (it
# placed it in the block's bytes alone; round 9's was 23 bytes past a live block).
printf 'version 4\nmalloc 0 48\nfree 0\nmalloc 1 40\n' >"$out/freed-40.txt"
report_case crash-link-decoded-wrong:link-decoded-off crash "$ubsan -DLINK_IN_LIVE_BLOCK=5" "$out/freed-40.txt" \
    "E:^  UBSan's address 0x[0-9a-f]+ is 0x[0-9a-f]+ with its low [0-9]+ bits? all flipped, the start of \
block 0 freed at op #1: free 0: likely a link kept encoded"
# ...and, a malloc of 24, a link to the heap's rest past live block 0 and its
# header, no block the harness holds: named by that block's end (round 9's
# was meant for a block freed too long before for the harness to hold).
printf 'version 4\nmalloc 0 48\nmalloc 1 24\n' >"$out/rest-24.txt"
report_case crash-link-decoded-wrong:link-decoded-off-rest crash "$ubsan -DLINK_IN_LIVE_BLOCK=5" "$out/rest-24.txt" \
    "E:^  UBSan's address 0x[0-9a-f]+ is 0x[0-9a-f]+ with its low [0-9]+ bits? all flipped, where a block may \
start 16 bytes past the end of live block 0 \(room for a header\), a free one the harness does not hold: likely a link"
# ...a header's size in 8-byte units taken for a link: an address below any
# mapping, which the context calls a number taken for a pointer (it said
# nothing: round 10's compact allocator, its first chunk's units odd).
crash_case link-is-number "$ubsan -DLINK_IN_LIVE_BLOCK=6" two-48 \
    "F:  UBSan's address 0x2001 (8193) lies below 64 KiB, where no user-space mapping can be (vm.mmap_min_addr), and is no word of a block: a number taken for a pointer"
# ...and the same number aligned (0x2000), which no UBSan check catches: a
# plain SIGSEGV there, built without UBSan, whose fault address the context
# names alike (it said nothing).
crash_case link-is-number-segv -DLINK_IN_LIVE_BLOCK=8 two-48 \
    "F:  the fault's address 0x2000 (8192) lies below 64 KiB, where no user-space mapping can be (vm.mmap_min_addr), and is no word of a block: a number taken for a pointer"
# ...an offset UBSan printed as two addresses ("with base 0x... overflowed
# to 0x..."), or a number it printed in decimal, that the block's bytes
# hold: the harness wrote it, so the allocator read it as its own (it placed
# only the base, or nothing).
crash_case link-in-live-3 "$ubsan -DLINK_IN_LIVE_BLOCK=3" two-48 "F:of live block 0 read as a number, [" \
    "G:^  UBSan's offset -[0-9]* (from 0x[0-9a-f]* to 0x[0-9a-f]*) is the 8 bytes at byte [0-9]* of live block 0"
crash_case link-in-live-4 "$ubsan -DLINK_IN_LIVE_BLOCK=4" two-48 \
    "F: is the 4 bytes at byte 4 of live block 0 read as a number, ["
# ...a word of the block's bytes taken for a size in units of a header, the
# index from the block's start overflowing past 2^47: the offset is blamed,
# not a link decoded wrong (a next-fit rover left in a merged block was told so).
crash_case step-by-bytes "$ubsan -DLINK_IN_LIVE_BLOCK=9" two-48 \
    "F:, and that base lies among the blocks (above): the offset is wrong, not a link: likely a size or count read where none is" \
    "!F:likely a link kept encoded"
# ...a walk into memory the allocator filled (0xa5, as a debug fill or a gap
# between pools), a word of it stepped by as a size: the address is a heap
# address plus the fill, which the context names (it said a link decoded wrong).
crash_case fill-walk "$ubsan -DLINK_IN_LIVE_BLOCK=7" two-48 \
    "F:plus 0xa5a5a5a5a5a5a5a5, the byte 0xa5 repeated: likely the allocator's fill bytes read as a size or link"
# ...near a block freed, with none live (the pools' walk came in a double free).
report_case crash-fill-walk:fill-walk-freed crash "$ubsan -DLINK_IN_LIVE_BLOCK=7" "$out/freed-48.txt" \
    "E:^  UBSan's address 0x[0-9a-f]+ is no user-space address .* bytes above freed block 0, plus 0xa5a5a5a5a5a5a5a5"
# A block cut to more than it holds (a fit search that took a block smaller
# than the request) steps by a size below zero, which UBSan prints as two
# addresses 48 bytes apart and no block's bytes hold: the context calls it a
# size that went below zero and names the fit search (it named no cause).
# Built with clang, as make fuzz is: gcc's check takes the offset for a
# signed one and lets the pointer step down.
printf 'version 4\nmalloc 0 16\nmalloc 1 80\n' >"$out/cut-past.txt"
cc_given=$cc cc=clang
crash_case cut-past-block "$ubsan -DCUT_PAST_BLOCK" cut-past \
    "F:  UBSan's offset, -48, is a size that went below zero: a difference of two sizes whose second was the bigger" \
    "!F:in this aligned allocation" "!F:a step back to a header or footer"
# A step of a word back to a footer written as an unsigned addition
# (c + (size_t)0 - 8) reaches the right address, and UBSan reports it: the
# context offers it beside the size below zero (it named only a fit search).
crash_case step-back-unsigned "$ubsan -DSTEP_BACK_UNSIGNED" cut-past \
    "F:; or, this close, a step back to a header or footer written as the addition of an unsigned offset"
# A size class taken of a header of size 0 (the end marker, before the test
# for it) stops UBSan at clz(0), with no number or address to place: the
# context says what such a 0 is (round 16b's shm heap gave no cause).
# gcc's UBSan does not check a builtin's argument.
printf 'version 4\nmalloc 0 65532\n' >"$out/malloc-65532.txt"
report_case marker-class-before-end-test marker "$ubsan -DCLASS_BEFORE_END_TEST" "$out/malloc-65532.txt" \
    "F:  likely cause: the allocator took clz() of 0, which has no answer; test for 0 before it: a size class"
cc=$cc_given
# A free that takes the live block below it for free (a boundary-tag flag
# left stale) reads that block's last word as a footer: the context names
# the block below the one being freed and the flag (it named only the bytes).
printf 'version 4\nmalloc 0 80\nmalloc 1 48\nfree 1\n' >"$out/free-above.txt"
crash_case merges-live-below "$ubsan -DMERGES_LIVE_BELOW" free-above \
    "F:  block 0 ends 16 bytes below block 1, the one being freed: the free took the block below for a free one"
# ...and one that steps down past free memory below by a stale footer, to the
# nearest live block's start: the context names the stale size (it named a
# block still on a free list).
printf 'version 4\nmalloc 0 80\nmalloc 1 32\nmalloc 2 48\nfree 1\nfree 2\n' >"$out/free-past.txt"
crash_case merges-past-free-below "$ubsan -DMERGES_PAST_FREE_BELOW" free-past \
    "F:  block 0, the nearest live block below block 2 (the one being freed), ends 64 bytes below it, and the free read"
# asan_case NAME DEFINES TRACE CHECK...: crash_case with ASan (its leak
# report off).
asan_case() {
    asan_name=$1 asan_defines=$2 asan_trace=$3
    shift 3
    report_case "crash-$asan_name" crash "-fsanitize=address $asan_defines" \
        "ASAN_OPTIONS=detect_leaks=0 $out/$asan_trace.txt" "$@"
}
# A realloc whose memcpy copies the new size reads past the old block: ASan
# reports it from its interceptor, with no signal, and the context places
# ASan's address as it would a fault's (it said nothing), as the read's first
# bad byte, by the block's start: not where the read began (it said "read
# of 200 bytes at" that byte, which read as the copy's start).
printf 'version 4\nmalloc 0 100\nrealloc 0 200\n' >"$out/realloc-grow.txt"
asan_case realloc-copies-new-size -DREALLOC_COPIES_NEW_SIZE realloc-grow "E:^  likely cause: ASan's \
heap-buffer-overflow in a read of 200 bytes: its first bad byte 0x[0-9a-f]+, byte 100 from the start of the block \
being reallocated, \[0x[0-9a-f]+, \+100\), lies on the first byte past its end, within the new size asked \(200\): \
a copy of the new size"
# A realloc sliding its block down into the free block below with memcpy:
# the copy's destination lies in that freed block, which the move may take;
# the context must not call it a stale link (it did), and must ask for memmove.
printf 'version 4\nmalloc 0 16\nmalloc 1 48\nfree 0\nrealloc 1 64\n' >"$out/slide-down.txt"
asan_case realloc-slides-down -DREALLOC_SLIDES_DOWN slide-down "E:^  ASan's memcpy-param-overlap: the copy's \
destination 0x[0-9a-f]+ lies at byte 0 of block 0 freed at op #2: free 0, \[0x[0-9a-f]+, \+16\) \(placed at op #0: \
malloc 0 16\): memory freed before, which the realloc may move its block into" "!F:a stale link" "F:memmove is needed"
# A realloc whose new place is the block it moves, 16 bytes in (a block still
# live handed out again): the copy's destination is named inside the block
# being reallocated, as the allocator's taking a live block for free; not a
# copy that needed memmove (it said so).
printf 'version 4\nmalloc 0 48\nrealloc 0 32\n' >"$out/realloc-shrink.txt"
asan_case realloc-reuses-live -DREALLOC_REUSES_LIVE realloc-shrink "E:^  likely cause: memcpy copied 32 bytes to 16 \
bytes above the start of the block being reallocated, inside it, and memmove would only hide that: the realloc's new \
place lies in the block it moves"
# A free that writes a footer past its block, caught by ASan's own check: the
# address is placed by the live block being freed, on its first byte past
# the end (as a signal's fault there is), or N bytes past it.
printf 'version 2\nmalloc 0 24\nfree 0\n' >"$out/free-24.txt"
asan_case free-writes-past -DFREE_WRITES_PAST free-24 "E:^  ASan's heap-buffer-overflow in a write of 8 bytes: its \
first bad byte 0x[0-9a-f]+ lies on the first byte past the end of live block 0, the block being freed, \[0x[0-9a-f]+, \+24\) \(24 \
requested; placed at op #0: malloc 0 24\)$"
asan_case free-writes-past-8 "-DFREE_WRITES_PAST -DFREE_WRITES_PAST_BY=8" free-24 "E:^  ASan's heap-buffer-overflow \
in a write of 8 bytes: its first bad byte 0x[0-9a-f]+ lies 8 bytes past the end of live block 0, the block being freed, "
# A free that recurses through a cycle until the stack runs out: ASan's
# stack-overflow is told as a cycle in a tree or list (it said nothing).
asan_case free-recurses -DFREE_RECURSES free-24 "E:^  the allocator's call used up the stack \(ASan's stack-overflow, \
its frames above repeating the function that recursed\): likely a walk of a tree or list whose links lead back"
# An overflow onto the first byte past a 15-byte block, which is also its
# start with its low 4 bits set: placed as an overflow, not as a link
# decoded a few bits off (the first build above, another trace).
printf 'version 2\nmalloc 0 15\nfree 0\n' >"$out/free-15.txt"
asan_case free-writes-past:free-15 -DFREE_WRITES_PAST free-15 \
    "F:lies on the first byte past the end of live block 0, the block being freed" "!F:all flipped"
# A write on the byte before a block, which is also its start with its low
# bits all set: placed as an underflow, 1 byte before the block, not also
# called a link decoded a few bits off (it was).
asan_case free-writes-below -DFREE_WRITES_BELOW free-24 "E:^  ASan's heap-buffer-overflow in a write of 1 byte: its \
first bad byte 0x[0-9a-f]+ lies 1 byte before live block 0, the block being freed, " "!F:all flipped"
# A calloc whose memset runs past the block it is making, which the model
# does not hold yet: ASan's address is said to lie past that heap region (it
# was placed 173 bytes past an unrelated live block, in a seed's replay).
printf 'version 4\nmalloc 0 100\ncalloc 1 3 34\n' >"$out/calloc-102.txt"
asan_case calloc-rounds-up -DCALLOC_ROUNDS_UP calloc-102 "E:^  ASan's heap-buffer-overflow in a write of [0-9]+ bytes: \
its first bad byte 0x[0-9a-f]+ lies on the first byte past the end of a 102-byte heap region at 0x[0-9a-f]+ that holds no live block: \
likely the block this op's call is making" "!G: of live block 0"
# A line pool that rounds its buffer's start down and writes its header
# there, in the lead (heap_5's region header): no block lies before the
# buffer, and only ASan's poisoned lead sees the write, so the harness's
# heap-place.c, which poisons it, is built with ASan here (the rest stays
# uninstrumented). The crash's where line names the rounding and its cause
# (it named the bytes before the buffer alone).
bin=$out/line-header-rounded-down
# shellcheck disable=SC2086 # $cc and $selftest_cflags are words
$cc $selftest_cflags -fsanitize=address -c fuzz/heap-place.c -o "$out/heap-place-asan.o"
hobjs_plain=$hobjs
# shellcheck disable=SC2086 # the harness objects are words
hobjs="$(printf '%s\n' $hobjs | grep -v '/heap-place\.c\.o$') $out/heap-place-asan.o"
build_on_harness "$bin" fuzz/selftest/line-adapter.c -fsanitize=address -DSTART_ROUNDED_DOWN -DHEADER=64
hobjs=$hobjs_plain
ASAN_OPTIONS=detect_leaks=0 "$bin" corpus/heap-lead.txt >"$bin.log" 2>&1 || true
if ! grep -qF "  where: ASan's use-after-poison in a write of 8 bytes: its first bad byte lies 32 bytes before the \
start of the buffer the harness gave create_in (in its lead, which the allocator was not given: poisoned under ASan); \
the buffer starts 32 bytes past a multiple of 64 (the adapter's alignment), and this lies within the 32 bytes \
rounding that start down takes in" "$bin.log" ||
    ! grep -q "^  cause: likely the buffer's start rounded down instead of up" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a line pool writing its header at its buffer's start rounded down: ASan's write" \
        "in the lead not named with the rounding and its cause; it printed:"
    cat "$bin.log"
    exit 1
fi
# A heap_4-style heap merging forward into its end marker, built with UBSan:
# its member access within the NULL link, no signal's, is named as the plain
# build's fault in the null page is (check-adapters.sh), a NULL link a merge
# with the marker took into the list (round 10's rtos heap was told only that
# the calls before may have broken what it met).
printf 'version 3\nfree-all\n' >"$out/marker-free-all.txt"
report_case marker-merge-into-end-ubsan marker "$ubsan -DMERGE_INTO_END" "$out/marker-free-all.txt" \
    "F:runtime error: member access within null pointer" \
    "F:  cause: likely malloc(1)'s split or its free's merge put a NULL link in the free list"
# A free whose merge with the block below stepped back by the region's start
# word, left without its in-use bit, into a live block and unlinked its bytes
# as a node: the context names that word and the merge past the region's
# start (round 19's emmalloc-style allocator: told only as a live block's
# bytes read as a pointer). Without the bug the trace replays clean.
printf 'version 4\nmalloc 0 4000\nmalloc 1 1000\nfree 1\n' >"$out/regions.txt"
report_case regions regions "$ubsan" "$out/regions.txt" "G:regions.txt: ok"
report_case regions-DSTART_WORD_FREE regions "$ubsan -DSTART_WORD_FREE" "$out/regions.txt" \
    "G:^  those bytes lie 1016 below block 1, the one being freed, 8 past its start less the word 16 bytes below it \
(0x400, read as a size): likely its merge with the block below stepped back by that word"
# make fuzz-lab-batch's row takes that line's short form, not the live
# block's bytes read as a pointer printed above it (round 19's row).
expect_why "regions-DSTART_WORD_FREE|the start word of the heap or of a region it grew by left without its in-use bit \
(a prologue that must read as used), so the merge went back past that start into memory in use"
# A non-canonical pointer followed faults with no address (ASan: "SEGV on
# unknown address", nothing placed; round 11's next-fit bug 1): the context
# calls it a wild pointer, and on x86-64 names the register that held it,
# here a freed block's first word, which a free that wrote no link left to
# the pop (slab-adapter.c -DLINK_NOT_WRITTEN); plain and under ASan.
printf 'version 4\nmalloc 0 48\nmalloc 1 48\nfree 0\nmalloc 2 48\nmalloc 3 48\n' >"$out/link-not-written.txt"
wild="^  the fault came with no address (the kernel's general-protection fault.*the allocator followed a wild \
pointer, a non-canonical one"
placed="^  register [a-z0-9]* held 0x[0-9a-f]*, the 8 bytes at byte 0 of block 0 freed at op #2: free 0, which the \
harness wrote there"
[ "$(uname -m)" = x86_64 ] || placed=$wild # the registers are read on x86-64 alone
for san in "" -fsanitize=address; do
    report_case "link-not-written$san" slab "$san -DLINK_NOT_WRITTEN" "$out/link-not-written.txt" "G:$wild" "G:$placed"
done
# ...and one read from a live block's bytes, in a stats() that walks the
# free list, names the op that handed those bytes out still listed: a
# realloc that grew a block in place into the free block after it and left
# that block listed (marker-adapter.c -DGROW_LEFT_LISTED: round 19's emm bug
# 7, told only that the op before stats() left the records broken), and a
# malloc that took the list's head and left it there (pool-adapter.c
# -DTAKEN_LEFT_LISTED -DLISTED_STATS), its link in the block's first word;
# plain and under ASan, on x86-64, where the registers are read.
printf 'version 4\nmalloc 0 100\nmalloc 1 100\nfree 1\nrealloc 0 200\n' >"$out/grow-left-listed.txt"
printf 'version 4\nmalloc 0 40\nfree 0\nmalloc 1 40\n' >"$out/taken-left-listed.txt"
for san in "" -fsanitize=address; do
    [ "$(uname -m)" = x86_64 ] || break
    report_case "grow-left-listed$san" marker "$san -DGROW_LEFT_LISTED" "$out/grow-left-listed.txt" \
        "G:^  byte 112 of live block 0 lies right at its old end (it had 112 usable bytes), where the free \
block after it kept its header and links, in what the realloc at op #3: realloc 0 200 added"
    report_case "taken-left-listed$san" pool "$san -DTAKEN_LEFT_LISTED -DLISTED_STATS" "$out/taken-left-listed.txt" \
        "G:^  byte 0 of live block 1 lies in its first words, .*; the block was handed out at op #2: malloc \
1 40: likely a block handed out while still on a free list"
    expect_why "grow-left-listed$san|likely memory handed out while still on a free list" \
        "taken-left-listed$san|likely a block handed out while still on a free list"
done
# ...and one met inside the report on a usable size never set (0xbebe...,
# 2^60 words; slab-adapter.c -DUSABLE_UNSET, its check() stepping by that
# size): the search of the blocks' words for the register's value stops at
# what the harness wrote (shadow.c), so the report ends, in well under the
# harness's 10 s alarm (timeout: unbounded, it ran for years).
printf 'version 4\nmalloc 0 48\nmalloc 1 48\nfree 0\nmalloc 2 48\n' >"$out/usable-unset.txt"
bin=$out/usable-unset
build_on_harness "$bin" fuzz/selftest/slab-adapter.c -DUSABLE_UNSET
scale_by_load 5 50 # load-scaled.sh, through selftest-build.sh: a busy machine alone is no hang
timeout "$scaled_seconds" "$bin" "$out/usable-unset.txt" >"$bin.log" 2>&1 || true
placed="^  register [a-z0-9]* held 0x[0-9a-f]*: non-canonical, and no block's word as it stands"
[ "$(uname -m)" = x86_64 ] || placed="^  the fault came with no address" # the registers: x86-64 alone
if ! grep -q "$placed" "$bin.log" || ! grep -qF "usable-unset.txt: FAILED: crashed (signal 11)" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a wild pointer met in the report on a block whose usable_size() is" \
        "0xbebebebebebebebe: its register not named as no block's word, or the report not ended within 5 s" \
        "(the search of the blocks' words unbounded); it printed:"
    cat "$bin.log"
    exit 1
fi
# ...and one that is a place among the blocks plus a word of a block's bytes
# (slab-adapter.c -DSTEPS_BY_OLD_SIZE: a pop steps from the freed block it
# takes by a size read at its byte 8, the program's bytes): both are named
# (it said only that the value was no block's word).
printf 'version 4\nmalloc 0 48\nmalloc 1 48\nfree 0\nmalloc 2 48\n' >"$out/steps-by-old-size.txt"
placed="^  register [a-z0-9]* held 0x[0-9a-f]*, 0x[0-9a-f]* (at byte 0 of block 0 freed at op #2: free 0) plus the 8 \
bytes at byte 8 of block 0 freed at op #2: free 0, which the harness wrote there while it was live: the allocator stepped"
[ "$(uname -m)" = x86_64 ] || placed="^  the fault came with no address" # the registers: x86-64 alone
report_case steps-by-old-size slab -DSTEPS_BY_OLD_SIZE "$out/steps-by-old-size.txt" "G:$placed"
# A walk by a 4-byte tag read from a live block's bytes (slab-adapter.c
# -DFOOTER_IN_BLOCK: block 1 steps back by the 4 bytes at byte 60 of block 0,
# the program's, as a lab mm.c whose small blocks get only their tags, asize
# = DSIZE, steps by a header its block's data overwrote): the fault's address
# stays canonical, and went unplaced. It must be named a place among the
# blocks less that word, and the tag inside a live block said. Such an
# address lands mapped in a layout in a hundred or so: a second pair of
# slots, another word, is tried when the first did not fault.
bin=$out/footer-in-block
build_on_harness "$bin" fuzz/selftest/slab-adapter.c -DFOOTER_IN_BLOCK
faulted=0
for slots in "0 1" "2 3"; do
    # shellcheck disable=SC2086 # $slots is the two slots, one word each
    printf 'version 4\nmalloc %s 64\nmalloc %s 64\n' $slots >"$out/footer-in-block.txt"
    "$bin" "$out/footer-in-block.txt" >"$bin.log" 2>&1 && continue
    { grep -q "^  the fault's address is 0x[0-9a-f]*, 0x[0-9a-f]* ([^)]* live block ${slots%% *}) less the 4 \
bytes at byte 60 of live block ${slots%% *} (placed at op #0: malloc ${slots%% *} 64), which the harness wrote there: the allocator stepped" \
        "$bin.log" && grep -q "^  that size lies where a header or footer is read .*, yet inside live block ${slots%% *} (64 bytes \
requested, usable 64), .*so the program's data overwrote that tag (" "$bin.log"; } || {
        echo "fuzz-check-adapters FAILED: a fault at a block's place less a 4-byte word of its bytes: not placed as" \
            "both, or no line that the tag lies inside a live block; it printed:"
        cat "$bin.log"
        exit 1
    }
    faulted=1
    expect_why "footer-in-block|the allocator keeps a header or footer inside this block, cut too small for its \
request, so the program's data overwrote that tag"
    break
done
[ "$faulted" = 1 ] || { echo "fuzz-check-adapters FAILED: slab-adapter.c -DFOOTER_IN_BLOCK faulted on neither" \
    "pair of slots ($out/footer-in-block.log)"; exit 1; }
# A malloc-lab mm.c whose heap grows with no new epilogue header
# (fuzz-lab-batch's f-no-epilogue, check-lab-batch.sh): its first malloc's
# walk passes the last block and steps by memlib's junk (0xa5 bytes) read
# past the heap's end. UBSan's address, and on x86-64 a plain build's
# register, is placed by that end (the row said only "wild pointer").
noepi=$out/no-epilogue lab_flags="-Ifuzz/adapters/malloclab"
grep -vF '/* new epilogue */' examples/malloclab/mm.c >"$noepi-mm.c"
printf 'version 7\nmalloc 0 30000\n' >"$noepi.txt"
# shellcheck disable=SC2086 # flags and objects are words
$cc $selftest_cflags $lab_flags -c fuzz/adapters/malloclab.c -o "$noepi-adapter.o" &&
    $cc $selftest_cflags $lab_flags -c fuzz/adapters/malloclab/memlib.c -o "$noepi-memlib.o" || exit 1
for san in "" "$ubsan"; do
    bin=$noepi${san:+-ubsan}
    # shellcheck disable=SC2086 # flags and objects are words
    $cc $selftest_cflags $lab_flags $san -c "$noepi-mm.c" -o "$bin-mm.o" &&
        $cc $san "$bin-mm.o" "$noepi-adapter.o" "$noepi-memlib.o" $hobjs -o "$bin" || exit 1
    "$bin" "$noepi.txt" >"$bin.log" 2>&1 || :
    [ -n "$san" ] || [ "$(uname -m)" = x86_64 ] || continue
    what="register [a-z0-9]* held"
    [ -z "$san" ] || what="UBSan's address is"
    grep -q "^  $what 0x[0-9a-f]*, 0x[0-9a-f]* ([^()]*the heap's end, 0x[0-9a-f]* by the adapter's contains()) plus \
0xa5a5a5a5a5a5a5a0, the byte 0xa5 repeated and its flag bits cleared: the allocator walked past its last block and off \
the heap" "$bin.log" || {
        echo "fuzz-check-adapters FAILED: a lab heap with no epilogue ($bin): its walk off the heap's end not" \
            "placed by it; it printed:"
        cat "$bin.log"
        exit 1
    }
    expect_why "${bin##*/}|likely a missing end marker or epilogue"
done
# The heap's end is contains()'s answer, and the context is printed in the
# fault's handler: a contains() that faults there (as one walking a heap the
# fault damaged would) is asked in a child, and the report comes whole (it
# ended after its first lines, the handler killed by the second fault).
if [ "$(uname -m)" = x86_64 ]; then
    bin=$noepi-hi-faults
    # shellcheck disable=SC2086 # flags and objects are words
    $cc $selftest_cflags $lab_flags -Dmem_heap_hi=memlib_heap_hi_kept -c fuzz/adapters/malloclab/memlib.c \
        -o "$bin-memlib.o" && $cc $selftest_cflags $lab_flags -c fuzz/selftest/heap-hi-faults.c -o "$bin-hi.o" &&
        $cc "$noepi-mm.o" "$noepi-adapter.o" "$bin-memlib.o" "$bin-hi.o" $hobjs -o "$bin" || exit 1
    "$bin" "$noepi.txt" >"$bin.log" 2>&1 || :
    grep -q "^  register [a-z0-9]* held 0x[0-9a-f]*: non-canonical" "$bin.log" || {
        echo "fuzz-check-adapters FAILED: a lab heap with no epilogue whose contains() faults in the crash handler" \
            "($bin): the report's register lines are missing; it printed:"
        cat "$bin.log"
        exit 1
    }
fi
# The short forms fuzz-lab-batch's row reads from these reports. A register
# placed in a freed block's bytes says more than the wild pointer line above
# it (report-why.sh took that line first); off x86-64 no register is read.
placed_why="the allocator took a freed block's old bytes for a link or size of its own"
[ "$(uname -m)" = x86_64 ] ||
    placed_why="the allocator followed a wild pointer, likely a link or size read from a block's bytes and taken for a pointer"
expect_why "link-not-written|$placed_why" "link-not-written-fsanitize=address|$placed_why"
[ "$(uname -m)" != x86_64 ] || expect_why "steps-by-old-size|the allocator stepped a pointer by a block's bytes read as a size"
listed_why="likely a block handed out while still on a free list" # the planted bug, named under the bytes' line
expect_why "crash-link-in-live-1|$listed_why" \
    "link-in-freed|the harness wrote them while the block was live, so the allocator took a freed block's old bytes for a header or link of its own" \
    "crash-link-in-live-2|a free list or header of its own reaches memory it handed out" \
    "crash-link-in-live-3|$listed_why" \
    "crash-link-in-live-4|$listed_why" \
    "crash-realloc-copies-new-size|a copy of the new size, not of the old block's" \
    "crash-realloc-reuses-live|the realloc's new place lies in the block it moves, live until the move ends, so the allocator took a live block for free memory" \
    "crash-link-decoded-wrong|likely a link kept encoded, decoded with another key or slot than its own" \
    "crash-link-is-number|likely a size, count or flags word read as a link" \
    "crash-link-is-number-segv|likely a size, count or flags word read as a link" \
    "crash-fill-walk|likely the allocator's fill bytes read as a size or link, a walk past the end of its blocks into memory it filled" \
    "link-decoded-off|likely a link kept encoded, decoded with another slot's address than its own" \
    "link-decoded-off-rest|likely a link kept encoded, decoded with another slot's address than its own" \
    "crash-cut-past-block|likely a block cut to more than it holds" \
    "crash-merges-live-below|the free took the block below for a free one to merge with, so likely the flag in the freed block's header that says the block below is free is stale" \
    "crash-merges-past-free-below|a split that carved block 0 off the front of a free chunk wrote the rest's header but not the size kept above it" \
    "crash-size-as-link|likely that block's size word read as a link, a header read where a link was meant" \
    "crash-size-as-link-ubsan|likely that block's size word read as a link, a header read where a link was meant" \
    "crash-links-at-pointer|free wrote there as into a block of its own, without first testing that the pointer is one" \
    "crash-step-back-unsigned|likely a block cut to more than it holds, or a step back as an unsigned addition" \
    "marker-class-before-end-test|a size class or bit index computed from a size of 0, a header no chunk wrote taken for a chunk's, or from a bitmap word already empty" \
    "usable-unset|the allocator followed a wild pointer, likely a link or size read from a block's bytes and taken for a pointer"
echo "fuzz-check-adapters: sanitizer findings with no signal placed among the blocks: UBSan's address in a live" \
    "block's bytes or inside one, or in none and no user-space address (a link decoded wrong, or a heap address plus a fill byte repeated: fill read as a size, or a base among the blocks moved by an offset: the offset to blame) or below any mapping (a number read as a link; a fault's address there too), or a little past a big block's size (its size word read as a link), or a block's start a few bits off (one decoded with the wrong slot) but not past a block's end or on the byte before it nor a bad free's own pointer, its offset between two addresses or its decimal number in a block's bytes, or the" \
    "offset a size below zero (a block cut to more than it holds), UBSan's clz(0) as a class taken of a size of 0, ASan's" \
    "address past a block a realloc copies from or a free writes past, or past the block a calloc is making, an" \
    "overlapping copy of a realloc sliding into a freed block as the move's own, one into the live block it moves as a live block taken for free, a" \
    "write in create_in's lead by a start rounded down with that rounding as its cause, UBSan's NULL member access" \
    "in the pristine check's free as a NULL link a merge with an end marker took, a fault with no address as a" \
    "wild pointer with the register that held it (its search ending on a usable size never set; one that is a" \
    "place among the blocks plus a block's word named as both; the register's" \
    "place, in a block's bytes, its short form), a fault's address that is a place among the blocks less a" \
    "4-byte word of a live block's request named as both, with the tag kept inside that block, a walk off the" \
    "heap's end by a fill read as a size named so (UBSan's address, a register; a contains() that faults asked" \
    "apart, the report whole), a live block's bytes a free's merge read stepping back by a region's start word" \
    "named with that word, a free's merge with a live block below (a stale flag, a stale footer) named above the" \
    "bytes it read, each" \
    "short form read for fuzz-lab-batch's row"
