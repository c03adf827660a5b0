#!/bin/sh
# check-replay-hang.sh CC OUT HARNESS_OBJECTS...: replay -t's limit rang
# while ASan's report waited on its symbolizer (clang's runtime asks
# llvm-symbolizer; here fuzz/selftest/slow-symbolizer, made to take 3 s):
# crash.c's timeout report then waited forever for the symbolizer's lock
# that report held, and replay never ended. Its child is killed
# REPLAY_REPORT_SECONDS_MAX past the limit (fuzz/replay-run.c; built with 2
# here, not 30) and the run named so. Over crash-adapter.c's
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
# shellcheck disable=SC2086 # $selftest_cflags is words
$cc $selftest_cflags -DREPLAY_REPORT_SECONDS_MAX=2 -c fuzz/replay-run.c -o "$hang-run.o" || fail "cannot compile fuzz/replay-run.c"
# shellcheck disable=SC2086 # the objects are words
hobjs="$(printf '%s\n' $hobjs | grep -v '/fuzz/replay-run\.c\.o$' | tr '\n' ' ') $hang-run.o"
build_on_harness "$hang" fuzz/selftest/crash-adapter.c -fsanitize=address -DREALLOC_COPIES_NEW_SIZE || fail "cannot build $hang"
printf 'version 4\nmalloc 0 100\nrealloc 0 200\n' >"$hang.txt"
SLOW_SYMBOLIZER_SECONDS=3 ASAN_OPTIONS=external_symbolizer_path=$PWD/fuzz/selftest/slow-symbolizer/llvm-symbolizer \
    timeout -s KILL 30 "$hang" -t 1 "$hang.txt" >"$hang.log" 2>&1 || :
grep -qxF "replay: $hang.txt: FAILED: killed after 4 s (-t 1, then 2 s for its timeout report): that report hung, as the \
limit rang while a sanitizer wrote its own (above), whose lock on the symbolizer the timeout's stack trace waited for; \
that report is the finding: replay with -t 0 to see it whole" "$hang.log" || fail "it did not end so ($hang.log): $(cat "$hang.log")"
echo "fuzz-check-adapters: replay -t: a limit that rang while ASan's report waited on its symbolizer, whose timeout report then hung, killed and said"
