#!/bin/sh
# check-afl-lanes.sh SECONDS ADAPTER...: make fuzz-check-afl's runs, once its
# recipe has built each fuzz/adapters/ADAPTER.c's AFL++ binaries and seeds:
# check-afl.sh on each, side by side (lanes.sh), one per core. Each run
# fuzzes a fixed time (-V): side by side they share the cores for that time
# rather than take it twice (each instance runs fewer inputs: their counts
# are printed), and their starts and ends overlap. The first ADAPTER gets check-afl.sh's SIGINT run and report
# checks too ("sigint"): the longest lane, started first. Each lane's output
# is printed in order after, a lane that failed named with its log
# ($BUILD/fuzz-check-afl/NAME.log).
# Environment: MAKE, CHECK_JOBS, BUILD, FUZZ_TOOL and make's FUZZ_AFL_ENV
# (AFL++'s switches, FUZZ_TIMEOUT, FUZZ_MAX_LEN), handed on to check-afl.sh.
set -u
# shellcheck source=tools/makeflags.sh # run from the top of the tree, as make does
. tools/makeflags.sh
make_dry_run "fuzz/scripts/check-afl-lanes.sh $* (a lane per adapter: afl-fuzz for $1 s)"
BUILD=${BUILD:-build}
out=$BUILD/fuzz-check-afl

# lane SECONDS NAME [sigint]: check-afl.sh on NAME's build, its output in $out/NAME.log.
lane() {
    echo "fuzz-check-afl: $2"
    fuzz/scripts/check-afl.sh "$BUILD/fuzz/$2" "$BUILD/fuzz-work/$2/seeds" "$BUILD/fuzz-work/$2-check" "crashes/$2" \
        "$1" "NAME=$2 TARGET=fuzz/adapters/$2.c SRCS=" ${3:+"$3"}
}

secs=$1
shift
mkdir -p "$out"
rm -f "$out"/*.log
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
# Each ADAPTER becomes a step: its name, then its command; the first's with sigint.
extra=sigint
for t; do
    shift
    set -- "$@" "$t" "lane $secs $t $extra"
    extra=
done
lanes fuzz-check-afl "$out" '' "$@"
