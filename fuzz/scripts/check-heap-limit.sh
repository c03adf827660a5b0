#!/bin/sh
# check-heap-limit.sh CC OUT HARNESS_OBJECTS...: a heap that claims
# FUZZ_NO_HEAP_LIMIT and refuses a request mid-run fires spurious_oom at
# that op, from malloc and from aligned_alloc, though no largest_free
# vouched for the request, its what line the facts alone, its cause the fix (fuzz/selftest/limit-adapter.c, -DTABLE_FULL: a
# table of 8 live blocks); an aligned allocation refused with EINVAL before it
# is marked "(returned NULL)" in the report's last ops, as a malloc is (it
# was not). Without the claim a refusal was judged only by
# largest_free and after a free-all: a size-class allocator whose 33rd page
# was refused ran 120 s clean. The adapter as it is replays every seed clean.
# An aligned request refused with errno untouched on a heap that claims
# FUZZ_REPORTS_ENOMEM fires alloc_wrong_errno naming the alignment, with
# EINVAL as the way to refuse one not served.
set -eu
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
report_case limit limit "" "-q -s -t $seeds_limit corpus" exit:0
# The what line holds the facts alone, an aligned request named with its
# alignment; the cause says what to fix: a limit of the allocator's own or a
# size rounded wrong, and for an aligned request first an alignment not
# served, EINVAL the way to refuse it (Boehm GC's GC_memalign fails those
# over 4096 with errno untouched: it read as any 100-byte request refused).
limit_cause='a limit of its own reached (a table of pages, mappings or regions full, a count capped) or a failure path'
for last in "malloc 8 100:a request of 100 bytes:likely $limit_cause" \
    "aligned 8 256 100:aligned_alloc(256, 100):likely an alignment the allocator does not serve: its adapter then fails it with errno EINVAL, never judged as out of memory (fuzz/ADAPTERS.md, \"The adapter contract\", aligned_alloc); for an alignment it serves, $limit_cause"; do
    cause=${last#*:*:} what=${last#*:} last=${last%%:*}
    what=${what%%:*} trace=limit-${last%% *}
    { echo "version 4"; for i in 0 1 2 3 4 5 6 7; do echo "malloc $i 24"; done; echo "$last"; } >"$out/$trace.txt"
    report_case "limit-8:$trace" limit -DTABLE_FULL=8 "$out/$trace.txt" exit:1 \
        "xF:halloc-fuzz: ORACLE spurious_oom fired at op #8: $last" \
        "xG:  what:  $what failed (errno 12 (ENOMEM: .*)) on a heap that claims FUZZ_NO_HEAP_LIMIT (every request up \
to .* bytes succeeds, whatever the heap holds)" \
        "F:  cause: $cause" \
        "F:; or, if the allocator is meant to have a limit, take FUZZ_NO_HEAP_LIMIT out of the adapter's caps"
done
# Boehm GC's GC_memalign fails an alignment over 4096 with errno untouched:
# the report read "a request of 100 bytes", no word of the alignment.
printf 'version 4\naligned 0 512 100\n' >"$out/limit-errno.txt"
report_case limit-8:limit-errno limit -DTABLE_FULL=8 "$out/limit-errno.txt" \
    "xF:halloc-fuzz: ORACLE alloc_wrong_errno fired at op #0: aligned 0 512 100" \
    "G:^  what:  aligned_alloc(512, 100) failed with errno 0 ([^)]*), expected ENOMEM (the adapter claims FUZZ_REPORTS_ENOMEM)$" \
    "F:  cause: likely an alignment the allocator does not serve, refused with no errno or one of its own: its adapter then fails it with errno EINVAL" \
    "F:; for an alignment it serves, a refusal path that returns before it sets ENOMEM: "
{ echo "version 4"; for i in 0 1 2 3 4 5 6 7; do echo "malloc $i 24"; done; echo "aligned 8 4096 100"; echo "malloc 9 100"; } >"$out/limit-after-aligned.txt"
report_case limit-8:limit-after-aligned limit -DTABLE_FULL=8 "$out/limit-after-aligned.txt" "xF:halloc-fuzz: ORACLE spurious_oom fired at op #9: malloc 9 100" \
    "xF:    #8     aligned 8 4096 100  (returned NULL)"
echo "fuzz-check-adapters: heap limit: a refusal on a heap claiming FUZZ_NO_HEAP_LIMIT named spurious_oom, an aligned" \
    "one refused with errno untouched named by its alignment (alloc_wrong_errno)"
