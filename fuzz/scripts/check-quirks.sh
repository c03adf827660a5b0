#!/bin/sh
# check-quirks.sh CC OUT: a correct allocator's legal habits are not
# findings. On fuzz/selftest/quirks-adapter.c (blocks of 8 bytes or fewer
# aligned to 8 only, FUZZ_SMALL_ALIGNED_TO_SIZE, bad frees detected), linked
# with the harness objects check-adapters.sh leaves in OUT/harness-o0 (it
# runs first), a free-misaligned whose offset lands on the next 8-byte
# block's start frees no live block: the harness passes over that offset
# (it freed the neighbour and called the allocator's success
# bad_free_accepted).
set -u
cc=$1 out=$2
fail() { echo "fuzz-check-adapters FAILED: quirks: $*"; exit 1; }
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
harness_objects "$out"
quirks=$out/quirks
build_on_harness "$quirks" fuzz/selftest/quirks-adapter.c || fail "cannot build $quirks"
# clean NAME TRACE: the trace (ops, one a line) replays clean, every op run,
# and block 1 (or 0) is still live and whole at the end: the misaligned free
# took nothing.
clean() {
    printf 'version 4\n%s\n' "$2" >"$out/quirks-$1.txt"
    "$quirks" -v "$out/quirks-$1.txt" >"$out/quirks-$1.log" 2>&1 ||
        fail "$1: a correct allocator's bad free judged a finding: $(cat "$out/quirks-$1.log")"
    grep -qF "ok (" "$out/quirks-$1.log" || fail "$1: no ok line: $(cat "$out/quirks-$1.log")"
}
# Block 0 at the area's start, block 1 8 bytes on: +8 from block 0 is
# block 1's start, -8 from block 1 block 0's.
clean up "malloc 0 8
malloc 1 8
free-misaligned 0 +8
free 1
free 0"
clean down "malloc 0 8
malloc 1 8
free-misaligned 1 -8
free 0
free 1"
# Other offsets stay bad frees the allocator must refuse: one it accepted
# would fire bad_free_accepted (here it refuses every pointer that is not a
# live block, so none fires).
clean interior "malloc 0 8
malloc 1 8
free-misaligned 0 +3
free-misaligned 1 -3"
# The op still runs, on the next offset: an allocator that takes any
# pointer is caught there (block 1's byte 1), not let off.
build_on_harness "$quirks-accepts" fuzz/selftest/quirks-adapter.c -DACCEPTS_ANY_FREE || fail "cannot build $quirks-accepts"
"$quirks-accepts" "$out/quirks-up.txt" >"$out/quirks-accepts.log" 2>&1 &&
    fail "an allocator that accepts any free replayed clean: $(cat "$out/quirks-accepts.log")"
grep -qF "ORACLE bad_free_accepted fired at op #2: free-misaligned 0 +8" "$out/quirks-accepts.log" ||
    fail "accepts-any-free: no bad_free_accepted at op #2: $(cat "$out/quirks-accepts.log")"
echo "fuzz-check-adapters: quirks: bad frees beside 8-byte blocks 8 apart judged right"
