#!/bin/sh
# check-reuse-reports.sh CC OUT HARNESS_OBJECTS...: reports on memory handed
# out again name the call that went wrong, not only the damage:
# fuzz/selftest/reuse-adapter.c's planted bugs (and crash-adapter.c's
# -DREALLOC_GROWS_OVER_NEXT, classes-adapter.c's -DSLOT_PAST_PAGE, -DSLOT_PAST_LAST_PAGE
# and -DCLASS_EDGE_LOW, alias-adapter.c's -DALIASED), each built on the harness objects check-adapters.sh
# compiled, which runs this.
set -eu
cc=$1 out=$2
shift 2
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
hobjs=$*
# reuse_case NAME DEFINES TRACE REGEX WHAT: reuse-adapter.c built with
# DEFINES into OUT/reuse-NAME replays the trace TRACE (text, version 5) and
# prints a line matching REGEX (grep -E), or the check fails saying WHAT. A
# binary this script already built under NAME is run again: the clean
# traces share one build.
reuse_built=
reuse_case() {
    bin=$out/reuse-$1
    case "$reuse_built" in
    *"|$1|"*) ;;
    *)
        # shellcheck disable=SC2086 # DEFINES are words
        build_on_harness "$bin" fuzz/selftest/reuse-adapter.c $2
        reuse_built="$reuse_built|$1|"
        ;;
    esac
    printf 'version 5\n%b' "$3" >"$bin.txt"
    ASAN_OPTIONS=detect_leaks=0 "$bin" "$bin.txt" >"$bin.log" 2>&1 || true
    grep -qE "$4" "$bin.log" || { echo "fuzz-check-adapters FAILED: $5; it printed:"; cat "$bin.log"; exit 1; }
}
# With no bug planted, every case's trace replays clean.
for trace in 'malloc 0 0\nfree 0\nmalloc 1 100\nmalloc 2 0\n' 'malloc 0 100\nmalloc 1 100\n' \
    'malloc 0 100\nfree 0\ncalloc 1 1 120\n' 'aligned 0 16384 1000\nmalloc 2 20000\nfree 0\nmalloc 1 20000\n' \
    'aligned 0 4096 1000\nfree 0\nmalloc 1 4100\naligned 2 4096 1000\n' \
    'hold 64 16\nrelease every-other\nhold 200 16\nrelease newer-half\nhold 3 16\nfree-all odd-even\n'; do
    reuse_case clean "" "$trace" "^replay: .*: ok" "reuse-adapter.c with no bug planted failed"
done
# A free that gives its block back twice (to the top and to a list): both
# blocks lie in it, and the report names that free (it said only that
# memory in use was handed out again).
reuse_case twice -DGIVES_BACK_TWICE 'malloc 0 0\nfree 0\nmalloc 1 100\nmalloc 2 0\n' "^  what:  .*; both \
lie in block 0, \[0x[0-9a-f]+, \+16\), freed at op #1: free 0, and block 1 got its bytes since, at op #2: malloc \
1 100: memory freed once and handed out twice - that free likely gave it back twice" \
    "a block handed out twice not traced to the free that gave it back twice"
# The same build's bug past 64 live blocks: a class's 97th block carved
# over its 96th. Only the held pool reaches it; the report names both
# blocks by their places in it.
reuse_case twice -DGIVES_BACK_TWICE 'malloc 0 16\nhold 96 16\n' "^  what:  block \[0x[0-9a-f]+, \+16\) has the \
address of live block \[0x[0-9a-f]+, \+16\): one pointer handed out twice" \
    "a class's 97th block carved over its 96th (held#95) not reported"
if ! grep -qE "^  block  held#95 +0x[0-9a-f]+ +requested 16" "$bin.log" || ! grep -qE "^  other  held#94 " "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a block handed out twice past 64 live blocks not named by its place" \
        "in the held pool (held#N); it printed:"
    cat "$bin.log"
    exit 1
fi
# A usable size one class too large: the next block starts past the lower
# one's request, inside what usable_size() claims; the report blames
# usable_size() (it said memory in use was handed out again).
reuse_case next-class -DUSABLE_NEXT_CLASS 'malloc 0 100\nmalloc 1 100\n' "^  what:  block .* overlaps live \
block .*; only past block 0's request: its 100 bytes asked for end 60 bytes below block 1, which starts 160 bytes \
into the 256 usable_size\(\) said block 0 has - usable_size\(\) overstates it" \
    "an overlap only past a request, within usable_size(), not blamed on usable_size()"
grep -q "^  cause: likely usable_size() overstates the lower block" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: an overlap usable_size() made kept the cause of memory handed out again:"
    cat "$bin.log"; exit 1; }
# A realloc that keeps its block and grows it over the next live block:
# the grow in place is named, not usable_size(), which says what the
# allocator recorded (a boundary-tag allocator of round 4, whose grow
# test counted a header twice, was sent to its usable_size()).
printf 'version 4\nmalloc 0 48\nmalloc 1 48\nrealloc 0 100\n' >"$out/grow-over-next.txt"
crash_case grows-over-next -DREALLOC_GROWS_OVER_NEXT grow-over-next "" \
    "; block 0 grew in place at this realloc, from 48 usable bytes to 112, over block 1, which starts 64 bytes into it"
crash_case grows-over-next -DREALLOC_GROWS_OVER_NEXT grow-over-next "" "  cause: likely realloc's grow in place"
# A block carved at the top that starts inside the last block, which it
# runs past: the report names the heap's top (it blamed a split, a merge or
# a free list, none of which made it).
# (Built with the next case's bug too, which no realloc here meets: one build.)
reuse_case low-short "-DTOP_STARTS_LOW -DREALLOC_SLIDES_SHORT" 'malloc 0 100\nmalloc 1 100\n' "^  what:  block .* overlaps live block .*; \
it starts 96 bytes into block 0, the live block that ends highest, and runs 96 bytes past that block's end: the \
room above the heap's last block was taken to start inside it" "a block carved from inside the topmost one not said so"
grep -q "^  cause: likely the path that hands out the heap's top" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: an overlap at the heap's top kept the cause of a free list:"
    cat "$bin.log"; exit 1; }
# The same binary: the realloc that slides an aligned block down to its
# allocation's start (-DREALLOC_ALIGNED_SLIDES, below) made by memmove 16
# bytes short: the loss is named as the move down over the block's old
# place and the bytes it copied (it said the old block was too small, a
# class or rounding that left out a header).
reuse_case low-short "-DTOP_STARTS_LOW -DREALLOC_SLIDES_SHORT" 'aligned 0 64 200\nrealloc 0 300\n' "^  what:  realloc did not \
keep .*, and what it lost is the last 16 of them, from byte 284: the block moved [0-9]+ bytes down, over its old place \
.* and that move copied 284 bytes, not 300" "a realloc whose move down copied short not said so"
grep -q "^  cause: likely the move into memory overlapping the block's old place copies a length" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: a short move down kept the cause of any copy of the wrong length:"
    cat "$bin.log"; exit 1; }
# The same binary, an aligned block moved a page down: the bytes lost lie
# past the 16 asked, so the report must not call the block too small for
# them (it said "takes for 24 bytes, fewer than the 16 asked").
reuse_case low-short "-DTOP_STARTS_LOW -DREALLOC_SLIDES_SHORT" 'aligned 0 4096 16\nrealloc 0 40\n' "^  what:  realloc did \
not keep .*, from byte 24: a copy that stopped short, past the 16 bytes asked of the old block but short of the 40 to \
keep \(usable_size\(\) said [0-9]+\)" "a copy short only past the request called a block too small for it"
# ...and one that grows into the free block below, further down than the
# bytes it keeps (80 bytes for 64): the new block reaches the old one, so the
# move is named still (it was told a copy of a block too small).
printf 'version 4\nmalloc 0 64\nmalloc 1 64\nfree 0\nrealloc 1 128\n' >"$out/slide-far.txt"
crash_case slides-far -DREALLOC_SLIDES_DOWN=2 slide-far "" \
    "and what it lost is the last 16 of them, from byte 48: the block moved 80 bytes down, over its old place"
# ...and one that lands 8 bytes off the alignment: misaligned names the
# realloc's move from an aligned block (it named the adapter's claim).
crash_case slides-off -DREALLOC_SLIDES_DOWN=3 slide-far "" \
    ": realloc moved the block here from 0x"
grep -qF "is the adapter's .alignment" "$bin.log" &&
    { echo "fuzz-check-adapters FAILED: a realloc's misaligned move blamed on the adapter's claim:"; cat "$bin.log"; exit 1; }
# A calloc that zeroes a recycled block up to its last owner's request: the
# report names that request (it listed every way a zeroing goes short).
reuse_case calloc-old -DCALLOC_OLD_SIZE 'malloc 0 100\nfree 0\ncalloc 1 1 120\n' "^  what:  calloc returned \
memory with 20 non-zero bytes from offset 100 \(0x[0-9a-f]+\): the zeroed bytes end where the request of block \
0, freed at this address at op #1: free 0, did \(100 bytes; it was 128 usable\)" \
    "a calloc that zeroed only the last owner's request not said so"
# An aligned block freed as if its pointer started its allocation: the next
# block at that pointer runs past it, and the report names the aligned free.
reuse_case aligned-base -DALIGNED_FREED_AS_BASE 'aligned 0 16384 1000\nmalloc 2 20000\nfree 0\nmalloc 1 20000\n' \
    "^  what:  block .* overlaps live block .*; it starts in block 0, \[0x[0-9a-f]+, \+[0-9]+\), an \
aligned_alloc\(16384, 1000\) block, freed at op #2: free 0, but runs past that block's end into block 2" \
    "a block carved past a freed aligned block's end not traced to that free"
# ...and with nothing live past it, the block handed out at the aligned
# pointer claims past its allocation's end, where the next aligned
# allocation's header lands, past its request: the damage is traced to the
# aligned free and the lead it lies in, before the usable size is suspected
# (the report blamed usable_size() alone).
reuse_case aligned-base -DALIGNED_FREED_AS_BASE 'aligned 0 4096 1000\nfree 0\nmalloc 1 4100\naligned 2 4096 1000\n' \
    "^  what:  live block's contents changed .*; block 1 was handed out at byte 0 of block 0, \[0x[0-9a-f]+, \+[0-9]+\), an \
aligned_alloc\(4096, 1000\) freed at op #1: free 0, and the damage lies at its end, [0-9]+ bytes \
below block 2, an aligned_alloc\(4096, 1000\) made at op #3: aligned 2 4096 1000, where its allocation's header lies; \
all past the 4100 bytes requested" "damage past a request in a block handed out at a freed aligned block's pointer not traced to that free"
# The cause says what that free did, and only the cause (the what line said it too).
if ! grep -q "^  cause: likely a free of an aligned block (from aligned_alloc) that puts the block's own pointer" \
    "$bin.log" || [ "$(grep -c "not the start of the allocation it was cut from" "$bin.log")" != 1 ]; then
    echo "fuzz-check-adapters FAILED: damage from an aligned free that gave back its aligned pointer kept the" \
        "cause of a write into a live block, or said that free's cause twice:"
    cat "$bin.log"
    exit 1
fi
# A usable size read from a record never written, under ASan: its 0xbe fill
# is named (the report blamed a usable size too large).
reuse_case unset "-fsanitize=address -DUSABLE_UNSET" 'malloc 0 24\n' "^  likely cause: usable_size\(\) returned \
0xbebebebebebebebe, ASan's fill of fresh malloc memory \(malloc_fill_byte 0xbe\): the field it read" \
    "a usable size of ASan's fill not named"
# ...and the munmaps of ASan's own report on the fill's fault, which that
# size reaches, are not judged as the allocator's (unmap_live fired on one).
! grep -q "ORACLE" "$bin.log" || { echo "fuzz-check-adapters FAILED: an munmap during ASan's report judged:"
    cat "$bin.log"; exit 1; }
# A realloc that slides an aligned block down to its allocation's start
# with memcpy, under ASan: its memcpy-param-overlap (no address ASan keeps
# for the harness) is placed by both ranges, memmove named, and no
# HALLOC_FUZZ_USABLE=off offered, as no data was found damaged (it said
# nothing of where, and offered that switch).
reuse_case slides "-fsanitize=address -DREALLOC_ALIGNED_SLIDES" 'aligned 0 64 200\nrealloc 0 300\n' \
    "^  ASan's memcpy-param-overlap: the copy's destination 0x[0-9a-f]+ lies [0-9]+ bytes before live block 0, the \
block being reallocated" "a memcpy-param-overlap's destination not placed"
if ! grep -qE "^  ASan's memcpy-param-overlap: the copy's source 0x[0-9a-f]+ lies at byte 0 of live block 0, the \
block being reallocated" "$bin.log" || ! grep -qE "^  likely cause: memcpy copied 300 bytes between ranges [0-9]+ \
bytes apart, which overlap: memmove is needed where a block moves into memory overlapping its old place" "$bin.log" || grep -q "HALLOC_FUZZ_USABLE=off" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: a memcpy-param-overlap's source, or its cause, not named (or the usable" \
        "size blamed); it printed:"
    cat "$bin.log"
    exit 1
fi
# A slot placed one past its page's last, at the start of the next page, of
# another class: usable_too_small names the page's other live block of that
# size and a slot past its page as cause (round 15's randomized heap: "a
# lookup that misses the block" alone).
bin=$out/classes-past-page
build_on_harness "$bin" fuzz/selftest/classes-adapter.c -DSLOT_PAST_PAGE
printf 'version 4\nmalloc 0 800\nmalloc 1 800\nfree 0\nmalloc 2 1600\nmalloc 3 1600\nmalloc 4 1600\n' >"$bin.txt"
"$bin" "$bin.txt" >"$bin.log" 2>&1 || true
if ! grep -q "^  what:  usable size 1024 is below the requested 1600; it starts the page at 0x[0-9a-f]*, which holds \
live block 1 at byte 1024, usable 1024 too" "$bin.log" ||
    ! grep -q "^  cause: likely a slot placed past the end of its own page" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: classes-adapter.c -DSLOT_PAST_PAGE: a block at the start of another class's" \
        "page not told so, or no slot past its page as cause; it printed:"
    cat "$bin.log"
    exit 1
fi
# One past the last page's slots, on a free page whose record usable_size
# follows (NULL), right after that page's last block: the crash context names
# a slot carved past its page (round 19's BiBOP: told only as a lookup).
bin=$out/classes-past-last-page
build_on_harness "$bin" fuzz/selftest/classes-adapter.c -DSLOT_PAST_LAST_PAGE
printf 'version 4\nmalloc 0 1000\nmalloc 1 1000\nmalloc 2 1000\nmalloc 3 1000\nmalloc 4 1000\n' >"$bin.txt"
"$bin" "$bin.txt" >"$bin.log" 2>&1 || true
grep -q "^  block 4 starts a page, and live block 3, usable 1024, ends right there, no header between them: likely a \
slot carved past the end of the page it belongs to" "$bin.log" || {
    echo "fuzz-check-adapters FAILED: classes-adapter.c -DSLOT_PAST_LAST_PAGE: a crash in usable_size of a block" \
        "carved past its page's last slot not told so; it printed:"
    cat "$bin.log"
    exit 1
}
# A class rounded down by a header's size, its slot packed against the live
# slot below with no header between them: a class edge, not a request sized
# without its header (round 20's decay heap, headerless, was told so).
bin=$out/classes-edge-low
build_on_harness "$bin" fuzz/selftest/classes-adapter.c -DCLASS_EDGE_LOW
printf 'version 4\nmalloc 0 1024\nmalloc 1 1040\n' >"$bin.txt"
"$bin" "$bin.txt" >"$bin.log" 2>&1 || true
if ! grep -q "^  what:  usable size 1024 is below the requested 1040: short by a header's size, but live block 0 \
ends right where it starts: no header lies between them" "$bin.log" ||
    ! grep -q "^  cause: likely a size class edge off by one: the request given the class below" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: classes-adapter.c -DCLASS_EDGE_LOW: a headerless slot a header's size short" \
        "not told as a class edge; it printed:"
    cat "$bin.log"
    exit 1
fi
# Two addresses of one page (alias-adapter.c -DALIASED, as a Mesh-style heap's meshed spans): the
# block placed half the heap above block 0 shares its storage, and block 0's damage names that block,
# the pages between them and the page shown at both (it blamed bookkeeping written into block 0).
build_on_harness "$out/alias" fuzz/selftest/alias-adapter.c
build_on_harness "$out/alias-twice" fuzz/selftest/alias-adapter.c -DALIASED
printf 'version 5\nmalloc 0 4096\nmalloc 1 4096\nmalloc 2 4096\nverify-all\n' >"$out/alias.txt"
for input in corpus "$out/alias.txt"; do
    "$out/alias" -q -s -t "$seeds_limit" "$input" >"$out/alias.log" 2>&1 ||
        { echo "fuzz-check-adapters FAILED: alias-adapter.c did not replay $input clean:"; cat "$out/alias.log"; exit 1; }
done
"$out/alias-twice" "$out/alias.txt" >"$out/alias-twice.log" 2>&1 || true
if ! grep -q "^  what:  live block's contents changed while the program owned it: .*; the bytes found are block 2's, \
from its offset 0, \[0x[0-9a-f]*, +4096), made at op #2: malloc 2 4096: it shares no address with this block but \
lies 2 pages above, at the same offset in its page: both addresses show one page of memory" "$out/alias-twice.log" ||
    ! grep -q "^  cause: likely a page mapped at two addresses" "$out/alias-twice.log"; then
    echo "fuzz-check-adapters FAILED: alias-adapter.c -DALIASED: block 0's damage not traced to block 2, two" \
        "pages above it on the same storage; it printed:"
    cat "$out/alias-twice.log"
    exit 1
fi
# ...and, found on the engines' schedule after block 2's free, named as that freed block's bytes.
printf 'version 5\nmalloc 0 4096\nmalloc 1 4096\nmalloc 2 4096\nfree 2\nverify-all\n' >"$out/alias-freed.txt"
"$out/alias-twice" -s "$out/alias-freed.txt" >"$out/alias-twice.log" 2>&1 || true
grep -q "^  what:  .*; the bytes found are block 2's, from its offset 0, \[0x[0-9a-f]*, +4096), freed at op #3: \
free 2: it shares no address with this block but lies 2 pages above, at the same offset in its page: both \
addresses show one page of memory, and that block's bytes, from before its free, are this one's now" \
    "$out/alias-twice.log" || {
    echo "fuzz-check-adapters FAILED: alias-adapter.c -DALIASED: block 0's damage found after block 2's free not" \
        "traced to that freed block two pages above it; it printed:"
    cat "$out/alias-twice.log"
    exit 1
}
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
    "on the same storage two pages up named, live or freed"
