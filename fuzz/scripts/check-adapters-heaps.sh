# check-adapters-heaps.sh, sourced by check-adapters.sh: adapters whose heap
# is laid out by an input's choice or a record of their own. An allocator
# with free_sized and no free (sized-adapter.c) and its stats; a pool whose
# block count rounds the heap's length (pool-adapter.c); a pool of cache
# lines over a caller's buffer (line-adapter.c). It uses what
# check-adapters.sh set: out, and selftest-build.sh's report_case and
# seeds_limit.
# No drop_caller_env of its own: the script that sources it has called it.
# shellcheck shell=sh
: "${out?}" "${seeds_limit?}"

# An allocator with free_sized and no free: the corpus replays clean, so every
# free the harness makes hands back the block's size and alignment.
report_case sized sized "" "-q -t $seeds_limit corpus corpus/regressions" exit:0
# It grows as libc does and says so: a size near 4 GiB is not asked of it
# (served whole, huge_accepted said to declare FUZZ_CAN_GROW).
printf 'version 10\nhuge-malloc 4g-64\n' >"$out/huge-4g-64.txt"
report_case sized:sized-huge-4g-64 sized "" "$out/huge-4g-64.txt" exit:0
# Its stats counting a record per block that usable_size leaves out: the
# report says the model's bytes are usable_size()'s, and the gap per block;
# the cause its allocation's count (the model agreed before it); its heap line
# counts "1 live block" (it said "1 live blocks").
printf 'version 3\nmalloc 0 24\nmalloc 1 40\n' >"$out/two-blocks.txt"
report_case sized-stats sized -DSTATS_COUNT_RECORD "$out/two-blocks.txt" \
    "F:  what:  stats bytes_in_use = 40, the model says 24: usable_size() summed over the 1 live block; stats counts 16 bytes more in all: 16 per block if every block is off alike" \
    "F:  cause: likely this op's allocation counted its block by another size than usable_size() gives it" \
    "F:  heap:  adapter sized-free-only, create(65536), model: 1 live block, 24 usable bytes"
# Only the 40-byte block counted 16 over: with 2 live blocks the report gave
# '8 bytes more per block' as a fact; a per-block figure is only an if.
report_case sized-stats-one sized "-DSTATS_COUNT_RECORD -DSTATS_RECORD_FROM=32" "$out/two-blocks.txt" \
    "F:  what:  stats bytes_in_use = 80, the model says 64: usable_size() summed over the 2 live blocks; stats counts 16 bytes more in all: 8 per block if every block is off alike" \
    "F:  cause: likely this op's allocation counted its block by another size than usable_size() gives it" \
    "F:  heap:  adapter sized-free-only, create(65536), model: 2 live blocks, 64 usable bytes" \
    "!G:bytes more per block"
# An aligned block at an aligned offset from an unaligned heap start: the
# report says that is where such a bug usually lies.
printf 'version 3\nmalloc 0 24\naligned 1 64 100\n' >"$out/aligned-64.txt"
report_case sized-offset sized -DALIGNS_OFFSET "$out/aligned-64.txt" \
    "G:^  cause: likely .*, or placed at an offset in its heap rounded to the alignment rather than at an address (right only while the heap's start is aligned that much)"
# A pool whose block count rounds the heap's length up: op heap (an input's
# first) gives create() a length no 64-byte block divides, the last block
# runs over the guard past the buffer, and the report says the input chose
# that heap, a length no multiple of the alignment; the same holds on the
# default 64 KiB fill it exactly.
printf 'version 5\nhold 256 64\nhold 256 64\nhold 256 64\nhold 256 64\n' >"$out/pool-holds.txt"
{ printf 'version 6\nheap -36\n'; tail -n +2 "$out/pool-holds.txt"; } >"$out/pool-odd.txt"
report_case pool-rounded pool -DLENGTH_ROUNDED_UP "$out/pool-holds.txt" exit:0
report_case pool-rounded:pool-rounded-odd pool -DLENGTH_ROUNDED_UP "$out/pool-odd.txt" \
    "F:halloc-fuzz: ORACLE checker_failed fired at op #4: hold 256 64" \
    "F:  heap:  adapter pool64, create(65500), a length no multiple of 16 (the adapter's alignment), the input's op #0 heap chose it, model: "
# A pool that hands a freed block out again with its freed mark kept:
# usable_too_small names the block freed at that address, and its cause the
# mark (a slot allocator's bitmap was told of a class edge or a lookup that
# misses; then its what line guessed the mark, its cause a class edge).
printf 'version 5\nmalloc 0 24\nmalloc 1 24\nfree 0\nmalloc 2 24\n' >"$out/pool-reuse.txt"
report_case pool-mark-kept pool -DFREED_MARK_KEPT "$out/pool-reuse.txt" \
    "F:halloc-fuzz: ORACLE usable_too_small fired at op #3: malloc 2 24" \
    "G:^  what:  usable size 0 is below the requested 24: .*; block 0, freed at op #2: free 0, lay at this very address\$" \
    "G:^  cause: likely the block handed out again with the mark its earlier free set still on it"
# A pool whose free tests only a freed mark its trim() (a sweep) clears: the
# double free made at once is refused, the one with trim() between its two
# frees passes and is named so (every double free was made at once, and a
# span allocator with this bug ran clean).
printf 'version 7\nmalloc 0 24\nmalloc 1 24\ndouble-free 0\n' >"$out/pool-double.txt"
report_case pool-swept pool -DSWEPT_MARK_ONLY "$out/pool-double.txt" exit:0
printf 'version 8\nmalloc 0 24\nmalloc 1 24\ndouble-free 0 trim\n' >"$out/pool-double-swept.txt"
report_case pool-swept:pool-swept-double pool -DSWEPT_MARK_ONLY "$out/pool-double-swept.txt" \
    "F:halloc-fuzz: ORACLE bad_free_accepted fired at op #2: double-free 0 trim" \
    "G:^  cause: likely free tests only a mark that trim's deferred work clears"
# A pool whose free refuses only its free list's head (glibc's fastbin
# fasttop check): the double frees made at once and with trim() between are
# refused, the one with another block freed between passes, its report
# naming both frees and that one (no op made it before version 9).
printf 'version 8\nmalloc 0 24\nmalloc 1 24\ndouble-free 0\nmalloc 0 24\ndouble-free 0 trim\n' >"$out/pool-head.txt"
report_case pool-head-only pool -DHEAD_ONLY_DOUBLE_FREE "$out/pool-head.txt" exit:0
printf 'version 9\nmalloc 0 24\nmalloc 1 24\ndouble-free 0 between 1\n' >"$out/pool-head-between.txt"
report_case pool-head-only:pool-head-only-between pool -DHEAD_ONLY_DOUBLE_FREE "$out/pool-head-between.txt" \
    "F:halloc-fuzz: ORACLE bad_free_accepted fired at op #2: double-free 0 between 1" \
    "G:^  what:  .*a block freed just before, slot 1's block freed between its two frees" \
    "G:^  cause: likely free tests a double free only against the newest freed block"
# A pool whose trim() aborts at a freed block's fill, which its own push
# broke: the report names the trim and the latest free, and says the double
# free's second free, the misuse, was never reached (it told the adapter to
# drop FUZZ_DETECTS_DOUBLE_FREE for an abort in the trim between the frees).
printf 'version 8\nmalloc 0 24\nmalloc 1 24\ndouble-free 0 trim\n' >"$out/pool-fill-double.txt"
report_case pool-fill pool -DTRIM_CHECKS_FILL "$out/pool-fill-double.txt" \
    "F:halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) at op #2: double-free 0 trim" \
    "F:  the allocator was in trim() when this happened" \
    "F:  it stopped before this op's second free, the misuse: in the trim() run between its two frees" \
    "G:^  it stopped in trim() after a free: .*; the latest: block 0, \[0x[0-9a-f]*, +64), freed at op #2: double-free 0 trim$" \
    "!F:no live block on purpose"
printf 'version 8\nmalloc 0 24\nfree 0\ncheck trim\n' >"$out/pool-fill-trim.txt"
report_case pool-fill:pool-fill-trim pool -DTRIM_CHECKS_FILL "$out/pool-fill-trim.txt" \
    "G:^  it stopped in trim() after a free: .*; the latest: block 0, \[0x[0-9a-f]*, +64), freed at op #1: free 0$"
# A pool whose free aborts at a fence its realloc's shrink left at the
# block's old end: the report names the shrink (it named only the free).
printf 'version 8\nmalloc 0 40\nrealloc 0 8\nfree 0\n' >"$out/pool-fence.txt"
report_case pool-fence pool -DFENCE_LEFT "$out/pool-fence.txt" \
    "F:halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) at op #2: free 0" \
    "F:  block 0 was shrunk in place at op #1: realloc 0 8, its usable size from 40 to 8: "
# A pool whose malloc adds a header to the size in a uint32_t after refusing
# a size over UINT32_MAX: the huge requests near SIZE_MAX and SIZE_MAX/2 are
# refused, 4g-16 wraps to a small block and fires huge_accepted, named as a
# size near 4 GiB (no huge size was within 2^31 of it before version 10).
report_case pool-size-32 pool -DSIZE_IN_32_BITS "corpus/huge-malloc.txt" exit:0
printf 'version 10\nmalloc 0 24\nhuge-malloc 4g-64\nhuge-malloc 4g\nhuge-malloc 4g-16\n' >"$out/pool-4g.txt"
report_case pool-size-32:pool-size-32-4g pool -DSIZE_IN_32_BITS "$out/pool-4g.txt" \
    "F:halloc-fuzz: ORACLE huge_accepted fired at op #3: huge-malloc 4g-16" \
    "G:^  cause: likely the size is kept in 32 bits"
# A pool over a mapping of its own whose free writes just past the program
# break, which only libc's malloc moved: the crash report names no sbrk heap
# (it did, for any heap, when the break had moved).
printf 'version 5\nmalloc 0 24\nfree 0\n' >"$out/pool-wild.txt"
report_case pool-wild pool -DWRITE_PAST_BREAK "$out/pool-wild.txt" \
    "F:halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: free 0" "!G:past the program break"
# A pool of cache lines over a caller's buffer (create_in) that does not
# round the buffer's start up to its line: the seed whose op heap starts
# the buffer off a page (corpus/heap-lead.txt) fires misaligned at its
# first block, the heap line naming the start; the same pool rounding it
# replays the seed clean.
report_case line-unrounded line -DSTART_NOT_ROUNDED corpus/heap-lead.txt \
    "F:halloc-fuzz: ORACLE misaligned fired at op #1: malloc 0 1" \
    "G:^  cause: likely the buffer's start taken as given" \
    "F:  heap:  adapter line64, create_in(65500 bytes starting 32 past a page), a length no multiple of 64 (the adapter's alignment), the input's op #0 heap chose it, model: "
# One that rounds the start up but keeps the length whole hands out a last
# block past the buffer's end, by no more than the rounding skipped: the
# report names the length kept, not only an end-of-heap check.
printf 'version 7\nheap -36 +41\nhold 256 64\nhold 256 64\nhold 256 64\nhold 256 64\n' >"$out/line-fill.txt"
report_case line-length-kept line -DLENGTH_KEPT "$out/line-fill.txt" \
    "F:runs 4 bytes past the end of the buffer the harness gave create_in" \
    "G:^  cause: likely the length kept whole when the start was rounded up"
# The same pool with a contains() that knows the buffer meets the block at
# out_of_heap first: it names the buffer and the length kept in the same
# words (it named neither, round 16's gen pool).
report_case line-bounds-length-kept line "-DBOUNDS -DLENGTH_KEPT" "$out/line-fill.txt" \
    "F:halloc-fuzz: ORACLE out_of_heap fired at op #4: hold 256 64" \
    "F:is not memory of this heap; it runs 4 bytes past the end of the buffer the harness gave create_in" \
    "G:^  cause: likely the length kept whole when the start was rounded up"
# One that rounds the start down hands out its first block in the lead
# before the buffer: without ASan (this build) nothing faults, and
# past_mapping names the bytes before the buffer and the rounding.
report_case line-rounded-down line -DSTART_ROUNDED_DOWN corpus/heap-lead.txt \
    "F:halloc-fuzz: ORACLE past_mapping fired at op #1: malloc 0 1" \
    "F:, +64) starts 32 bytes before the start of the buffer the harness gave create_in, [" \
    "F:which starts 32 bytes past a page (op heap's lead)" \
    "G:^  cause: likely the buffer's start rounded down instead of up"
# One that places its first block back over its header, not past it, on a
# buffer that starts aligned (no op heap: no lead): no rounding explains the
# bytes before the buffer, and the cause says what does (it gave the
# general end-of-heap cause).
printf 'version 4\nmalloc 0 1\n' >"$out/malloc-1.txt"
report_case line-header-subtracted line "-DHEADER=16 -DHEADER_SUBTRACTED" "$out/malloc-1.txt" \
    "F:, +64) starts 16 bytes before the start of the buffer the harness gave create_in, [" \
    "F:; the buffer starts on a multiple of 16 (the adapter's alignment), and the block starts 16 bytes further down than rounding that start down reaches" \
    "G:^  cause: likely a pointer computed below the buffer: a header or offset subtracted twice"
# With a contains() that knows the buffer, out_of_heap meets that block first:
# it starts below the heap with its end inside, as a merge backward over the
# heap's start leaves one, but it lies below the buffer, memory the allocator
# was never given, where the buffer's words place it: the cause is theirs
# (a pointer computed below the buffer), not the merge's, which is for a
# block below the heap's own start inside what the heap obtained.
printf 'version 4\nmalloc 0 64\n' >"$out/malloc-64.txt"
report_case line-bounds-header-subtracted line "-DBOUNDS -DHEADER=16 -DHEADER_SUBTRACTED" "$out/malloc-64.txt" \
    "F:halloc-fuzz: ORACLE out_of_heap fired at op #0: malloc 0 64" \
    "F:is not memory of this heap; it starts 16 bytes before the start of the buffer the harness gave create_in, [" \
    "G:^  cause: likely a pointer computed below the buffer: a header or offset subtracted twice" \
    "!F:likely a merge backward"
# ...and a 1-byte block there, whose usable size out_of_heap does not ask,
# reaches no byte of the buffer's lead (none: it starts on a page): it was
# placed nowhere.
report_case line-bounds-header-subtracted:line-bounds-header-subtracted-1 line "-DBOUNDS -DHEADER=16 -DHEADER_SUBTRACTED" "$out/malloc-1.txt" \
    "F:halloc-fuzz: ORACLE out_of_heap fired at op #0: malloc 0 1" \
    "F:is not memory of this heap; it starts 16 bytes before the start of the buffer the harness gave create_in, [" \
    "G:^  cause: likely a pointer computed below the buffer: a header or offset subtracted twice"
# One that subtracts a header of one alignment (64) from a start it rounded up
# lands where the start rounded down does, on the buffer 32 bytes past a page:
# no address tells the two apart, and the report names both (it blamed the
# rounding down alone).
report_case line-header-64-subtracted line "-DHEADER=64 -DHEADER_SUBTRACTED" corpus/heap-lead.txt \
    "F:and the block starts within the 32 bytes rounding that start down takes in; it is also the start rounded up less 64 bytes, one alignment below it" \
    "G:^  cause: likely the buffer's start rounded down instead of up (.*), or rounded up right and then a header of one alignment subtracted where it was meant to be added"
report_case line line "" "$out/line-fill.txt" exit:0
report_case line:line-heap-lead line "" "corpus/heap-lead.txt" exit:0
echo "fuzz-check-adapters: heaps: free_sized given every block's size (the corpus clean through it alone); a heap length an input chose (op heap) reaching a pool's block-count rounding, named" \
    "in the report; a buffer start an input chose (op heap's lead, create_in) reaching a line pool's unrounded start, named in the report;" \
    "a double free with another free between (double-free S between B) reaching a pool's check of its list's head alone;" \
    "a size near 4 GiB (huge-malloc 4g-16) reaching a pool's 32-bit size; a fault past a break only libc's malloc moved" \
    "not blamed on an sbrk heap; an allocator's abort in trim() between a double free's frees, or after a free, named" \
    "with the trim and that free, not the misuse; one at a free after a shrink in place named with the shrink"
