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
set -eu
out=$2
shift 2
hobjs="$*"
fail() { echo "fuzz-check-adapters FAILED: replay -t over a report held by a slow symbolizer: $*"; exit 1; }
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
cc=clang
hang=$out/replay-hang
build_on_harness "$hang" fuzz/selftest/crash-adapter.c -fsanitize=address -DREALLOC_COPIES_NEW_SIZE || fail "cannot build $hang"
printf 'version 4\nmalloc 0 100\nrealloc 0 200\n' >"$hang.txt"
# Killed past replay's own kill, 32 s after the limit (a child left over then).
start=$(date +%s)
SLOW_SYMBOLIZER_SECONDS=3 ASAN_OPTIONS=external_symbolizer_path=$PWD/fuzz/selftest/slow-symbolizer/llvm-symbolizer \
    timeout -s KILL 60 "$hang" -t 1 "$hang.txt" >"$hang.log" 2>&1 || :
took=$(($(date +%s) - start))
[ "$took" -le 15 ] || fail "it took $took s, not 15 at most ($hang.log): $(cat "$hang.log")"
grep -qF "halloc-fuzz: TIMEOUT (still running after 1 s, while a report was being written (above), most often a \
sanitizer's waiting on its symbolizer: that report is the finding, replay with -t 0 to see it whole) at op #1" "$hang.log" ||
    fail "its TIMEOUT line did not name the report it cut short ($hang.log): $(cat "$hang.log")"
grep -qxF "replay: $hang.txt: FAILED: timed out (signal 14)" "$hang.log" ||
    fail "it did not end at its limit ($hang.log): $(cat "$hang.log")"
echo "fuzz-check-adapters: replay -t: a limit that rang while ASan's report waited on its symbolizer ends the run at once, naming that report"
