#!/bin/sh
# check.sh - make rounds-check: every saved finding of the round allocators
# (fuzz/rounds/ALLOC/regressions/bug-N.txt) replayed under the replay driver
# (ASan+UBSan) on ALLOC built with -DBUG=N stops with the line its "# expect:"
# comment records, its report's first cause line (as report_cause reads it) the
# one its "# cause:" comment records, and on ALLOC's clean build passes. A
# finding with a "# before: FILE" line (FILE in its folder) is replayed after
# FILE in one process (replay -n), on both builds: a bug met only by an input
# run after another, as the engines run them. Fixed
# inputs, no engine: a loaded machine is slower, not flaky. Exit 0 and a PASS line, else
# 1 and a FAIL line naming the input; logs in $BUILD/rounds-check/.
#
#   ROUND_REPIN  1: where the replay on the bug's build says another verdict or
#                cause line, rewrite the file's "# expect:"/"# cause:" to it and
#                print each change as old -> new; an input that replays clean
#                on its bug's build, fails with no verdict line, or fails on the
#                clean build still fails the check and is left as it was
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=fuzz/rounds/lib.sh
. fuzz/rounds/lib.sh # round_allocs, round_bugs, round_vars

MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
OUT=$BUILD/rounds-check

fail() {
    echo "rounds-check: FAIL: $*"
    exit 1
}

# build ALLOC NAME [FLAGS [JOBS]]: ALLOC's replay driver, as build/fuzz/NAME/replay-cc,
# JOBS compiles at once; exit 255 on failure, which stops xargs (below).
build() {
    round_vars "$1"
    "$MAKE" --no-print-directory ${4:+-j"$4"} TARGET="$target" SRCS="$srcs" "$share" NAME="$2" ${3:+CFLAGS="$3"} \
        fuzz-built-replay-cc >"$OUT/$2.build" 2>&1 || {
        echo "rounds-check: FAIL: cannot build $1 ${3:-clean} ($OUT/$2.build)"
        exit 255
    }
}
# replay_log NAME INPUT: sets log, $OUT/NAME-INPUT.log, where INPUT's replay
# on NAME's build writes its output, and its exit status to $log.status.
replay_log() {
    log=$OUT/$1-$(basename "$2" .txt).log
}
# before_of INPUT: the input its "# before: " line names, as a path; none if
# it has no such line.
before_of() {
    name=$(sed -n 's/^# before: //p' "$1")
    [ -z "$name" ] || echo "$(dirname "$1")/$name"
}
replay() {
    replay_log "$1" "$2"
    before=$(before_of "$2")
    if [ -n "$before" ]; then
        # -n has no time limit of its own (REPLAY.md): a hang must not hold make check.
        timeout -s KILL 60 "$BUILD/fuzz/$1/replay-cc" -v -n -- "$before" "$2" >"$log" 2>&1
    else
        "$BUILD/fuzz/$1/replay-cc" -v -- "$2" >"$log" 2>&1
    fi
    status=$?
    [ "$status" != 137 ] || [ -z "$before" ] || echo "rounds-check: killed after 60 s (replay -n, no limit of its own)" >>"$log"
    echo "$status" >"$log.status"
}
# replayed NAME INPUT: that replay's status, log set.
replayed() {
    replay_log "$1" "$2"
    read -r status <"$log.status" || fail "the replay of $2 on $1 left no status ($log.status)"
    return "$status"
}
# The lanes of the builds and replays below: xargs runs this script once each.
case "${1:-}" in
_build) build "$2" "$3" "${4:-}"; exit ;;
_replay) replay "$2" "$3"; exit ;;
esac
# By hand too, none of the caller's variables make drops for a check goal
# (dropped here, not by each lane above, which inherits what is left).
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env ROUND_REPIN
# shellcheck source=fuzz/scripts/report-fields.sh
. fuzz/scripts/report-fields.sh # report_verdict, report_cause
case "${ROUND_REPIN:-}" in '' | 0) repin= ;; *) repin=1 ;; esac
rm -rf "$OUT"
mkdir -p "$OUT"

# The saved findings, "ALLOC BUG INPUT" a line.
findings=$(for alloc in $(round_allocs ""); do
    for input in "fuzz/rounds/$alloc"/regressions/bug-*.txt; do
        [ -f "$input" ] && echo "$alloc $(basename "$input" .txt | sed 's/^bug-//') $input"
    done
done)
[ -n "$findings" ] || fail "no fuzz/rounds/*/regressions/bug-*.txt found"

while read -r alloc bug input; do
    round_bugs "$alloc" | grep -qx "$bug" || fail "$input: $alloc.c lists no bug $bug"
    before=$(before_of "$input")
    [ -z "$before" ] || [ -f "$before" ] ||
        fail "$input: its '# before:' input $before does not exist (name a file in its folder)"
done <<EOF_FINDINGS
$findings
EOF_FINDINGS
# The first clean build alone, on every core: it compiles the harness
# objects every build links, when no suite has. Then the others, the clean
# ones first, each starting as a core comes free: a clean build compiles
# its allocator's files, adapter and checker for its bug builds too, and a
# bug build compiles the allocator alone.
lanes=$(nproc 2>/dev/null || echo 1)
allocs=$(round_allocs "")
first=$(echo "$allocs" | head -n 1)
build "$first" "rounds-check-$first" "" "$lanes"
{
    for alloc in $(echo "$allocs" | sed 1d); do
        echo "$alloc rounds-check-$alloc"
    done
    echo "$findings" | while read -r alloc bug input; do
        echo "$alloc rounds-check-$alloc-bug$bug -DBUG=$bug"
    done
} | xargs -L 1 -P "$lanes" fuzz/rounds/check.sh _build || exit 1
# Each finding replayed on its bug's build and its allocator's clean one,
# a lane a core too; judged below, in turn.
echo "$findings" | while read -r alloc bug input; do
    echo "rounds-check-$alloc-bug$bug $input"
    echo "rounds-check-$alloc $input"
done | xargs -L 1 -P "$lanes" fuzz/rounds/check.sh _replay || fail "the replays could not all be run (logs in $OUT)"

# pinned KEY INPUT: INPUT's "# KEY: " line, the comment's text.
pinned() {
    sed -n "s/^# $1: //p" "$2"
}

# repin INPUT KEY OLD NEW: INPUT's "# KEY: " line made NEW, the change printed.
repin() {
    echo "  $1: $2: $3 -> $4"
    { KEY="# $2: " NEW=$4 awk 'index($0, ENVIRON["KEY"]) == 1 { $0 = ENVIRON["KEY"] ENVIRON["NEW"] } { print }' \
        "$1" >"$OUT/repin.txt" && cat "$OUT/repin.txt" >"$1"; } || fail "cannot rewrite $1"
    changed=1
}

inputs=0 repinned=0
while read -r alloc bug input; do
    expect=$(pinned expect "$input")
    [ -n "$expect" ] || fail "$input has no '# expect: ' line: the line its replay must print"
    cause=$(pinned cause "$input")
    [ -n "$cause" ] || fail "$input has no '# cause: ' line: its report's first cause line, as make rounds shows it"
    name=rounds-check-$alloc-bug$bug
    replayed "$name" "$input" && fail "$input replays clean on $alloc -DBUG=$bug ($log)"
    bug_log=$log verdict=$(report_verdict "$log") said=$(report_cause "$log")
    before=$(before_of "$input")
    [ -z "$before" ] || grep -qF "replay: $before: ok" "$log" ||
        fail "$before, replayed before $input on -DBUG=$bug, does not run clean there: the verdict is not its finding's ($log)"
    replayed "rounds-check-$alloc" "$input" || fail "$input fails on $alloc's clean build ($log)"
    if [ -n "$repin" ]; then
        if [ -z "$verdict" ] || [ -z "$said" ]; then
            fail "the replay of $input on -DBUG=$bug fails with no verdict or cause line to pin ($bug_log)"
        fi
        changed=
        grep -qF -- "$expect" "$bug_log" || repin "$input" expect "$expect" "$verdict"
        [ "$said" = "$cause" ] || repin "$input" cause "$cause" "$said"
        [ -z "$changed" ] || repinned=$((repinned + 1))
    else
        grep -qF -- "$expect" "$bug_log" || fail "the replay of $input on -DBUG=$bug does not say '$expect' ($bug_log)"
        [ "$said" = "$cause" ] || fail "the replay of $input on -DBUG=$bug gives the cause '$said', not its '# cause: $cause' ($bug_log; if the new wording is meant, make rounds-check ROUND_REPIN=1 pins it)"
    fi
    echo "  $input: $(pinned expect "$input")"
    inputs=$((inputs + 1))
done <<EOF_FINDINGS
$findings
EOF_FINDINGS
echo "rounds-check: PASS ($inputs saved findings give their verdict on their bug's build and pass on the clean one${repin:+; $repinned repinned})"
