#!/bin/sh
# check-afl.sh OUT SEEDS WORK CRASHDIR SECONDS MAKEVARS [sigint]: fuzz/scripts/afl.sh
# on a fresh output directory for SECONDS, as make check runs AFL++, then
# (with "sigint") again without a time limit, stopped by SIGINT as ^C stops
# make fuzz-afl.
# After each, no process the run started may remain: AFL++'s CMPLOG fork
# server left its stopped persistent child behind, one more every few runs.
set -u
out=$1 seeds=$2 work=$3 crashdir=$4 secs=$5 vars=$6 sigint=${7:-}
fail() { echo "fuzz-check-afl FAILED: $*"; exit 1; }
# Every process of the run inherits this, whatever session or parent it ends with.
mark=HALLOC_AFL_CHECK=$$.$(date +%s)
# shellcheck source=fuzz/scripts/none-left.sh
. "$(dirname "$0")"/none-left.sh

env "$mark" FUZZ_AFL_FRESH=1 fuzz/scripts/afl.sh "$out" "$seeds" "$work" "$crashdir" "$secs" "$vars"
rc=$?
expect_none_left "$mark" "afl.sh, stopped by its time limit,"
[ "$rc" = 0 ] || exit 1 # afl.sh said why
if [ "$sigint" != sigint ]; then
    echo "fuzz-check-afl: no process of afl.sh remains after its time limit"
    exit 0
fi

# ^C reaches the terminal's foreground process group: here a session of its
# own (setsid) holding afl.sh and the afl-fuzz it starts. Run in the
# foreground with SIGINT at its default: a shell ignores it in what it runs
# in the background, and so would afl.sh (a make check started with & too).
# The timeout only ends a run that SIGINT failed to stop.
pidfile=$work/sigint.pid log=$work/sigint.log
rm -f "$pidfile"
(sleep "$((secs / 4 + 1))" && kill -INT "-$(cat "$pidfile")") &
timer=$!
# shellcheck disable=SC2016
timeout -s KILL "$((secs + 120))" setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$pidfile" \
    env --default-signal=INT "$mark" FUZZ_AFL_FRESH=1 \
    fuzz/scripts/afl.sh "$out" "$seeds" "$work" "$crashdir" "" "$vars" >"$log" 2>&1
rc=$?
wait "$timer" || fail "afl.sh ended before the SIGINT or never started: $(tail -n 20 "$log")"
expect_none_left "$mark" "afl.sh, stopped by SIGINT,"
[ "$rc" = 0 ] || { cat "$log"; fail "afl.sh, stopped by SIGINT, exited with status $rc (its output above)"; }
echo "fuzz-check-afl: no process of afl.sh remains after its time limit or a SIGINT"
