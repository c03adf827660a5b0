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
# timeout signals replay's whole process group, as ^C does.
timeout -s TERM 2 "$bin" -v -t 0 "$out/hang.txt" >"$log" 2>&1
rc=$?
[ "$rc" = 124 ] || fail "$bin -v -t 0 $out/hang.txt under timeout 2: exit $rc, expected 124 (killed): $(cat "$log")"
printf '# %s\nversion 4\nmalloc 0 555\nmalloc 1 777\n' "$out/hang.txt" | cmp -s - "$log" ||
    fail "killed in op #1, it had not printed the ops up to it: '$(cat "$log")'"
echo "fuzz-check-adapters: replay -v prints each op as it starts (killed in a hang, the ops up to it are on the screen)"
