#!/bin/sh
# check-replay-hang.sh CC OUT HARNESS_OBJECTS...: replay -t's limit rang
# while ASan's report waited on its symbolizer (clang's runtime asks
# llvm-symbolizer; here fuzz/selftest/slow-symbolizer, made to take 3 s):
# crash.c's timeout report then waited forever for the symbolizer's lock
# that report held, and replay's child lived until replay-run.c killed it
# REPLAY_REPORT_SECONDS_MAX (30 s) past the limit. The timeout's report now
# leaves its stack trace out while a report is printing: the run ends at
# its limit, its TIMEOUT line naming the report above, in 15 s at most
# (some 2 s idle). Over crash-adapter.c's
# -DREALLOC_COPIES_NEW_SIZE, built with clang and ASan on the harness
# objects check-adapters.sh compiled (it runs this beside its own steps:
# this one mostly waits). CC is unused: the symbolizer is clang's runtime's.
# Then replay's own kill of a run whose timeout report never ends (below).
set -eu
fail() { echo "fuzz-check-adapters FAILED: replay -t: $*"; exit 1; }
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
cc=clang
hang=$out/replay-hang
build_on_harness "$hang" fuzz/selftest/crash-adapter.c -fsanitize=address -DREALLOC_COPIES_NEW_SIZE || fail "cannot build $hang"
printf 'version 4\nmalloc 0 100\nrealloc 0 200\n' >"$hang.txt"
# Killed past replay's own kill, 32 s after the limit (a child left over then),
# on an idle machine (guard_by_load: load-scaled.sh, through selftest-build.sh).
guard_by_load 60
start=$(date +%s)
SLOW_SYMBOLIZER_SECONDS=3 ASAN_OPTIONS=external_symbolizer_path=$PWD/fuzz/selftest/slow-symbolizer/llvm-symbolizer \
    timeout -s KILL "$guard_seconds" "$hang" -t 1 "$hang.txt" >"$hang.log" 2>&1 || :
took=$(($(date +%s) - start))
# 15 s times the load per core, but under 31: the 1 s limit and the 30 s
# replay-run.c waits for a report before it kills, the old hang's least.
scale_by_load 15 30
[ "$took" -le "$scaled_seconds" ] ||
    fail "over a report held by a slow symbolizer, it took $took s, not $scaled_seconds at most ($hang.log): $(cat "$hang.log")"
grep -qF "halloc-fuzz: TIMEOUT (still running after 1 s, while a report was being written (above), most often a \
sanitizer's waiting on its symbolizer: that report is the finding, replay with -t 0 to see it whole) at op #1" "$hang.log" ||
    fail "over a report held by a slow symbolizer, its TIMEOUT line did not name the report it cut short ($hang.log): $(cat "$hang.log")"
grep -qxF "replay: $hang.txt: FAILED: timed out (signal 14)" "$hang.log" ||
    fail "over a report held by a slow symbolizer, it did not end at its limit ($hang.log): $(cat "$hang.log")"
# A run whose timeout report never comes (the allocator keeps SIGALRM
# blocked in an endless loop: crash-adapter.c's -DMALLOC_HANGS=2) is killed
# by replay itself (replay-run.c), its limit for that report cut from 30 s to
# 1 here by a replay-run.c built so: the kill after 3 s, and its words.
blocked=$out/replay-blocked
# shellcheck disable=SC2086 # the flags are words
$cc $selftest_cflags -DREPLAY_REPORT_SECONDS_MAX=1 -c fuzz/replay-run.c -o "$blocked-run.o" ||
    fail "cannot build $blocked-run.o"
others=
for o in $hobjs; do
    case "$o" in */replay-run.c.o) ;; *) others="$others $o" ;; esac
done
hobjs="$others $blocked-run.o"
build_on_harness "$blocked" fuzz/selftest/crash-adapter.c -DMALLOC_HANGS=2 || fail "cannot build $blocked"
printf 'version 4\nmalloc 0 555\nmalloc 1 777\n' >"$blocked.txt"
guard_by_load 60
timeout -s KILL "$guard_seconds" "$blocked" -t 1 "$blocked.txt" >"$blocked.log" 2>&1 || :
grep -qxF "replay: $blocked.txt: FAILED: killed after 3 s (-t 1, then 1 s for a timeout report): none ended. None \
begins if the allocator blocks SIGALRM in its calls or takes it for an alarm() of its own; one that began hung, most \
often its stack trace on the symbolizer. Replay with -n -t 0 in a debugger and interrupt it to see where" "$blocked.log" ||
    fail "a run whose timeout report never came was not killed with its line ($blocked.log): $(cat "$blocked.log")"
echo "fuzz-check-adapters: replay -t: a limit that rang while ASan's report waited on its symbolizer ends the run at" \
    "once, naming that report; a run with no timeout report (SIGALRM blocked) killed after its limit and told so"
