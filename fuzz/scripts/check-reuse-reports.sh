#!/bin/sh
# check-reuse-reports.sh CC OUT HARNESS_OBJECTS...: reports on memory handed
# out again name the call that went wrong, not only the damage:
# fuzz/selftest/reuse-adapter.c's planted bugs (and crash-adapter.c's
# -DREALLOC_GROWS_OVER_NEXT, classes-adapter.c's -DSLOT_PAST_PAGE, -DSLOT_PAST_LAST_PAGE
# and -DCLASS_EDGE_LOW, alias-adapter.c's -DALIASED, -DFREE_LINKS_BELOW, -DREMAPS_LIVE, -DLEAVES_ALIAS), each built on
# the harness objects check-adapters.sh compiled, which runs this.
set -eu
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
# reuse_case NAME[:LOG] DEFINES TRACE CHECK...: report_case of reuse-adapter.c
# into OUT/reuse-NAME, replaying the trace TRACE (text, version 5) from
# OUT/reuse-LOG.txt (LOG: NAME if not given) into OUT/reuse-LOG.log, without
# ASan's leak report.
reuse_case() {
    reuse_case=reuse-$1 reuse_defines=$2 reuse_trace=$out/reuse-${1#*:}.txt
    case $1 in *:*) reuse_case=reuse-${1%%:*}:reuse-${1#*:} ;; esac
    printf 'version 5\n%b' "$3" >"$reuse_trace"
    shift 3
    report_case "$reuse_case" reuse "$reuse_defines" "ASAN_OPTIONS=detect_leaks=0 $reuse_trace" "$@"
}
# With no bug planted, every case's trace replays clean.
clean=0
for trace in 'malloc 0 0\nfree 0\nmalloc 1 100\nmalloc 2 0\n' 'malloc 0 100\nmalloc 1 100\n' \
    'malloc 0 100\nfree 0\ncalloc 1 1 120\n' 'aligned 0 16384 1000\nmalloc 2 20000\nfree 0\nmalloc 1 20000\n' \
    'aligned 0 4096 1000\nfree 0\nmalloc 1 4100\naligned 2 4096 1000\n' \
    'hold 64 16\nrelease every-other\nhold 200 16\nrelease newer-half\nhold 3 16\nfree-all odd-even\n'; do
    clean=$((clean + 1))
    reuse_case "clean:clean-$clean" "" "$trace" "E:^replay: .*: ok"
done
# A free that gives its block back twice (to the top and to a list): both
# blocks lie in it, and the report names that free (it said only that
# memory in use was handed out again).
reuse_case twice -DGIVES_BACK_TWICE 'malloc 0 0\nfree 0\nmalloc 1 100\nmalloc 2 0\n' "E:^  what:  .*; both \
lie in block 0, \[0x[0-9a-f]+, \+16\), freed at op #1: free 0, and block 1 got its bytes since, at op #2: malloc \
1 100: memory freed once and handed out twice$" "E:^  cause: likely that free gave the block back twice"
# The same build's bug past 64 live blocks: a class's 97th block carved
# over its 96th. Only the held pool reaches it; the report names both
# blocks by their places in it.
reuse_case twice:twice-held -DGIVES_BACK_TWICE 'malloc 0 16\nhold 96 16\n' "E:^  what:  block \[0x[0-9a-f]+, \+16\) has the \
address of live block \[0x[0-9a-f]+, \+16\): one pointer handed out twice" \
    "E:^  block  held#95 +0x[0-9a-f]+ +requested 16" "E:^  other  held#94 "
# A usable size one class too large: the next block starts past the lower
# one's request, inside what usable_size() claims; the report blames
# usable_size() (it said memory in use was handed out again).
reuse_case next-class -DUSABLE_NEXT_CLASS 'malloc 0 100\nmalloc 1 100\n' "E:^  what:  block .* overlaps live \
block .*; only past block 0's request: its 100 bytes asked for end 60 bytes below block 1, which starts 160 bytes \
into the 256 usable_size\(\) said block 0 has - usable_size\(\) overstates it" \
    "G:^  cause: likely usable_size() overstates the lower block"
# A realloc that keeps its block and grows it over the next live block:
# the grow in place is named, not usable_size(), which says what the
# allocator recorded (a boundary-tag allocator of round 4, whose grow
# test counted a header twice, was sent to its usable_size()).
printf 'version 4\nmalloc 0 48\nmalloc 1 48\nrealloc 0 100\n' >"$out/grow-over-next.txt"
crash_case grows-over-next -DREALLOC_GROWS_OVER_NEXT grow-over-next \
    "F:; block 0 grew in place at this realloc, from 48 usable bytes to 112, over block 1, which starts 64 bytes into it" \
    "F:  cause: likely realloc's grow in place"
# A block carved at the top that starts inside the last block, which it
# runs past: the report names the heap's top (it blamed a split, a merge or
# a free list, none of which made it).
# (Built with the next case's bug too, which no realloc here meets: one build.)
reuse_case low-short "-DTOP_STARTS_LOW -DREALLOC_SLIDES_SHORT" 'malloc 0 100\nmalloc 1 100\n' "E:^  what:  block .* overlaps live block .*; \
it starts 96 bytes into block 0, the live block that ends highest, and runs 96 bytes past that block's end: the \
room above the heap's last block was taken to start inside it" "G:^  cause: likely the path that hands out the heap's top"
# The same binary: the realloc that slides an aligned block down to its
# allocation's start (-DREALLOC_ALIGNED_SLIDES, below) made by memmove 16
# bytes short: the loss is named as the move down over the block's old
# place and the bytes it copied (it said the old block was too small, a
# class or rounding that left out a header).
reuse_case low-short:low-short-moved "-DTOP_STARTS_LOW -DREALLOC_SLIDES_SHORT" 'aligned 0 64 200\nrealloc 0 300\n' "E:^  what:  realloc did not \
keep .*, and what it lost is the last 16 of them, from byte 284: the block moved [0-9]+ bytes down, over its old place \
.* and that move copied 284 bytes, not 300" "G:^  cause: likely the move into memory overlapping the block's old place copies a length"
# The same binary, an aligned block moved a page down: the bytes lost lie
# past the 16 asked, so the report must not call the block too small for
# them (it said "takes for 24 bytes, fewer than the 16 asked").
reuse_case low-short:low-short-page "-DTOP_STARTS_LOW -DREALLOC_SLIDES_SHORT" 'aligned 0 4096 16\nrealloc 0 40\n' "E:^  what:  realloc did \
not keep .*, from byte 24: a copy that stopped short, past the 16 bytes asked of the old block but short of the 40 to \
keep \(usable_size\(\) said [0-9]+\)"
# ...and one that grows into the free block below, further down than the
# bytes it keeps (80 bytes for 64): the new block reaches the old one, so the
# move is named still (it was told a copy of a block too small).
printf 'version 4\nmalloc 0 64\nmalloc 1 64\nfree 0\nrealloc 1 128\n' >"$out/slide-far.txt"
crash_case slides-far -DREALLOC_SLIDES_DOWN=2 slide-far \
    "F:and what it lost is the last 16 of them, from byte 48: the block moved 80 bytes down, over its old place"
# ...and one that lands 8 bytes off the alignment: misaligned names the
# realloc's move from an aligned block (it named the adapter's claim).
crash_case slides-off -DREALLOC_SLIDES_DOWN=3 slide-far "F:: realloc moved the block here from 0x" \
    "!F:is the adapter's .alignment"
# A calloc that zeroes a recycled block up to its last owner's request: the
# report names that request (it listed every way a zeroing goes short), the
# zeroing only up to it in the cause alone (the what line said it too).
reuse_case calloc-old -DCALLOC_OLD_SIZE 'malloc 0 100\nfree 0\ncalloc 1 1 120\n' "E:^  what:  calloc returned \
memory with 20 non-zero bytes from offset 100 \(0x[0-9a-f]+\): the zeroed bytes end where the request of block \
0, freed at this address at op #1: free 0, did \(100 bytes; it was 128 usable\)\$" \
    "F:  cause: likely calloc zeroes a recycled block only up to the size its last owner asked for"
# An aligned block freed as if its pointer started its allocation: the next
# block at that pointer runs past it, and the report names the aligned free.
reuse_case aligned-base:aligned-base-past -DALIGNED_FREED_AS_BASE 'aligned 0 16384 1000\nmalloc 2 20000\nfree 0\nmalloc 1 20000\n' \
    "E:^  what:  block .* overlaps live block .*; it starts in block 0, \[0x[0-9a-f]+, \+[0-9]+\), an \
aligned_alloc\(16384, 1000\) block, freed at op #2: free 0, but runs past that block's end into block 2"
# ...and with nothing live past it, the block handed out at the aligned
# pointer claims past its allocation's end, where the next aligned
# allocation's header lands, past its request: the damage is traced to the
# aligned free and the lead it lies in, before the usable size is suspected
# (the report blamed usable_size() alone). The cause says what that free did,
# and only the cause (the what line said it too).
reuse_case aligned-base -DALIGNED_FREED_AS_BASE 'aligned 0 4096 1000\nfree 0\nmalloc 1 4100\naligned 2 4096 1000\n' \
    "E:^  what:  live block's contents changed .*; block 1 was handed out at byte 0 of block 0, \[0x[0-9a-f]+, \+[0-9]+\), an \
aligned_alloc\(4096, 1000\) freed at op #1: free 0, and the damage lies at its end, [0-9]+ bytes \
below block 2, an aligned_alloc\(4096, 1000\) made at op #3: aligned 2 4096 1000, where its allocation's header lies; \
all past the 4100 bytes requested" \
    "G:^  cause: likely a free of an aligned block (from aligned_alloc) that puts the block's own pointer"
if [ "$(grep -c "not the start of the allocation it was cut from" "$report_log")" != 1 ]; then
    echo "fuzz-check-adapters FAILED: damage from an aligned free that gave back its aligned pointer kept the" \
        "cause of a write into a live block, or said that free's cause twice:"
    cat "$report_log"
    exit 1
fi
# A usable size read from a record never written, under ASan: its 0xbe fill
# is named (the report blamed a usable size too large), and the munmaps of
# ASan's own report on the fill's fault, which that size reaches, are not
# judged as the allocator's (unmap_live fired on one).
reuse_case unset "-fsanitize=address -DUSABLE_UNSET" 'malloc 0 24\n' "E:^  likely cause: usable_size\(\) returned \
0xbebebebebebebebe, ASan's fill of fresh malloc memory \(malloc_fill_byte 0xbe\): the field it read" "!G:ORACLE"
# A realloc that slides an aligned block down to its allocation's start
# with memcpy, under ASan: its memcpy-param-overlap (no address ASan keeps
# for the harness) is placed by both ranges, memmove named, and no
# HALLOC_FUZZ_USABLE=off offered, as no data was found damaged (it said
# nothing of where, and offered that switch).
reuse_case slides "-fsanitize=address -DREALLOC_ALIGNED_SLIDES" 'aligned 0 64 200\nrealloc 0 300\n' \
    "E:^  ASan's memcpy-param-overlap: the copy's destination 0x[0-9a-f]+ lies [0-9]+ bytes before live block 0, the \
block being reallocated" "E:^  ASan's memcpy-param-overlap: the copy's source 0x[0-9a-f]+ lies at byte 0 of live block 0, the \
block being reallocated" "E:^  likely cause: memcpy copied 300 bytes between ranges [0-9]+ \
bytes apart, which overlap: memmove is needed where a block moves into memory overlapping its old place" \
    "!G:HALLOC_FUZZ_USABLE=off"
# A slot placed one past its page's last, at the start of the next page, of
# another class: usable_too_small names the page's other live block of that
# size and a slot past its page as cause (round 15's randomized heap: "a
# lookup that misses the block" alone).
printf 'version 4\nmalloc 0 800\nmalloc 1 800\nfree 0\nmalloc 2 1600\nmalloc 3 1600\nmalloc 4 1600\n' >"$out/classes-past-page.txt"
report_case classes-past-page classes -DSLOT_PAST_PAGE "$out/classes-past-page.txt" \
    "G:^  what:  usable size 1024 is below the requested 1600; it starts the page at 0x[0-9a-f]*, which holds \
live block 1 at byte 1024, usable 1024 too" "G:^  cause: likely a slot placed past the end of its own page"
# One past the last page's slots, on a free page whose record usable_size
# follows (NULL), right after that page's last block: the crash context names
# a slot carved past its page (round 19's BiBOP: told only as a lookup), on
# a likely-cause line of its own, the lookup's guess not offered (the guess
# was on the telling line).
printf 'version 4\nmalloc 0 1000\nmalloc 1 1000\nmalloc 2 1000\nmalloc 3 1000\nmalloc 4 1000\n' >"$out/classes-past-last-page.txt"
report_case classes-past-last-page classes -DSLOT_PAST_LAST_PAGE "$out/classes-past-last-page.txt" \
    "xF:  block 4 starts a page, and live block 3, usable 1024, ends right there, no header between them" \
    "G:^  likely cause: a slot carved past the end of the page it belongs to: " "!F:usable_size's lookup"
# ...which a lab-batch row's short form is (it was the NULL followed).
expect_why "classes-past-last-page|a page's slot count that leaves out the page's header (the page's size over the \
slot's, not the page less its header) or runs one too far, so the last slots lie on the next page, over its header, \
which usable_size read for this block"
# A class rounded down by a header's size, its slot packed against the live
# slot below with no header between them: a class edge, not a request sized
# without its header (round 20's decay heap, headerless, was told so).
printf 'version 4\nmalloc 0 1024\nmalloc 1 1040\n' >"$out/classes-edge-low.txt"
report_case classes-edge-low classes -DCLASS_EDGE_LOW "$out/classes-edge-low.txt" \
    "G:^  what:  usable size 1024 is below the requested 1040: short by a header's size, but live block 0 \
ends right where it starts: no header lies between them" \
    "G:^  cause: likely a size class edge off by one: the request given the class below"
# Two addresses of one page (alias-adapter.c -DALIASED, as a Mesh-style heap's meshed spans): the
# block placed half the heap above block 0 shares its storage, and block 0's damage names that block,
# the pages between them and the page shown at both (it blamed bookkeeping written into block 0).
printf 'version 5\nmalloc 0 4096\nmalloc 1 4096\nmalloc 2 4096\nverify-all\n' >"$out/alias.txt"
for input in corpus "$out/alias.txt"; do
    report_case "alias:alias-$(basename "$input" .txt)" alias "" "-q -s -t $seeds_limit $input" exit:0
done
report_case alias-twice alias -DALIASED "$out/alias.txt" \
    "G:^  what:  live block's contents changed while the program owned it: .*; the bytes found are block 2's, \
from its offset 0, \[0x[0-9a-f]*, +4096), made at op #2: malloc 2 4096: it shares no address with this block but \
lies 2 pages above, at the same offset in its page: both addresses show one page of memory" \
    "G:^  cause: likely a page mapped at two addresses"
# ...and, found on the engines' schedule after block 2's free, named as that freed block's bytes.
printf 'version 5\nmalloc 0 4096\nmalloc 1 4096\nmalloc 2 4096\nfree 2\nverify-all\n' >"$out/alias-freed.txt"
report_case alias-twice:alias-twice-freed alias -DALIASED "-s $out/alias-freed.txt" \
    "G:^  what:  .*; the bytes found are block 2's, from its offset 0, \[0x[0-9a-f]*, +4096), freed at op #3: \
free 2: it shares no address with this block but lies 2 pages above, at the same offset in its page: both \
addresses show one page of memory, and that block's bytes, from before its free, are this one's now"
# Damage through the other address that is no block's pattern (a free's link written below its block, on
# the page the block above half the heap shares): the kernel's record of the mappings names the other
# address and the block freed there (it blamed bookkeeping written into block 3, as round 21's Mesh-style
# heap without its check was told).
printf 'version 5\nmalloc 0 16\nfree 0\nmalloc 1 16\nmalloc 2 8160\nmalloc 3 16\nfree 1\nverify-all\n' \
    >"$out/alias-link.txt"
report_case alias-link alias "-DALIASED -DFREE_LINKS_BELOW" "$out/alias-link.txt" \
    "G:^  what:  live block's contents changed while the program owned it: .*; its page shows page 0 of \
/memfd:alias-adapter (deleted), as does the page 2 pages below (/proc/self/maps): at the same offset, 0x[0-9a-f]*, \
there lay block 0, \[0x[0-9a-f]*, +16), freed at op #1: free 0: both addresses show one page of memory" \
    "G:^  cause: likely a page mapped at two addresses"
# ...and the page under a live block mapped anew by a later op onto a file page no other address shows:
# that mapping and its op are named (it blamed bookkeeping written into block 0).
printf 'version 5\nmalloc 0 4096\nmalloc 1 4096\nmalloc 2 16\nverify-all\n' >"$out/alias-remap.txt"
report_case alias-remap alias -DREMAPS_LIVE "$out/alias-remap.txt" \
    "G:^  what:  live block's contents changed while the program owned it: .*; its page was mapped anew at op #2: \
malloc 2 16, showing page 4 of /memfd:alias-adapter (deleted), which no other address shows, after the block was \
made at op #0: malloc 0 4096: a mapping made over a live block" \
    "G:^  cause: likely a page mapped (an mmap with MAP_FIXED)"
# ...and when another address showed that file page until then, and the same op mapped it elsewhere (a
# remap that moved one alias and left the other), that address and op too (it said nothing of them).
report_case alias-left alias "-DREMAPS_LIVE -DLEAVES_ALIAS" "$out/alias-remap.txt" \
    "G:^  what:  .*; its page was mapped anew at op #2: malloc 2 16, showing page 4 of /memfd:alias-adapter \
(deleted), which no other address shows (the page 3 pages above, 0x[0-9a-f]*, showed it until an mmap at op #2: \
malloc 2 16 mapped another there), after the block was made at op #0: malloc 0 4096: a mapping made over a live block"
# ...and when the block's page was mapped before the block was made, and its twin moved since: that twin and
# the op that moved it alone, and a cause to match (it said nothing of either: the twin was said only
# inside a "mapped anew" clause).
report_case alias-twin-moved alias "-DALIASED -DMOVES_TWIN" "$out/alias-remap.txt" \
    "G:^  what:  live block's contents changed while the program owned it: .*; its page shows page 0 of \
/memfd:alias-adapter (deleted), which no other address shows (the page 2 pages above, 0x[0-9a-f]*, showed it until \
an mmap at op #2: malloc 2 16 mapped another there)\$" \
    "G:^  cause: likely a remap that moved the other address off this page and left this one on it"
# The short forms fuzz-lab-batch's row reads from these reports.
expect_why "reuse-slides|memmove is needed where a block moves into memory overlapping its old place" \
    "reuse-unset|the field it read (in a header, or in a record the allocator malloc'd) was never set on the path \
that made block 0"
echo "fuzz-check-adapters: a block handed out twice traced to the free that gave it back twice, one past 64 live" \
    "blocks (a class's 97th carved over its 96th) caught by a hold and named by its place in the held pool, an overlap only" \
    "past a request blamed on usable_size(), a block carved from inside the topmost one said so, a calloc zeroing only the last owner's request said so, a block" \
    "running past a freed aligned block traced to its free, and damage past a request there traced to it too, a" \
    "usable size of ASan's fill named, and no munmap" \
    "of ASan's report judged, a memcpy-param-overlap placed by both ranges, a move down that copied short" \
    "named with the bytes it copied, one short only past the request not called too small, each short form read for" \
    "fuzz-lab-batch's row, a slot past its page's end into another class's page named, and one on a free page" \
    "whose usable_size crashed, a headerless slot a header's size short told as a class edge, damage by a block" \
    "on the same storage two pages up named, live or freed, and by the kernel's maps when its bytes are no block's," \
    "and a page mapped anew under a live block named with its op, and the op that took the page's other address off it," \
    "that op alone where the block's page was mapped before it"
