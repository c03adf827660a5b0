#!/bin/sh
# check-quirks.sh CC OUT: a correct allocator's legal habits are not
# findings. On fuzz/selftest/quirks-adapter.c (blocks of 8 bytes or fewer
# aligned to 8 only, FUZZ_SMALL_ALIGNED_TO_SIZE, bad frees detected), linked
# with the harness objects check-adapters.sh leaves in OUT/harness-o0 (it
# runs first), a free-misaligned whose offset lands on the next 8-byte
# block's start frees no live block: the harness passes over that offset
# (it freed the neighbour and called the allocator's success
# bad_free_accepted). Its build includes adapter.h under free(ptr) and
# malloc(size) macros, as dmalloc.h defines them.
set -u
fail() { echo "fuzz-check-adapters FAILED: quirks: $*"; exit 1; }
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
# make fuzz-afl: afl-fuzz's fork servers fork the targets, whose output it
# hides, so the targets of both instances add the aligned_alloc calls they
# refused with EINVAL (-DALIGNED_UP_TO=16) to one file and afl.sh's clean end
# prints the sum (fuzz/afl.c, replay --unjudged FILE), as make fuzz's end
# does (it printed none). Over the AFL++ target as afl-clang-fast's absence
# builds it (its main compiled here: afl_objects, selftest-build.sh) and a
# stand-in afl-fuzz whose instances each run the two seeds, of one refusal
# each, once: 4 calls, in one line. Its secondary leaves asan.seeds-run in
# AFL++'s output folder once it ran them, and its main one waits for that
# before it saves a crash (STAND_IN_CRASH=1): afl.sh stops both instances
# at the first crash, which at load 16 came before the secondary's seeds.
# Run beside the cases below (a process of its own: its hobjs stay its
# own), whose builds and replays leave the second core idle.
afl_counts() {
    afl=$out/quirks-afl
    rm -rf "$afl"
    mkdir -p "$afl/out" "$afl/seeds" "$afl/bin" || fail "cannot make $afl"
    afl_objects || fail "cannot compile fuzz/afl.c into $out/afl-driver.o"
    build_on_harness "$afl/out/afl" fuzz/selftest/quirks-adapter.c -DALIGNED_UP_TO=16 || fail "cannot build $afl/out/afl"
    ln -s "$(cd "$out" && pwd)/quirks" "$afl/out/replay-cc" || fail "cannot link $afl/out/replay-cc"
    for build in afl-asan afl-cmplog; do ln -s afl "$afl/out/$build" || fail "cannot link $afl/out/$build"; done
    printf '\003\000\010\120' >"$afl/seeds/a32"   # aligned 0 32 8
    printf '\003\001\012\300' >"$afl/seeds/b4096" # aligned 1 4096 10
    cat >"$afl/bin/afl-fuzz" <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do
    case $1 in -i) seeds=$2 ;; -o) o=$2 ;; -M) name=$2 ;; -S) secondary=$2 ;; --) target=$2 ;; esac
    shift
done
for seed in "$seeds"/*; do "$target" "$seed" >/dev/null 2>&1 || exit 1; done
[ -z "${secondary:-}" ] || : >"$o/$secondary.seeds-run"
# STAND_IN_CRASH=1: the main instance then saves a seed as a crash, once
# the secondary ran its seeds (a bound that only a hang reaches).
{ [ -n "${STAND_IN_CRASH:-}" ] && [ -n "${name:-}" ]; } || exit 0
. fuzz/scripts/load-scaled.sh
wait_by_load 30 test -e "$o/asan.seeds-run" || {
    echo "stand-in afl-fuzz: its asan instance did not run its seeds within $guard_seconds s (no $o/asan.seeds-run)"
    exit 1
}
mkdir -p "$o/$name/crashes" && cp "$seeds/a32" "$o/$name/crashes/id:000000,sig:06,src:000000"
EOF
    chmod +x "$afl/bin/afl-fuzz"
    said=$(PATH=$afl/bin:$PATH FUZZ_TIMEOUT=10 FUZZ_MAX_LEN=4096 fuzz/scripts/afl.sh "$afl/out" "$afl/seeds" "$afl/work" \
        "$afl/crashes" "" "X=1" 2>&1) || fail "afl.sh over targets the EINVAL allocator runs clean failed: $said"
    if [ "$(printf '%s\n' "$said" | grep -c "refused with EINVAL")" != 1 ] ||
        ! printf '%s\n' "$said" | grep -qF "halloc-fuzz: 4 aligned_alloc calls refused with EINVAL, alignments 32 to 4096: " ||
        [ "$(printf '%s\n' "$said" | tail -n 1)" != "afl: no crashes" ]; then
        fail "afl.sh's clean end does not count its 2 instances' 4 refusals (2 seeds of 1 each) in one line: $said"
    fi
    # A run that ends in FUZZ FAILED counts them too (it named none), once,
    # above that line: here both instances ran both seeds before the main
    # one saved a crash (the replay of which counts none of its own).
    said=$(PATH=$afl/bin:$PATH STAND_IN_CRASH=1 FUZZ_TIMEOUT=10 FUZZ_MAX_LEN=4096 fuzz/scripts/afl.sh "$afl/out" \
        "$afl/seeds" "$afl/work-crash" "$afl/crashes" "" "X=1" 2>&1) && fail "afl.sh past a crash passed: $said"
    if [ "$(printf '%s\n' "$said" | grep -c "refused with EINVAL")" != 1 ] ||
        ! printf '%s\n' "$said" | sed -n '/refused with EINVAL/,$p' | grep -q "^FUZZ FAILED: AFL++ found 1 crash" ||
        ! printf '%s\n' "$said" | grep -qF "halloc-fuzz: 4 aligned_alloc calls refused with EINVAL, alignments 32 to 4096: "; then
        fail "afl.sh's FUZZ FAILED end does not count its 2 instances' 4 refusals (2 seeds of 1 each) in one line above it: $said"
    fi
    echo "fuzz-check-adapters: quirks: make fuzz-afl's clean end, and one in FUZZ FAILED, count the aligned_alloc calls both instances' targets refused"
}
# clean NAME TRACE: the trace (ops, one a line) replays clean, every op run,
# and block 1 (or 0) is still live and whole at the end: the misaligned free
# took nothing. Its first case builds OUT/quirks, with aligned_alloc refusing
# alignments above 16 (EINVAL): the cases run no aligned op, and the AFL++
# case's replay is this build.
clean() {
    printf 'version 4\n%s\n' "$2" >"$out/quirks-$1.txt"
    report_case "quirks:quirks-$1" quirks -DALIGNED_UP_TO=16 "-v $out/quirks-$1.txt" exit:0 "F:ok ("
}
# Block 0 at the area's start, block 1 8 bytes on: +8 from block 0 is
# block 1's start, -8 from block 1 block 0's.
clean up "malloc 0 8
malloc 1 8
free-misaligned 0 +8
free 1
free 0"
# (The AFL++ case links OUT/quirks, built by now.)
afl_counts >"$out/quirks-afl.log" 2>&1 &
afl_pid=$!
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
# pointer is caught there (block 1's byte 1), not let off. The same build
# plants an unchecked calloc product (-DCALLOC_UNCHECKED), below.
accepts="-DACCEPTS_ANY_FREE -DCALLOC_UNCHECKED"
# Each accepted bad free is given its likely cause and the way out of a
# claim the allocator never made: a pointer taken unchecked, a double free
# put back on a list (the report stopped at what happened).
report_case quirks-accepts quirks "$accepts" "$out/quirks-up.txt" exit:!0 \
    "F:ORACLE bad_free_accepted fired at op #2: free-misaligned 0 +8" \
    "F:  cause: likely free takes any pointer in its heap for a block's start without testing"
printf 'version 4\nmalloc 0 8\ndouble-free 0\n' >"$out/quirks-twice.txt"
# The harness cannot tell a missing test from one comparing the wrong value
# (a link still encoded: round 9), so the cause names both.
report_case quirks-accepts:quirks-twice quirks "$accepts" "$out/quirks-twice.txt" \
    "F:  cause: likely free has no test that the block is live, or one that compares the wrong value and so never"
# A calloc whose product wraps to 0, refused with errno untouched, is told of
# the unchecked product it may have (memkind 1.14's): the report said only
# to set errno or take FUZZ_REPORTS_ENOMEM out, which hid the bug.
printf 'version 4\ncalloc-overflow 9223372036854775808 2\n' >"$out/quirks-calloc-zero.txt"
report_case quirks-accepts:quirks-calloc-zero quirks "$accepts" "$out/quirks-calloc-zero.txt" \
    "F:or one that never tests it and takes the 0 for a malloc(0) that returns NULL, which returns a small"
echo "fuzz-check-adapters: quirks: bad frees beside 8-byte blocks 8 apart judged right"

wait "$afl_pid" || { cat "$out/quirks-afl.log"; exit 1; }
cat "$out/quirks-afl.log"
