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
cc=$1 out=$2
fail() { echo "fuzz-check-adapters FAILED: usable hint: $*"; exit 1; }
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
harness_objects "$out"
hint="HALLOC_FUZZ_USABLE=off replays with only the requested bytes written"
# run NAME FLAGS TRACE: the replay driver over the adapter built with FLAGS
# replays TRACE (ops, one a line) into OUT/hint-NAME.log; it must crash.
run() {
    bin=$out/hint-$1 log=$out/hint-$1.log
    # shellcheck disable=SC2086 # FLAGS: words
    build_on_harness "$bin" fuzz/selftest/usable-hint-adapter.c $2 || fail "cannot build $bin"
    printf 'version 2\n%s\n' "$3" >"$bin.txt"
    ! "$bin" "$bin.txt" >"$log" 2>&1 || fail "$1: replayed clean, expected a crash: $(cat "$log")"
    grep -qF "CRASH (signal 11, SIGSEGV)" "$log" || fail "$1: no crash reported: $(cat "$log")"
}
offered() { grep -qF "$hint" "$log" || fail "$1: HALLOC_FUZZ_USABLE=off not offered: $(cat "$log")"; }
not_offered() { ! grep -qF "HALLOC_FUZZ_USABLE=off" "$log" || fail "$1: HALLOC_FUZZ_USABLE=off offered: $(cat "$log")"; }
clean_without() {
    HALLOC_FUZZ_USABLE=off "$bin" "$bin.txt" >"$log.off" 2>&1 ||
        fail "$1: HALLOC_FUZZ_USABLE=off does not replay clean: $(cat "$log.off")"
}

# settled NAME TEXT: the replay, having offered HALLOC_FUZZ_USABLE=off, ran
# the input so itself and said how it went (the hint alone was a hedge).
settled() {
    grep -qF "with HALLOC_FUZZ_USABLE=off (only the requested bytes written) $2" "$log" ||
        fail "$1: the replay did not settle the hint with '$2': $(cat "$log")"
}
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
$ends"
        offered "$1-$end"
        clean_without "$1-$end"
        settled "$1-$end" "it runs clean: the harness's writes past the requests, up to usable_size(), broke"
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
free 0'
not_offered header8-below
# A free that writes past its block breaks the next block's header: the
# hint is offered (block 0's fill went past its request, beside the freed
# block), and the replay's run with it off says it fails too (the hint
# alone sent the reader to usable_size).
run free-past "-DFREE_WRITES_PAST" 'malloc 0 8
malloc 1 8
malloc 2 8
free 1
free 2'
offered free-past
settled free-past "it fails too (crashed (signal 11), at op #4: free 2): the bug shows without writes past the requests"
# The settle run runs the input again: the aligned_alloc call the adapter
# refused (EINVAL) in the run that failed was counted then, and the
# replay's closing line must count it once (it said 2).
log=$out/hint-free-past-einval.log
printf 'version 2\naligned 3 32 8\nmalloc 0 8\nmalloc 1 8\nmalloc 2 8\nfree 1\nfree 2\n' >"$log.txt"
! "$out/hint-free-past" "$log.txt" >"$log" 2>&1 || fail "free-past-einval: replayed clean, expected a crash: $(cat "$log")"
settled free-past-einval "it fails too"
if [ "$(grep -c '^halloc-fuzz: [0-9]* aligned_alloc calls\? refused with EINVAL' "$log")" != 1 ] ||
    ! grep -q '^halloc-fuzz: 1 aligned_alloc call refused with EINVAL, alignments 32 to 32: ' "$log"; then
    fail "free-past-einval: the settle run's refusal counted again: not one line counting 1 call: $(cat "$log")"
fi
# A coarse class: block 1 has 56 usable bytes past its request, but the
# crash is in the free of block 0 below it, whose header and the next one's
# its fill never reached.
run coarse "-DCRASH_AT_FREE=1" 'malloc 0 64
malloc 1 8
free 0'
not_offered coarse
# A shrink in place keeps block 0's 1024 bytes, all written under its first
# request: nothing was written past a request when the next malloc crashes.
run shrunk "-DCRASH_AT_MALLOC=2" 'malloc 0 1024
realloc 0 10
malloc 1 64'
not_offered shrunk
# A shrink in place that splits off a tail behind a header of its own but
# keeps the old room: the fill past the request overwrote that header, and
# UBSan catches free reading its link. The word UBSan printed is placed past
# the request, on usable_size()'s word, with the switch (the report blamed a
# block on a free list, and offered nothing); the replay settles it.
bin=$out/hint-shrink-link log=$out/hint-shrink-link.log
build_on_harness "$bin" fuzz/selftest/usable-hint-adapter.c -fsanitize=undefined -fno-sanitize-recover=undefined \
    -DSHRINK_KEEPS_LINK || fail "cannot build $bin"
printf 'version 2\nmalloc 0 100\nrealloc 0 40\nfree 0\n' >"$bin.txt"
! "$bin" "$bin.txt" >"$log" 2>&1 || fail "shrink-link: replayed clean, expected a crash: $(cat "$log")"
grep -qF "  byte 48 of block 0 lies past the 40 bytes requested, written on the word of usable_size(), 128: if that \
overstates the block" "$log" || fail "shrink-link: the word past the request not said so: $(cat "$log")"
[ "$(grep -c "HALLOC_FUZZ_USABLE=off replays with" "$log")" = 1 ] || fail "shrink-link: the switch not offered once: $(cat "$log")"
settled shrink-link "it runs clean: the harness's writes past the requests, up to usable_size(), broke"
# The same stale room broken both ways: the fill over the tail's link fails
# a malloc that takes the tail; without it, a realloc back to 100 stays in
# place over the tail's new block. The settle run proves only that a bug
# shows without the fill, and names where that run stopped (it said "the
# writes past the requests are not the cause", though they broke the link).
log=$out/hint-shrink-stale.log
printf 'version 2\nmalloc 0 100\nrealloc 0 40\nmalloc 1 32\nrealloc 0 100\n' >"$log.txt"
! "$bin" "$log.txt" >"$log" 2>&1 || fail "shrink-stale: replayed clean, expected a crash: $(cat "$log")"
grep -qF "CRASH (signal 11, SIGSEGV) at op #2: malloc 1 32" "$log" || fail "shrink-stale: no crash at the malloc: $(cat "$log")"
settled shrink-stale "it fails too (an oracle fired or abort() (signal 6), at op #3: realloc 0 100): the bug shows \
without writes past the requests as well"
! grep -qF "not the cause" "$log" || fail "shrink-stale: the fill acquitted, though it broke the link: $(cat "$log")"
# The tail's link followed only after its block's free (a TLSF of
# round 4 met it in the final free-all): the word is placed in the freed
# block, past the request, with the realloc that first shrank the block in
# place (the report named the malloc that placed it, and nothing past it).
bin=$out/hint-shrink-late log=$out/hint-shrink-late.log
build_on_harness "$bin" fuzz/selftest/usable-hint-adapter.c -fsanitize=undefined -fno-sanitize-recover=undefined \
    -DSHRINK_KEEPS_LINK -DLINK_READ_LATE || fail "cannot build $bin"
printf 'version 2\nmalloc 0 100\nrealloc 0 40\nfree 0\nmalloc 1 8\n' >"$bin.txt"
! "$bin" "$bin.txt" >"$log" 2>&1 || fail "shrink-late: replayed clean, expected a crash: $(cat "$log")"
grep -qF "  byte 48 of block 0 lies past the 40 bytes requested, written on the word of usable_size(), 128: if that \
overstates the block (likely the realloc at op #1: realloc 0 40, which shrank it in place below that byte" "$log" ||
    fail "shrink-late: the freed block's word past the request not tied to the shrink: $(cat "$log")"
bin=$out/hint-shrink-link
# The same build's aligned_alloc 16 bytes short: with usable_size,
# usable_too_small at once; without it (HALLOC_FUZZ_USABLE=off), on the
# engines' schedule (-s: blocks verified every 32 ops), the next block's
# header over its last bytes is named at the malloc that put it there (it
# was found at the block's realloc, ops later).
printf 'version 2\naligned 0 16 200\nmalloc 1 8\nrealloc 0 300\n' >"$log.short.txt"
"$bin" -s "$log.short.txt" >"$log.short" 2>&1
grep -qF "ORACLE usable_too_small fired at op #0: aligned 0 16 200" "$log.short" ||
    fail "aligned-short: usable_size 16 bytes under the request not named at the aligned_alloc: $(cat "$log.short")"
HALLOC_FUZZ_USABLE=off "$bin" -s "$log.short.txt" >"$log.short" 2>&1
grep -q "ORACLE pattern_corrupted fired at op #1: malloc 1 8\$" "$log.short" ||
    fail "aligned-short: a header over an aligned block's tail not named at the malloc that wrote it: $(cat "$log.short")"
# Exact stats and a checker: the fill over block 1's header shows first as a
# byte count off, which says a header per block; with the check failing too,
# the report names usable_size as the likelier one and offers the switch.
bin=$out/hint-stats log=$out/hint-stats.log
build_on_harness "$bin" fuzz/selftest/usable-hint-adapter.c -DUSABLE_OVER -DWITH_STATS || fail "cannot build $bin"
printf 'version 2\nmalloc 0 8\nmalloc 1 8\nrealloc 0 8\n' >"$bin.txt"
"$bin" "$bin.txt" >"$log" 2>&1
if ! grep -q "^halloc-fuzz: ORACLE stats_mismatch fired at op #2: realloc 0 8" "$log" ||
    ! grep -qF "  cause: likely usable_size() overstates" "$log" ||
    ! grep -qF "HALLOC_FUZZ_USABLE=off" "$log"; then
    fail "stats: a byte count off beside a failing check does not name usable_size: $(cat "$log")"
fi
# ...but a byte count that fell further than the model's at a free, the check
# failing too, is that free's doing (a bitmap free clearing a granule past its
# block was told usable_size overstates, which makes a free take off less).
bin=$out/hint-free-takes-next log=$out/hint-free-takes-next.log
build_on_harness "$bin" fuzz/selftest/usable-hint-adapter.c -DWITH_STATS -DFREE_TAKES_NEXT || fail "cannot build $bin"
printf 'version 2\nmalloc 0 8\nmalloc 1 8\nfree 0\n' >"$bin.txt"
"$bin" "$bin.txt" >"$log" 2>&1
if ! grep -q "^halloc-fuzz: ORACLE stats_mismatch fired at op #2: free 0" "$log" ||
    ! grep -qF "this op's free took off more than usable_size() gave the block" "$log" ||
    grep -qF "usable_size() overstates" "$log"; then
    fail "stats: a free that counted off past its block blamed on usable_size: $(cat "$log")"
fi
# ...and so is the first free of op double-free (round 16: told only of a count off), the check off
# (it fails between the two frees).
printf 'version 2\nmalloc 0 8\nmalloc 1 8\ndouble-free 0\n' >"$bin.double.txt"
HALLOC_FUZZ_ALLOCATOR_CHECK=off "$bin" "$bin.double.txt" >"$log.double" 2>&1 || true
if ! grep -q "^halloc-fuzz: ORACLE stats_mismatch fired at op #2: double-free 0" "$log.double" ||
    ! grep -qF "this op's free took off more than usable_size() gave the block" "$log.double"; then
    fail "stats: a double-free's first free that counted off past its block not named: $(cat "$log.double")"
fi
echo "fuzz-check-adapters: usable hint: HALLOC_FUZZ_USABLE=off offered for a fill past a request that broke the header above (16 bytes, or 8 within the request's rounding), also once its block was freed, the replay's own run with it off saying it runs clean, or fails too (naming where) after a free that wrote past its block (its refusals not counted again), and beside a byte count off while the check fails (not when a free, a double-free's first too, took off more than its block), and with the word UBSan read past a shrunk block's request (one freed by then too, named with the realloc that shrank it), a stale room that fails both ways told as such with the op the settle run stopped at, an aligned block 16 bytes short named at once, by its usable size or at the next block's header, and not for a crash a coarse class's room, a rounding below the next header or a shrink in place had no part in"
