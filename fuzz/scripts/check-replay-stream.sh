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
log=$out/stream.log fifo=$out/stream.fifo
rm -f "$fifo"
mkfifo "$fifo" || fail "cannot make the fifo $fifo (mkfifo's error above): $out must be a writable directory"
# Replay's output is read line by line as it comes, and replay killed once
# the hanging op's line is there, as ^C would: no wait is timed, so a loaded
# machine only makes it slower (a poll of a minute for that line ran out
# under load). The reading ends when replay's output closes: after the kill,
# or when replay ends without that line. One deadline stays, so that a
# replay that never prints it (its ops printed at its end) fails rather
# than hangs: 60 s times the load per core (load-scaled.sh), generous, as
# only a broken replay -v reaches it.
# timeout passes the SIGTERM it gets to replay's whole process group (its
# forked run too), as ^C reaches it.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
guard_by_load 60
deadline=$guard_seconds
timeout -s TERM "$deadline" "$bin" -v -t 0 "$out/hang.txt" >"$fifo" 2>&1 &
replay=$!
seen=0
while IFS= read -r line || [ -n "$line" ]; do
    printf '%s\n' "$line"
    if [ "$line" = 'malloc 1 777' ] && [ "$seen" = 0 ]; then
        seen=1
        kill -TERM "$replay" 2>/dev/null # gone already: its exit status is named below
    fi
done <"$fifo" >"$log"
wait "$replay" 2>/dev/null # not the shell's "Terminated"
rc=$?
rm -f "$fifo"
if [ "$seen" = 0 ] && [ "$rc" = 124 ]; then
    fail "$bin -v -t 0 $out/hang.txt had not printed op #1 'malloc 1 777' (which never returns) when its $deadline s" \
        "deadline ran out (timeout killed it): replay -v prints its ops only at its end, unless the machine was so" \
        "loaded that op #1 took $deadline s to start; it printed: '$(cat "$log")'"
fi
[ "$seen" = 1 ] || fail "$bin -v -t 0 $out/hang.txt ended (exit $rc) without printing op #1 'malloc 1 777'," \
    "which never returns: '$(cat "$log")'"
[ "$rc" = 143 ] || fail "$bin -v -t 0 $out/hang.txt, sent SIGTERM: exit $rc, expected 143 (killed): $(cat "$log")"
printf '# %s\nversion %s\nmalloc 0 555\nmalloc 1 777\n' "$out/hang.txt" \
    "$(sed -n 's/^#define FUZZ_ENCODING_VERSION \([0-9][0-9]*\)$/\1/p' fuzz/ops.h)" | cmp -s - "$log" ||
    fail "killed in op #1, it had not printed the ops up to it: '$(cat "$log")'"
echo "fuzz-check-adapters: replay -v prints each op as it starts (killed in a hang, the ops up to it are on the screen)"
