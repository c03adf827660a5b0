#!/bin/sh
# check-reports.sh CC OUT: what reports say where the old words were untrue,
# on fuzz/selftest/slow-fill-adapter.c, linked with the harness objects
# check-adapters.sh leaves in OUT/harness-o0 (it runs first):
# - a timeout that lands while the harness fills a block names the op and
#   the block and blames the time, not the block's memory; one in its check
#   of every live block after an op names that pass;
# - damage found by a check at samples says so, and how to check whole;
# - replay -n -v, printing before the run, notes a realloc to 0 as not run
#   only where the slot was filled (then "if"), as the run's -v marks it;
#   -v also one whose symbolic size comes to 0 on a live block;
# - the pristine probe's refused free blames free's lookup, or malloc's
#   sizing when usable_size() said the block was short of the request, or a
#   merge when it starts just past a block freed (pool-adapter.c
#   -DMERGED_LEFT_LISTED);
# - a realloc whose lost word links to the old block names the new block
#   as still on a free list (pool-adapter.c -DTAKEN_LEFT_LISTED);
# - a double free let through after another was refused blames the block's
#   first free (double-free-adapter.c -DKEEPS_FOURTH), not a missing test;
# - a free refused of a block at the address of one freed before names that
#   free and the mark it left (cache-adapter.c);
# - a heap that lost about the tail a realloc cut off in place names that
#   realloc, or the reallocs whose tails of one block sum to the loss
#   (units-adapter.c -DTAIL_NOT_FREED);
# - a block in front of the heap's record, in its mapping, contains() disowns
#   blames a merge by a stale prev_size over the record, and an aligned block
#   short by less than its alignment the padding to its aligned start
#   (tags-adapter.c).
set -u
fail() { echo "fuzz-check-adapters FAILED: reports: $*"; exit 1; }
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
# build BIN [FLAGS...]: the replay driver over slow-fill-adapter.c built with FLAGS.
build() {
    bin=$1
    shift
    build_on_harness "$bin" fuzz/selftest/slow-fill-adapter.c "$@" || fail "cannot build $bin"
}
# expect LOG WHAT LINE...: LOG holds every LINE.
expect() {
    log=$1 what=$2
    shift 2
    for line in "$@"; do
        grep -qF -- "$line" "$log" || fail "$what: no '$line'; it printed: $(cat "$log")"
    done
}

# A timeout in the harness's fill: the op's calls had returned.
build "$out/slow-fill"
printf 'version 4\nmalloc 0 555\nmalloc 1 777\n' >"$out/slow-fill.txt"
# The adapter holds the limit back until the fill has begun, at any load;
# the guard, a hang's end, follows the load (load-scaled.sh, through selftest-build.sh).
rc=0
guard_by_load 60
timeout "$guard_seconds" "$out/slow-fill" -t 1 "$out/slow-fill.txt" >"$out/slow-fill.log" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a timeout in a fill: exit $rc, expected 1: $(cat "$out/slow-fill.log")"
expect "$out/slow-fill.log" "a timeout in a fill" "TIMEOUT" "at op #1: malloc 1 777" \
    "the harness was filling block 1 of 134217728 bytes when the limit hit"
if grep -qF "likely cause: the allocator gave out memory" "$out/slow-fill.log"; then
    fail "a timeout in a fill is blamed on the block's memory: $(cat "$out/slow-fill.log")"
fi
# ...and in its check of every live block after the op (run.c's after_op),
# which check() closed the block before: the harness's own pass (it was told
# of an endless loop in the allocator).
build "$out/slow-check" -DHIDDEN_BY_CHECK
rc=0
timeout "$guard_seconds" "$out/slow-check" -t 1 "$out/slow-fill.txt" >"$out/slow-check.log" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a timeout in the check after an op: exit $rc, expected 1: $(cat "$out/slow-check.log")"
expect "$out/slow-check.log" "a timeout in the check after an op" \
    "TIMEOUT (still running after 1 s, in the harness's own pass over block memory, not in the allocator) at op #1" \
    "the harness was checking every live block (2, 1049144 bytes) when the limit hit"
echo "fuzz-check-adapters: reports: a timeout in the harness's fill of a block names the block and blames the" \
    "time, and one in its check of every live block after an op names that pass"

# Damage seen at samples: run.c built with a budget of 16 KiB, so the third
# 8 KiB block is filled and checked at samples; a free then zeroes its first
# 8 bytes. Without the budget (SIZE_MAX) a whole check finds the same damage.
# (Unquoted: objects given as arguments are one line, not one a line.)
# shellcheck disable=SC2086 # the objects: words, none with a space
others=$(printf '%s\n' $hobjs | grep -v '/fuzz/run\.c\.o$')
# shellcheck disable=SC2086 # selftest_cflags: words
$cc $selftest_cflags -DFREE_SCRIBBLES -c fuzz/selftest/slow-fill-adapter.c -o "$out/scribble.o" || fail "cannot build"
for budget in 16384 SIZE_MAX; do
    # shellcheck disable=SC2086 # selftest_cflags and the objects: words, none with a space
    if ! $cc $selftest_cflags -DFUZZ_WHOLE_BYTES="$budget" -c fuzz/run.c -o "$out/run-$budget.o" ||
        ! $cc "$out/scribble.o" "$out/run-$budget.o" $others -o "$out/scribble-$budget"; then
        fail "cannot build $out/scribble-$budget"
    fi
done
printf 'version 4\nmalloc 0 8192\nmalloc 1 8192\nmalloc 2 8192\nfree 0\n' >"$out/scribble.txt"
note="checked at samples (past the run's FUZZ_WHOLE_BYTES"
for budget in 16384 SIZE_MAX; do
    log=$out/scribble-$budget.log
    rc=0
    "$out/scribble-$budget" "$out/scribble.txt" >"$log" 2>&1 || rc=$?
    [ "$rc" = 1 ] || fail "FUZZ_WHOLE_BYTES=$budget: exit $rc, expected 1: $(cat "$log")"
    expect "$log" "FUZZ_WHOLE_BYTES=$budget" "ORACLE pattern_corrupted fired at op #3: free 0" \
        "8 bytes from offset 0 differ"
done
expect "$out/scribble-16384.log" "damage at samples" "$note" "the damage may extend further" \
    "with -DFUZZ_WHOLE_BYTES=SIZE_MAX added to CFLAGS it fills and checks every block whole"
if grep -qF "$note" "$out/scribble-SIZE_MAX.log"; then
    fail "damage found by a whole check is said to be found at samples: $(cat "$out/scribble-SIZE_MAX.log")"
fi
echo "fuzz-check-adapters: reports: damage found at samples says so and how to check whole; a whole check's does not"

# A realloc to 0 without FUZZ_REALLOC_ZERO_FREES: of an empty slot it runs
# (realloc(NULL, 0), ops #0 and #5), of a block it does not (op #3).
printf 'version 4\nrealloc 0 0\nfree 0\nmalloc 1 16\nrealloc 1 0\nfree 1\nrealloc 1 0\n' >"$out/zero.txt"
"$out/slow-fill" -n -v "$out/zero.txt" >"$out/zero-n.log" 2>&1 || fail "-n -v $out/zero.txt: $(cat "$out/zero-n.log")"
"$out/slow-fill" -v "$out/zero.txt" >"$out/zero-v.log" 2>&1 || fail "-v $out/zero.txt: $(cat "$out/zero-v.log")"
# The lines marked: op #3's is the 6th, after the path and the version.
marked() { grep -n '# not run' "$1" | cut -d: -f1 | tr '\n' ' '; }
[ "$(marked "$out/zero-n.log")$(marked "$out/zero-v.log")" = "6 6 " ] ||
    fail "-n -v and -v mark other ops than op #3 as not run: $(cat "$out/zero-n.log" "$out/zero-v.log")"
expect "$out/zero-n.log" "-n -v" "realloc 1 0  # not run if the slot holds a block, as it does from op #2 on unless"
# ...and one whose symbolic size comes to 0 on a live block: usable-1 of a
# 1-byte block (HALLOC_FUZZ_USABLE=off: its usable bytes are the 1 asked for),
# not of a 2-byte one. -v evaluates it as the op does; -n -v, before the run, says "if".
printf 'version 4\nmalloc 0 1\nmalloc 1 2\nrealloc 0 usable-1\nrealloc 1 usable-1\n' >"$out/zero-symbol.txt"
HALLOC_FUZZ_USABLE=off "$out/slow-fill" -v "$out/zero-symbol.txt" >"$out/zero-symbol-v.log" 2>&1 ||
    fail "-v $out/zero-symbol.txt: $(cat "$out/zero-symbol-v.log")"
HALLOC_FUZZ_USABLE=off "$out/slow-fill" -n -v "$out/zero-symbol.txt" >"$out/zero-symbol-n.log" 2>&1 ||
    fail "-n -v $out/zero-symbol.txt: $(cat "$out/zero-symbol-n.log")"
expect "$out/zero-symbol-v.log" "-v" \
    "realloc 0 usable-1  # not run: its size is 0 here, and a realloc to 0 of a live block needs FUZZ_REALLOC_ZERO_FREES"
grep -qxF "realloc 1 usable-1" "$out/zero-symbol-v.log" ||
    fail "-v marks a realloc to usable-1 of a 2-byte block as not run: $(cat "$out/zero-symbol-v.log")"
expect "$out/zero-symbol-n.log" "-n -v" \
    "realloc 0 usable-1  # not run if the slot holds a block, as it does from op #0 on unless an allocation failed, and usable-1 is 0 then"
echo "fuzz-check-adapters: reports: replay -n -v notes a realloc to 0 as not run only where the slot was filled, as -v does; -v one whose symbolic size is 0 there"

# The pristine probe's own block refused is named by its request, not as a
# "live block -1" (a next-fit rover left in a merged block did it). Nothing
# ran between the probe's malloc and its free: the cause is the free's
# lookup, not a record a neighbour overwrote (a page-run allocator of round 9
# whose page index was off by one at a page boundary was told so).
printf 'version 2\nmalloc 0 8\n' >"$out/one-live.txt"
crash_case free-refuses-probe -DFREE_REFUSES_PROBE one-live \
    "F:free of the block the harness's probe had just taken (malloc(1), then its free: the probe measures the largest request that fits) failed with 22 (EINVAL: Invalid argument): the allocator took it for a freed block or no block of its own" \
    "F:  cause: likely free looks the block up elsewhere than where malloc recorded it"
echo "fuzz-check-adapters: reports: the pristine probe's own refused free named by its request, blamed on the free's lookup"
# ...unless usable_size() had said the block was short of the request: then
# malloc's sizing (a next-fit allocator whose unit count was truncated gave
# malloc(1) a header and no byte, at its chunk's end, and was told of free's lookup).
crash_case probe-block-short "-DFREE_REFUSES_PROBE -DUSABLE_UNDERSTATED" one-live \
    "F:; usable_size() had said 0 bytes of it, for 1 asked: the block was made short of the request" \
    "F:  cause: likely malloc sized the block short of the request"
echo "fuzz-check-adapters: reports: the pristine probe's refused free of a block usable_size() said was short blamed on malloc's sizing"
# ...and one that starts just past a block freed lately, nothing live between,
# names that block's free, and its cause a merge that left the chunk it absorbed
# listed (round 18's skip list: malloc handed that chunk out, told of free's
# lookup); what says the facts alone (it said the free "may have merged" it).
printf 'version 4\nmalloc 0 8\nmalloc 1 8\n' >"$out/two-live.txt"
build_on_harness "$out/merged-left-listed" fuzz/selftest/pool-adapter.c -DMERGED_LEFT_LISTED ||
    fail "cannot build $out/merged-left-listed"
"$out/merged-left-listed" "$out/two-live.txt" >"$out/merged-left-listed.log" 2>&1
if ! grep -qF "(EINVAL: Invalid argument); it starts 0 bytes past the end of block 1, [" "$out/merged-left-listed.log" ||
    ! grep -qE "\), freed in the final free-all \(every live block freed, lowest slot first\), and no live block lies between them\$" \
        "$out/merged-left-listed.log" ||
    ! grep -qF "  cause: likely the free chunk above that block merged into it" "$out/merged-left-listed.log"; then
    fail "the probe's refused free of a chunk a merge absorbed not said so: $(cat "$out/merged-left-listed.log")"
fi
echo "fuzz-check-adapters: reports: the pristine probe's refused free of a block just past one freed blamed on that free's merge"

# A realloc whose new block was left on a free list: the free of the old
# block, after the copy, links it there, and the word lost holds the old
# block's address (round 19's emmalloc-style allocator: told as a copy's length);
# what says that address alone, the link and the list are the cause's guess
# (what said the free wrote a link there).
printf 'version 4\nmalloc 0 8\nmalloc 1 8\nfree 1\nrealloc 0 16\n' >"$out/taken-left-listed.txt"
build_on_harness "$out/taken-left-listed" fuzz/selftest/pool-adapter.c -DTAKEN_LEFT_LISTED ||
    fail "cannot build $out/taken-left-listed"
"$out/taken-left-listed" "$out/taken-left-listed.txt" >"$out/taken-left-listed.log" 2>&1
expect "$out/taken-left-listed.log" "a realloc's new block left on a free list" \
    "halloc-fuzz: ORACLE realloc_lost_data fired at op #3: realloc 0 16" \
    "0 bytes past the old block's start, which this realloc freed" \
    "  cause: likely malloc handed out a block it left on a free list"
! grep -qF "a copy that stopped short" "$out/taken-left-listed.log" ||
    fail "a realloc's lost link also told as a copy that stopped short: $(cat "$out/taken-left-listed.log")"
echo "fuzz-check-adapters: reports: a realloc's lost word linking to the old block names the new block as left on a free list"

# A free refused of a block handed out again at the address of one freed
# before, the mark that free set left on it (round 20's lookaside heap, a
# block popped from a lookaside list with its flag): the report names that
# freed block, and its cause the mark, not a header overwritten or a lookup
# (the what line guessed the mark too).
printf 'version 2\nmalloc 0 16\nfree 0\nmalloc 1 16\nfree 1\n' >"$out/cache-keeps-mark.txt"
build_on_harness "$out/cache-keeps-mark" fuzz/selftest/cache-adapter.c || fail "cannot build $out/cache-keeps-mark"
"$out/cache-keeps-mark" "$out/cache-keeps-mark.txt" >"$out/cache-keeps-mark.log" 2>&1
expect "$out/cache-keeps-mark.log" "a reused block's free refused for the mark its earlier free left" \
    "halloc-fuzz: ORACLE free_rejected fired at op #3: free 1" \
    "; block 0, freed at op #1: free 0, lay at this very address" \
    "  cause: likely the block was handed out again from what its earlier free kept"
grep -q "lay at this very address\$" "$out/cache-keeps-mark.log" ||
    fail "a reused block's free refused: the what line must end at 'lay at this very address': $(cat "$out/cache-keeps-mark.log")"
echo "fuzz-check-adapters: reports: a free refused for the mark a reused block's earlier free left names that free"

# A double free let through after another was refused: the allocator tests
# liveness, so the first free of this block left it marked live (a slab's
# free that kept a page's last slot in use); the report said free had no test.
build_on_harness "$out/keeps-fourth" fuzz/selftest/double-free-adapter.c -DKEEPS_FOURTH ||
    fail "cannot build $out/keeps-fourth"
printf 'version 2\nmalloc 0 8\nmalloc 1 8\ndouble-free 0\nmalloc 2 8\nmalloc 3 8\nmalloc 4 8\ndouble-free 4\n' \
    >"$out/keeps-fourth.txt"
"$out/keeps-fourth" "$out/keeps-fourth.txt" >"$out/keeps-fourth.log" 2>&1 && fail "keeps-fourth: its double free passed"
expect "$out/keeps-fourth.log" "a double free let through after one refused" \
    "halloc-fuzz: ORACLE bad_free_accepted fired at op #6: double-free 4" \
    "(at op #2 it refused the double free of slot 0, so its free does test that a block is live)" \
    "  cause: likely this block's first free left it marked live"
echo "fuzz-check-adapters: reports: a double free let through after one refused blames the first free"
# A double free let through whose first free followed that of the block
# just below, still free: the two merged, and a lookup by address kept a
# record naming it live (round 13b's radix allocator, its released run's
# pages left in the page map: the report named no merge).
build_on_harness "$out/keeps-merged" fuzz/selftest/double-free-adapter.c -DKEEPS_MERGED ||
    fail "cannot build $out/keeps-merged"
printf 'version 2\nmalloc 0 8192\nmalloc 1 8192\nfree 0\ndouble-free 1\n' >"$out/keeps-merged.txt"
"$out/keeps-merged" "$out/keeps-merged.txt" >"$out/keeps-merged.log" 2>&1 && fail "keeps-merged: its double free passed"
expect "$out/keeps-merged.log" "a double free after a merge with the free block below" \
    "halloc-fuzz: ORACLE bad_free_accepted fired at op #3: double-free 1" \
    "(its first free followed the free of slot 0 at op #2, whose 8192 bytes lay free 16 bytes below it)" \
    "  cause: likely the first free merged this block into the free memory beside it"
echo "fuzz-check-adapters: reports: a double free let through after a merge with the free block below names the merge"

# A heap that lost about the tail a realloc cut off in place (usable size
# shrunk too) names that realloc (round 11's next-fit, its tail cut one unit
# too long, was told a leak or a missed coalesce); the allocator that gives
# the tail back replays clean. Two cuts of one block, each tail half the
# loss, are named together (no one tail is near it: a leak, it said).
printf 'version 4\nmalloc 0 1000\nmalloc 1 100\nrealloc 0 10\n' >"$out/tail-not-freed.txt"
printf 'version 4\nmalloc 0 1000\nmalloc 1 100\nrealloc 0 500\nrealloc 0 10\n' >"$out/tails-not-freed.txt"
for bug in "" -DTAIL_NOT_FREED; do
    build_on_harness "$out/units$bug" fuzz/selftest/units-adapter.c $bug || fail "cannot build $out/units$bug"
    "$out/units$bug" "$out/tail-not-freed.txt" "$out/tails-not-freed.txt" >"$out/units$bug.log" 2>&1
done
for trace in tail-not-freed tails-not-freed; do
    grep -q "$trace.txt: ok" "$out/units.log" || fail "units-adapter.c as it is not clean: $(cat "$out/units.log")"
done
expect "$out/units-DTAIL_NOT_FREED.log" "a shrink's tail lost" \
    "halloc-fuzz: ORACLE not_pristine fired in the final free-all" \
    "; a realloc cut a tail off block 0 in place at op #2: realloc 0 10, its usable size from 1008 bytes to 16: a tail of 992 bytes, near the 1008 lost" \
    "; a realloc cut a tail off block 0 in place at op #3: realloc 0 10, the last of 2 that did, the first at op #2: realloc 0 500; its usable size from 1008 bytes to 16 in all: tails of 992 bytes, near the 1008 lost" \
    "  cause: likely that realloc's shrink in place, which gave its tail back wrong"
echo "fuzz-check-adapters: reports: a heap that lost about a shrink's tail names that realloc, or the reallocs whose tails of one block sum to it"

# A boundary-tag heap whose record lies right behind its chunks: a free that
# merged backward by a prev_size no free wrote (its own free bit tested, not
# its prev-in-use bit) doubled a chunk, whose split at the pristine probe
# wrote a header over the record's bounds; the probe's block, in front of
# the record, was told as a list head of that record taken for a block
# (round 18's skip list). An aligned search that tests the size alone gives
# a block at its chunk's aligned start, short by less than the alignment:
# told as a fit search, without the alignment (round 18's vmem), whether
# out_of_heap meets it (a contains()) or usable_too_small at the mapping's
# end (none). The allocator as it is replays both traces clean.
printf 'version 10\nmalloc 0 64\nmalloc 1 64\nmalloc 2 4000\ndouble-free 0 trim\ndouble-free 2 trim\n' \
    >"$out/stale-prev.txt"
printf 'version 10\nmalloc 0 61488\naligned 1 2048 4000\n' >"$out/aligned-unpadded.txt"
for bug in "" "-DRECORD_BEHIND -DSTALE_PREV_SIZE" -DALIGNED_SIZE_ONLY "-DALIGNED_SIZE_ONLY -DNO_BOUNDS"; do
    bin=$out/tags$(printf '%s' "$bug" | tr -d ' ')
    # shellcheck disable=SC2086 # the bug's defines: words
    build_on_harness "$bin" fuzz/selftest/tags-adapter.c $bug || fail "cannot build tags-adapter.c $bug"
    "$bin" "$out/stale-prev.txt" "$out/aligned-unpadded.txt" >"$bin.log" 2>&1
done
expect "$out/tags.log" "tags-adapter.c as it is not clean" "stale-prev.txt: ok" "aligned-unpadded.txt: ok"
expect "$out/tags-DRECORD_BEHIND-DSTALE_PREV_SIZE.log" "a merge by a stale prev_size over the record behind the heap" \
    "made in create (a second heap: the pristine probe had the first), wholly in front of the handle create() returned (its end 0 bytes below it): memory in front of the record" \
    "  cause: likely the record's bounds (the heap's start or length) overwritten" \
    "a chunk whose size ran past the heap's end, over the record behind it" \
    "a merge backward by a stale previous size"
aligned_words="it came from aligned_alloc(2048, 4000) and is short by less than that alignment"
expect "$out/tags-DALIGNED_SIZE_ONLY.log" "an aligned search by the size alone, out_of_heap" \
    "ORACLE out_of_heap fired at op #1: aligned 1 2048 4000" "$aligned_words" \
    "  cause: likely an aligned search that tests a free chunk's size alone"
expect "$out/tags-DALIGNED_SIZE_ONLY-DNO_BOUNDS.log" "an aligned search by the size alone, usable_too_small" \
    "ORACLE usable_too_small fired at op #1: aligned 1 2048 4000" "a mapping made before this block's op" \
    "$aligned_words" "  cause: likely an aligned search that tests a free chunk's size alone"
# Those words end the what line, the facts alone: the fit's padding is the cause's guess (what guessed it too).
for log in "$out/tags-DALIGNED_SIZE_ONLY.log" "$out/tags-DALIGNED_SIZE_ONLY-DNO_BOUNDS.log"; do
    grep -q "^  what:  .*$aligned_words\$" "$log" || fail "$log: no what line ending '$aligned_words'; it printed: $(cat "$log")"
done
echo "fuzz-check-adapters: reports: a merge by a stale prev_size over the record behind the heap, and an aligned" \
    "search that leaves out the padding to the aligned start, named so"
