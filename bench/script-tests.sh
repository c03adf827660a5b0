#!/bin/sh
# script-tests.sh BENCH TESTDATA_DIR: make bench-selftest's two script checks,
# side by side (fuzz/scripts/lanes.sh): cli-test.sh (the bench program's own
# refusals and notes) and adapter-test.sh (make bench TARGET=...). Each is
# one process at a time, and one after the other they left a core idle (some
# 8 s and 11 s). Their output is printed in that order once both ended; a
# failed one is named with its log ($BUILD/bench-script-tests/NAME.log).
# Environment: MAKE and BUILD, handed on to adapter-test.sh.
set -u
cd "$(dirname "$0")/.." || exit 1
# make -n, -t and -q run this line (it names $(MAKE)): tools/makeflags.sh.
# shellcheck source=tools/makeflags.sh
. tools/makeflags.sh
make_dry_run "bench/script-tests.sh $* (bench/cli-test.sh and bench/adapter-test.sh side by side)"
[ $# -eq 2 ] || { echo "usage: bench/script-tests.sh BENCH TESTDATA_DIR" >&2; exit 2; }
# shellcheck disable=SC2034 # read by the steps, which lanes evals
bench=$1 testdata=$2
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
# shellcheck disable=SC2016 # each step's command is eval'd by lanes
lanes bench-selftest "${BUILD:-build}/bench-script-tests" 2 \
    cli-test 'bench/cli-test.sh "$bench" "$testdata"' \
    adapter-test 'bench/adapter-test.sh'
