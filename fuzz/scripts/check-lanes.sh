#!/bin/sh
# check-lanes.sh: fuzz/scripts/lanes.sh, which seven checks run their steps
# with, on stand-in steps (well under a second): a failing step is named in
# one line with its log, every log is printed in step order, the status is
# not 0; steps really run side by side, and the next starts as soon as one
# ends (steps that wait for each other would time out otherwise); a step
# runs under the caller's set -e; a TERM leaves no step's process running,
# nor does a caller failing beside lanes_beside's steps (its status kept).
# Run from the top of the tree (make check-run-suites does).
set -u
fail() { echo "check-lanes FAILED: $*" >&2; exit 1; }
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
# The waits below: 5 s times the load per core (wait_by_load). A step that
# never runs beside another fails them at any length.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
work=$(mktemp -d) || fail "cannot make a temporary directory"
trap 'rm -rf "$work"' EXIT

# meet MINE OTHER: MINE's marker made, then OTHER's waited for.
meet() {
    : >"$work/$1"
    wait_by_load 5 test -e "$work/$2" && { echo "$1 met $2"; return 0; }
    echo "$1 waited $guard_seconds s for $2: not run side by side"
    return 1
}

# Three steps, two at a time: the second waits for the third, which starts
# only once the first has ended; the third fails.
out=$(lanes lanes-test "$work/logs" 2 first 'echo first ran' second 'meet second third' \
    third 'meet third second; echo third fails; exit 3')
rc=$?
[ "$rc" != 0 ] || fail "a failing step, and lanes returned 0: $out"
expected="first ran
second met third
third met second
third fails
lanes-test FAILED: step third ended with status 3; its output is above and in $work/logs/third.log"
[ "$out" = "$expected" ] || fail "lanes printed, not the logs in step order and one line naming the failed step:
$out
--- expected:
$expected"
[ "$(cat "$work/logs/third.log")" = "third met second
third fails" ] || fail "the failed step's log $work/logs/third.log does not hold its output"

# Under the caller's set -e a step stops at its first failing command.
# (Not on the left of && or ||, where a shell ignores set -e.)
out=$(set -e; lanes lanes-test "$work/logs" 1 errexit 'false; echo past false')
rc=$?
[ "$rc" != 0 ] || fail "set -e: lanes returned 0: $out"
case $out in *"past false"*) fail "a step went on past a failure under the caller's set -e: $out" ;; esac
out=$(lanes lanes-test "$work/logs" '' one 'echo one' two 'echo two') || fail "two steps that pass: lanes failed: $out"
[ "$out" = "one
two" ] || fail "two steps that pass, on every core: not their logs in order: $out"

# await_sleeper: until the sleeper step's sleep has started (its PID in
# sleep.pid).
await_sleeper() {
    wait_by_load 5 test -s "$work/sleep.pid" || :
}
# sleeper_ended WHAT: the sleeper step's sleep no longer runs. Its state is
# Z (a zombie) when it ended: an orphan whose reaper never reaps it (a
# container's first process may not) still answers kill -0.
sleeper_ended() {
    sleep_pid=$(cat "$work/sleep.pid") || fail "$1: the sleeper step did not start within $guard_seconds s"
    state=$(sed 's/.*) //' "/proc/$sleep_pid/stat" 2>/dev/null | cut -c1)
    if [ -n "$state" ] && [ "$state" != Z ]; then
        kill "$sleep_pid"
        fail "$1 left its step's sleep ($sleep_pid) running"
    fi
    rm -f "$work/sleep.pid"
}
sleeper="sleep 30 & echo \$! >'$work/sleep.pid'; wait"
# A TERM (as a ^C) stops the steps still running, their children too.
(lanes lanes-test "$work/logs" 2 sleeper "$sleeper") >"$work/term.out" 2>&1 &
runner=$!
await_sleeper
kill -TERM "$runner"
rc=0
wait "$runner" || rc=$?
sleeper_ended "a TERM to lanes"
{ [ "$rc" = 143 ] && grep -q "^lanes-test: stopped (status 143) with steps still running, now ended: sleeper;" "$work/term.out"; } ||
    fail "a TERM to lanes: status $rc, expected 143 and a line naming the step it stopped: $(cat "$work/term.out")"
# A caller that fails under set -e beside lanes_beside's steps stops them,
# and keeps its own status.
rc=0
(set -e; lanes_beside lanes-test "$work/logs" 1 sleeper "$sleeper"
    await_sleeper; (exit 7)) >"$work/beside.out" 2>&1 || rc=$?
[ "$rc" = 7 ] || fail "a caller failing with status 7 beside lanes_beside ended with status $rc: $(cat "$work/beside.out")"
sleeper_ended "a caller failing beside lanes_beside"
echo "check-lanes: a failed step named with its log, logs in step order, the next step started as one ends," \
    "set -e kept, a TERM stops every step, as does a caller failing beside them"
