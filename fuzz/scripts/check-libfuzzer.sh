#!/bin/sh
# check-libfuzzer.sh SECONDS ADAPTER...: make fuzz-check-libfuzzer. Each
# fuzz/adapters/ADAPTER.c built and fuzzed SECONDS from its seeds (any crash
# fails, naming the file and its replay line), check-libfuzzer-report.sh and
# check-stuck-watch.sh. These lanes run as many at once as there are cores
# (lanes.sh), and one more for the stuck-watch check, which mostly waits
# (its fuzzers stopped, its watchers polling once a second; run before the
# lanes, it was some 15 s of idle cores): a lane is one process at a time
# (one compiler, then one libFuzzer), so one after the other they left all
# cores but one idle. Each lane's output is printed in order after, a lane
# that failed named with its log ($out/NAME.log). The first ADAPTER's
# fuzzer is built before them, and no lane may compile its objects again
# (the harness's; halloc's, but for a -ubsan lane, below).
# An ADAPTER named NAME-ubsan is fuzz/adapters/NAME.c with halloc built
# under UBSan alone (NAME=NAME-ubsan FUZZ_ALLOC_SAN=..., halloc's objects
# its own, compiled in its lane; the harness's the first ADAPTER's): halloc
# without ASan takes the paths that no ASan build does (allocator/cache.h:
# the cache's hits and pushes that keep no frame).
# Environment: MAKE, CHECK_JOBS (make's -j for a lane's build), BUILD,
# LF_OPTS (libFuzzer's options from fuzz/halloc.options).
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
out=$BUILD/fuzz-check-libfuzzer
# shellcheck source=tools/makeflags.sh # run from the top of the tree, as make does
. tools/makeflags.sh
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
make_dry_run "fuzz/scripts/check-libfuzzer.sh $* (a lane per adapter: build, then fuzz $1 s)"
make_not_silent # the lanes' CC lines are read below

# lane SECONDS NAME: one lane, its output in $out/NAME.log.
lane() {
    secs=$1 t=$2
    case $t in
    report) fuzz/scripts/check-libfuzzer-report.sh; return ;;
    stuck) fuzz/scripts/check-stuck-watch.sh "$BUILD/fuzz/selftest/stuck"; return ;;
    esac
    vars="NAME=$t TARGET=fuzz/adapters/${t%-ubsan}.c"
    set -- NAME="$t" TARGET="fuzz/adapters/${t%-ubsan}.c"
    [ "$t" = "${t%-ubsan}" ] || {
        vars="$vars FUZZ_ALLOC_SAN='$ubsan'"
        set -- "$@" FUZZ_ALLOC_SAN="$ubsan"
    }
    # shellcheck disable=SC2086
    $MAKE --no-print-directory ${CHECK_JOBS:-} "$@" SRCS= "$BUILD/fuzz/$t/libfuzzer" fuzz-seed || return 1
    mkdir -p "crashes/$t"
    guard_by_load 60 # its start and end past -max_total_time, times the load per core
    # shellcheck disable=SC2086
    fuzz/scripts/bounded.sh "crashes/$t" "$vars" $((secs + guard_seconds)) \
        "$BUILD/fuzz/$t/libfuzzer" ${LF_OPTS:-} -dict=fuzz/halloc.dict -artifact_prefix="crashes/$t/" \
        -max_total_time="$secs" -print_final_stats=1 "$BUILD/fuzz-work/$t/corpus"
}

ubsan='-fsanitize=undefined -fno-sanitize-recover=all -fno-omit-frame-pointer'
secs=$1
shift
mkdir -p "$out"
rm -f "$out"/*.log
first=$1
# The first ADAPTER's fuzzer first, alone, with a job a core: halloc's
# compiles halloc's objects of libFuzzer's kind, which halloc-cache's links
# too; built side by side in their lanes, both compiled them.
# shellcheck disable=SC2086
$MAKE --no-print-directory ${CHECK_JOBS:-} NAME="$first" TARGET="fuzz/adapters/$first.c" SRCS= "$BUILD/fuzz/$first/libfuzzer" \
    >"$out/build-$first.log" 2>&1 ||
    { cat "$out/build-$first.log"; echo "fuzz-check-libfuzzer FAILED: cannot build $first's fuzzer (above)"; exit 1; }
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
adapters=$*
# Each ADAPTER becomes a step: its name, then its command.
for t; do
    shift
    set -- "$@" "$t" "lane $secs $t"
done
# The report check first: it is the longest lane.
lanes fuzz-check-libfuzzer "$out" $(($(nproc 2>/dev/null || echo 1) + 1)) report "lane $secs report" \
    stuck "lane $secs stuck" "$@" || exit 1
twice=$(grep -l '^  CC     \(allocator\|checks\)/' "$out"/*.log | grep -vxF "$out/build-$first.log" |
    grep -v -- '-ubsan\.log$')
[ -z "$twice" ] || { echo "fuzz-check-libfuzzer FAILED: a lane compiled halloc's objects again, which the build of" \
    "$first's fuzzer made before the lanes: $twice"; exit 1; }
# The harness's objects too, the -ubsan lanes' included (their adapter is their own).
twice=$(grep -l '^  CC     fuzz/' "$out"/*.log | grep -vxF "$out/build-$first.log" | while IFS= read -r log; do
    grep '^  CC     fuzz/' "$log" | grep -vq '^  CC     fuzz/adapters/' && echo "$log"; done)
[ -z "$twice" ] || { echo "fuzz-check-libfuzzer FAILED: a lane compiled the harness's objects again, which the" \
    "build of $first's fuzzer made before the lanes: $twice"; exit 1; }
# Each -ubsan lane's halloc is built under UBSan and not ASan, or it fuzzed no path of its own.
for t in $adapters; do
    case $t in *-ubsan) ;; *) continue ;; esac
    obj=$(find "$BUILD/fuzz/$t/obj" -path '*/allocator/cache.o' | head -n 1)
    syms=$(nm -u "${obj:-/dev/null}" 2>/dev/null)
    case $syms in *__ubsan_handle_*) ;; *) echo "fuzz-check-libfuzzer FAILED: $t's halloc has no UBSan in it:" \
        "${obj:-no allocator/cache.o under $BUILD/fuzz/$t/obj}"; exit 1 ;; esac
    case $syms in *__asan_*) echo "fuzz-check-libfuzzer FAILED: $t's halloc is built with ASan, whose builds" \
        "never take its frameless cache paths: $obj"; exit 1 ;; esac
done
