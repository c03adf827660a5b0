#!/bin/sh
# check-replays.sh ADAPTER...: make fuzz-check-replay's runs, once its
# builds are made: each ADAPTER's gcc and clang replay of the corpus and
# its regressions, halloc's with HALLOC_FUZZ_USABLE=off, the regressions'
# notes (regress.sh), replay -v (check-replay-verbose.sh) and the
# worst-case inputs (check-worst-case.sh). Each is one process at a time and
# needs nothing of the others: they run in two lanes, one a core (one after
# the other, they left a core idle), each lane's output printed after.
# Environment: BUILD (default build).
set -u
BUILD=${BUILD:-build}
out=$BUILD/fuzz-check-replay
rm -rf "$out" && mkdir -p "$out"
# replays ADAPTER...: the corpus and regressions under each one's two builds.
replays() {
    for t; do
        for cc in gcc clang; do
            echo "fuzz-check-replay: $t, $cc build"
            "$BUILD/fuzz/$t/replay-$cc" -q corpus corpus/regressions || return 1
        done
    done
}
# glibc's replays and the worst-case inputs (on glibc's build) in one
# lane, the rest in the other: about 10 and 7 s of CPU.
rest=""
for t; do
    [ "$t" = glibc ] || rest="$rest $t"
done
(
    # shellcheck disable=SC2086 # adapter names, one word each
    replays $rest || exit 1
    echo "fuzz-check-replay: halloc with HALLOC_FUZZ_USABLE=off (its exact stats count usable bytes)"
    HALLOC_FUZZ_USABLE=off "$BUILD/fuzz/halloc/replay-gcc" -q corpus corpus/regressions || exit 1
    fuzz/scripts/regress.sh "$BUILD/fuzz/halloc/replay-gcc" corpus/regressions || exit 1
    fuzz/scripts/check-replay-verbose.sh "$BUILD/fuzz/halloc/replay-gcc"
) >"$out/lane1.log" 2>&1 &
lane1=$!
(
    case " $* " in *" glibc "*) replays glibc || exit 1 ;; esac
    fuzz/scripts/check-worst-case.sh "$BUILD/fuzz/glibc/replay-gcc"
) >"$out/lane2.log" 2>&1
rc2=$?
rc1=0
wait "$lane1" || rc1=$?
cat "$out/lane1.log" "$out/lane2.log"
[ "$rc1" = 0 ] || echo "fuzz-check-replay FAILED: the first lane's last step above failed (log $out/lane1.log)"
[ "$rc2" = 0 ] || echo "fuzz-check-replay FAILED: the second lane's last step above failed (log $out/lane2.log)"
[ "$rc1" = 0 ] && [ "$rc2" = 0 ]
