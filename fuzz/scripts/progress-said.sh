# shellcheck shell=sh
# progress-said.sh, sourced: what a verify-traces run stopped at a time limit
# was doing, read from the progress lines it left in its log (fuzz/progress.c,
# every 10 s of a long replay). stopped_replay_said LOG prints one phrase:
# stuck in one op (its trace line named), still moving (how far it got), or,
# with no progress line, that it cannot be told. A 200,000-op trace on a
# first-fit mm.c was 24% through when stopped, and its row said "a hang".
# Only the log's last verify-traces line counts: after a trace's verdict the
# next trace was stopped before it said anything.
stopped_replay_said() {
    last=$(grep '^verify-traces: ' "$1" 2>/dev/null | tail -n 1)
    printf '%s\n' "$last" | grep -Eq '^verify-traces: .*: [0-9,]+ of [0-9,]+ ops \([0-9]+%\), [0-9]+ s' || last=
    last=${last#verify-traces: }
    case $last in
    '') echo "a hang, or a larger FUZZ_INPUT_TIMEOUT lets it finish" ;;
    *'running for at least'*) echo "stuck in one op, a hang or one very slow op: $last" ;;
    *) echo "slow, but no op stuck: $last; a larger FUZZ_INPUT_TIMEOUT lets it finish" ;;
    esac
}
