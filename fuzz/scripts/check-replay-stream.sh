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
# Killed once the hanging op is on the screen, as ^C would: a fixed 2 s
# before the kill was the time a loaded machine had to start replay and
# reach it. A replay that printed its ops only at its end never shows it:
# killed after a minute, its output is then named.
# timeout passes the SIGTERM it gets to replay's whole process group (its
# forked run too), as ^C reaches it.
timeout -s TERM 120 "$bin" -v -t 0 "$out/hang.txt" >"$log" 2>&1 &
replay=$!
tries=0
until grep -qx 'malloc 1 777' "$log" 2>/dev/null || [ "$tries" -ge 600 ]; do sleep 0.1; tries=$((tries + 1)); done
kill -TERM "$replay"
wait "$replay" 2>/dev/null # not the shell's "Terminated"
rc=$?
[ "$rc" = 143 ] || fail "$bin -v -t 0 $out/hang.txt, sent SIGTERM: exit $rc, expected 143 (killed): $(cat "$log")"
printf '# %s\nversion %s\nmalloc 0 555\nmalloc 1 777\n' "$out/hang.txt" \
    "$(sed -n 's/^#define FUZZ_ENCODING_VERSION \([0-9][0-9]*\)$/\1/p' fuzz/ops.h)" | cmp -s - "$log" ||
    fail "killed in op #1, it had not printed the ops up to it: '$(cat "$log")'"
echo "fuzz-check-adapters: replay -v prints each op as it starts (killed in a hang, the ops up to it are on the screen)"
