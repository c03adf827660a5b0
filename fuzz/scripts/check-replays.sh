#!/bin/sh
# check-replays.sh ADAPTER...: make fuzz-check-replay's runs, once its
# builds are made: each ADAPTER's gcc and clang replay of the corpus and
# its regressions, halloc's with HALLOC_FUZZ_USABLE=off, the regressions'
# notes (regress.sh), replay -v (check-replay-verbose.sh) and the
# worst-case inputs (check-worst-case.sh). Each is one process at a time and
# needs nothing of the others: they run side by side, one a core (one after
# the other, they left a core idle), each one's output printed after
# (lanes.sh), a failed one named with its log.
# Environment: BUILD (default build).
set -u
BUILD=${BUILD:-build}
out=$BUILD/fuzz-check-replay
# The replays below are no timing tests: their -t follows the load.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
seeds_limit_by_load
rm -rf "$out" && mkdir -p "$out"
# replays ADAPTER...: the corpus and regressions under each one's two builds.
replays() {
    for t; do
        for cc in gcc clang; do
            echo "fuzz-check-replay: $t, $cc build"
            "$BUILD/fuzz/$t/replay-$cc" -q -t "$seeds_limit" corpus corpus/regressions || return 1
        done
    done
}
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
# Each a step, longest first (CPU seconds on a 2-core machine): the
# worst-case inputs (7, on glibc's build), glibc's and halloc-cache's
# replays (under 3 each), the other adapters' (under 2), then halloc's
# runs with the usable fill off, replay -v and the regressions' notes
# (under 1). The next starts as one ends, so both cores end within a second
# of each other: two fixed lanes (about 9 and 10 s) left one idle at the end.
first='' rest=''
for t; do
    case $t in glibc | halloc-cache) first="$first $t" ;; *) rest="$rest $t" ;; esac
done
set --
for t in $first $rest; do
    set -- "$@" "$t" "replays $t"
done
usable_off() {
    echo "fuzz-check-replay: halloc with HALLOC_FUZZ_USABLE=off (its exact stats count usable bytes)"
    HALLOC_FUZZ_USABLE=off "$BUILD/fuzz/halloc/replay-gcc" -q corpus corpus/regressions
}
# shellcheck disable=SC2016 # each step's command is expanded as it runs
lanes fuzz-check-replay "$out" '' worst-case 'fuzz/scripts/check-worst-case.sh "$BUILD/fuzz/glibc/replay-gcc"' "$@" \
    usable-off usable_off verbose 'fuzz/scripts/check-replay-verbose.sh "$BUILD/fuzz/halloc/replay-gcc"' \
    regress 'fuzz/scripts/regress.sh "$BUILD/fuzz/halloc/replay-gcc" corpus/regressions'
