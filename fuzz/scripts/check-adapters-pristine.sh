# check-adapters-pristine.sh, sourced by check-adapters.sh after
# check-adapters-oracles.sh: the reports of crash-adapter.c's planted bugs
# (crash-pristine.h's) that the pristine probe meets, the harness's
# requests on an emptied heap after a free-all (FUZZ_PRISTINE_AFTER_FREE_ALL)
# and on a fresh heap of its own before op #0: spurious out-of-memory,
# leaks, growth where a request fits, the allocator's check failing there,
# one crash_case each (selftest-build.sh). It uses what check-adapters.sh
# set: out and crash_case.
# No drop_caller_env of its own: the script that sources it has called it.
# shellcheck shell=sh
: "${out?}"
# Stats that promise a fresh heap more than malloc serves: the pristine
# probe names a spurious out-of-memory (it was blamed on a leak at the first
# free-all).
printf 'version 2\n' >"$out/empty.txt"
crash_case largest-free-lie -DLARGEST_FREE_LIE empty "F:halloc-fuzz: ORACLE spurious_oom fired in the pristine probe"
# A refusal of largest_free itself is what a good fit's rounding makes of a
# chunk stats count whole: the cause line names it (it named neither cause).
crash_case largest-free-lie -DLARGEST_FREE_LIE empty "F:  cause: likely so close to largest_free, a good fit"
# ...or, as the probe asks for largest_free itself, a run search that ends a
# free run at a word's edge (a bitmap allocator's; it was told only of lists).
crash_case largest-free-lie -DLARGEST_FREE_LIE empty \
    "F:else a search that ends a free run at an edge of its own (a bitmap"
# ...or a first fit that stops before the largest chunk, at the end of the
# first of several pools (round 10b's pools; told only of the two above).
crash_case largest-free-lie -DLARGEST_FREE_LIE empty \
    "F:or a search that stops before it reaches the largest chunk (a free \
list walked only through the first of several pools or segments"
# A fresh heap that serves not even 1 byte keeps its free chunk off every list
# a search reads (round 16b: offset 0 both "none" and the first chunk; told
# as a good fit's rounding).
crash_case largest-free-lie-all "-DLARGEST_FREE_LIE=2" empty \
    "F:and a request of 1 byte failed too: the fresh \
heap serves nothing though its stats count free memory"
# A refusal the same request asked again at once is served names a call that
# made room and did not search again (round 16b: quick lists consolidated,
# no retry; told only of a skipped chunk or stats that overstate).
printf 'version 2\nmalloc 0 65537\n' >"$out/between-64k-1m.txt"
crash_case largest-free-lie-once "-DLARGEST_FREE_LIE=3" between-64k-1m \
    "F:asked again at once, with nothing freed \
between, the same request was served" \
    "F:  cause: likely the refused call's own work made room"
# A crash in that request asked again is the harness's, not the op's own call.
crash_case largest-free-lie-crashes "-DLARGEST_FREE_LIE=4" between-64k-1m \
    "F:  the probe was in its malloc of a request of 65537 bytes when this happened (the probe asks again at once, nothing freed between, for the request the op was refused)"
# ...unless the allocator's own check fails there: the damage it names is the
# likelier cause, and the cause line says so (it left the guess standing).
crash_case largest-free-broken "-DLARGEST_FREE_LIE -DREFUSAL_BREAKS_CHECK" empty \
    "F:  cause: likely the damage the allocator's own check finds on this heap (its FAILED line below), not the search or the stats"
# A refusal of a request the pool that very call mapped could hold names a
# search that never reaches the chunk the growth added (round 13b's TLSF,
# a bitmap bit left set for an emptied list: told only of a skipped chunk);
# a refusal after the pool an earlier call mapped does not.
printf 'version 2\nmalloc 0 65552\n' >"$out/grown-fits.txt"
printf 'version 2\nmalloc 0 262144\nmalloc 1 65552\n' >"$out/grown-before.txt"
crash_case grows-then-refuses -DGROWS_THEN_REFUSES grown-fits \
    "F:, +131072), room for the request, and still refused it" \
    "F:  cause: likely a search that never reaches the chunk its growth added"
crash_case grows-then-refuses:grows-then-refuses-before -DGROWS_THEN_REFUSES grown-before \
    "F:halloc-fuzz: ORACLE spurious_oom fired at op #1: malloc 1 65552" "!F:this very call mapped"
# ...and one that call unmapped again before it refused (fuzz/maps.c keeps
# what an unmap's op had mapped itself: the table had forgotten it).
crash_case grows-then-gives-back -DGROWS_THEN_REFUSES=2 grown-fits \
    "F:, +131072) and unmapped it again, room for the request, and still refused it"
# A request stats said fits must not map memory (a search that skipped the
# fitting free chunk and grew); one larger than largest_free may.
printf 'version 2\nmalloc 0 513\nmalloc 1 512\n' >"$out/grow-fits.txt"
crash_case grows-though-it-fits -DGROWS_THOUGH_IT_FITS grow-fits \
    "F:halloc-fuzz: ORACLE spurious_growth fired at op #1: malloc 1 512"
# ...and names a size-keyed tree's search besides a list's (round 15b's
# dlmalloc tree bins and treap, told only of a missed size class).
crash_case grows-though-it-fits -DGROWS_THOUGH_IT_FITS grow-fits \
    "F:  cause: likely a fitting free chunk skipped by the search (one that misses a size class, or a tree or trie keyed by size descended the wrong way: the wrong bit tested, a tie-break inverted)"
# Stats that leave largest_free out (0) promise nothing about what fits:
# the pristine size is measured by requests, or every leak passed.
printf 'version 2\nmalloc 0 8\nfree 0\n' >"$out/one-free.txt"
crash_case leaks-unseen -DLEAKS_UNSEEN one-free "F:halloc-fuzz: ORACLE not_pristine fired in the final free-all"
# Besides a leak, a free the allocator deferred and never completed.
crash_case leaks-unseen -DLEAKS_UNSEEN one-free \
    "F:  cause: likely a leaked chunk, a missed coalesce or one that merged the wrong chunks (a buddy of another size, a neighbour's size misread), or frees deferred (quarantine / cache) and never completed by free-all"
# Through free_sized, the same leak also names the sized free's usual ways to
# make it (a size class or page count of its own); through free, it does not.
! grep -q "^  sized:" "$out/crash-leaks-unseen.log" ||
    { echo "fuzz-check-adapters FAILED: a leak through a plain free given a sized-free line:"; cat "$out/crash-leaks-unseen.log"; exit 1; }
crash_case leaks-unseen-sized "-DLEAKS_UNSEEN -DSIZED_FREE" one-free \
    "F:  sized: this adapter frees through free_sized, given the size last asked for the block and aligned_alloc's alignment"
# A check that passed after the frees (and the harness's malloc(1) and free)
# and fails once the search for what fits split the heap: the cause is that
# damage, made by the harness's requests, and halloc's words for a footer
# larger than its chunk name a split's stale footer (it blamed a leak).
crash_case stale-footer "-DLEAKS_UNSEEN -DSTALE_FOOTER" one-free \
    "F:  cause: likely the damage the allocator's own check finds on the emptied heap (its FAILED line below), not a leak: it passed on the heap the frees left and after the harness's malloc(1) and its free, so the harness's requests since broke it" \
    "F:  cause: likely a stale footer, not a damaged header: it still holds 32768, the size of a free chunk this one is the last 16384 bytes of, so a split carved the 16384 bytes in front of it off as a block"
# A check that crashes on that damage instead, run for the report before its
# cause, cut the report off after its first line: the crash's context names
# the oracle, its what and the damage as the cause.
crash_case stale-footer-crashes "-DLEAKS_UNSEEN -DSTALE_FOOTER=2" one-free \
    "F:  the harness was reporting ORACLE not_pristine (what: after freeing every block the largest request that fits is 32768 bytes, a fresh heap took 65536) and running the adapter's check() for its cause when this happened" \
    "F:  cause: likely the damage the allocator's own check crashed on in the emptied heap (run for this report), not a leak: it passed on the heap the frees left and after the harness's malloc(1) and its free"
# Stats that say less fits than does after a free (an allocator that defers
# merging its frees, quick lists consolidated only when a request finds no
# chunk, counts what fits unmerged) are judged by the fresh heap's request:
# served, no leak (the stats alone fired not_pristine); refused, the leak.
crash_case defers-frees -DDEFERS_FREES one-free exit:0
crash_case defers-frees-leaks "-DDEFERS_FREES -DLEAKS_UNSEEN" one-free \
    "F:halloc-fuzz: ORACLE not_pristine fired in the final free-all"
# An emptied heap that refuses 1 byte a fresh one served, while its largest
# request fits, is a spurious out-of-memory, not a leak (a TLSF-style
# allocator's bitmap bit left set for an emptied list fuzzed clean).
printf 'version 4\nmalloc 0 5000\nfree 0\n' >"$out/big-free.txt"
crash_case stale-small -DSTALE_SMALL big-free \
    "F:halloc-fuzz: ORACLE spurious_oom fired in the final free-all (every live block freed, lowest slot first)" \
    "F:  what:  after freeing every block a request of 1 byte fails" "G:^  cause: likely a search that stops at a stale index"
# ...a stale link of an index over the list too (round 18: a skip list whose
# removal left its upper levels pointing at the chunk taken off).
crash_case stale-small -DSTALE_SMALL big-free \
    "G:^  cause: .*or a link of an index over the free chunks (a skip list's upper level"
# ...and only then: the probe's own frees of big blocks, on a heap of its
# own, leave the program's heap as it was.
crash_case stale-small:stale-small-one-free -DSTALE_SMALL one-free exit:0
# A size refused after the free-all and then served in the search that
# follows is no leak: the report says so and gives that its own cause (it
# said the largest that fits is 65536 bytes where a fresh heap took 65536).
crash_case refused-then-served -DLEAKS_UNSEEN=3 one-free \
    "F:  what:  after freeing every block a request of 65536 bytes, the size a fresh heap took, was refused, and then served in the search for the largest that fits" \
    "F:  cause: likely a heap the frees left inconsistent"
# ...and, the pristine size measured by stats, an input that allocated nothing
# (libFuzzer's empty one) names the harness's own calls, the only ones made.
crash_case leaks-stats -DLEAKS_UNSEEN=4 empty \
    "F:; the program allocated nothing: the only calls on this heap were the harness's malloc(1) and free of it, just before this request"
# A program that allocated nothing (what the minimiser leaves when the
# harness's own check request leaks at its free) is named as such.
printf 'version 3\nfree-all\n' >"$out/free-all-only.txt"
crash_case leaks-any -DLEAKS_UNSEEN=2 free-all-only \
    "F:; the program allocated nothing: the only requests were the harness's own check after each free-all"
# A leak of the tail a realloc's shrink in place left in its block (usable
# size kept) names that realloc, by the size asked last (round 9's
# realloc-move allocator without its check was told a leak or a missed
# merge); a block whose tail is far smaller than the loss (18 bytes of 900,
# a shrink that kept its block whole) is not named, though freed later.
printf 'version 4\nmalloc 0 1000\nmalloc 1 2000\nrealloc 1 1990\nrealloc 0 990\nrealloc 0 100\n' >"$out/shrinks.txt"
crash_case leaks-shrink -DLEAKS_UNSEEN=5 shrinks \
    "F:; a realloc shrank block 0 in place at op #3: realloc 0 990, and usable_size() still gave" \
    "F:  cause: likely that realloc's shrink in place" "!G:shrank block 1 "
# A check that fails after a free-all names the harness's own request and
# free of the largest block, which ran after the frees: a free that misreads
# a big block's size, met only by that request, read as the program's frees
# (or, with no op, as nothing at all).
crash_case stats-lie-big -DSTATS_LIE_AFTER_BIG_FREE one-free \
    "F:  after the frees, the harness checked FUZZ_PRISTINE_AFTER_FREE_ALL on the emptied heap: malloc(65536) and free of it"
# ...or a free that is a no-op by design (a bump arena's), and where its adapter is shown.
crash_case leaks-unseen -DLEAKS_UNSEEN one-free \
    "F:a free that does nothing for some blocks (a bump arena that pops only its newest, a region) needs the adapter of fuzz/ADAPTER-EXAMPLES.md, \"An allocator that frees only its newest block\""
# The pristine probe has a heap of its own: op #0 meets an untouched heap,
# where a bug of the first block handed out shows (the probe's own malloc
# took that block, and the input replayed clean).
printf 'version 2\nmalloc 0 16\n' >"$out/first-block.txt"
crash_case first-block-misaligned -DFIRST_BLOCK_MISALIGNED first-block \
    "F:halloc-fuzz: ORACLE misaligned fired at op #0: malloc 0 16"
echo "fuzz-check-adapters: pristine probe: stats overstating a fresh heap named, with a good fit's rounding as likely" \
    "cause; a refusal after its own call mapped a pool that holds the request (kept or unmapped again) named as a search" \
    "that never reaches the growth's chunk (not after an earlier call's); a request stats said fits that maps memory" \
    "named; a refusal on a heap the allocator's check fails given that check as cause, an emptied heap that fits less" \
    "too, with the harness's requests since the check passed and a split's stale footer (a check crashing there named" \
    "with the report it cut off); a leak found though stats() leave largest_free 0, stats that count deferred frees" \
    "unmerged judged by the request they understate (served: clean; refused: the leak), an emptied heap refusing 1 byte" \
    "a fresh one served named a spurious out-of-memory, deferred frees and no-op frees among its causes; a leak in a" \
    "program that allocated nothing named as the harness's own check's, one a realloc's shrink in place left named with" \
    "that realloc; the first block a fresh heap hands out judged at op #0"
