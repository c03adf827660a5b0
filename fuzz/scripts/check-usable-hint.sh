#!/bin/sh
# check-usable-hint.sh CC OUT: a crash's context offers HALLOC_FUZZ_USABLE=off
# where the harness's fill past a request could have broken what the
# allocator met, and only there; on fuzz/selftest/usable-hint-adapter.c
# (64-byte classes, or glibc's 8-byte headers; a realloc in place while the
# size fits), linked with the harness objects check-adapters.sh leaves in
# OUT/harness-o0 (it runs first).
# A stats_mismatch on bytes beside a failing check offers it too.
# It followed every fault once any block's usable size passed its request
# rounded up: with coarse classes, every one; after a shrink in place, which
# writes nothing past a request the block had, every later one.
set -u
fail() { echo "fuzz-check-adapters FAILED: usable hint: $*"; exit 1; }
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
hint="HALLOC_FUZZ_USABLE=off replays with only the requested bytes written"
# run NAME FLAGS TRACE CHECK...: the replay driver over the adapter built
# with FLAGS replays TRACE (ops, one a line) into OUT/hint-NAME.log; it must
# crash and pass every report_case CHECK (selftest-build.sh).
run() {
    printf 'version 2\n%s\n' "$3" >"$out/hint-$1.txt"
    run_name=$1 run_flags=$2
    shift 3
    report_case "hint-$run_name" usable-hint "$run_flags" "$out/hint-$run_name.txt" exit:!0 "F:CRASH (signal 11, SIGSEGV)" "$@"
}
offered="F:$hint" not_offered="!F:HALLOC_FUZZ_USABLE=off"
# clean_without NAME FLAGS: run NAME's trace replays clean with HALLOC_FUZZ_USABLE=off.
clean_without() {
    report_case "hint-$1:hint-$1-off" usable-hint "$2" "HALLOC_FUZZ_USABLE=off $out/hint-$1.txt" exit:0
}
# The CHECK that the replay, having offered HALLOC_FUZZ_USABLE=off, ran the
# input so itself and said how it went (the hint alone was a hedge): this
# and the text.
settled="F:with HALLOC_FUZZ_USABLE=off (only the requested bytes written) "
# over_next NAME FLAGS SIZE: usable_size claims block 1's header as block
# 0's once block 1 is there (blocks of SIZE), and block 0's realloc in place
# fills it: the free of block 1, of block 0 itself (which reads the next
# header), or of block 1 once block 0 is gone, meets it. Each offers the
# hint and replays clean with it off.
over_next() {
    grown="malloc 0 $3
malloc 1 $3
realloc 0 $3"
    for end in next own freed; do
        flags=$2
        case $end in
        next) ends="free 1" ;;
        own) ends="free 0" ;;
        freed) ends="free 0
free 1" flags="$2 -DOWN_HEADER_ONLY" ;;
        esac
        run "$1-$end" "$flags" "$grown
$ends" "$offered" "${settled}it runs clean: the harness's writes past the requests, up to usable_size(), broke"
        clean_without "$1-$end" "$flags"
    done
}
over_next over "-DUSABLE_OVER" 64
# The same with glibc's 8-byte headers: a 24-byte block's usable size of 32,
# no more than its request rounded up to 16, claims the next header. Where
# the block ends exactly where the next begins, the rounding is no excuse.
over_next header8 "-DHEADER8 -DUSABLE_OVER" 24
# ...and not where the rounding ends below the next header: the request of
# 20 has a room of 24 and a usable size of 24, the next block 8 bytes above.
run header8-below "-DHEADER8 -DCRASH_AT_FREE=1" 'malloc 0 20
malloc 1 24
free 0' "$not_offered"
# A free that writes past its block breaks the next block's header: the
# hint is offered (block 0's fill went past its request, beside the freed
# block), and the replay's run with it off says it fails too (the hint
# alone sent the reader to usable_size).
run free-past "-DFREE_WRITES_PAST" 'malloc 0 8
malloc 1 8
malloc 2 8
free 1
free 2' "$offered" "${settled}it fails too (crashed (signal 11), at op #4: free 2): the bug shows without writes past \
the requests"
# The settle run runs the input again: the aligned_alloc call the adapter
# refused (EINVAL) in the run that failed was counted then, and the
# replay's closing line must count it once (it said 2).
log=$out/hint-free-past-einval.log
printf 'version 2\naligned 3 32 8\nmalloc 0 8\nmalloc 1 8\nmalloc 2 8\nfree 1\nfree 2\n' >"$log.txt"
report_case hint-free-past:hint-free-past-einval usable-hint -DFREE_WRITES_PAST "$log.txt" exit:!0 "${settled}it fails too"
if [ "$(grep -c '^halloc-fuzz: [0-9]* aligned_alloc calls\? refused with EINVAL' "$log")" != 1 ] ||
    ! grep -q '^halloc-fuzz: 1 aligned_alloc call refused with EINVAL, alignments 32 to 32: ' "$log"; then
    fail "free-past-einval: the settle run's refusal counted again: not one line counting 1 call: $(cat "$log")"
fi
# A coarse class: block 1 has 56 usable bytes past its request, but the
# crash is in the free of block 0 below it, whose header and the next one's
# its fill never reached.
run coarse "-DCRASH_AT_FREE=1" 'malloc 0 64
malloc 1 8
free 0' "$not_offered"
# A shrink in place keeps block 0's 1024 bytes, all written under its first
# request: nothing was written past a request when the next malloc crashes.
run shrunk "-DCRASH_AT_MALLOC=2" 'malloc 0 1024
realloc 0 10
malloc 1 64' "$not_offered"
# A shrink in place that splits off a tail behind a header of its own but
# keeps the old room: the fill past the request overwrote that header, and
# UBSan catches free reading its link. The word UBSan printed is placed past
# the request, on usable_size()'s word, with the switch (the report blamed a
# block on a free list, and offered nothing); the replay settles it.
shrink_link="-fsanitize=undefined -fno-sanitize-recover=undefined -DSHRINK_KEEPS_LINK"
word48="F:  byte 48 of block 0 lies past the 40 bytes requested, written on the word of usable_size(), 128: if that \
overstates the block"
printf 'version 2\nmalloc 0 100\nrealloc 0 40\nfree 0\n' >"$out/hint-shrink-link.txt"
report_case hint-shrink-link usable-hint "$shrink_link" "$out/hint-shrink-link.txt" exit:!0 "$word48" \
    "${settled}it runs clean: the harness's writes past the requests, up to usable_size(), broke"
log=$out/hint-shrink-link.log
[ "$(grep -c "HALLOC_FUZZ_USABLE=off replays with" "$log")" = 1 ] || fail "shrink-link: the switch not offered once: $(cat "$log")"
# The same stale room broken both ways: the fill over the tail's link fails
# a malloc that takes the tail; without it, a realloc back to 100 stays in
# place over the tail's new block. The settle run proves only that a bug
# shows without the fill, and names where that run stopped (it said "the
# writes past the requests are not the cause", though they broke the link).
printf 'version 2\nmalloc 0 100\nrealloc 0 40\nmalloc 1 32\nrealloc 0 100\n' >"$out/hint-shrink-stale.txt"
report_case hint-shrink-link:hint-shrink-stale usable-hint "$shrink_link" "$out/hint-shrink-stale.txt" exit:!0 \
    "F:CRASH (signal 11, SIGSEGV) at op #2: malloc 1 32" \
    "${settled}it fails too (an oracle fired or abort() (signal 6), at op #3: realloc 0 100): the bug shows \
without writes past the requests as well" "!F:not the cause"
# The tail's link followed only after its block's free (a TLSF of
# round 4 met it in the final free-all): the word is placed in the freed
# block, past the request, with the realloc that first shrank the block in
# place (the report named the malloc that placed it, and nothing past it).
printf 'version 2\nmalloc 0 100\nrealloc 0 40\nfree 0\nmalloc 1 8\n' >"$out/hint-shrink-late.txt"
report_case hint-shrink-late usable-hint "$shrink_link -DLINK_READ_LATE" "$out/hint-shrink-late.txt" exit:!0 \
    "$word48 (likely the realloc at op #1: realloc 0 40, which shrank it in place below that byte"
# The shrink-link build's aligned_alloc 16 bytes short: with usable_size,
# usable_too_small at once; without it (HALLOC_FUZZ_USABLE=off), on the
# engines' schedule (-s: blocks verified every 32 ops), the next block's
# header over its last bytes is named at the malloc that put it there (it
# was found at the block's realloc, ops later).
printf 'version 2\naligned 0 16 200\nmalloc 1 8\nrealloc 0 300\n' >"$out/hint-aligned-short.txt"
report_case hint-shrink-link:hint-aligned-short usable-hint "$shrink_link" "-s $out/hint-aligned-short.txt" \
    "F:ORACLE usable_too_small fired at op #0: aligned 0 16 200"
report_case hint-shrink-link:hint-aligned-short-off usable-hint "$shrink_link" \
    "HALLOC_FUZZ_USABLE=off -s $out/hint-aligned-short.txt" "G:ORACLE pattern_corrupted fired at op #1: malloc 1 8\$"
# Exact stats and a checker: the fill over block 1's header shows first as a
# byte count off, which says a header per block; with the check failing too,
# the report names usable_size as the likelier one and offers the switch.
printf 'version 2\nmalloc 0 8\nmalloc 1 8\nrealloc 0 8\n' >"$out/hint-stats.txt"
report_case hint-stats usable-hint "-DUSABLE_OVER -DWITH_STATS" "$out/hint-stats.txt" \
    "G:^halloc-fuzz: ORACLE stats_mismatch fired at op #2: realloc 0 8" "F:  cause: likely usable_size() overstates" \
    "F:HALLOC_FUZZ_USABLE=off"
# ...but a byte count that fell further than the model's at a free, the check
# failing too, is that free's doing (a bitmap free clearing a granule past its
# block was told usable_size overstates, which makes a free take off less).
took_more="F:this op's free took off more than usable_size() gave the block"
printf 'version 2\nmalloc 0 8\nmalloc 1 8\nfree 0\n' >"$out/hint-free-takes-next.txt"
report_case hint-free-takes-next usable-hint "-DWITH_STATS -DFREE_TAKES_NEXT" "$out/hint-free-takes-next.txt" \
    "G:^halloc-fuzz: ORACLE stats_mismatch fired at op #2: free 0" "$took_more" "!F:usable_size() overstates"
# ...and so is the first free of op double-free (round 16: told only of a count off), the check off
# (it fails between the two frees).
printf 'version 2\nmalloc 0 8\nmalloc 1 8\ndouble-free 0\n' >"$out/hint-free-takes-next-double.txt"
report_case hint-free-takes-next:hint-free-takes-next-double usable-hint "-DWITH_STATS -DFREE_TAKES_NEXT" \
    "HALLOC_FUZZ_ALLOCATOR_CHECK=off $out/hint-free-takes-next-double.txt" \
    "G:^halloc-fuzz: ORACLE stats_mismatch fired at op #2: double-free 0" "$took_more"
echo "fuzz-check-adapters: usable hint: HALLOC_FUZZ_USABLE=off offered for a fill past a request that broke the header above (16 bytes, or 8 within the request's rounding), also once its block was freed, the replay's own run with it off saying it runs clean, or fails too (naming where) after a free that wrote past its block (its refusals not counted again), and beside a byte count off while the check fails (not when a free, a double-free's first too, took off more than its block), and with the word UBSan read past a shrunk block's request (one freed by then too, named with the realloc that shrank it), a stale room that fails both ways told as such with the op the settle run stopped at, an aligned block 16 bytes short named at once, by its usable size or at the next block's header, and not for a crash a coarse class's room, a rounding below the next header or a shrink in place had no part in"
