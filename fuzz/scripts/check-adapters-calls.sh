# check-adapters-calls.sh, sourced by check-adapters.sh at its place among
# the crash adapter's cases: the reports of bugs met inside a call. The
# checker named at the op that broke the heap (after every op, in a free-all,
# on the engines' schedule); a crash inside a free, a realloc, the pristine
# check or probe, or stats() named with the block; a realloc's wrong copy, a
# free that damages a live block, a calloc's zeroing and a size cut to 32
# bits told apart; a refusal with the allocator's own line; a fault at a
# link kept in a freed block named with that block; an op that never
# returns stopped and named (in an allocation after a free, with that free).
# It uses what check-adapters.sh set: the variables named below, and
# selftest-build.sh's crash_case, report_case and selftest_cflags.
# No drop_caller_env of its own: the script that sources it has called it.
# shellcheck shell=sh
: "${cc?}" "${out?}" "${cflags?}" "${hobjs?}" "${selftest_cflags?}"
# A replay runs the checker after every op and names the one that broke the
# heap (with the free an allocation into a full slot made first); on the
# engines' schedule (-s) the report gives the ops since the check last passed.
awk 'BEGIN { print "version 2"; for (i = 0; i < 80; i++) print "malloc", i % 64, 8 }' >"$out/refill-slots.txt"
crash_case check-every-op -DCHECK_FAILS_FROM=70 refill-slots \
    "xF:halloc-fuzz: ORACLE checker_failed fired at op #66: malloc 2 8  (the slot held a block: freed first, then this request made)"
report_case crash-check-every-op:crash-check-every-op-s crash -DCHECK_FAILS_FROM=70 "-s $out/refill-slots.txt" \
    "F:halloc-fuzz: ORACLE checker_failed fired at op #71: malloc 7 8" \
    "F:  since: the check passed after op #63, so any of ops #64..#71 may have done it"
# In a free-all (the final one too) the replay checks after each free, and
# names the slot whose free broke the heap.
printf 'version 2\nmalloc 0 8\nmalloc 1 8\nmalloc 2 8\n' >"$out/three-live.txt"
crash_case free-all-check -DCHECK_FAILS_FROM=5 three-live \
    "F:the allocator's own check failed: broken since call 5 (right after the free-all freed slot 1)"
# On the engines' schedule (-s) the free-all is checked after its last free
# only: the report runs the input again in a child, checked after each free
# (fuzz/recheck.c), and names that free too. With a create_in (-DCREATE_IN)
# the child's heap is a buffer of its own beside the parent's, still live
# (its child stopped at a heap created before the last was destroyed, and
# the line said the second run crashed: round 12).
crash_case free-all-check-in "-DCHECK_FAILS_FROM=5 -DCREATE_IN" three-live "F:broken since call 5"
for create_in in "" -DCREATE_IN; do
    report_case "crash-free-all-check${create_in:+-in}:crash-free-all-check${create_in:+-in}-s" crash "-DCHECK_FAILS_FROM=5 $create_in" "-s $out/three-live.txt" \
        "F:ORACLE checker_failed fired in the check after the final free-all" \
        "F:the input stops at ORACLE checker_failed in the final free-all (every live block freed, lowest slot first): the allocator's own check failed: broken since call 5 (right after the free-all freed slot 1)"
done
# When that second run does not fail (the check fails in the first process
# only), or crashes, exits or hangs in check(), the line says so, and the
# replay still fails (crash-stats.h, RECHECK_*). An exit was "ran clean". A
# clean second run points at a fresh process and the inputs before this one
# (it said make replay would name the free, as after a crash). The hang is
# cut by recheck.c's alarm, built at 1 s here, not 3.
again="make replay (the reproduce line below)"
for how in RECHECK_CLEAN:"ran clean: the failure did not come back (it met what the first run left in this process, or chance); $again runs it in a fresh process, checked after every free, and names the free that broke the heap; if that passes too, the failure needs the inputs run before it" \
    RECHECK_CRASHES:"crashed (signal [0-9]*) before any report; $again checks after every free" \
    RECHECK_EXITS:"exited with status 3 before any report (a sanitizer's exit, say); $again checks after every free" \
    RECHECK_HANGS:"ran out of its 1 s; $again checks after every free"; do
    name=free-all-${how%%:*} all_hobjs=$hobjs
    if [ "$name" = free-all-RECHECK_HANGS ]; then
        # shellcheck disable=SC2086 # selftest_cflags: words
        $cc $selftest_cflags -DRECHECK_SECONDS=1 -c fuzz/recheck.c -o "$out/recheck-1s.o" ||
            { echo "fuzz-check-adapters FAILED: cannot build fuzz/recheck.c with RECHECK_SECONDS=1"; exit 1; }
        # shellcheck disable=SC2086 # the harness objects: words, none with a space
        hobjs="$(printf '%s\n' $hobjs | grep -v '/fuzz/recheck\.c\.o$' | tr '\n' ' ')$out/recheck-1s.o"
    fi
    build_on_harness "$out/crash-$name" fuzz/selftest/crash-adapter.c -DCHECK_FAILS_FROM=5 -D"${how%%:*}"
    hobjs=$all_hobjs
    rc=0
    "$out/crash-$name" -s "$out/three-live.txt" >"$out/crash-$name.log" 2>&1 || rc=$?
    if [ "$rc" != 1 ] || ! grep -q "^  first broken: a free-all checks the heap only after its last free, and a second run here, checked after every free, ${how#*:}" \
        "$out/crash-$name.log"; then
        echo "fuzz-check-adapters FAILED: replay -s with -D${how%%:*}: exit $rc, expected 1 and a 'first broken' line saying '${how#*:}'; it printed:"
        cat "$out/crash-$name.log"
        exit 1
    fi
done
# Two size-0 blocks at one address share no byte, but are one pointer given
# twice: overlap says that, not that [p,+0) overlaps [p,+0).
printf 'version 2\nmalloc 0 0\nmalloc 1 0\n' >"$out/two-empty.txt"
crash_case zero-size-shared -DZERO_SIZE_SHARED two-empty "xF:halloc-fuzz: ORACLE overlap fired at op #1: malloc 1 0" \
    "F:one pointer handed out twice (live blocks need distinct"
# An adapter without check() says so where the checker's verdict goes, and
# where to read how to give one (it said "not available", no more), in one
# row of a 120-column terminal (it took 245 columns in every such report).
crash_case zero-size-shared -DZERO_SIZE_SHARED two-empty \
    "xF:  allocator check: not available: the adapter gives no check() (fuzz/ADAPTERS.md; mm.c's mm_checkheap: MM_API=checked)"

# A crash inside a free that no trace line names (a free-all's, the final
# one's, an allocation's into a full slot) says whose block it was freeing.
printf 'version 2\nmalloc 0 8\nmalloc 1 24\nmalloc 2 8\nfree-all reverse\n' >"$out/free-all-reverse.txt"
crash_case crash-in-free -DCRASH_IN_FREE=2 free-all-reverse \
    "xF:halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #3: free-all reverse" "F:  the allocator was freeing block 1: ["
crash_case crash-in-free:crash-in-free-three-live -DCRASH_IN_FREE=2 three-live "F:  the allocator was freeing block 1: [" \
    "!G:free_sized" # a plain free's crash names no free_sized (below)
# A crash in a free the op made of a pointer that is no block (free-foreign),
# on an adapter that claims to refuse it, names free's trust in what it read
# in front of the pointer: the report named only the op.
printf 'version 2\nmalloc 0 8\nfree-foreign stack\n' >"$out/free-foreign.txt"
crash_case crash-in-bad-free "-DCRASH_IN_FREE=1 -DCLAIMS_BAD_FREE" free-foreign \
    "F:  this op's free was given a pointer from outside the heap (the stack, static data or libc's malloc) on purpose, which the adapter claims free refuses with an errno (FUZZ_DETECTS_BAD_FREE): likely free acted on what it read in front of the pointer"
# A sized free's crash names the size and alignment free_sized was given (a
# class or page count from them may be what is wrong); a plain free's does not.
# (Between the two lines, the usable size before the block's size is the run's.)
crash_case crash-in-free-sized "-DCRASH_IN_FREE=2 -DSIZED_FREE" free-all-reverse "F:  the allocator was freeing block 1: [" \
    "G:^  the allocator was freeing block 1: \[.*(24 requested; free_sized was given size 24, alignment 0) when this happened"
# ...and one inside a realloc names the block it was moving, and the size.
printf 'version 2\nmalloc 0 8\nmalloc 1 24\nrealloc 1 100\n' >"$out/realloc-live.txt"
crash_case crash-in-realloc -DCRASH_IN_REALLOC realloc-live "F:  the allocator was reallocating block 1: [" \
    "F:(24 requested) to 100 bytes when this happened"
# A free-all ends with the pristine check's own request: a crash in it is
# said to be there, not left to read as a crash in one of the frees.
printf 'version 2\nmalloc 0 8\nfree-all\n' >"$out/free-all-pristine.txt"
crash_case crash-in-pristine -DCRASH_IN_PRISTINE_CHECK free-all-pristine \
    "xF:halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: free-all" \
    "F:  every block was freed, and the harness was checking FUZZ_PRISTINE_AFTER_FREE_ALL: stats(), then malloc(1) and its free, then a request of 65536 bytes (the largest a fresh heap served) and its free; this happened in the malloc of 65536 bytes, so the calls before it may have left what it met broken"
# A check that passes on the heap the frees left and fails after the
# pristine check's malloc(1) and its free blames those two calls, before the
# largest request crashes on what they broke (a heap_4-style split that
# merged its remainder into the heap's end marker read as that request's).
crash_case pristine-small-breaks "-DCRASH_IN_PRISTINE_CHECK -DCHECK_FAILS_FROM=4" free-all-pristine \
    "F:  after the frees, the harness was checking FUZZ_PRISTINE_AFTER_FREE_ALL on the emptied heap: the check passed on the heap the frees left, then the harness made malloc(1) and freed it, and this check after them failed"
# One in the pristine probe, before op #0, names the probe's request.
crash_case crash-in-probe -DCRASH_IN_PRISTINE_CHECK=2 free-all-pristine \
    "F:  the probe was in its malloc of a request of 65536 bytes when this happened"
# A heap_4-style heap whose free merges forward into its end marker (no test
# that the next block is the end) crashes at a NULL link in the pristine
# check's free of the largest request, after malloc(1) and its free: the
# fault in the null page names that merge (it said only that the calls
# before it may have broken what it met), once, with the link's offset (the
# null page's own line said it again); the same heap merging right replays
# the free-all clean.
printf 'version 3\nfree-all\n' >"$out/marker-free-all.txt"
report_case marker marker "" "$out/marker-free-all.txt" exit:0
report_case marker-merge-into-end marker -DMERGE_INTO_END "$out/marker-free-all.txt" "F:this happened in the free of " \
    "F:  cause: likely malloc(1)'s split or its free's merge put a NULL link in the free list: a NULL pointer was followed (a fault in the null page, at byte 0 of what it was taken to point at)" \
    "!F:lies in the null page"
# The same merge met outside the pristine check, by the walk of the malloc
# after the probe's (FUZZ_HEAP=65500: run.c built with it, no op heap): the
# context names the heap, a length no multiple of the alignment (its heap
# line came only when op heap chose the length), and the fault in the null
# page a NULL link followed (no line said where it lay).
printf 'version 4\nmalloc 0 100\nmalloc 1 100\n' >"$out/two-100.txt"
merge_bin=$out/marker-merge-into-end # report_case's build above: its adapter object
# shellcheck disable=SC2086,SC2046 # the harness objects, one word each
$cc $cflags -DFUZZ_HEAP_BYTES='((size_t)65500)' -c fuzz/run.c -o "$out/run-65500.o" &&
    $cc "$merge_bin.o" $(printf '%s\n' $hobjs | grep -v '/fuzz/run\.c\.o$') "$out/run-65500.o" -o "$merge_bin-65500"
"$merge_bin-65500" "$out/two-100.txt" >"$merge_bin-65500.log" 2>&1 || true
for line in "  heap:  create_in(65500 bytes starting 0 past a page), a length no multiple of 16 (the adapter's alignment)" \
    "  the fault's address 0x0 lies in the null page, where nothing is ever mapped: a NULL pointer followed, at byte 0 of"; do
    grep -qF "$line" "$merge_bin-65500.log" || {
        echo "fuzz-check-adapters FAILED: a NULL link met by a malloc on a heap of FUZZ_HEAP=65500: no line '$line'; it printed:"
        cat "$merge_bin-65500.log"
        exit 1
    }
done
expect_why "marker-merge-into-end-65500|likely a link the allocator found NULL and followed without a test"
# A crash in the adapter's stats() or check(), which the harness calls after
# an op, says so: the op's own calls had returned.
crash_case crash-in-stats -DCRASH_IN_STATS free-live "xF:halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: free 0" \
    "F:  the op's calls had returned, and the harness was calling the adapter's stats() to check the heap"
# A huge realloc that returns the block itself grew it in place unchecked:
# the report says so beside the usual wrapped size.
printf 'version 2\nmalloc 0 8\nhuge-realloc 0 max-0\n' >"$out/huge-realloc.txt"
crash_case realloc-grows-unchecked -DREALLOC_GROWS_UNCHECKED huge-realloc \
    "xF:halloc-fuzz: ORACLE huge_accepted fired at op #1: huge-realloc 0 max-0" \
    "F:, the block itself, grown in place: a realloc that extends a block without comparing the new size" "!G:top bit"
# One kept in place but shrunk (usable_size() says less than before) is a
# wrap that realloc's shrink served, not a grow (round 12: an embedded
# allocator told of a grow); and a block of a few bytes for 65,532 asked, all
# of it the heap's, is malloc's sizing, a 16-bit size's wrap at 64 KiB, not
# room past the heap's end (fuzz/selftest/wrap-adapter.c); and an aligned
# block a multiple of 64 past a buffer's start rounded up to 16, 41 bytes
# past a page, was placed by its offset from there (the cause listed it
# among five); so was one 32 bytes past a page, where no rounding was owed
# (round 16: told the buffer's start was taken as given). A first block
# handed out 16 bytes below the heap's start (round 16: a merge back over a
# prologue tagged free) is said to start before the heap, not to run past it.
# A block short of its request whose last usable word repeats the word below
# its start is a boundary tag's footer inside the request (round 19's
# emmalloc-style allocator sized a block without it: told of a class edge).
printf 'version 2\nmalloc 0 100\nhuge-realloc 0 max-0\n' >"$out/wrap-max.txt"
printf 'version 2\nmalloc 0 65532\n' >"$out/wrap-16.txt"
cp corpus/heap-lead.txt "$out/wrap-offset.txt"
printf 'version 7\nheap +32\nmalloc 0 1\naligned 1 64 100\n' >"$out/wrap-offset32.txt"
printf 'version 2\nmalloc 0 100\n' >"$out/wrap-below.txt"
printf 'version 2\nmalloc 0 106\n' >"$out/wrap-footer.txt"
for how in "wrap-max::huge-realloc 0 max-0:the block itself, shrunk in place to 16 usable bytes (usable_size() says)" \
    "wrap-16:-DSIZE_IN_16_BITS:malloc 0 65532:usable_size() says 16, all of them its: the block was made for less than the request; with a header and its rounding the request reaches 64 KiB, where a size kept in 16 bits" \
    "wrap-offset:-DALIGNED_BY_OFFSET:aligned 2 64 100:rounded up to 16 (the adapter's alignment), itself 48 bytes off 64: aligned as an offset from where the heap starts, not as an address" \
    "wrap-offset32:-DALIGNED_BY_OFFSET:aligned 1 64 100:itself 32 bytes off 64: aligned as an offset from where the heap starts, not as an address" \
    "wrap-below:-DFIRST_BELOW:malloc 0 100:though its bytes from byte 16 on are: a block that starts before the heap does" \
    "wrap-footer:-DFOOTER_LEFT_OUT:malloc 0 106:below the requested 106: a copy of the word below its start lies where its usable bytes end (0x81), inside the request: a boundary tag"; do
    trace=${how%%:*} rest=${how#*:}
    define=${rest%%:*} rest=${rest#*:}
    report_case "$trace" wrap "$define" "$out/$trace.txt" exit:1 "F:: ${rest%%:*}" "F:${rest#*:}"
done
grep -qF "  cause: likely the block sized for the request and one tag, not both" "$out/wrap-footer.log" ||
    { echo "fuzz-check-adapters FAILED: a footer inside the request not blamed on the sizing:"; cat "$out/wrap-footer.log"; exit 1; }
# One of half+1, whose bits under the top one the block holds, names a size
# word that keeps a flag in its top bit (heap_4's allocated bit) as well;
# max-0 does not (above), its rest being more than the block holds.
printf 'version 2\nmalloc 0 8\nhuge-realloc 0 half+1\n' >"$out/huge-realloc-half.txt"
crash_case realloc-grows-unchecked:realloc-grows-unchecked-half -DREALLOC_GROWS_UNCHECKED huge-realloc-half \
    "F:  cause: likely realloc's test for room compares the request with a size word that still holds a flag in its top bit"
# A moved block whose last bytes were not copied is a copy that stopped
# short, of a block the allocator took for less than was asked (a class
# 8 bytes short, in a malloc-lab mm.c with no usable_size, read only as
# the generic cause).
printf 'version 4\nmalloc 0 100\nrealloc 0 200\n' >"$out/realloc-grow.txt"
crash_case realloc-copies-short -DREALLOC_COPIES_SHORT realloc-grow \
    "F:, and what it lost is the last 12 of them, from byte 88: a copy that stopped short, as of a block the allocator takes for 88 bytes, fewer than the 100 asked of it"
# One that copied nothing says so (it read as any wrong copy).
crash_case realloc-no-copy -DREALLOC_NO_COPY realloc-grow \
    "F: of 100 bytes match, no more than chance): no copy was made" \
    "F:  cause: likely the path that moves a block never copies"
# ...and one that copied from the wrong place is told apart from it.
crash_case realloc-copies-shifted -DREALLOC_COPIES_SHIFTED realloc-grow \
    "F:, and the new block holds them shifted: a copy made from 8 bytes past the old block's start" \
    "F:  cause: likely the copy's source is off by that shift"
# A free that writes past its block into the live one above is named with the
# damage (it named only the damaged block, at the free's op).
printf 'version 2\nmalloc 0 24\nmalloc 1 24\nfree 0\n' >"$out/free-below-live.txt"
crash_case free-writes-next "-DFREE_WRITES_PAST -DFREE_WRITES_PAST_BY=8" free-below-live \
    "xF:halloc-fuzz: ORACLE pattern_corrupted fired at op #2: free 0" \
    "F:; it lies 8 bytes past the end of block 0, [0x" \
    "F:+24), freed at op #2: free 0 just before: that free wrote outside its block"
# A calloc whose n * size wraps is told of the multiplication (the cause
# blamed a header's rounding) and of the size it wrapped to; n cut to an
# unsigned count (talloc's) gives that block too: the report names the cut
# beside the wrap (it blamed the multiplication alone).
printf 'version 4\ncalloc-overflow 9223372036854775808 2\n' >"$out/calloc-wraps.txt"
crash_case calloc-product-wraps -DCALLOC_PRODUCT_WRAPS calloc-wraps \
    "F:calloc(9223372036854775808, 2), whose n * size overflows (wrapping to 0), (cannot exist) returned" \
    "F:  cause: likely calloc multiplied n * size without testing the product for overflow" \
    "F:; cut to 32 bits n is 0, and n * size then the same 0 bytes: an allocator whose count is an unsigned or uint32_t" \
    "F:or the operand named reached the allocator cut to 32 bits (an unsigned count"
# A free in a replay's free-all that damages a live block is named: the
# slot freed right before the damage was seen (it fired at the damaged
# block's own free, naming no free).
printf 'version 2\nmalloc 0 32\nmalloc 1 32\n' >"$out/two-live-32.txt"
crash_case free-scribbles -DFREE_SCRIBBLES_NEWEST two-live-32 "F:8 bytes from offset 0 differ (byte 0: expected 0x" \
    "F:(right after the free-all freed slot 0)"
# The same free in the harness's own realloc (the adapter has none) damages
# the new block after the exact copy: the free is named, not a copy of the
# allocator's (which it has not; the cause blamed one).
printf 'version 4\nmalloc 0 32\nrealloc 0 64\n' >"$out/realloc-32-64.txt"
crash_case free-scribbles:free-scribbles-realloc -DFREE_SCRIBBLES_NEWEST realloc-32-64 \
    "F:this realloc is the harness's own (the adapter has none: malloc, an exact copy, then free of the old block), so that free wrote into the new block" \
    "F:  cause: likely malloc handed out the new block over the old block's header or links, which its free then rewrote"
# On the engines' schedule (replay -s) a free's scribble is found at the next
# verify of every block, ops later: the report gives the window since the
# last one that passed (it named only the op that found it).
{ printf 'version 2\n'; seq 32 | sed 's/.*/refill 9/'
  printf 'malloc 0 32\nmalloc 1 32\nfree 0\n'; seq 29 | sed 's/.*/refill 9/'; } >"$out/scribble-late.txt"
report_case crash-free-scribbles:crash-free-scribbles-late crash -DFREE_SCRIBBLES_NEWEST "-s $out/scribble-late.txt" \
    "F:ORACLE pattern_corrupted fired at op #63: refill 9" \
    "F:  since: every live block was verified intact after op #31, so any of ops #32..#63 may have written it"
# A huge request served because the size was cut to the allocator's 32-bit
# type names the cut size and the adapter's duty (it blamed a wrapped sum),
# and, half+N's bits 32 to 35 being clear, a count of 8- or 16-byte units cut
# to 32 bits alike (it named only UINT32_MAX, round 10's compact allocator
# cutting at 32 GiB).
printf 'version 3\nhuge-malloc half+0\n' >"$out/huge-half.txt"
crash_case size-cut -DSIZE_CUT_TO_32 huge-half "F:(cannot exist) returned 0x" \
    "F:; cut to 32 bits it is 0 bytes, and usable_size() says 24; so it is too when cut at 2^32 units of 8 or 16 bytes (32 or 64 GiB): an allocator whose size, or size in units, is an unsigned or uint32_t is given that, unless its adapter refuses a size over what that holds (UINT32_MAX bytes, or units) with ENOMEM before calling it"
# ...and the cause blames the cut, not a wrap, where the block's usable size
# is the request's low 32 bits (it blamed a header's rounding past SIZE_MAX).
printf 'version 3\nhuge-malloc half+24\n' >"$out/huge-half-24.txt"
crash_case size-cut:size-cut-24 -DSIZE_CUT_TO_32 huge-half-24 \
    "F:cut to 32 bits it is 24 bytes, and usable_size() says 24; so it is too when " \
    "F:  cause: likely the size cut to 32 bits, not wrapped: " \
    "F:or a count of its units did (a header's size in 8- or 16-byte units, which cuts at 32 or 64 GiB)"
# A request refused with the wrong errno carries the allocator's own line on
# why (why_refused): with the checker passing, only it says what went wrong.
printf 'version 2\nmalloc 0 8\nmalloc 1 999\n' >"$out/refused.txt"
# The oracle fires on the adapter's claim only: the report names it, so a
# course allocator's adapter copied with the claim in it is not taken for a bug
# of the harness (it said only "expected ENOMEM"); and, the check passing, a
# sound heap whose search picked a chunk its take refused is suspected. The
# what line holds the facts alone (it gave the fix the cause gives too); the
# cause, the other fix.
crash_case refusal-explained -DREFUSAL_EXPLAINED refused \
    "xF:halloc-fuzz: ORACLE alloc_wrong_errno fired at op #1: malloc 1 999" \
    "F:  the allocator says: free list (3,4) damaged: its head is not free" \
    "xF:  what:  a request of 999 bytes failed with errno 131 \
(ENOTRECOVERABLE: State not recoverable), expected ENOMEM (the adapter claims FUZZ_REPORTS_ENOMEM)" \
    "F:; or, if the allocator is meant to refuse so, take FUZZ_REPORTS_ENOMEM out of the adapter's caps" \
    "F:  cause: likely a refusal that set an errno of its own: "
# EINVAL is the request judged, not the heap: its own cause (it was the one above,
# a test of the heap first).
crash_case refusal-einval "-DREFUSAL_EXPLAINED -DREFUSAL_ERRNO=EINVAL" refused \
    "F:  cause: likely a test of the request that calls it invalid where it only cannot be served: "
# A calloc that hands out a recycled block unzeroed: the report says where
# to look in calloc (it said only what was found).
printf 'version 2\nmalloc 0 64\nfree 0\ncalloc 1 4 16\n' >"$out/calloc-reused.txt"
crash_case calloc-not-zeroed -DCALLOC_NOT_ZEROED calloc-reused \
    "xF:halloc-fuzz: ORACLE calloc_not_zero fired at op #2: calloc 1 4 16" \
    "F:  cause: likely calloc skipped or cut short its zeroing"
# One that leaves a fill of its own (0xa5 in every byte) says so, fresh
# memory and all (it was told of memory recycled).
printf 'version 2\ncalloc 0 4 16\n' >"$out/calloc-fresh.txt"
# Its cause says the fill too, not the general one's recycled memory.
crash_case calloc-junk -DCALLOC_JUNK_FILLED calloc-fresh \
    "F:calloc returned memory with 64 non-zero bytes from offset 0 (0xa5): every requested byte holds 0xa5, where a block's old contents" \
    "F:  cause: likely the allocator's own fill" "!G:recycled"
# One that zeroes n * size rounded down to 8 leaves the request's last bytes:
# the report says so (it said only an offset), and its cause blames that
# rounding (what guessed it, with a question mark; the cause was calloc's own).
printf 'version 2\nmalloc 0 30\nfree 0\ncalloc 1 6 5\n' >"$out/calloc-30.txt"
crash_case calloc-rounds-down -DCALLOC_ROUNDS_DOWN calloc-30 \
    "F:calloc returned memory with 6 non-zero bytes from offset 24" \
    "G:): the request's last, past a multiple of 8\$" "F:  cause: likely a zeroing length rounded down to a multiple of 8"
# One that zeroes one element, not n * size, is told what the block holds,
# element by element (what said "only the first element was zeroed", a guess
# at the memset the cause names).
crash_case calloc-one-element -DCALLOC_ONE_ELEMENT calloc-reused "F:from offset 16 (0x" \
    "G:(0x..): of its 4 elements of 16 bytes, the first alone is all zero: each of the others holds non-zero bytes\$" \
    "F:  cause: likely calloc's memset was given size, not n * size"
# ...and one that zeroes every other element says which (it said the other 3
# held non-zero bytes, and blamed a memset of one element), and counts the
# non-zero bytes among the zeroes between them (it gave the span, 48, as the
# count).
crash_case calloc-even-elements -DCALLOC_EVEN_ELEMENTS calloc-reused \
    "G:calloc returned memory with 32 non-zero bytes among the 48 from offset 16 (0x..): of its 4 elements of 16 \
bytes, the first and 1 other are all zero, 2 hold non-zero bytes\$" \
    "!F:memset was given size" "F:  cause: likely calloc skipped or cut short its zeroing"
# One that zeroes nothing of a block freed at the same address, whose first
# word is a free list's NULL link, is offered that too (a headerless
# allocator's calloc(25, 8) read as a memset of one element), in its cause:
# what names the free alone (it said "perhaps none was zeroed").
printf 'version 2\nmalloc 0 64\nfree 0\ncalloc 1 8 8\n' >"$out/calloc-link.txt"
crash_case calloc-link-left -DCALLOC_LINK_LEFT calloc-link \
    "G:: of its 8 elements of 8 bytes, the first alone is all zero: each of the others holds non-zero bytes, and block 0 \
was freed at this address at op #1: free 0\$" \
    "F:  cause: likely calloc took a recycled block for fresh memory and zeroed none of it" "F:else a memset given size"
# ...and one whose elements are smaller than the link, over a block of 16
# bytes: its first word zero, the rest not (a slab's calloc(8, 2) took the
# last slot its free list held for a fresh one, and was told of a zeroing
# rounded down, which 16 is not).
printf 'version 2\nmalloc 0 16\nfree 0\ncalloc 1 8 2\n' >"$out/calloc-link-16.txt"
crash_case calloc-link-left:calloc-link-left-16 -DCALLOC_LINK_LEFT calloc-link-16 \
    "G:(0x5f): the first 8 bytes are zero, 8 of the 8 past them not, and block 0 was freed at this address at op #1: free 0\$" \
    "!F:a zeroing length rounded down" "!F:else a memset given size" \
    "F:  cause: likely calloc took a recycled block for fresh memory and zeroed none of it"
# A realloc that frees the old block before copying it loses the bytes the
# free overwrote: the cause names that order, not only a wrong length.
printf 'version 2\nmalloc 0 24\nrealloc 0 100\n' >"$out/realloc-moves.txt"
crash_case realloc-frees-first -DREALLOC_FREES_FIRST realloc-moves \
    "xF:halloc-fuzz: ORACLE realloc_lost_data fired at op #1: realloc 0 100" \
    "F:the old block freed (or reused) before its bytes were copied"
# timeout_case NAME DEFINE CHECK...: crash-adapter built with DEFINE
# replays "malloc 0 555, malloc 1 777" under -t 1; the replay must stop the
# second op, name it and pass every report_case CHECK.
timeout_case() {
    name=$1 define=$2
    shift 2
    printf 'version 2\nmalloc 0 555\nmalloc 1 777\n' >"$out/$name.txt"
    report_case "crash-$name" crash "$define" "guard:60 -t 1 $out/$name.txt" exit:1 "F:at op #1: malloc 1 777" "$@"
}
# An op that never returns (a libFuzzer timeout, replayed): the replay stops
# it after -t seconds and names it; it used to hang without a word. The loop
# had the CPU (the adapter holds the limit back until it did, at any load):
# the replay calls it one.
timeout_case hang -DMALLOC_HANGS \
    "F:halloc-fuzz: TIMEOUT (still running after 1 s: an endless loop in the allocator" "F:FAILED: timed out (signal 14)"
# The same loop after a sanitizer's report that returned in op #0 (ASan with
# halt_on_error=0; recovered-report.h's stand-in): that report ended when op
# #1 began, so the timeout still calls the loop one. It said "while a report
# was being written", and a sanitizer build lost the loop's stack trace.
report_case crash-hang:crash-hang-recovered crash -DMALLOC_HANGS "HALLOC_RECOVERED_AT=555 guard:60 -t 1 $out/hang.txt" \
    "F:halloc-fuzz: TIMEOUT (still running after 1 s: an endless loop in the allocator"
# A loop in an allocation after a free names that free: a cycle in a free
# list is most often its making (round 14b's SLOB page left on its list).
printf 'version 2\nmalloc 0 555\nfree 0\nmalloc 1 777\n' >"$out/hang-after-free.txt"
report_case crash-hang-after-free crash -DMALLOC_HANGS_AFTER_FREE "guard:60 -t 1 $out/hang-after-free.txt" \
    "F:halloc-fuzz: TIMEOUT (still running after 1 s: an endless loop in the allocator" \
    "E:^  it loops in an allocation after a free: .*; the latest: block 0, \[0x[0-9a-f]+, \+555\), freed at op #1: free 0$"
# A link the allocator keeps in a freed block, followed to a page it
# unmapped (a page left on its list): the report names the freed block that
# held the link; it named only the block the fault lies in. The same
# allocator without the bug replays clean.
printf 'version 2\nmalloc 0 100\nmalloc 1 100\nmalloc 2 100\nfree 0\nfree 1\nfree 2\nmalloc 3 100\n' >"$out/stale-link.txt"
report_case stale-link stale-link "" "$out/stale-link.txt" "xF:replay: $out/stale-link.txt: ok (7 ops)"
report_case stale-link-DSTALE_LINK stale-link -DSTALE_LINK "$out/stale-link.txt" \
    "E:^  the fault's address 0x[0-9a-f]+ is the word at byte 0 of block 1 freed at op #4: free 1, \[0x[0-9a-f]+, \+100\), which the allocator wrote there after the free: it followed a link it keeps in a freed block"
# A program that runs past the limit with no op stuck (Electric Fence, whose
# every call walks its whole slot list, on a sweep row of 4096 live blocks):
# the replay sees it move on after the limit and says so; it said "an endless
# loop", at whichever call the time ran out in. Run as make replay runs it
# (its command in the environment), it names make replay's TIMEOUT= and the
# limit make builds in, not the -t make replay passes for it. Two of every
# three ops make a block of 65532 bytes, whose check and fill by the harness
# take a good share of the time: a look after the limit lands in such a pass
# often (it said "in the harness's own pass" in a run in five), and the
# verdict must not depend on where it lands.
{
    echo 'version 2'
    echo 'malloc 0 555'
    yes 'malloc 1 777
malloc 2 65532
malloc 3 65532' | head -n 3000
} >"$out/slow.txt"
report_case crash-slow crash -DMALLOC_SLOW \
    [ "HALLOC_FUZZ_REPLAY_LINE=make replay CRASH=$out/slow.txt" guard:60 -t 1 "$out/slow.txt" ] exit:1 \
    "F:halloc-fuzz: TIMEOUT (still running after 1 s, but no op is stuck" \
    "F:A longer limit lets the input finish: TIMEOUT=SECONDS on make replay (without it, timeout in fuzz/halloc.options, the limit make builds in))"
# A goal that sets the limit its own way names its knob (make fuzz-lab-batch's
# FUZZ_INPUT_TIMEOUT, fuzz/lab-batch.mk), over make's: the line said
# halloc.options, which a batch does not read.
report_case crash-slow:crash-slow.knob crash -DMALLOC_SLOW [ HALLOC_FUZZ_TIMEOUT_KNOB=FUZZ_INPUT_TIMEOUT=SECONDS \
    "HALLOC_FUZZ_REPLAY_LINE=make replay CRASH=$out/slow.txt" guard:60 -t 1 "$out/slow.txt" ] \
    "F:A longer limit lets the input finish: FUZZ_INPUT_TIMEOUT=SECONDS)"
# An op that waits for ever on a lock the allocator took and kept uses no
# CPU: the replay calls it a wait, not an endless loop (it said "often a
# cycle in a free list" to a course's heap whose failure path kept its mutex).
timeout_case deadlock -DMALLOC_DEADLOCKS \
    "F:halloc-fuzz: TIMEOUT (still waiting after 1 s, using no CPU" "F:a lock it took and never released"
echo "fuzz-check-adapters: calls: a replay's checker named at the op that broke the heap, with the free an allocation" \
    "made first, and the window since its last pass on the engines' schedule, and in a free-all the slot whose free broke" \
    "it, on the engines' schedule too (a second run in a child, a create_in's too); a crash in a free no trace line" \
    "names (a free-all's) names the block, and whether it is the first of a mapping an op made, one in a realloc the block and the size asked," \
    "one in the pristine check after a free-all says so (at a NULL link after its malloc(1) and free, a merge with an end" \
    "marker; one outside it named a NULL link followed, its heap line naming a length FUZZ_HEAP set off the" \
    "alignment), one in stats() after an op says so; a live block damaged in a replay's free-all named with the slot freed" \
    "just before, and on the engines' schedule with the window since every block last verified intact, and in a" \
    "libFuzzer run's the replay that names it pointed to; a request refused with the wrong errno given the allocator's" \
    "own line on why; a calloc of a recycled block unzeroed given its likely cause, one whose zeroing stopped 8-aligned" \
    "short of the request's end said so, one that zeroed only the first element told element by element, one left all one value the" \
    "allocator's own fill; one whose first word alone is" \
    "zero over a block freed there offered a NULL link, not a rounding; a huge realloc served in place named as a grow" \
    "that never checked its room, one it shrank as a wrapped size; a block of a few bytes for 65,532 asked as malloc's" \
    "16-bit sizing; a block short by its footer, seen inside the request, blamed on its sizing; an aligned block placed by its offset from a rounded base said so; a huge request served at its size cut to 32 bits named with that size, and blamed on" \
    "the cut where the usable size is that size's; a realloc that frees before it copies named among" \
    "realloc_lost_data's; one that copied short of the old block's end said so, with the byte it stopped at, one that" \
    "copied nothing said so, one that copied from 8 bytes in said so; a free that wrote into the live block above named" \
    "with the damage; a loss in the harness's own realloc blamed on its free of the old block; a crash in free_sized, or" \
    "a leak or overlap it can make, named with what it was given; a fault at a link kept in a freed block named with" \
    "that block; an op that never returns stopped and named, one in" \
    "an allocation after a free with that free, a loop" \
    "after a recovered report called one"
