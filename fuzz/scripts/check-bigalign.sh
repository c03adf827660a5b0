#!/bin/sh
# check-bigalign.sh CC OUT HARNESS_OBJECTS...: a planted bug in a toy
# allocator's big-block path for aligned allocation (fuzz/selftest/bigalign,
# -DBUG_BIG_ALIGN_LEAD: the lead trimmed off a mapping over-allocated for its
# alignment is not taken off its length) is in the seeds' reach: the seed
# corpus/aligned-big.txt fires unmap_foreign at an aligned op, and the toy as
# it is replays every seed clean. Aligned sizes stopped at 4095 before
# encoding version 4, and the path was never fuzzed. -DCRASH_NEAR_MAX and
# -DCRASH_ALIGN_GRID: probes (bigalign.c) that some seed must reach.
set -eu
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # word_of, replay_build_word
for bug in "" -DBUG_BIG_ALIGN_LEAD; do
    bin=$out/bigalign${bug:+-lead}
    # shellcheck disable=SC2086 # $bug is one flag or none, the harness objects words
    $cc $selftest_cflags $bug fuzz/selftest/bigalign/adapter.c fuzz/selftest/bigalign/bigalign.c $hobjs -o "$bin"
done
# seeds_reach PROBE WHAT: the toy built with -DPROBE
# (bigalign.c), which crashes at an aligned op once a heap has done WHAT,
# crashes on some seed.
seeds_reach() {
    probe=$1 what=$2
    bin=$out/bigalign-$probe
    # shellcheck disable=SC2086 # $cc and $selftest_cflags are words to split
    $cc $selftest_cflags "-D$probe" fuzz/selftest/bigalign/adapter.c fuzz/selftest/bigalign/bigalign.c $hobjs -o "$bin"
    seeds_must_crash "$bin" "asks $what (bigalign -D$probe)" \
        "^halloc-fuzz: CRASH (signal 11, SIGSEGV) at op #[0-9]*: aligned"
}
# An outside allocator's 4 MiB-list overrun, reached only from an aligned
# block whose size plus alignment lies just below 4 MiB, went unfound for 120 s.
seeds_reach CRASH_NEAR_MAX "an aligned block of size plus alignment in the last 64 KiB below 4 MiB"
# mimalloc 2.0.9's misaligned 256 of 256 to 1024 bytes went unfound from the
# seeds for 90 s, which asked one cell of the alignment grid under 4096
# (fuzz/ADAPTERS.md).
seeds_reach CRASH_ALIGN_GRID "every alignment from 16 to 32768 with a size below, equal to and a multiple of it"
# A realloc that copies an aligned block from the allocation it was carved
# from: the report names the old block and aligned_alloc as its origin (it
# named neither, and the trace's last ops need not show the aligned op).
bin=$out/bigalign-realloc-base
# shellcheck disable=SC2086 # $cc and $selftest_cflags are words to split
$cc $selftest_cflags -DBUG_REALLOC_FROM_BASE fuzz/selftest/bigalign/adapter.c fuzz/selftest/bigalign/bigalign.c $hobjs -o "$bin"
printf 'version 4\naligned 0 256 100\nrealloc 0 200\n' >"$out/realloc-aligned.txt"
rc=0
"$bin" "$out/realloc-aligned.txt" >"$bin.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -q "^  what:  realloc did not keep min(old usable, new size) bytes of the old block" \
    "$bin.log" || ! grep -q ", which aligned_alloc(256, 100) returned: " "$bin.log"; then
    echo "fuzz-check-adapters FAILED: -DBUG_REALLOC_FROM_BASE: exit $rc, expected 1 and realloc_lost_data naming" \
        "the old block as aligned_alloc(256, 100)'s; it printed:"
    cat "$bin.log"
    exit 1
fi
bin=$out/bigalign
"$bin" -q -t "$seeds_limit" corpus >"$bin.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: the bigalign toy allocator did not replay the corpus clean:"; cat "$bin.log"; exit 1; }
bin=$out/bigalign-lead
rc=0
"$bin" corpus/aligned-big.txt >"$bin.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -q "^halloc-fuzz: ORACLE unmap_foreign fired at op #[0-9]*: aligned [0-9]* [0-9]* [0-9]*" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: -DBUG_BIG_ALIGN_LEAD on corpus/aligned-big.txt: exit $rc, expected 1 and" \
        "unmap_foreign at an aligned op; it printed:"
    cat "$bin.log"
    exit 1
fi
# replay -v prints each op as it starts, so the op the run stopped at comes
# last, just above the report, then says so and how many never ran (it
# printed every op, those after the failure too); in a long trace the ops
# left out come before that op, and what it prints replays to the same failure.
# (Where a mapping lands decides whether the first over-allocated block has a lead: op #1 or #3.)
"$bin" -v corpus/aligned-big.txt >"$bin.log" 2>&1 || true
at=$(sed -n 's/^halloc-fuzz: ORACLE unmap_foreign fired at op #\([0-9]*\): .*/\1/p' "$bin.log")
ops=$(grep -cv -e '^#' -e '^version ' -e '^$' corpus/aligned-big.txt)
line=$(sed -n "$((at + 3))p" "$bin.log")
if [ "$line" != "$(grep -v -e '^#' -e '^version ' corpus/aligned-big.txt | sed -n "$((at + 1))p")" ] ||
    [ "$(sed -n "$((at + 4))p" "$bin.log")" != "halloc-fuzz: ORACLE unmap_foreign fired at op #$at: $line" ] ||
    ! grep -qxF "# the run stopped at op #$at, the last op printed above its report: that says why" "$bin.log" ||
    ! grep -qxF "# ops #$((at + 1))..#$((ops - 1)) after it never ran ($((ops - at - 1)) of them)" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: replay -v did not stop at op #$at, named, and say the $((ops - at - 1)) after it never ran:"
    cat "$bin.log"
    exit 1
fi
mark="  # <- the run stopped at this op: the report above says why"
{ cat corpus/long-churn.txt; grep -v -e '^#' -e '^version ' corpus/aligned-big.txt; } >"$out/long-then-big.txt"
"$bin" -v "$out/long-then-big.txt" >"$bin.log" 2>&1 || true
grep -v -e '^halloc-fuzz: ' -e '^  ' -e '^replay: ' -e '^# ops #.* after it never ran' "$bin.log" >"$out/printed.txt"
if [ "$(grep -c '^# \.\.\. ops #12\.\.#[0-9]* left out' "$out/printed.txt")" != 1 ] ||
    [ "$(grep -cv '^#' "$out/printed.txt")" != 19 ] || ! tail -n 1 "$out/printed.txt" | grep -qF "$mark"; then
    echo "fuzz-check-adapters FAILED: replay -v of a long trace: not its first 12 ops and the last 6 up to the marked one:"
    cat "$bin.log"
    exit 1
fi
"$bin" -vv "$out/long-then-big.txt" 2>/dev/null | grep -v -e '^# ' -e '^replay: ' >"$out/printed.txt" || true
# (Its last op may meet a mapping aligned by chance, with no lead: where
# mappings land is drawn once per process, so each try is a process.)
tries=0 rc=0
while [ "$rc" = 0 ] && [ "$tries" -lt 10 ]; do
    tries=$((tries + 1))
    "$bin" "$out/printed.txt" >"$bin.log" 2>&1 || rc=$?
done
if [ "$rc" != 1 ] || ! grep -q "^halloc-fuzz: ORACLE unmap_foreign fired at op #[0-9]*: aligned" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: the trace replay -vv printed up to its failure does not fail alike: exit $rc"
    cat "$bin.log"
    exit 1
fi
# The report's replay line carries the run's HALLOC_FUZZ_* switches as make
# fuzz's does (it had none of them: the replay then checked another set);
# make's ends with BUILD under another build folder, as make check BUILD=dir
# or an exported BUILD runs this.
sw="env -u HALLOC_FUZZ_SHADOW -u HALLOC_FUZZ_ALLOCATOR_CHECK HALLOC_FUZZ_ORACLES=on HALLOC_FUZZ_USABLE=off"
$sw "$bin" corpus/aligned-big.txt >"$bin.log" 2>&1 || true
made=$(word_of "$($sw make --no-print-directory -n fuzz TARGET=fuzz/selftest/bigalign/adapter.c 2>&1)" \
    fuzz/scripts/libfuzzer.sh 3)
made=${made#make replay TARGET=fuzz/selftest/bigalign/adapter.c }
want="  reproduce: make replay HALLOC_FUZZ_ORACLES='on' HALLOC_FUZZ_USABLE='off' CRASH=corpus/aligned-big.txt, plus"
if [ "$made" != "HALLOC_FUZZ_ORACLES='on' HALLOC_FUZZ_USABLE='off'$(replay_build_word)" ] || ! grep -qF "$want" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: the report's replay line and make fuzz's (switches '$made') do not both carry" \
        "the run's switches; the report:"
    cat "$bin.log"
    exit 1
fi
echo "fuzz-check-adapters: a toy allocator's planted bug in its big aligned path (a trimmed lead left in the" \
    "mapping's length) found by the seed corpus/aligned-big.txt, a seed asking the whole alignment grid, the toy as it is clean on every seed; replay -v of" \
    "its failure printed up to the op that failed, marked, the ops after it counted, a long one's middle left out," \
    "and what -vv printed fails alike; its replay line with the run's HALLOC_FUZZ_* switches, as make fuzz's"
