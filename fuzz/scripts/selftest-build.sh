# selftest-build.sh, sourced by the checks that build selftest adapters on
# the harness objects check-adapters.sh compiled (check-reports.sh,
# check-usable-hint.sh, check-dropin-reports.sh, check-replay-options.sh,
# check-seed-depth.sh, check-bigalign.sh, check-heap-limit.sh, check-discard.sh,
# check-mappings.sh, check-quirks.sh, check-reuse-reports.sh,
# check-sanitizer-places.sh): the flags and the build, once.
# The sourcing script sets cc (the compiler), out (its build directory) and
# hobjs (the objects, words: given on its command line, or found by
# harness_objects).
# shellcheck shell=sh

selftest_cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O0 -Ifuzz"

# seeds_limit: the -t of a replay that is no timing test (load-scaled.sh).
# shellcheck source=fuzz/scripts/load-scaled.sh
. "$(dirname "$0")"/load-scaled.sh
seeds_limit_by_load

# build_on_harness BIN ADAPTER [FLAGS...]: the replay driver over ADAPTER,
# built with FLAGS into BIN (BIN.o beside it); fails as the compiler does.
# FLAGS reach the link too, so a -fsanitize= among them links its runtime
# (the harness objects stay uninstrumented).
build_on_harness() {
    bin=$1 adapter=$2
    shift 2
    # shellcheck disable=SC2086 # $cc and $selftest_cflags are words; the harness objects one word each
    $cc $selftest_cflags "$@" -c "$adapter" -o "$bin.o" && $cc "$@" "$bin.o" $hobjs -o "$bin"
}

# crash_case NAME DEFINES TRACE MATCH LINE: crash-adapter.c built with
# DEFINES into OUT/crash-NAME (bin) replays OUT/TRACE.txt and prints LINE
# (MATCH x: as the whole line, else within one). A binary the sourcing script
# already built with the same DEFINES is run again.
crash_built=
crash_case() {
    case "$crash_built" in
    *"|$1 $2|"*) bin=$out/crash-$1 ;;
    *)
        # shellcheck disable=SC2086 # DEFINES are words
        build_on_harness "$out/crash-$1" fuzz/selftest/crash-adapter.c $2
        crash_built="$crash_built|$1 $2|"
        ;;
    esac
    "$bin" "$out/$3.txt" >"$bin.log" 2>&1 || true
    if ! grep -q"$4"F "$5" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: $1 ($2) on $3: no line '$5'; it printed:"
        cat "$bin.log"
        exit 1
    fi
}

# harness_objects OUT: hobjs, the harness objects check-adapters.sh compiled
# into OUT/harness-o0 (it runs first); fails through the script's fail().
harness_objects() {
    [ -f "$1/harness-o0/fuzz/replay.c.o" ] ||
        fail "no $1/harness-o0/fuzz/replay.c.o: run make fuzz-check-adapters once (its check-adapters.sh compiles" \
            "the harness objects there), then this check runs alone"
    hobjs=$(find "$1/harness-o0" -name '*.o')
}

# seeds_must_crash BIN WHAT PATTERN: BIN, a probe that crashes once the ops
# go as deep as WHAT, replayed on every seed in corpus/, exits 1 with a line
# matching PATTERN (grep's basic regex): some seed gets there on its own.
seeds_must_crash() {
    rc=0
    "$1" -q -t "$seeds_limit" corpus >"$1.log" 2>&1 || rc=$?
    if [ "$rc" != 1 ] || ! grep -q "$3" "$1.log"; then
        echo "fuzz-check-adapters FAILED: no seed in corpus/ $2 (exit $rc); it printed:"
        cat "$1.log"
        exit 1
    fi
}

# expect_why "NAME|SHORT"...: fuzz-lab-batch's row adds each explanation's
# short form to a sanitizer's cause (fuzz/scripts/report-why.sh); the one it
# reads from OUT/NAME.log must be SHORT.
expect_why() {
    for want in "$@"; do
        why=$(fuzz/scripts/report-why.sh "$out/${want%%|*}.log")
        [ "$why" = "${want#*|}" ] || {
            echo "fuzz-check-adapters FAILED: report-why.sh read '$why' from $out/${want%%|*}.log, expected '${want#*|}'"
            exit 1
        }
    done
}
