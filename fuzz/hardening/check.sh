#!/bin/sh
# fuzz/hardening/check.sh FUZZER WORK CHECK_RUNS MUTANT_RUNS SEED... -- MUTANT...
# make fuzz-check-hardening:
# 1. every seed in corpus/hardening/ runs clean on halloc, and a replay
#    with HALLOC_HARDENING_TRACE=1 prints its ops and why halloc refused;
# 2. CHECK_RUNS inputs fuzzed from them find nothing;
# 3. each MUTANT (the target over halloc with one hardening check taken out,
#    mutants/hardening/*.patch), fuzzed from an empty corpus (the seeds would
#    hand it the answer), is stopped by a finding within MUTANT_RUNS inputs:
#    the target finds on its own what it claims to guard. Bounds in inputs,
#    not seconds, give the same verdict at any load (fewer inputs fit in a
#    time on a busy machine).
# $HARDENING_OPTS: the engine flags of fuzz/hardening/hardening.options.
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
fuzzer=$1 work=$2 check_runs=$3 mutant_runs=$4
shift 4
seeds=
while [ $# -gt 0 ] && [ "$1" != -- ]; do seeds="$seeds $1"; shift; done
[ $# -gt 0 ] && shift
rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts" "$work/mutant-artifacts" || exit 1
# shellcheck disable=SC2086
cp $seeds "$work/corpus/" || exit 1

# The clean runs (1, 2) and the mutant hunt (3) share nothing but the
# fuzzer's source: each has its own corpus, artifacts and log, so the clean
# runs go in the background beside the hunt, one process each on two cores,
# and the suite takes the longer of the two, not their sum. Each says why it
# failed on its own output; the hunt's is shown, then the clean runs'.
clean_runs() {
    log=$work/clean.log
    # shellcheck disable=SC2086
    if ! "$fuzzer" $HARDENING_OPTS $seeds >"$log" 2>&1; then
        tail -n 30 "$log"
        echo "fuzz-check-hardening FAILED: a seed in corpus/hardening/ broke an oracle (make fuzz-hardening CRASH=file replays one)"
        return 1
    fi
    # A replay (make fuzz-hardening CRASH=) prints every op, the write that
    # damaged the bookkeeping, and why halloc refused.
    seed=corpus/hardening/write-after-free-links.bin
    # shellcheck disable=SC2086
    HALLOC_HARDENING_TRACE=1 "$fuzzer" $HARDENING_OPTS "$seed" >"$log" 2>&1
    for line in "  #6 write-after-free slot 0: 16 bytes 16 from its freed block's header" \
        "      (this write changed halloc's bookkeeping: from here a refusal is allowed)" \
        "hardening: halloc refused at the last op above, after damage (allowed): halloc: malloc: free list damaged"; do
        if ! grep -qF "$line" "$log"; then
            cat "$log"
            echo "fuzz-check-hardening FAILED: the replay of $seed with HALLOC_HARDENING_TRACE=1 has no line '$line'"
            return 1
        fi
    done
    # The switch is read as every HALLOC_* one is (allocator/hl_switch.h): a typo
    # is refused, not taken for on.
    rc=0
    # shellcheck disable=SC2086
    HALLOC_HARDENING_TRACE=of "$fuzzer" $HARDENING_OPTS "$seed" >"$log" 2>&1 || rc=$?
    if [ "$rc" = 0 ] || ! grep -qF "hardening-fuzz: HALLOC_HARDENING_TRACE='of' is not a switch value; use off, 0 or no" "$log"; then
        cat "$log"
        echo "fuzz-check-hardening FAILED: HALLOC_HARDENING_TRACE=of: exit $rc, not refused with a line naming the value"
        return 1
    fi
    # The wall-clock bound only stops a stuck process, as the hunt's below:
    # CHECK_RUNS inputs take some 5 s of CPU (fuzz/hardening/build.mk).
    # shellcheck disable=SC2086
    if ! timeout 900 "$fuzzer" $HARDENING_OPTS -runs="$check_runs" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$work/corpus" >"$log" 2>&1; then
        tail -n 30 "$log"
        # shellcheck disable=SC2012 # the first file libFuzzer saved (its names are <kind>-<sha1>)
        echo "fuzz-check-hardening FAILED: a finding in $check_runs inputs of fuzzing; the input: $(ls "$work"/artifacts/* 2>/dev/null | head -n 1)" \
            "(make fuzz-hardening CRASH=that file)"
        return 1
    fi
    sed -n 's/^stat::number_of_executed_units: *//p' "$log" >"$work/clean.runs"
}
clean_runs >"$work/clean.out" 2>&1 &
clean_pid=$!
# A background list of a shell without job control ignores SIGINT, and
# timeout(1) puts its command in a process group of its own, so a ^C (or
# make killed) would reach neither the clean runs nor a mutant: both are
# stopped here, with every process under them, found through /proc (no
# procps needed: tree_of, proc-tree.sh). The hunt's fuzzer runs in the
# background too, so that the shell waits in `wait`, which a signal ends, and
# the trap runs at once.
# shellcheck source=fuzz/scripts/proc-tree.sh
. fuzz/scripts/proc-tree.sh
hunt_pid=
trap 'kill -TERM $(tree_of "$clean_pid") $(tree_of "$hunt_pid") 2>/dev/null; echo "fuzz-check-hardening: interrupted"; exit 130' INT TERM HUP

# The hunt: at its first miss it stops and waits for the clean runs, so
# both failures are said.
caught=0 hunt=0
for mutant in "$@"; do
    name=${mutant##*/mutant-}
    # A log a mutant: make fuzz-check-hardening holds each one's report to one screen (fuzz/REPORTS.md).
    log=$work/mutant-$name.log
    rm -rf "$work/mutant-corpus" && mkdir -p "$work/mutant-corpus"
    # The wall-clock bound only stops a stuck process (libFuzzer's -timeout
    # already makes a slow input a finding): MUTANT_RUNS inputs take some
    # 60 s of CPU (fuzz/hardening/build.mk), so 900 s is far beyond any load seen.
    # shellcheck disable=SC2086
    timeout 900 "$mutant" $HARDENING_OPTS -runs="$mutant_runs" -seed=1 -print_final_stats=1 \
        -artifact_prefix="$work/mutant-artifacts/" "$work/mutant-corpus" >"$log" 2>&1 &
    hunt_pid=$!
    wait "$hunt_pid"
    rc=$?
    hunt_pid=
    finding=$(grep -m 1 -E '^halloc-fuzz: ORACLE hardening: |^==[0-9]+== ERROR: libFuzzer: deadly signal|^SUMMARY: UndefinedBehaviorSanitizer' "$log")
    if [ "$rc" -eq 0 ] || [ -z "$finding" ]; then
        tail -n 20 "$log"
        if [ "$rc" -eq 124 ]; then
            echo "fuzz-check-hardening FAILED: mutant $name (mutants/hardening/$name.patch) was stopped after 900 s, stuck, before its $mutant_runs inputs (log above)"
        else
            echo "fuzz-check-hardening FAILED: mutant $name (mutants/hardening/$name.patch) was not caught in $mutant_runs inputs (status $rc)"
        fi
        hunt=1
        break
    fi
    # The input it was caught at, against the bound: how much margin is left.
    at=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz-check-hardening: mutant $name caught at input ${at:-?} of $mutant_runs: $finding"
    caught=$((caught + 1))
done
wait "$clean_pid"
clean=$?
trap - INT TERM HUP
cat "$work/clean.out"
[ "$hunt" = 0 ] && [ "$clean" = 0 ] || exit 1
runs=$(cat "$work/clean.runs")
echo "fuzz-check-hardening: $(echo "$seeds" | wc -w) seeds clean, ${runs:-?} inputs clean, $caught of $# mutants caught"
