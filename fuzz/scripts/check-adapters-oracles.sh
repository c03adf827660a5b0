# check-adapters-oracles.sh, sourced by check-adapters.sh: the reports of
# crash-adapter.c's planted bugs met between calls, one crash_case each
# (selftest-build.sh): free(NULL) marked, stats that lie, ops not run, small
# blocks aligned to their size, usable sizes off, an allocator's own abort()
# (replay and libFuzzer), libFuzzer's timeout of a loop after a free and its
# first tick in the harness's fill (slow-fill-adapter.c), libFuzzer stopped
# by a table of mappings the kernel refused memory,
# create() failing after earlier inputs, misaligned blocks (the pristine
# probe's cases: check-adapters-pristine.sh, sourced after it). It uses what
# check-adapters.sh set: out, cflags, build, crash_case; its libFuzzer builds
# are make's (BUILD, as make check passes it).
# No drop_caller_env of its own: the script that sources it has called it.
# shellcheck shell=sh
: "${out?}" "${cflags?}"
# A report marks a free on an empty slot as free(NULL), and only that: an
# oracle firing after an ordinary free (its slot is empty by then too) must
# not carry the mark.
printf 'version 2\nmalloc 0 8\nfree 1\n' >"$out/free-null.txt"
printf 'version 2\nmalloc 0 8\nfree 0\n' >"$out/free-live.txt"
crash_case free-null-refused -DFREE_NULL_REFUSED free-null \
    "xF:halloc-fuzz: ORACLE free_null_rejected fired at op #1: free 1  (slot empty: free(NULL))"
# ...and names the code that likely refused it (it named only the errno).
crash_case free-null-refused -DFREE_NULL_REFUSED free-null \
    "F:  cause: likely free tests the pointer before it tests for NULL"
crash_case stats-lie -DSTATS_LIE_AFTER_FREE free-live "xF:halloc-fuzz: ORACLE stats_mismatch fired at op #1: free 0"
# A stats() that leaves live_blocks out is told so, not blamed with the stack's garbage.
crash_case stats-no-live -DSTATS_NO_LIVE_BLOCKS free-live "F:stats() did not set live_blocks"
# ...and says which way the count is off, and at a free, one block too many is that free not taken.
crash_case stats-lie -DSTATS_LIE_AFTER_FREE free-live \
    "xF:  what:  stats live_blocks = 1, the model says 0: the allocator holds more blocks than the program" \
    "F:  cause: likely this op's free did not take: its lookup missed the block"
# A count no run could have made is no miscount: a thread-cache allocator's
# first block lay over its heap record's counter, and "a free that did not
# take" sent the reader to its free path.
crash_case stats-overwritten -DSTATS_COUNTER_OVERWRITTEN free-live \
    "F:  what:  stats live_blocks = 140695645163617, the model says 0: more than the program's calls could have left live (at most 49920 by op #1)" \
    "F:  cause: likely no miscount but the counter's memory overwritten or never set"
crash_case stats-below-zero -DSTATS_BELOW_ZERO free-live \
    "F:  what:  stats live_blocks = 4294967294, the model says 0: -2 in a 32-bit count, one taken below zero"
# A refused huge request leaves no block for stats() to count: only the
# planted lie may fire (make fuzz's first saved crash was at times a
# huge_changed_heap of the adapter's own, and check-libfuzzer-report failed).
printf 'version 3\nhuge-malloc max-0\n' >"$out/huge-first.txt"
crash_case stats-lie:stats-lie-huge-first -DSTATS_LIE_AFTER_FREE huge-first "xF:replay: $out/huge-first.txt: ok (1 op)"
# A size near 4 GiB, asked of a heap whose adapter does not declare
# FUZZ_CAN_GROW, served whole by one that grows (glibc's, here) is no wrap:
# the report says to declare it, not that a size was cut to 32 bits.
printf 'version 10\nhuge-malloc 4g\n' >"$out/huge-4g.txt"
crash_case stats-lie:stats-lie-huge-4g -DSTATS_LIE_AFTER_FREE huge-4g \
    "F:2^32 +0, more than a heap that cannot grow holds; the block's whole span is mapped: the heap grew, and its adapter does not declare FUZZ_CAN_GROW)" \
    "xF:  cause: likely the allocator grows (it asks the OS or malloc for more memory) and its adapter does not say so: add FUZZ_CAN_GROW to the adapter's caps (fuzz/ADAPTERS.md), and sizes near 4 GiB, which a growing heap may serve, are not asked of it"
# What fires after the last op says the final free-all's order (a merge may
# depend on it), which no trace line shows.
printf 'version 2\nmalloc 0 8\nmalloc 1 8\n' >"$out/two-live.txt"
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live \
    "F:fired in the final free-all (every live block freed, lowest slot first)"
# A refused free says where to look: the allocator lost track of a live block
# (a planted span freed while one slot was live, or a split remainder whose
# link overwrote the next header, ended here with nothing pointing at them).
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live \
    "F:  cause: likely the allocator no longer finds this block as live: the header or page record"
# ...or a lookup right for some blocks only (a page-run allocator of
# round 9 indexed its blocks by a shift, wrong for a class of 48 bytes).
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live \
    "F:or the lookup from the pointer finds the right record for some blocks only (a block index by a shift"
# The errno is named, and an errno the adapter gave a meaning to says what
# the allocator took the live block for.
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live \
    "F:free of a live block failed with 22 (EINVAL: Invalid argument)"
crash_case free-refused-as-double "-DFREE_REFUSES_FIRST -DCLAIMS_DOUBLE_FREE" two-live \
    "F:failed with 22 (EINVAL: Invalid argument): the allocator took live block 0 for a freed one (the adapter's double_free_errno)"
crash_case free-refused-as-either "-DFREE_REFUSES_FIRST -DCLAIMS_BAD_FREE" two-live \
    "F:the allocator took live block 0 for a freed block or no block of its own (the adapter's double_free_errno and bad_free_errno)"
# replay -v says a run that failed after its last op stopped there, not at it.
report_case crash-free-refuses-first:crash-free-refuses-first-v crash -DFREE_REFUSES_FIRST "-v $out/two-live.txt" \
    "xF:# the run stopped after the last op (in its final free-all or destroy): the report above says where"
# ...or, when the allocator is a stack that frees only its top, how to fuzz it.
crash_case free-refuses-first -DFREE_REFUSES_FIRST two-live \
    "F:or, by design, an allocator that frees only its newest block refused an older one: defer such frees in the adapter (fuzz/ADAPTERS.md)"
# Ops the adapter cannot judge are never issued: the report's history and the
# printed trace (-v) say so beside them, or they read as calls that were made.
# So is a realloc to 0 of a live block without FUZZ_REALLOC_ZERO_FREES
# (implementation-defined), and only that: on an empty slot it runs.
printf 'version 2\nmalloc 0 8\ndouble-free 0\nfree-interior 0 1\nrealloc 0 0\nrealloc 1 0\nfree 0\n' >"$out/not-run.txt"
crash_case stats-lie:stats-lie-not-run -DSTATS_LIE_AFTER_FREE not-run \
    "xF:    #1     double-free 0  (not run: the adapter does not claim FUZZ_DETECTS_DOUBLE_FREE)" \
    "xF:    #2     free-interior 0 1  (not run: the adapter does not claim FUZZ_DETECTS_BAD_FREE)" \
    "xF:    #3     realloc 0 0  (not run: a realloc to 0 of a live block needs FUZZ_REALLOC_ZERO_FREES)" \
    "xF:    #4     realloc 1 0"
report_case crash-stats-lie:crash-stats-lie-not-run-v crash -DSTATS_LIE_AFTER_FREE "-v $out/not-run.txt" \
    "xF:double-free 0  # not run: the adapter does not claim FUZZ_DETECTS_DOUBLE_FREE" \
    "xF:realloc 0 0  # not run: a realloc to 0 of a live block needs FUZZ_REALLOC_ZERO_FREES" "xF:realloc 1 0"
# FUZZ_SMALL_ALIGNED_TO_SIZE: an 8-byte block 8 mod 16 is misaligned without
# the flag (and the report names the flag) and fine with it; a 16-byte one is
# misaligned either way.
printf 'version 2\nmalloc 0 8\nmalloc 1 1\nfree 0\nfree 1\n' >"$out/small8.txt"
printf 'version 2\nmalloc 0 8\nmalloc 1 16\n' >"$out/small16.txt"
crash_case small8 -DSMALL_AT_8=8 small8 "F:halloc-fuzz: ORACLE misaligned fired at op #0: malloc 0 8" \
    "F:is aligned to 8, not to the 16 asked: a bug, unless the allocator aligns blocks this small only to their size by design (C17 allows it), which its adapter then declares with FUZZ_SMALL_ALIGNED_TO_SIZE"
crash_case small8-flagged "-DSMALL_AT_8=8 -DCLAIMS_SMALL_ALIGNED" small8 "F:replay: $out/small8.txt: ok"
crash_case small16-flagged "-DSMALL_AT_8=16 -DCLAIMS_SMALL_ALIGNED" small16 \
    "F:halloc-fuzz: ORACLE misaligned fired at op #1: malloc 1 16"
# Both say where to look: the rounding or class table that placed or sized it.
crash_case small16-flagged "-DSMALL_AT_8=16 -DCLAIMS_SMALL_ALIGNED" small16 \
    "F:  cause: likely a size or header not rounded to the alignment, so the next block placed after it is off"
# ...and that the 16 is the adapter's claim, which an allocator that promises
# 8 by design lowers in its table: not only a bug to hunt.
crash_case small16-flagged "-DSMALL_AT_8=16 -DCLAIMS_SMALL_ALIGNED" small16 \
    "F:not to the 16 asked: 16 is the adapter's .alignment, promised for every block; if the allocator guarantees only 8 by design, say so in its fuzz_allocator table (.alignment = 8;"
crash_case usable-understated -DUSABLE_UNDERSTATED small16 \
    "F:halloc-fuzz: ORACLE usable_too_small fired at op #0: malloc 0 8" \
    "F:  what:  usable size 0 is below the requested 8: usable_size found no block at this address, which the allocator itself just returned"
# ...or truncated a count of units (round 14b's SLOB gave malloc(1) its header alone): the cause
# says both (what guessed the count, the cause a class off by one, which gives no 0).
crash_case usable-understated -DUSABLE_UNDERSTATED small16 \
    "G:just returned; the request is under the adapter's .alignment (16)\$" \
    "F:  cause: likely a lookup that misses the block (a pointer mask, page table or header wrong for this address), or a request under the alignment sized down to nothing: a count of units truncated"
# A usable size far under a request no narrow type cuts names a lookup that
# read another block's record (round 14b: 16 for 30,000, told of a class edge),
# in its cause: the what line says only how far short (it said no class edge
# or header could be that coarse).
printf 'version 4\nmalloc 0 30000\n' >"$out/thirty-k.txt"
crash_case usable-other-class -DUSABLE_OTHER_CLASS thirty-k \
    "xF:  what:  usable size 16 is below the requested 30000: under half of it, and more than 128 bytes short" \
    "F:  cause: likely a lookup that reads another block's record"
# ...and past 16 bits, a size kept in a narrow type, in the cause too (the
# what line guessed it, and the cause blamed a class off by one).
printf 'version 4\nmalloc 0 65552\n' >"$out/big.txt"
crash_case usable-cut -DUSABLE_CUT_TO_16 big \
    "F:is below the requested 65552: under half of it, a request wider than 16 bits" \
    "F:  cause: likely a size kept in a type too narrow for it (a uint16_t or uint32_t header field"
# A rejected double free that changed the heap is given its likely cause: a change made before the test.
printf 'version 4\nmalloc 0 8\nmalloc 1 8\ndouble-free 0\n' >"$out/double-free.txt"
report_case double-free double-free -DCOUNTS_FIRST "$out/double-free.txt" \
    "G:^  cause: likely the free changed the heap before it found the pointer bad"
# A double free refused with the adapter's bad_free_errno, not its double_free_errno
# (EINVAL, EALREADY): the report says what the allocator took it for, and the
# cause blames the record its free removed (it blamed a header trusted unchecked).
report_case freed-foreign double-free -DFREED_TAKEN_AS_FOREIGN "$out/double-free.txt" \
    "G:^  what:  free(0x[0-9a-f]*) failed with [0-9]* (EINVAL: .*), expected [0-9]* (EALREADY: .*): the allocator \
took it for no block of its own (the adapter's bad_free_errno)$" \
    "G:^  cause: likely free removes its record of the block "
# A block a realloc shrank in place too far: the report names the resize, not a class table.
printf 'version 4\nmalloc 0 200\nrealloc 0 100\n' >"$out/shrink.txt"
report_case shrink-cuts usable-hint -DSHRINK_CUTS "$out/shrink.txt" \
    "G:^  what:  usable size 96 is below the requested 100; realloc shrank it in place and cut too much"
# A fault in the harness's own write of a block is explained as the
# allocator's: the block is not all as usable as usable_size said.
crash_case usable-overstated -DUSABLE_OVERSTATED free-live \
    "F:halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #0: malloc 0 8" "F:the harness was writing block 0: "
# A usable size that reaches into the next block's header: nothing faults in
# the harness's fill, the allocator trips over the header ops later, and the
# crash context says how to test the usable size (it said nothing of it);
# with HALLOC_FUZZ_USABLE=off only the requested bytes are written.
printf 'version 2\nmalloc 0 8\nmalloc 1 8\n' >"$out/next-header.txt"
crash_case usable-into-header -DUSABLE_INTO_NEXT_HEADER next-header \
    "xF:halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: malloc 1 8" \
    "F:HALLOC_FUZZ_USABLE=off replays with only the requested bytes written"
report_case crash-usable-into-header:crash-usable-into-header-usable-off crash -DUSABLE_INTO_NEXT_HEADER "HALLOC_FUZZ_USABLE=off $out/next-header.txt" exit:0
# A usable size past the request by the 16-byte rounding alone (8 asked, 16
# usable) cannot reach the allocator's data: a crash then must not offer
# HALLOC_FUZZ_USABLE=off (it followed every fault once any block was rounded).
# usable_size faulting on a block the allocator just returned: its own lookup,
# named as such, as the likely cause on a line of its own (it was guessed on
# the line that tells the call); HALLOC_FUZZ_USABLE=off, which skips the call,
# not offered (it was, alone, and its clean replay said usable_size() overstates).
crash_case usable-lookup -DUSABLE_LOOKUP_CRASHES next-header \
    "G:^  the harness was asking usable_size() of block 1, .*, before writing a byte of it, when this happened\$" \
    "G:^  likely cause: usable_size's lookup of a block the allocator made itself " "!F:HALLOC_FUZZ_USABLE=off"
# A lab-batch row's short form takes the line placing the fault over that
# guess, which says only which call was under way (report-why.sh ranks it last).
expect_why "crash-usable-lookup|likely a link the allocator found NULL and followed without a test"
# usable_size faulting at the block's pointer masked to 64 KiB, a slab header
# looked for in front of a big block (round 14's Hoard-style allocator): the
# mask named (it named only a lookup).
printf 'version 2\nmalloc 0 100\n' >"$out/one-block.txt"
crash_case usable-masks-big -DUSABLE_MASKS_BIG one-block "F:masked to a power of two past a page (0x"
# A block carved from a slab its last free unmapped, kept as the current
# one: usable_too_small names that munmap (round 14: told of a freed mark),
# and the slab kept after it in its cause (what guessed it).
printf 'version 2\nmalloc 0 24\nfree 0\nmalloc 1 24\n' >"$out/slab-again.txt"
crash_case slab-kept-current -DSLAB_KEPT_CURRENT slab-again "F:; it lies in memory this run unmapped, by munmap(0x" \
    "!F:  cause: likely a size class" "G:and no mapping of the allocator's holds it now: handed out from memory the allocator gave back\$" \
    "F:  cause: likely a slab or span kept as its class's current one"
# A slab of 64-byte blocks carved again for 256-byte ones with one block
# live: overlap names the slab carved again (it named a freed block taken for
# bigger, and a merge).
printf 'version 2\nmalloc 0 24\nmalloc 1 24\nfree 0\nmalloc 2 200\n' >"$out/slab-recarved.txt"
crash_case slab-recarved -DSLAB_RECARVED slab-recarved \
    "F:a slab of blocks of that size carved again for 256-byte blocks while block 1 was still in it" \
    "F:  cause: likely the test that finds a slab"
# A slab emptied, carved again for another size, yet still listed for its
# own: the next block of the freed one's size lies on that size's grid inside
# the other size's block; overlap names that slot (round 20's decay heap: it
# named the heap's top).
printf 'version 2\nmalloc 0 0\nfree 0\nmalloc 1 100\nmalloc 2 0\n' >"$out/slab-kept-listed.txt"
crash_case slab-kept-listed -DSLAB_KEPT_LISTED slab-kept-listed \
    "F:; block 0, of 16 usable bytes, was freed at op #1: free 0 where block 1 was made since, at op #2: malloc 1 100, and this block starts 16 bytes into block 1" \
    "F:  cause: likely the free that emptied the freed block's slab"
# A bigger block handed out at a live block's start (a slot search past its
# run's last slot): usable_too_small names the live block and its size (it
# named a class edge or a lookup).
printf 'version 2\nmalloc 0 8\nmalloc 1 100\n' >"$out/live-again.txt"
crash_case hands-out-live -DHANDS_OUT_LIVE live-again "F:; it starts at byte 0 of live block 0, [0x" \
    "F:, whose usable size this is: memory in use handed out again"
crash_case usable-rounded "-DUSABLE_ROUNDED -DCRASH_AT_CALL=2" next-header \
    "xF:halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #1: malloc 1 8" "!F:HALLOC_FUZZ_USABLE=off"
# A block spaced without room for the next one's header: the damage the
# next header does ends where the next block begins, and the report says so
# (it said only that a live block changed), blaming that header in its cause
# (what guessed it, with a question mark; the cause was bookkeeping in general).
printf 'version 2\nmalloc 0 32\nmalloc 1 32\n' >"$out/two-32.txt"
crash_case header-not-counted -DHEADER_NOT_COUNTED two-32 \
    "xF:halloc-fuzz: ORACLE pattern_corrupted fired at op #1: malloc 1 32" \
    "G:they end where the next block (slot 1) begins, where its header would lie\$" \
    "F:  cause: likely the next block's header written inside this one"
# A usable size exactly one header short of a request that needed no
# rounding names the block sized without its header first (round 8's tree best fit
# blamed "a header counted twice"); 16 short of a request of 40 keeps the
# general cause, a header counted twice among it.
printf 'version 2\nmalloc 0 40\n' >"$out/forty.txt"
crash_case usable-less-header -DUSABLE_LESS_HEADER two-32 "F:  cause: likely the request sized without its header"
# Both name a TLSF's fit search in the request's own list, which hands out a
# free block a little short (round 13b: told of a class edge, a header), and
# not the aligned path of an aligned_alloc's block (below).
crash_case usable-less-header:usable-less-header-forty -DUSABLE_LESS_HEADER forty \
    "F:  cause: likely a size class or rounding off by one (a request at a class's edge given the class below), a header counted twice" \
    "F:a fit search that took a free block short of the request (a segregated fit's search in the request's own"
crash_case usable-less-header -DUSABLE_LESS_HEADER two-32 \
    "F:or a free block a header short taken by a fit search (a segregated fit's search in the request's own list" \
    "!F:aligned path"
# A block of an aligned_alloc short of its request names the aligned path's
# padding as the likely cause (round 13b's TLSF, its aligned search with no
# room for a lead of a minimum block, was told of a class edge); a malloc
# short of its request does not.
printf 'version 2\nmalloc 0 8\naligned 1 64 100\n' >"$out/aligned-100.txt"
crash_case aligned-lead-short -DALIGNED_LEAD_SHORT aligned-100 \
    "F:usable size 96 is below the requested 100; it came from aligned_alloc(64, 100), an alignment past the adapter's own" \
    "F:  cause: likely the aligned path's sizing, not a size class"
# A crash inside an aligned_alloc asked more than the adapter's alignment
# names that path (round 18's vmem: a bare UBSan line in its list insert), as
# the likely cause, on a line of its own (it was on the line telling the call).
crash_case aligned-rest-wraps -DALIGNED_REST_WRAPS aligned-100 \
    "xF:  the allocator was in aligned_alloc, asked an alignment of 64, past the adapter's 16, when this happened" \
    "G:^  likely cause: its aligned path, which no plain malloc runs: "
# On an 8-byte grain (the adapter's .alignment = 8), a request of 24 needs
# no rounding: 8 short of it is the same sizing (the rule took 16 for every
# allocator's grain), and the report says the header's size was guessed.
printf 'version 2\nmalloc 0 24\n' >"$out/twenty-four.txt"
crash_case usable-less-header-8 -DUSABLE_LESS_HEADER=8 twenty-four \
    "F:usable size 16 is below the requested 24: exactly one header short of a request that needed no rounding to the adapter's .alignment (a header taken as one or two words: the harness does not know the allocator's)" \
    "F:  cause: likely the request sized without its header"
# A usable size 8 bytes too large, over the next header: the damage lies
# past the request, in the usable size, and the report says so and, in its
# cause, how to tell (it blamed only a header placed inside the block; then
# its what line guessed the usable size, with a question mark).
crash_case usable-over-8 -DUSABLE_OVER_BY_8 next-header \
    "xF:halloc-fuzz: ORACLE pattern_corrupted fired at op #1: malloc 1 8" \
    "F:all past the 8 bytes requested, in what usable_size() said is the block's (24); they end just before" \
    "F:  cause: likely a usable size too large, over the allocator's own data"
# A symbolic size is followed by its value in a crash's context as in an
# oracle's report (line 1 and the history): a sanitizer crash at
# "realloc 3 largest_free-align" did not say how much that was.
printf 'version 2\nmalloc 0 align\n' >"$out/symbolic.txt"
crash_case usable-overstated:usable-overstated-symbolic -DUSABLE_OVERSTATED symbolic \
    "xF:halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #0: malloc 0 align  (= 16 bytes)" \
    "xF:  > #0     malloc 0 align  (= 16 bytes)"
# An allocator that calls abort() itself (here on a double free) is named at
# the op, with what its adapter claimed wrongly; an oracle's own abort is not
# reported a second time as the allocator's.
printf 'version 2\nmalloc 0 8\ndouble-free 0\n' >"$out/double-free.txt"
crash_case abort-double-free -DABORT_ON_DOUBLE_FREE double-free \
    "F:halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) at op #1: double-free 0"
# One piece of advice, the flag of this free's kind (it also told of a free that trusted bytes, and to
# take "the flag" out: two overlapping lines).
# shellcheck disable=SC2154 # report_log: the case's log, set by crash_case (selftest-build.sh, sourced by check-adapters.sh)
if ! grep -qxF "  this op's free was given a block it freed just before on purpose: an allocator that stops the program there detects the misuse but returns no errno, so its adapter must not claim FUZZ_DETECTS_DOUBLE_FREE (the harness then never makes such a free)" "$report_log" ||
    [ "$(grep -c "FUZZ_DETECTS_" "$report_log")" != 1 ]; then
    echo "fuzz-check-adapters FAILED: an abort on a double free does not name the flag once, as the one advice;" \
        "it printed:"; cat "$report_log"; exit 1
fi
# ...and one that aborts in an allocation after a free names that free: a
# hardened allocator's check of what its push wrote (round 14b: a stale shadow).
printf 'version 2\nmalloc 0 8\nfree 0\nmalloc 1 8\n' >"$out/malloc-after-free.txt"
crash_case aborts-after-free -DABORTS_AFTER_FREE malloc-after-free \
    "F:  it stopped in an allocation after a free: if the allocator checked its own free-list data there" \
    "E:the latest: block 0, \[0x[0-9a-f]+, \+8\), freed at op #1: free 0\$"
crash_case abort-in-destroy -DABORT_IN_DESTROY free-live \
    "F:halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) in destroy (after the final free-all; the adapter's destroy())"
report_case crash-stats-lie crash -DSTATS_LIE_AFTER_FREE "$out/free-live.txt" "F:ORACLE stats_mismatch" "!F:CRASH (SIGABRT"
# The same under libFuzzer, whose own handler catches the abort (no sanitizer
# does): the op is named before libFuzzer's "deadly signal".
if command -v clang >/dev/null 2>&1; then
    # The harness under libFuzzer is make fuzz-fast's (the libfuzzer-fast
    # objects, -O2 with no sanitizer, which check-dropin.sh links too; made
    # here if absent): an -O0 build of its own was 32 compiles that nothing
    # below needs (the timeout case takes a loop or a wait alike). The
    # adapter is this build's own object, with the case's switches.
    # lf_build NAME FLAGS...: sets bin to crash-adapter.c built with FLAGS under libFuzzer.
    lf_build() {
        bin=${BUILD:-build}/fuzz/oracles-$1/libfuzzer-fast
        shift
        make --no-print-directory -j"$(nproc 2>/dev/null || echo 1)" NAME="$(basename "$(dirname "$bin")")" \
            TARGET="${lf_target:-fuzz/selftest/crash-adapter.c}" SRCS= CFLAGS="$*" "$bin" >"$out/lf-build.log" 2>&1 || {
            echo "fuzz-check-adapters FAILED: make $bin CFLAGS='$*' did not build it; it printed:"
            cat "$out/lf-build.log"
            exit 1
        }
    }
    lf_build abort -DABORT_ON_DOUBLE_FREE
    printf '\000\000\010\000\012\000\000\000' >"$out/double-free.bin" # the trace above
    "$bin" "$out/double-free.bin" >"$bin.log" 2>&1 || true
    if ! grep -qF "halloc-fuzz: CRASH (SIGABRT" "$bin.log" || ! grep -qF "at op #1: double-free 0" "$bin.log" ||
        ! grep -qF "deadly signal" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: an allocator's abort under libFuzzer does not name the op; it printed:"
        cat "$bin.log"
        exit 1
    fi
    # A live block damaged by a free in the final free-all: off a replay only
    # the block's own free sees it, so the report says a replay names the
    # free (it said only 'in the final free-all' at the damaged block).
    lf_build free-scribbles -DFREE_SCRIBBLES_NEWEST
    printf '\000\000\040\000\000\001\040\000' >"$out/two-live-32.bin" # malloc 0 32, malloc 1 32
    "$bin" "$out/two-live-32.bin" >"$bin.log" 2>&1 || true
    if ! grep -qF "ORACLE pattern_corrupted fired in the final free-all" "$bin.log" ||
        ! grep -qF "after the free of slot 0: a free-all verifies no other block after a free" "$bin.log" ||
        ! grep -qF "make replay, below, verifies every live block after each free and names that free)" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: a live block damaged in a libFuzzer run's free-all does not say a replay names the free; it printed:"
        cat "$bin.log"
        exit 1
    fi
    # An allocation that loops for ever after a free (round 14b's SLOB page
    # left on its list): libFuzzer's -timeout ends the run, and before its
    # report the harness names the op (make fuzz named none, only the stack:
    # the replay did). -timeout=3 ticks at 2 s, which the harness notes, and
    # at 4 s, which ends the run. Whether it is called a loop or a wait
    # depends on the CPU the machine gave it: either will do here (the
    # replay's check, check-adapters-calls.sh, holds the free's line).
    lf_build hangs-after-free -DMALLOC_HANGS_AFTER_FREE
    printf '\000\000\053\102\004\000\000\000\000\001\011\103' >"$out/hang-after-free.bin" # malloc 0 555, free 0, malloc 1 777
    guard_by_load 60
    # shellcheck disable=SC2154 # guard_by_load (load-scaled.sh) set it above
    timeout "$guard_seconds" "$bin" -timeout=3 "$out/hang-after-free.bin" >"$bin.log" 2>&1 || true
    if ! grep -qE '^halloc-fuzz: TIMEOUT \(still (running after 3 s: an endless loop|waiting after 3 s, using no CPU).* at op #2: malloc 1 777$' "$bin.log" ||
        ! awk '/^halloc-fuzz: TIMEOUT/ { t = NR } /ERROR: libFuzzer: timeout/ { e = NR } END { exit !(t && e > t) }' "$bin.log"; then
        echo "fuzz-check-adapters FAILED: libFuzzer's timeout of an allocation looping after a free does not name the op before its report; it printed:"
        cat "$bin.log"
        exit 1
    fi
    # Damage an op's free did, found only by the final free-all's check (off a
    # replay blocks are verified every 32 ops): a second run names that free
    # (round 15's junk fill past its block named no op).
    lf_build free-fills -DFREE_SCRIBBLES_NEWEST -DSCRIBBLE_BYTES=32
    printf '\000\000\040\000\000\001\040\000\004\000\000\000' >"$out/free-below-live.bin" # + free 0
    "$bin" "$out/free-below-live.bin" >"$bin.log" 2>&1 || true
    if ! grep -qF "ORACLE pattern_corrupted fired in the final free-all" "$bin.log" ||
        ! grep -q "^  first broken: off a replay, blocks are verified every 32 ops and at their own free; .* stops at \
ORACLE pattern_corrupted at op #2: free 0: live block's contents changed" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: damage an op's free did, found in a libFuzzer run's final free-all, does not" \
            "name that free; it printed:"
        cat "$bin.log"
        exit 1
    fi
    # libFuzzer's -timeout=1 tick landing in the harness's fill of a block
    # (slow-fill-adapter.c: the fill waits there for the tick) with no tick
    # before it in the input: no second look is had there, so slow is not
    # told from stuck (it said "not in the allocator", which the replay's
    # -t says only after its second look). Where libFuzzer's timer put a
    # tick just inside the input, the report rightly goes by that one, so a
    # run is tried up to 5 times (most often once), a second or two idle each.
    lf_target=fuzz/selftest/slow-fill-adapter.c lf_build slow-fill -DWAITS_FOR_LIBFUZZER
    lf_target=
    printf '\000\000\053\102\000\001\011\103' >"$out/slow-fill.bin" # malloc 0 555, malloc 1 777
    guard_by_load 30
    tries=0
    : >"$bin.log"
    until grep -q "^halloc-fuzz: TIMEOUT (still running after 1 s, at libFuzzer's first tick in this input, in the \
harness's own pass over block memory, .* make replay, below, tells them apart) at op #1: malloc 1 777$" "$bin.log"; do
        [ "$tries" -lt 5 ] || {
            echo "fuzz-check-adapters FAILED: libFuzzer's first tick in the harness's fill of a block (5 tries) does" \
                "not say slow is not told from stuck there; the last printed:"
            cat "$bin.log"
            exit 1
        }
        timeout "$guard_seconds" "$bin" -timeout=1 "$out/slow-fill.bin" >"$bin.log" 2>&1 || true
        tries=$((tries + 1))
    done
    # A table of mappings the kernel refused memory stops libFuzzer fuzzing
    # (not one input run) at its first input (engine_stops; the replay's and
    # the AFL++ target's cases: check-mappings-table.sh, whose libFuzzer case
    # linked objects nothing had built since this file's libFuzzer builds
    # became make's, and never ran).
    lf_build table-refused -DHOLDS_MAPPINGS=5000 -DTABLE_MEMORY_REFUSED
    rm -rf "$bin.corpus" "$bin.saved" && mkdir -p "$bin.corpus" "$bin.saved"
    guard_by_load 30
    rc=0
    timeout -k 5 "$guard_seconds" "$bin" -runs=50 -artifact_prefix="$bin.saved/" "$bin.corpus" >"$bin.log" 2>&1 || rc=$?
    engine_stops libFuzzer "$rc" "$bin.log"
    if [ -n "$(ls -A "$bin.saved")" ]; then
        echo "fuzz-check-adapters FAILED: table-refused under libFuzzer saved an input as a finding: $(ls "$bin.saved")"
        exit 1
    fi
fi
# create() that fails after the first input (an init that runs only once)
# says so: the input it failed on replays clean on its own.
report_case crash-create-once crash -DCREATE_ONCE "-n $out/free-live.txt $out/two-live.txt" \
    "F:replay: adapter 'crash-at-100th-malloc' could not create a heap of 65536 bytes" \
    "F:create() succeeded 1 time in this process and fails now"
# A misaligned block is judged before usable_size is asked, which may trap
# on such a pointer.
printf 'version 2\naligned 0 64 32\n' >"$out/aligned-off.txt"
crash_case aligned-off-by-8 -DALIGNED_OFF_BY_8 aligned-off \
    "F:halloc-fuzz: ORACLE misaligned fired at op #0: aligned 0 64 32"
# A block that is a mapping's first byte, asked more than a page, is blamed
# on mmap's page alignment, not on a size or header left unrounded (what
# an allocator trusting mmap for 8192 heard before).
printf 'version 4\naligned 0 8192 100\n' >"$out/aligned-page.txt"
crash_case aligned-by-mmap-page -DALIGNED_BY_MMAP_PAGE aligned-page \
    "F:is aligned to 4096, not to the 8192 asked: the block starts a mapping of its own, and mmap aligns a mapping only to a page" \
    "!F:  cause: likely a size or header not rounded"
echo "fuzz-check-adapters: oracles: free(NULL) marked in reports, and only there; an allocator's own abort() named at its" \
    "op (replay and libFuzzer), with the flag it must not claim on a bad free; libFuzzer's timeout of an allocation" \
    "looping after a free named at its op and that free, before libFuzzer's report, and its first tick in a fill not" \
    "called the harness's; libFuzzer stopped by a mappings table the kernel refused memory, saving nothing;" \
    "create() failing after earlier inputs" \
    "explained; a refused free's errno named, with what the allocator took the block for where the adapter gave that" \
    "errno a meaning; a live-block count off named with the way it is off; ops the adapter cannot judge marked as not" \
    "run; HALLOC_FUZZ_USABLE=off offered when a fill past the request may have broken a header, or a live block's damage" \
    "lies past its request; a fault in the harness's write of a block blamed on it; small blocks aligned to their size only with the flag; misaligned and" \
    "usable_too_small given their likely cause, one cut short at a guard page by a start rounded up said so, one exactly" \
    "a header short of a request needing no rounding (to the adapter's alignment: 16, or 8) its sizing without the" \
    "header, a misaligned block that starts a mapping of its own told of mmap's page alignment, a calloc whose n * size" \
    "wrapped given the multiplication and the size it wrapped to, a usable size under half a request past 16 bits a" \
    "narrow type, one a realloc shrank in place the resize, an aligned_alloc's the aligned path's sizing; a rejected free that changed the heap given its likely cause"
