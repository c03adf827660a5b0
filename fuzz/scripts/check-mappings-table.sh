#!/bin/sh
# check-mappings-table.sh CC OUT HARNESS_OBJECTS...: the harness's own table
# of the allocator's mappings (fuzz/maps.c) and where its heaps land, beside
# check-mappings.sh's reports, on crash-adapter.c's bugs of crash-mappings.h
# and a few toys, each built on the harness objects check-adapters.sh
# compiled: munmap and mremap update the table in the same locked step as
# their call; the munmap reports hold past 4,096 mappings held; a table the
# kernel refuses memory says so, and under AFL++ stops the fuzzer (under
# libFuzzer: check-adapters-oracles.sh); inputs run in one process find the heap, and a second mapping of
# create()'s, at more than one address.
set -eu
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
printf 'version 2\nmalloc 0 8\nfree 0\n' >"$out/free-live.txt"
# munmap and mremap change the kernel's mappings and the table at once: a
# thread's call made before its update was locked let another thread's mmap
# be cut from the table (a correct thread cache's big block fired
# past_mapping under make fuzz-threads). maps-atomic-adapter.c looks for
# that window from create(), 300 times, while a thread churns mappings.
report_case maps-atomic maps-atomic -pthread "-t $seeds_limit $out/free-live.txt" exit:0
# An allocator holding more mappings than the 4,096 the harness's table
# once stopped at (from there on no munmap was judged, and nothing said so):
# an munmap a page past a block's mapping, and one that meets a hole the
# allocator made, are still named; a right one passes.
crash_case holds-unmap-page "-DHOLDS_MAPPINGS=5000 -DUNMAP_PAGE_TOO_MANY" free-live \
    "xF:halloc-fuzz: ORACLE unmap_foreign fired at op #1: free 0"
crash_case holds-chunk-page "-DHOLDS_MAPPINGS=5000 -DUNMAP_CHUNK_PAGE" free-live \
    "xF:halloc-fuzz: ORACLE unmap_foreign fired in destroy (after the final free-all; the adapter's destroy()) (after op #1 of 2)"
crash_case holds-clean -DHOLDS_MAPPINGS=5000 free-live "xF:replay: $out/free-live.txt: ok (2 ops)"
# The table can now lose track only when the kernel refuses it memory (here
# RLIMIT_AS): that is said once, with what goes unjudged, and the replay of
# an input that ran to its end that way is not ok.
crash_case table-refused "-DHOLDS_MAPPINGS=5000 -DTABLE_MEMORY_REFUSED" free-live \
    "F:halloc-fuzz: the kernel refused memory for the harness's table of the allocator's mappings (" \
    "F:in create): from here on no munmap is judged against them (unmap_foreign) and no block against its mapping's end" \
    "xF:replay: $out/free-live.txt: NOT JUDGED: it ran to its end, but the harness lost track of the allocator's mappings on the way (the halloc-fuzz line above says why), so its munmap calls were not all judged; free memory or raise ulimit -v and replay it again" \
    "!G:: ok ("
if [ "$(grep -c '^halloc-fuzz: the kernel refused memory' "$report_log")" != 1 ]; then
    echo "fuzz-check-adapters FAILED: table-refused: the line about the refused table memory not printed once:"
    cat "$report_log"
    exit 1
fi
# Under a fuzzing engine that input passed, and the fuzzer went on with no
# munmap judged: the AFL++ target stops instead (engine_stops,
# selftest-build.sh; libFuzzer's case is check-adapters-oracles.sh's, on
# make's libFuzzer objects).
# The AFL++ target as afl-clang-fast's absence builds it (one input, from a
# file), on the harness objects but the replay driver's main (afl_objects).
# It also writes that line where make fuzz-afl's afl.sh looks
# (HALLOC_FUZZ_AFL_LOG/harness-error), to stop afl-fuzz (check-afl-stand-in.sh).
replay_objs=$hobjs
afl_objects || { echo "fuzz-check-adapters FAILED: cannot compile fuzz/afl.c into $out/afl-driver.o"; exit 1; }
build_on_harness "$out/afl-table-refused" fuzz/selftest/crash-adapter.c -DHOLDS_MAPPINGS=5000 -DTABLE_MEMORY_REFUSED
hobjs=$replay_objs
printf '\000\000\010\000' >"$out/malloc-8.bin" # malloc 0 8: create() alone loses the table
rm -rf "$out/afl-reports" && mkdir -p "$out/afl-reports"
rc=0
HALLOC_FUZZ_AFL_LOG=$out/afl-reports "$out/afl-table-refused" "$out/malloc-8.bin" >"$out/afl-table-refused.log" 2>&1 || rc=$?
engine_stops "the AFL++ target" "$rc" "$out/afl-table-refused.log"
if ! cmp -s "$out/afl-reports/harness-error" - <<EOF2
$(grep '^halloc-fuzz: HARNESS ERROR: ' "$out/afl-table-refused.log")
EOF2
then
    echo "fuzz-check-adapters FAILED: table-refused, AFL++ target: HALLOC_FUZZ_AFL_LOG/harness-error is not its HARNESS ERROR line:"
    cat "$out/afl-reports/harness-error"
    exit 1
fi
# Inputs run in one process do not all find the heap at one address: the
# harness moves its first mapping by a few pages chosen by the input's ops,
# so a block aligned by its offset in the heap, not by its address (right
# only while the heap's start is aligned that much), is misaligned in some
# (a bitmap allocator's memalign over 4096 went unfound for 60 s: the heap
# lay on a megabyte boundary in every input).
for n in 1 2 3 4; do printf 'version 4\nmalloc 0 %d\n' "$n" >"$out/heap-base-$n.txt"; done
build_on_harness "$out/heap-base" fuzz/selftest/crash-adapter.c -DPRINTS_HEAP_BASE
"$out/heap-base" -n "$out"/heap-base-[1-4].txt >"$out/heap-base.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: -DPRINTS_HEAP_BASE replay failed:"; cat "$out/heap-base.log"; exit 1; }
if [ "$(grep '^heap base ' "$out/heap-base.log" | sort -u | wc -l)" -lt 2 ]; then
    echo "fuzz-check-adapters FAILED: 4 inputs in one process all mapped their heap at one address:"
    cat "$out/heap-base.log"
    exit 1
fi
# Each mapping create() makes moves by a few pages of the input's choosing: an
# arena mapped after a one-page record, its aligned blocks aligned by their
# offset in it, is misaligned in some of 16 inputs (round 20's decay heap: only
# the record moved, the arena stayed on a megabyte boundary, and no input of a
# minute's fuzzing showed the bug). Each input is replayed twice, in processes
# of their own, and is misaligned in both or in neither: the pages moved
# counted from where the kernel put the mapping, which moves with every
# process (ASLR), so the same input was misaligned in one replay and not in
# the next (and this check's count of reports varied between runs).
build_on_harness "$out/arena" fuzz/selftest/arena-adapter.c
# arena_misaligned INPUT LOG: the arena's replay of INPUT, into LOG, fired misaligned.
arena_misaligned() {
    ! "$out/arena" "$1" >"$2" 2>&1 && grep -q "ORACLE misaligned fired at op #1: aligned 0 8192 100" "$2"
}
misaligned=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
    printf 'version 2\nmalloc 1 %s\naligned 0 8192 100\n' "$i" >"$out/arena-$i.txt"
    first=0 again=0
    arena_misaligned "$out/arena-$i.txt" "$out/arena-$i.log" && first=1
    arena_misaligned "$out/arena-$i.txt" "$out/arena-$i-again.log" && again=1
    if [ "$first" != "$again" ]; then
        echo "fuzz-check-adapters FAILED: arena-$i.txt replayed twice was misaligned in one process and not in the" \
            "other: the kernel's placement, not the input, chose where create()'s mappings land (fuzz/maps.c," \
            "fuzz_maps_shift); the two printed:"
        cat "$out/arena-$i.log" "$out/arena-$i-again.log"
        exit 1
    fi
    misaligned=$((misaligned + first))
done
if [ "$misaligned" = 0 ]; then
    echo "fuzz-check-adapters FAILED: an arena create() maps second never moved off its alignment in 16 inputs;" \
        "the first printed:"
    cat "$out/arena-1.log"
    exit 1
fi
echo "fuzz-check-adapters: mappings table: munmap and mremap atomic with the table's update; the munmap cases" \
    "past 4,096 mappings held, and a mapping table the kernel refuses memory said so once, its replay not ok," \
    "the AFL++ target stopped on it with a HARNESS ERROR line; the heap, and an arena create() maps" \
    "second, moved by the input's ops"
