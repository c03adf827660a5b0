#!/bin/sh
# check-heap-limit.sh CC OUT HARNESS_OBJECTS...: a heap that claims
# FUZZ_NO_HEAP_LIMIT and refuses a request mid-run fires spurious_oom at
# that op, from malloc and from aligned_alloc, though no largest_free
# vouched for the request (fuzz/selftest/limit-adapter.c, -DTABLE_FULL: a
# table of 8 live blocks); an aligned allocation refused with EINVAL before it
# is marked "(returned NULL)" in the report's last ops, as a malloc is (it
# was not). Without the claim a refusal was judged only by
# largest_free and after a free-all: a size-class allocator whose 33rd page
# was refused ran 120 s clean. The adapter as it is replays every seed clean.
# An aligned request refused with errno untouched on a heap that claims
# FUZZ_REPORTS_ENOMEM fires alloc_wrong_errno naming the alignment, with
# EINVAL as the way to refuse one not served.
set -eu
cc=$1 out=$2
shift 2
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
hobjs=$*
build_on_harness "$out/limit" fuzz/selftest/limit-adapter.c
build_on_harness "$out/limit-8" fuzz/selftest/limit-adapter.c -DTABLE_FULL=8
"$out/limit" -q -s -t "$seeds_limit" corpus >"$out/limit.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: an unlimited heap (limit-adapter.c) did not replay corpus/ clean:"; cat "$out/limit.log"; exit 1; }
# An aligned request is named with its alignment, and EINVAL as the way to
# refuse an alignment not served (Boehm GC's GC_memalign fails those over
# 4096 with errno untouched: it read as any 100-byte request refused).
for last in "malloc 8 100:a request of 100 bytes" "aligned 8 256 100:aligned_alloc(256, 100)"; do
    what=${last#*:} last=${last%%:*}
    { echo "version 4"; for i in 0 1 2 3 4 5 6 7; do echo "malloc $i 24"; done; echo "$last"; } >"$out/limit.txt"
    rc=0
    "$out/limit-8" "$out/limit.txt" >"$out/limit-8.log" 2>&1 || rc=$?
    if [ "$rc" != 1 ] || ! grep -qxF "halloc-fuzz: ORACLE spurious_oom fired at op #8: $last" "$out/limit-8.log" ||
        ! grep -qF "  what:  $what failed (errno " "$out/limit-8.log" ||
        ! grep -q "ENOMEM: [^)]*)) on a heap that claims FUZZ_NO_HEAP_LIMIT" "$out/limit-8.log" ||
        { [ "$what" != "${what#aligned}" ] &&
            ! grep -qF "; or an alignment of 256 the allocator does not serve: its adapter then fails it with errno" \
                "$out/limit-8.log"; }; then
        echo "fuzz-check-adapters FAILED: a heap claiming FUZZ_NO_HEAP_LIMIT refused '$last' with 8 blocks live:" \
            "exit $rc, expected 1 and spurious_oom at op #8 naming the claim (an aligned request by its alignment," \
            "with EINVAL as the way to refuse one not served); it printed:"
        cat "$out/limit-8.log"
        exit 1
    fi
done
# Boehm GC's GC_memalign fails an alignment over 4096 with errno untouched:
# the report read "a request of 100 bytes", no word of the alignment.
printf 'version 4\naligned 0 512 100\n' >"$out/limit.txt"
"$out/limit-8" "$out/limit.txt" >"$out/limit-8.log" 2>&1 || true
if ! grep -qxF "halloc-fuzz: ORACLE alloc_wrong_errno fired at op #0: aligned 0 512 100" "$out/limit-8.log" ||
    ! grep -q "^  what:  aligned_alloc(512, 100) failed with errno 0 ([^)]*), expected ENOMEM (the adapter claims FUZZ_REPORTS_ENOMEM)$" \
        "$out/limit-8.log" ||
    ! grep -qF "  cause: likely an alignment the allocator does not serve, refused with no errno or one of its own: its adapter then fails it with errno EINVAL" \
        "$out/limit-8.log" ||
    ! grep -qF "; for an alignment it serves, a refusal path that returns before it sets ENOMEM: " "$out/limit-8.log"; then
    echo "fuzz-check-adapters FAILED: aligned_alloc(512, 100) refused with errno untouched on a heap claiming" \
        "FUZZ_REPORTS_ENOMEM: expected alloc_wrong_errno at op #0 naming the alignment in its facts, and as the" \
        "cause an alignment not served, with EINVAL as the way to refuse it, or a refusal that returns before" \
        "errno is set; it printed:"
    cat "$out/limit-8.log"
    exit 1
fi
{ echo "version 4"; for i in 0 1 2 3 4 5 6 7; do echo "malloc $i 24"; done; echo "aligned 8 4096 100"; echo "malloc 9 100"; } >"$out/limit.txt"
"$out/limit-8" "$out/limit.txt" >"$out/limit-8.log" 2>&1 || true
if ! grep -qxF "halloc-fuzz: ORACLE spurious_oom fired at op #9: malloc 9 100" "$out/limit-8.log" ||
    ! grep -qxF "    #8     aligned 8 4096 100  (returned NULL)" "$out/limit-8.log"; then
    echo "fuzz-check-adapters FAILED: an aligned allocation refused with EINVAL is not marked (returned NULL) in" \
        "the report of a later op; it printed:"
    cat "$out/limit-8.log"
    exit 1
fi
echo "fuzz-check-adapters: heap limit: a refusal on a heap claiming FUZZ_NO_HEAP_LIMIT named spurious_oom, an aligned" \
    "one refused with errno untouched named by its alignment (alloc_wrong_errno)"
