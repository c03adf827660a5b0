# shellcheck shell=sh
# alone.sh, sourced by the runners (libfuzzer.sh, afl.sh): a crash whose
# saved input does not fail every time it runs alone, in a fresh process,
# needed the inputs the fuzzer ran before it, or chance - and the user must
# hear which before its replay passes. How often it is run again, what is
# said and the REPEAT of the replay line live here only; each runner gives
# the command that runs the input alone (the libFuzzer binary, the replay).

ALONE_RUNS=10
ALONE_REPEAT=20
# " REPEAT=$ALONE_REPEAT" after explain_alone named chance, for the replay
# line: make replay REPEAT=n (replay -r) reruns the input until it fails.
alone_repeat=""

# explain_alone WHO PASSED OUTPUT COMMAND...: COMMAND runs the input alone
# and exits 0 if it passed; PASSED runs of it have passed already. It is run
# again to its first failure, up to ALONE_RUNS runs in all: one that fails
# at once (nearly every crash) costs one run. OUTPUT=keep prints the failing
# run's output (the harness's report, which the passing runs did not print);
# anything else drops it. WHO starts each line (fuzz, afl).
explain_alone() {
    alone_who=$1 alone_passed=$2 alone_keep=$3
    shift 3
    while [ "$alone_passed" -lt "$ALONE_RUNS" ] && alone_out=$("$@" 2>&1); do
        alone_passed=$((alone_passed + 1))
    done
    if [ "$alone_passed" -ge "$ALONE_RUNS" ]; then
        echo "$alone_who: run again alone in a fresh process ($ALONE_RUNS times), this input passes every time: it" \
            "failed only after the inputs the fuzzer ran before it in the same process, and its replay will pass" \
            "too. Likely cause: allocator state that outlives destroy() and create() (a static heap, a free-list" \
            "head, an init that runs once; fuzz/ADAPTERS.md, \"An allocator with one global heap\"); else a bug" \
            "that depends on where memory is mapped, or on random choices that these runs did not repeat"
    elif [ "$alone_passed" -gt 0 ]; then
        above=""
        if [ "$alone_keep" = keep ]; then
            printf '%s\n' "$alone_out"
            above=" (above)"
        fi
        echo "$alone_who: run again alone in fresh processes, this input passed $alone_passed time(s), then" \
            "failed$above: its replay may pass, so the command below repeats it until it fails. Likely cause:" \
            "the allocator does not do the same thing twice with one input - random choices (a seed taken from" \
            "getrandom, /dev/urandom, the time, the pid or an address) or memory read before it is written; seed" \
            "it with a constant in create() (fuzz/ADAPTERS.md, \"A randomised allocator\")"
        # shellcheck disable=SC2034 # read by the runner that sourced this
        alone_repeat=" REPEAT=$ALONE_REPEAT"
    fi
}

# replay_first WHO REPLAY FILE: the harness's report of a crash the engine
# saved (the engine prints none of it) by the replay tool REPLAY, its trace
# too (-v); if that run passes, explain_alone runs it on.
replay_first() {
    echo "---- the harness's report of the first crash: $2 -v $3 ----"
    "$2" -v "$3" 2>&1 || return 0
    explain_alone "$1" 1 keep "$2" "$3"
}
