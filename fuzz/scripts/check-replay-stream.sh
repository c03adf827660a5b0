#!/bin/sh
# check-replay-stream.sh OUT: replay -v prints each op as it starts, so a
# hang, or replay killed (^C, a CI timeout), leaves the ops up to it on the
# screen (it printed nothing until the run ended). Runs after
# check-adapters.sh, which leaves OUT/crash-hang (fuzz/selftest/crash-adapter.c
# -DMALLOC_HANGS: a malloc of 777 bytes never returns) and OUT/hang.txt.
set -u
out=$1
bin=$out/crash-hang
fail() { echo "fuzz-check-adapters FAILED: replay -v: $*"; exit 1; }
if [ ! -x "$bin" ] || [ ! -s "$out/hang.txt" ]; then
    fail "no $bin or $out/hang.txt: fuzz/scripts/check-adapters.sh makes them"
fi
log=$out/stream.log
# Replay's output is read as it comes, and replay killed once the hanging
# op's line is there: no wait is timed, so a loaded machine only makes it
# slower (a poll of a minute for that line ran out under load). One deadline
# stays, so that a replay that never prints it (its ops printed at its end)
# fails rather than hangs: 60 s times the load per core (load-scaled.sh),
# generous, as only a broken replay -v reaches it; -k sends SIGKILL after
# it, should SIGTERM not end the run.
# The kill is SIGKILL to the process group timeout made (timeout, replay and
# its forked run), and the log a file polled while timeout runs: SIGTERM
# for timeout to pass on, and a fifo read to its end, left a CI run waiting
# here for over an hour, until make check was killed at its limit (the
# cause was not seen: anything that kept the fifo open, or no writer ever
# opening it, would do), and nothing can ignore or block SIGKILL. None of
# the group may be left, spinning for the rest of the run (procs_in_group).
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
guard_by_load 60
deadline=$guard_seconds
# shellcheck source=tools/procs.sh
. tools/procs.sh
: >"$log" # not the last run's lines: the job truncates it only once it runs
timeout -k 5 -s TERM "$deadline" "$bin" -v -t 0 "$out/hang.txt" >"$log" 2>&1 &
replay=$!
while procs_running "$replay"; do
    if grep -qxF 'malloc 1 777' "$log"; then
        kill -s KILL -- "-$replay" 2>/dev/null # gone already: its exit status is named below
        break
    fi
    sleep 0.05
done
wait "$replay" 2>/dev/null # not the shell's "Killed"
rc=$?
seen=0
grep -qxF 'malloc 1 777' "$log" && seen=1
left=$(procs_left 10 procs_in_group "$replay")
# shellcheck disable=SC2086 # the pids, one word each
[ -z "$left" ] || { kill -KILL $left 2>/dev/null; fail "processes of replay's group left running after its kill (killed now):$left"; }
if [ "$seen" = 0 ] && [ "$rc" = 124 ]; then
    fail "$bin -v -t 0 $out/hang.txt had not printed op #1 'malloc 1 777' (which never returns) when its $deadline s" \
        "deadline ran out (timeout killed it): replay -v prints its ops only at its end, unless the machine was so" \
        "loaded that op #1 took $deadline s to start; it printed: '$(cat "$log")'"
fi
[ "$seen" = 1 ] || fail "$bin -v -t 0 $out/hang.txt ended (exit $rc) without printing op #1 'malloc 1 777'," \
    "which never returns: '$(cat "$log")'"
[ "$rc" = 137 ] || fail "$bin -v -t 0 $out/hang.txt, sent SIGKILL: exit $rc, expected 137 (killed): $(cat "$log")"
printf '# %s\nversion %s\nmalloc 0 555\nmalloc 1 777\n' "$out/hang.txt" \
    "$(sed -n 's/^#define FUZZ_ENCODING_VERSION \([0-9][0-9]*\)$/\1/p' fuzz/ops.h)" | cmp -s - "$log" ||
    fail "killed in op #1, it had not printed the ops up to it: '$(cat "$log")'"
echo "fuzz-check-adapters: replay -v prints each op as it starts (killed in a hang, the ops up to it are on the screen)"
