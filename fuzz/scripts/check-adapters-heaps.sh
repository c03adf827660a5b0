# check-adapters-heaps.sh, sourced by check-adapters.sh: adapters whose heap
# is laid out by an input's choice or a record of their own. An allocator
# with free_sized and no free (sized-adapter.c) and its stats; a pool whose
# block count rounds the heap's length (pool-adapter.c); a pool of cache
# lines over a caller's buffer (line-adapter.c). It uses what
# check-adapters.sh set: out, build and bin (build sets it to the binary made).
# No drop_caller_env of its own: the script that sources it has called it.
# shellcheck shell=sh

# heaps_fail WHAT: the check's failure, with the last replay's output.
heaps_fail() {
    echo "fuzz-check-adapters FAILED: $1; it printed:"
    cat "$bin.log"
    exit 1
}
# replay_shows WHAT TRACE LINE...: $bin replays TRACE (its exit not judged)
# and prints every LINE: a fixed string, or with a leading ^ a grep regex;
# else the check fails saying WHAT.
replay_shows() {
    what=$1 trace=$2
    shift 2
    "$bin" "$trace" >"$bin.log" 2>&1 || true
    for line in "$@"; do
        case "$line" in
        ^*) grep -q -- "$line" "$bin.log" ;;
        *) grep -qF -- "$line" "$bin.log" ;;
        esac || heaps_fail "$what"
    done
}
# replay_clean WHAT ARGS...: $bin run with ARGS exits 0, else the check fails saying WHAT.
replay_clean() {
    what=$1
    shift
    "$bin" "$@" >"$bin.log" 2>&1 || heaps_fail "$what"
}

# An allocator with free_sized and no free: the corpus replays clean, so every
# free the harness makes hands back the block's size and alignment.
build "$out/sized" fuzz/selftest/sized-adapter.c
replay_clean "the free_sized-only adapter did not replay the corpus clean" -q -t "$seeds_limit" corpus corpus/regressions
# It grows as libc does and says so: a size near 4 GiB is not asked of it
# (served whole, huge_accepted said to declare FUZZ_CAN_GROW).
printf 'version 10\nhuge-malloc 4g-64\n' >"$out/huge-4g-64.txt"
replay_clean "the free_sized-only adapter, over libc, was asked a size near 4 GiB" "$out/huge-4g-64.txt"
# Its stats counting a record per block that usable_size leaves out: the
# report says the model's bytes are usable_size()'s, and the gap per block;
# the cause its allocation's count (the model agreed before it); its heap line
# counts "1 live block" (it said "1 live blocks").
build "$out/sized-stats" fuzz/selftest/sized-adapter.c -DSTATS_COUNT_RECORD
printf 'version 3\nmalloc 0 24\nmalloc 1 40\n' >"$out/two-blocks.txt"
replay_shows "a stats() that counts a header per block: no line naming the gap per block, or a heap line not in the singular" \
    "$out/two-blocks.txt" \
    "  what:  stats bytes_in_use = 40, the model says 24: usable_size() summed over the 1 live block; stats counts 16 bytes more in all: 16 per block if every block is off alike" \
    "  cause: likely this op's allocation counted its block by another size than usable_size() gives it" \
    "  heap:  adapter sized-free-only, create(65536), model: 1 live block, 24 usable bytes"
# Only the 40-byte block counted 16 over: with 2 live blocks the report gave
# '8 bytes more per block' as a fact; a per-block figure is only an if.
build "$out/sized-stats-one" fuzz/selftest/sized-adapter.c -DSTATS_COUNT_RECORD -DSTATS_RECORD_FROM=32
what="one block's 16 bytes over, among 2 live blocks, given as a gap per block"
replay_shows "$what" "$out/two-blocks.txt" \
    "  what:  stats bytes_in_use = 80, the model says 64: usable_size() summed over the 2 live blocks; stats counts 16 bytes more in all: 8 per block if every block is off alike" \
    "  cause: likely this op's allocation counted its block by another size than usable_size() gives it" \
    "  heap:  adapter sized-free-only, create(65536), model: 2 live blocks, 64 usable bytes"
! grep -q "bytes more per block" "$bin.log" || heaps_fail "$what"
# An aligned block at an aligned offset from an unaligned heap start: the
# report says that is where such a bug usually lies.
build "$out/sized-offset" fuzz/selftest/sized-adapter.c -DALIGNS_OFFSET
printf 'version 3\nmalloc 0 24\naligned 1 64 100\n' >"$out/aligned-64.txt"
replay_shows "an aligned block placed at an aligned offset, not address: misaligned does not say so" "$out/aligned-64.txt" \
    "^  cause: likely .*, or placed at an offset in its heap rounded to the alignment rather than at an address (right only while the heap's start is aligned that much)"
# A pool whose block count rounds the heap's length up: op heap (an input's
# first) gives create() a length no 64-byte block divides, the last block
# runs over the guard past the buffer, and the report says the input chose
# that heap, a length no multiple of the alignment; the same holds on the
# default 64 KiB fill it exactly.
build "$out/pool-rounded" fuzz/selftest/pool-adapter.c -DLENGTH_ROUNDED_UP
printf 'version 5\nhold 256 64\nhold 256 64\nhold 256 64\nhold 256 64\n' >"$out/pool-holds.txt"
{ printf 'version 6\nheap -36\n'; tail -n +2 "$out/pool-holds.txt"; } >"$out/pool-odd.txt"
replay_clean "a pool of 64-byte blocks on the default heap is no clean replay" "$out/pool-holds.txt"
replay_shows "heap -36 on a pool that rounds its block count up: no checker_failed at the last hold naming create(65500) as the input's and no multiple of the alignment" \
    "$out/pool-odd.txt" "halloc-fuzz: ORACLE checker_failed fired at op #4: hold 256 64" \
    "  heap:  adapter pool64, create(65500), a length no multiple of 16 (the adapter's alignment), the input's op #0 heap chose it, model: "
# A pool that hands a freed block out again with its freed mark kept:
# usable_too_small names the block freed at that address and the mark (a slot
# allocator's bitmap was told of a class edge or a lookup that misses).
build "$out/pool-mark-kept" fuzz/selftest/pool-adapter.c -DFREED_MARK_KEPT
printf 'version 5\nmalloc 0 24\nmalloc 1 24\nfree 0\nmalloc 2 24\n' >"$out/pool-reuse.txt"
replay_shows "a pool block reused with its freed mark kept: usable_too_small does not name the block freed there" \
    "$out/pool-reuse.txt" "halloc-fuzz: ORACLE usable_too_small fired at op #3: malloc 2 24" \
    "^  what:  usable size 0 is below the requested 24: .*; block 0, freed at op #2: free 0, lay at this very address: handed out again while the allocator's own record still takes it for free"
# A pool whose free tests only a freed mark its trim() (a sweep) clears: the
# double free made at once is refused, the one with trim() between its two
# frees passes and is named so (every double free was made at once, and a
# span allocator with this bug ran clean).
build "$out/pool-swept" fuzz/selftest/pool-adapter.c -DSWEPT_MARK_ONLY
printf 'version 7\nmalloc 0 24\nmalloc 1 24\ndouble-free 0\n' >"$out/pool-double.txt"
replay_clean "a pool that refuses a double free made at once did not replay it clean" "$out/pool-double.txt"
printf 'version 8\nmalloc 0 24\nmalloc 1 24\ndouble-free 0 trim\n' >"$out/pool-double-swept.txt"
replay_shows "a pool whose sweep clears the only mark free tests: no bad_free_accepted after trim() naming the trim" \
    "$out/pool-double-swept.txt" "halloc-fuzz: ORACLE bad_free_accepted fired at op #2: double-free 0 trim" \
    "^  cause: likely free tests only a mark that trim's deferred work clears"
# A pool whose free refuses only its free list's head (glibc's fastbin
# fasttop check): the double frees made at once and with trim() between are
# refused, the one with another block freed between passes, its report
# naming both frees and that one (no op made it before version 9).
build "$out/pool-head-only" fuzz/selftest/pool-adapter.c -DHEAD_ONLY_DOUBLE_FREE
printf 'version 8\nmalloc 0 24\nmalloc 1 24\ndouble-free 0\nmalloc 0 24\ndouble-free 0 trim\n' >"$out/pool-head.txt"
replay_clean "a pool that refuses a double free of its list's head did not replay one made at once clean" "$out/pool-head.txt"
printf 'version 9\nmalloc 0 24\nmalloc 1 24\ndouble-free 0 between 1\n' >"$out/pool-head-between.txt"
replay_shows "a pool that tests only its free list's head: no bad_free_accepted naming the free between" \
    "$out/pool-head-between.txt" "halloc-fuzz: ORACLE bad_free_accepted fired at op #2: double-free 0 between 1" \
    "^  what:  .*a block freed just before, slot 1's block freed between its two frees" \
    "^  cause: likely free tests a double free only against the newest freed block"
# A pool whose trim() aborts at a freed block's fill, which its own push
# broke: the report names the trim and the latest free, and says the double
# free's second free, the misuse, was never reached (it told the adapter to
# drop FUZZ_DETECTS_DOUBLE_FREE for an abort in the trim between the frees).
build "$out/pool-fill" fuzz/selftest/pool-adapter.c -DTRIM_CHECKS_FILL
printf 'version 8\nmalloc 0 24\nmalloc 1 24\ndouble-free 0 trim\n' >"$out/pool-fill-double.txt"
replay_shows "an abort in trim() between a double free's frees: not named so" "$out/pool-fill-double.txt" \
    "halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) at op #2: double-free 0 trim" \
    "  the allocator was in trim() when this happened" \
    "  it stopped before this op's second free, the misuse: in the trim() run between its two frees" \
    "^  it stopped in trim() after a free: .*; the latest: block 0, \[0x[0-9a-f]*, +64), freed at op #2: double-free 0 trim$"
! grep -qF "no live block on purpose" "$bin.log" ||
    heaps_fail "an abort in trim() between a double free's frees was blamed on the double free"
printf 'version 8\nmalloc 0 24\nfree 0\ncheck trim\n' >"$out/pool-fill-trim.txt"
replay_shows "an abort in op check trim's trim() after a free: the free not named" "$out/pool-fill-trim.txt" \
    "^  it stopped in trim() after a free: .*; the latest: block 0, \[0x[0-9a-f]*, +64), freed at op #1: free 0$"
# A pool whose free aborts at a fence its realloc's shrink left at the
# block's old end: the report names the shrink (it named only the free).
build "$out/pool-fence" fuzz/selftest/pool-adapter.c -DFENCE_LEFT
printf 'version 8\nmalloc 0 40\nrealloc 0 8\nfree 0\n' >"$out/pool-fence.txt"
replay_shows "an abort at the free of a block shrunk in place: the shrink not named" "$out/pool-fence.txt" \
    "halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) at op #2: free 0" \
    "  block 0 was shrunk in place at op #1: realloc 0 8, its usable size from 40 to 8: "
# A pool whose malloc adds a header to the size in a uint32_t after refusing
# a size over UINT32_MAX: the huge requests near SIZE_MAX and SIZE_MAX/2 are
# refused, 4g-16 wraps to a small block and fires huge_accepted, named as a
# size near 4 GiB (no huge size was within 2^31 of it before version 10).
build "$out/pool-size-32" fuzz/selftest/pool-adapter.c -DSIZE_IN_32_BITS
replay_clean "a pool that refuses a size over UINT32_MAX did not replay corpus/huge-malloc.txt clean" corpus/huge-malloc.txt
printf 'version 10\nmalloc 0 24\nhuge-malloc 4g-64\nhuge-malloc 4g\nhuge-malloc 4g-16\n' >"$out/pool-4g.txt"
replay_shows "a pool whose 32-bit size wraps near 4 GiB: no huge_accepted at huge-malloc 4g-16" \
    "$out/pool-4g.txt" "halloc-fuzz: ORACLE huge_accepted fired at op #3: huge-malloc 4g-16" \
    "^  cause: likely the size is kept in 32 bits"
# A pool over a mapping of its own whose free writes just past the program
# break, which only libc's malloc moved: the crash report names no sbrk heap
# (it did, for any heap, when the break had moved).
build "$out/pool-wild" fuzz/selftest/pool-adapter.c -DWRITE_PAST_BREAK
printf 'version 5\nmalloc 0 24\nfree 0\n' >"$out/pool-wild.txt"
replay_shows "a pool whose free writes past the break did not crash there" "$out/pool-wild.txt" \
    "halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: free 0"
! grep -q "past the program break" "$bin.log" ||
    heaps_fail "a fault past the break libc's malloc moved, no block under it, blamed on an sbrk heap"
# A pool of cache lines over a caller's buffer (create_in) that does not
# round the buffer's start up to its line: the seed whose op heap starts
# the buffer off a page (corpus/heap-lead.txt) fires misaligned at its
# first block, the heap line naming the start; the same pool rounding it
# replays the seed clean.
build "$out/line-unrounded" fuzz/selftest/line-adapter.c -DSTART_NOT_ROUNDED
replay_shows "corpus/heap-lead.txt on a line pool that leaves its buffer's start unrounded: no misaligned at the first block naming create_in's buffer, 32 bytes past a page" \
    corpus/heap-lead.txt "halloc-fuzz: ORACLE misaligned fired at op #1: malloc 0 1" \
    "^  cause: likely the buffer's start taken as given" \
    "  heap:  adapter line64, create_in(65500 bytes starting 32 past a page), a length no multiple of 64 (the adapter's alignment), the input's op #0 heap chose it, model: "
# One that rounds the start up but keeps the length whole hands out a last
# block past the buffer's end, by no more than the rounding skipped: the
# report names the length kept, not only an end-of-heap check.
build "$out/line-length-kept" fuzz/selftest/line-adapter.c -DLENGTH_KEPT
printf 'version 7\nheap -36 +41\nhold 256 64\nhold 256 64\nhold 256 64\nhold 256 64\n' >"$out/line-fill.txt"
replay_shows "a line pool that rounds its buffer's start up and keeps its length: no past_mapping naming the length kept" \
    "$out/line-fill.txt" "runs 4 bytes past the end of the buffer the harness gave create_in" \
    "^  cause: likely the length kept whole when the start was rounded up"
# The same pool with a contains() that knows the buffer meets the block at
# out_of_heap first: it names the buffer and the length kept in the same
# words (it named neither, round 16's gen pool).
build "$out/line-bounds-length-kept" fuzz/selftest/line-adapter.c -DBOUNDS -DLENGTH_KEPT
replay_shows "a line pool with contains() that keeps its length: no out_of_heap naming the buffer and the length kept" \
    "$out/line-fill.txt" "halloc-fuzz: ORACLE out_of_heap fired at op #4: hold 256 64" \
    "is not memory of this heap; it runs 4 bytes past the end of the buffer the harness gave create_in" \
    "^  cause: likely the length kept whole when the start was rounded up"
# One that rounds the start down hands out its first block in the lead
# before the buffer: without ASan (this build) nothing faults, and
# past_mapping names the bytes before the buffer and the rounding.
build "$out/line-rounded-down" fuzz/selftest/line-adapter.c -DSTART_ROUNDED_DOWN
replay_shows "corpus/heap-lead.txt on a line pool that rounds its buffer's start down: no past_mapping at the first block naming the 32 bytes before the buffer and the rounding" \
    corpus/heap-lead.txt "halloc-fuzz: ORACLE past_mapping fired at op #1: malloc 0 1" \
    ", +64) starts 32 bytes before the start of the buffer the harness gave create_in, [" \
    "which starts 32 bytes past a page (op heap's lead)" \
    "^  cause: likely the buffer's start rounded down instead of up"
# One that places its first block back over its header, not past it, on a
# buffer that starts aligned (no op heap: no lead): no rounding explains the
# bytes before the buffer, and the cause says what does (it gave the
# general end-of-heap cause).
build "$out/line-header-subtracted" fuzz/selftest/line-adapter.c -DHEADER=16 -DHEADER_SUBTRACTED
printf 'version 4\nmalloc 0 1\n' >"$out/malloc-1.txt"
replay_shows "a line pool placing its first block 16 bytes before an aligned buffer: no past_mapping naming a pointer computed below the buffer" \
    "$out/malloc-1.txt" ", +64) starts 16 bytes before the start of the buffer the harness gave create_in, [" \
    "; the buffer starts on a multiple of 16 (the adapter's alignment), and the block starts 16 bytes further down than rounding that start down reaches" \
    "^  cause: likely a pointer computed below the buffer: a header or offset subtracted twice"
# With a contains() that knows the buffer, out_of_heap meets that block first:
# it starts below the heap with its end inside, as a merge backward over the
# heap's start leaves one, but it lies below the buffer, memory the allocator
# was never given, where the buffer's words place it: the cause is theirs
# (a pointer computed below the buffer), not the merge's, which is for a
# block below the heap's own start inside what the heap obtained.
build "$out/line-bounds-header-subtracted" fuzz/selftest/line-adapter.c -DBOUNDS -DHEADER=16 -DHEADER_SUBTRACTED
printf 'version 4\nmalloc 0 64\n' >"$out/malloc-64.txt"
replay_shows "a line pool with contains() placing its first block 16 bytes before an aligned buffer: no out_of_heap naming the buffer and a pointer computed below it" \
    "$out/malloc-64.txt" "halloc-fuzz: ORACLE out_of_heap fired at op #0: malloc 0 64" \
    "is not memory of this heap; it starts 16 bytes before the start of the buffer the harness gave create_in, [" \
    "^  cause: likely a pointer computed below the buffer: a header or offset subtracted twice"
! grep -qF "likely a merge backward" "$bin.log" ||
    heaps_fail "a line pool with contains() placing its first block 16 bytes before an aligned buffer: blamed on a merge backward"
# ...and a 1-byte block there, whose usable size out_of_heap does not ask,
# reaches no byte of the buffer's lead (none: it starts on a page): it was
# placed nowhere.
replay_shows "a line pool with contains() placing a 1-byte block 16 bytes before an aligned buffer: not placed by the buffer" \
    "$out/malloc-1.txt" "halloc-fuzz: ORACLE out_of_heap fired at op #0: malloc 0 1" \
    "is not memory of this heap; it starts 16 bytes before the start of the buffer the harness gave create_in, [" \
    "^  cause: likely a pointer computed below the buffer: a header or offset subtracted twice"
# One that subtracts a header of one alignment (64) from a start it rounded up
# lands where the start rounded down does, on the buffer 32 bytes past a page:
# no address tells the two apart, and the report names both (it blamed the
# rounding down alone).
build "$out/line-header-64-subtracted" fuzz/selftest/line-adapter.c -DHEADER=64 -DHEADER_SUBTRACTED
replay_shows "a line pool placing its first block one alignment below its start rounded up: past_mapping does not name that beside the start rounded down" \
    corpus/heap-lead.txt "and the block starts within the 32 bytes rounding that start down takes in; it is also the start rounded up less 64 bytes, one alignment below it" \
    "^  cause: likely the buffer's start rounded down instead of up (.*), or rounded up right and then a header of one alignment subtracted where it was meant to be added"
build "$out/line" fuzz/selftest/line-adapter.c
replay_clean "a line pool that rounds its buffer's start up is no clean replay of $out/line-fill.txt" "$out/line-fill.txt"
replay_clean "corpus/heap-lead.txt on a line pool that rounds its buffer's start up is no clean replay" corpus/heap-lead.txt
echo "fuzz-check-adapters: heaps: free_sized given every block's size (the corpus clean through it alone); a heap length an input chose (op heap) reaching a pool's block-count rounding, named" \
    "in the report; a buffer start an input chose (op heap's lead, create_in) reaching a line pool's unrounded start, named in the report;" \
    "a double free with another free between (double-free S between B) reaching a pool's check of its list's head alone;" \
    "a size near 4 GiB (huge-malloc 4g-16) reaching a pool's 32-bit size; a fault past a break only libc's malloc moved" \
    "not blamed on an sbrk heap; an allocator's abort in trim() between a double free's frees, or after a free, named" \
    "with the trim and that free, not the misuse; one at a free after a shrink in place named with the shrink"
