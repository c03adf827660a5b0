#!/bin/sh
# check-replay-options.sh CC OUT HARNESS_OBJECTS...: the replay driver's own
# options and inputs, over selftest adapters built on the harness objects
# check-adapters.sh compiled (it runs this): a HALLOC_FUZZ_* switch with an
# unknown value refused, on and off obeyed; replay -r repeating an input
# that fails by chance until it fails, named as chance, one that check()
# after every op hides run on the engines' schedule, and a bad -r or -t
# refused; a directory without inputs refused, an empty file 0 ops, a
# missing file named with what failed, '-' standard input (once only).
set -eu
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
printf 'version 2\nmalloc 0 8\nfree 0\n' >"$out/free-live.txt"
# The HALLOC_FUZZ_* switches: a value that is neither off/0/no nor on/1/yes
# is refused before any run (it was taken as on); the specific switch wins
# over HALLOC_FUZZ_ORACLES.
bin=$out/options-stats-lie
build_on_harness "$bin" fuzz/selftest/crash-adapter.c -DSTATS_LIE_AFTER_FREE
rc=0
HALLOC_FUZZ_SHADOW=of "$bin" "$out/free-live.txt" >"$bin.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || [ "$(cat "$bin.log")" != "halloc-fuzz: HALLOC_FUZZ_SHADOW='of' is not a switch value; use off, 0 or no, or on, 1 or yes, or leave it unset for the default" ]; then
    echo "fuzz-check-adapters FAILED: HALLOC_FUZZ_SHADOW=of: exit $rc, expected 2 and one line naming it; it printed:"
    cat "$bin.log"
    exit 1
fi
HALLOC_FUZZ_ORACLES=no HALLOC_FUZZ_SHADOW=yes "$bin" "$out/free-live.txt" >"$bin.log" 2>&1 || true
grep -qF "ORACLE stats_mismatch fired" "$bin.log" ||
    { echo "fuzz-check-adapters FAILED: HALLOC_FUZZ_ORACLES=no HALLOC_FUZZ_SHADOW=yes: the shadow oracles did not run:"; cat "$bin.log"; exit 1; }
HALLOC_FUZZ_SHADOW=0 HALLOC_FUZZ_ORACLES='' "$bin" "$out/free-live.txt" >"$bin.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: HALLOC_FUZZ_SHADOW=0: the shadow oracles still ran:"; cat "$bin.log"; exit 1; }

# An input that fails only sometimes (a coin tossed in create(), as a
# randomised allocator's bug needs one of its random choices): replay -r
# repeats it in fresh children until it fails, and a failure after clean
# runs is named as chance. Each replay fails at its first run with odds 1/2:
# all 40 doing so, or -r 60 never failing, has odds under 2^-40.
bin=$out/options-by-chance
build_on_harness "$bin" fuzz/selftest/crash-adapter.c -DFAILS_BY_CHANCE
tries=0
while :; do
    rc=0
    "$bin" -r 60 "$out/free-live.txt" >"$bin.log" 2>&1 || rc=$?
    if [ "$rc" != 1 ]; then
        echo "fuzz-check-adapters FAILED: replay -r 60 of a heap that fails by chance: exit $rc, expected 1; it printed:"
        cat "$bin.log"
        exit 1
    fi
    grep -q "failed on run [0-9]*, after [0-9]* clean runs*: the allocator does not do the same thing twice" \
        "$bin.log" && break
    tries=$((tries + 1))
    if [ "$tries" = 40 ]; then
        echo "fuzz-check-adapters FAILED: replay -r never named a failure after clean runs as chance; it printed:"
        cat "$bin.log"
        exit 1
    fi
done
# A check() that resets state the allocator reads (the third malloc without
# a check between aborts): with check() after every op the input runs clean,
# so a single input is run again on the engines' schedule, fails there as the
# run that saved it did, and is named so (round 13b's TLSF replayed "ok").
{
    echo "version 2"
    i=0
    while [ "$i" -lt 32 ]; do printf 'malloc 0 8\nfree 0\n'; i=$((i + 1)); done
    printf 'malloc 1 8\nmalloc 2 8\nmalloc 3 8\nfree 1\nfree 2\nfree 3\n'
} >"$out/unchecked-mallocs.txt"
report_case options-check-hides crash -DCHECK_RESETS_HINT "$out/unchecked-mallocs.txt" exit:1 "F:at op #66: malloc 3 8" \
    "F:it runs clean with the allocator's check() after every op and fails with check() on the fuzzers' schedule"
# The bad options, on the case's build.
bin=$report_bin
for bad in "-r 0" "-r x" "-n -r 2" "-t 86401" "-t 1x"; do
    rc=0
    # shellcheck disable=SC2086
    "$bin" $bad "$out/free-live.txt" >"$bin.log" 2>&1 || rc=$?
    if [ "$rc" != 2 ] || [ "$(wc -l <"$bin.log")" != 1 ] || ! grep -q "^replay: -" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: replay $bad: exit $rc, expected 2 and one line naming the option; it printed:"
        cat "$bin.log"
        exit 1
    fi
done
# A directory with no input file (here only a note) is an error, not a clean
# replay of nothing; an empty file is an input of 0 ops.
# The sized adapter, built once here, replays each into a log of its own.
rm -rf "$out/no-inputs" && mkdir "$out/no-inputs" && : >"$out/no-inputs/x.note"
report_case options-sized:options-no-inputs sized "" "$out/no-inputs" exit:2 "F:replay: $out/no-inputs: the directory holds no input files"
# A directory named with its trailing slash (as a shell completes it) names
# each input once: dir/x, not dir//x.
rm -rf "$out/one-input" && mkdir "$out/one-input" && cp "$out/free-live.txt" "$out/one-input/"
report_case options-sized:options-one-input sized "" "$out/one-input/" exit:0 "F:replay: $out/one-input/free-live.txt: ok (2 ops)"
: >"$out/empty-input"
report_case options-sized:options-empty-input sized "" "$out/empty-input" exit:2 "F:replay: $out/empty-input: holds no operations (the file is empty)"
# A text trace with its version line alone runs nothing too: refused, not "ok (0 ops)".
head -n 1 "$out/free-live.txt" >"$out/version-only.txt"
report_case options-sized:options-version-only sized "" "$out/version-only.txt" exit:2 \
    "F:replay: $out/version-only.txt: holds no operations (no whole"
# A missing input is named as the other tools name one: what failed, why, what to do.
rm -f "$out/no-such-input"
report_case options-sized:options-no-such-input sized "" "$out/no-such-input" exit:2 \
    "F:replay: cannot open $out/no-such-input: No such file or directory (check the path)"
# An input named with a newline is named with it escaped, its verdict one
# line (the name was printed raw, the line split in two). These and the
# inputs below run on the sized adapter's build, the cases' above.
bin=$report_bin
cp "$out/free-live.txt" "$out/new
line.txt"
rc=0
"$bin" "$out/new
line.txt" >"$bin.log" 2>&1 || rc=$?
[ "$rc:$(cat "$bin.log")" = "0:replay: $out/new\\nline.txt: ok (2 ops)" ] ||
    { echo "fuzz-check-adapters FAILED: replay of an input named with a newline: exit $rc, expected 0 and one line naming it escaped:"; cat "$bin.log"; exit 1; }
# '-' is standard input, as for bench and verify-traces (it was "no such file").
rc=0
"$bin" - <"$out/free-live.txt" >"$bin.log" 2>&1 || rc=$?
{ [ "$rc" = 0 ] && grep -qF "replay: -: ok (2 ops)" "$bin.log"; } ||
    { echo "fuzz-check-adapters FAILED: replay - (standard input): exit $rc, expected 0 and 'replay: -: ok (2 ops)':"; cat "$bin.log"; exit 1; }
# Given twice, '-' is refused before any replay, as bench and verify-traces
# refuse it: the second read found standard input empty, "holds no operations".
rc=0
"$bin" - "$out/one-input/free-live.txt" - <"$out/free-live.txt" >"$bin.log" 2>&1 || rc=$?
[ "$rc:$(cat "$bin.log")" = "2:replay: '-' (standard input) is given more than once, and it can be read only once; give it once" ] ||
    { echo "fuzz-check-adapters FAILED: replay - FILE -: exit $rc, expected 2 and one line saying '-' is given twice:"; cat "$bin.log"; exit 1; }
# With standard input closed, '-' is refused as such: the first file replay
# opened (its refusals' count page) took descriptor 0 and was replayed as the input, "ok (8 ops)".
rc=0
"$bin" - >"$bin.log" 2>&1 <&- || rc=$?
{ [ "$rc" = 2 ] && grep -qF "replay: cannot open -: Bad file descriptor (standard input is closed: give the file's path in place of -" "$bin.log"; } ||
    { echo "fuzz-check-adapters FAILED: replay - with standard input closed: exit $rc, expected 2 and 'standard input is closed':"; cat "$bin.log"; exit 1; }
echo "fuzz-check-adapters: a HALLOC_FUZZ_* switch with an unknown value refused, on and off obeyed;" \
    "an input that fails by chance repeated by replay -r until it fails, and named as chance, one that a check()" \
    "after every op hides run again on the schedule and named so, a bad -r or -t refused;" \
    "a directory without inputs refused, an input without ops refused, a missing one named, '-' read from standard input and refused when it is closed or given twice"
