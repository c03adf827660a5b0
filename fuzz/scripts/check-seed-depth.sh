#!/bin/sh
# check-seed-depth.sh CC OUT HARNESS_OBJECTS...: the seeds in corpus/ reach
# deep into an allocator from the first run: crash-adapter.c's depth probes
# (-DCRASH_AT_*, fuzz/selftest/crash-depth.h) each crash on some seed.
# check-adapters.sh runs it with the harness objects it built; bigalign's
# probe of an aligned block just below 4 MiB is check-bigalign.sh's.
set -eu
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
# A bug that shows only after many calls is in reach from the first run: some
# seed makes over 1000 mallocs and frees (the short seeds alone left a planted
# after-1000-calls bug to minutes of libFuzzer growing its inputs), and some
# over 1000 frees alone (long-churn.txt makes 900: a consolidation every 1000
# frees went unfound for 120 s), and some holds 64 live blocks of each of 8
# small classes at once (a slab allocator never took a second slab in 120 s,
# and a lock taken twice on that path in realloc went unfound), and some
# holds 6 MiB in blocks under 128 KiB (arena-growth.txt: no seed held 1 MiB,
# and an arena of chained chunks whose table overflowed at its ninth chunk,
# and a realloc failure path met only at its cap, went unfound for 120 s),
# and some grows and some shrinks a block of 256 KiB or more by realloc
# (realloc-big.txt: seeds made big blocks but resized none past 64 KiB, and
# an mremap given an old length a page short went unfound for 120 s), and
# some holds 20 pages of a page-per-class allocator (page-spread.txt: no seed
# held 10, and a table of 32 pages went unfound for 120 s), and some fills a
# whole 64 KiB page of 4 big classes, 1 KiB to 16 KiB (class-walk-big.txt: no
# seed held 8 blocks of 8 KiB, and a slab page whose last block overlapped
# its header went unfound for 60 s), and some holds 4000 live blocks of one
# small class (held-deep.txt: held-pool.txt holds 300; a count that wraps
# or a bitmap's last word past that has no coverage leading to it), and some
# grows a block a few bytes past the size it last asked, 4 times running
# (realloc-top-creep.txt: a dlmalloc-style realloc into the heap's top
# allowed two units past its end went unfound for 60 s, round 15b), and some
# asks again the size of the largest of 8 or more freed blocks of 1 KiB to
# 2 KiB (best-fit-largest.txt: a tree bin's trie search that descended by the
# wrong bit was found after 1,280 inputs, not in 60 s with its check on).
for at in CALL=1000 FREE=1000 FULL_CLASSES=8 LIVE_MIB=6 BIG_REALLOC=1 BIG_REALLOC=2 PAGES=20 FULL_BIG_CLASSES=4 \
    CLASS_LIVE=4000 REALLOC_CREEP=4 LARGEST_REFIT=8; do
    bin=$out/crash-at-$(echo "$at" | tr '=' -)
    build_on_harness "$bin" fuzz/selftest/crash-adapter.c "-DCRASH_AT_$at"
    seeds_must_crash "$bin" "reaches CRASH_AT_$at (crash-adapter.c)" "halloc-fuzz: CRASH (signal 11, SIGSEGV)"
done
echo "fuzz-check-adapters: seed depth: a seed past 1000 allocator calls, one past 1000 frees, one filling 8" \
    "small classes with 64 blocks each, one holding 6 MiB in blocks under 128 KiB, one growing and one" \
    "shrinking a block of 256 KiB or more by realloc, one holding 20 pages of a page-per-class allocator," \
    "one filling a 64 KiB page of 4 classes from 1 KiB to 16 KiB, one holding 4000 live blocks of one small class," \
    "one growing a block a few bytes at a time 4 times running, one asking again the largest of 8 freed sizes"
