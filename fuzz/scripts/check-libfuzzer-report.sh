#!/bin/sh
# check-libfuzzer-report.sh: make fuzz on fuzz/selftest/crash-adapter.c,
# stopped two ways:
# - -DUSABLE_OVERSTATED: blocks shorter than usable_size says; libFuzzer stops
#   on the sanitizer's report, and the harness must name the op and the block
#   it was writing there;
# - -DSTATS_LIE_AFTER_FREE: an oracle fires and aborts, and libFuzzer prints
#   its own stack and the input after the harness's report.
# An input run to its end past a recovered sanitizer report stops libFuzzer
# as a crash does, the harness's line naming the report's op.
# Either way the last screen of the run (SCREEN lines) must hold the harness's
# report line and a replay command that, pasted as printed, explains the same
# input: the user reads the end of the output first. The oracle's report
# itself names the file libFuzzer saved, and, the binary run on a file, that file; fuzzed into a
# folder named with a space and a quote, that name pasted into sh is the file. Then FUZZ_KEEP_GOING=1,
# on the oracle's abort: fuzzed on to FUZZ_TIME, the first crash replayed,
# and its replay line run names itself as the command that reproduces it.
# Last, fuzz/selftest/kept-state-adapter.c, whose crash needs the seed
# before it (state kept past destroy()): the run must name one such seed
# in its replay line (BEFORE=), and that line must fail where the plain
# one passes.
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
SCREEN=25
# The tree make check builds in (make check BUILD=other): its paths, and the
# BUILD='...' every replay line printed then carries (fuzz/replay-line.mk FUZZ_VARS).
BUILD=${BUILD:-build}
. fuzz/scripts/quote.sh # replay_build_word
build_var=$(replay_build_word)
fail() { echo "fuzz-check-libfuzzer-report FAILED: $*"; exit 1; }
# Each step's output a log of its own, kept: make fuzz-check-libfuzzer holds
# every report in them to the one-screen budget (fuzz/REPORTS.md, One screen).
dir=$BUILD/fuzz-check-libfuzzer/report
{ rm -rf "$dir" && mkdir -p "$dir"; } || fail "cannot make $dir"
# step NAME: the output that follows goes to $dir/NAME.log ($log).
step() { log=$dir/$1.log; }
expect() {
    grep -qF "$1" "$2" || { tail -n 40 "$2"; fail "no '$1' in the output above"; }
}
expect_on_last_screen() {
    tail -n "$SCREEN" "$log" | grep -qF "$1" ||
        { tail -n "$SCREEN" "$log"; fail "the last $SCREEN lines of make fuzz (above) have no '$1'"; }
}
# fuzz_until_stopped NAME CFLAGS: make fuzz, which must fail, output in $log;
# sets replay to the command it printed, checked against NAME and CFLAGS.
fuzz_until_stopped() {
    rm -rf "crashes/$1"
    make --no-print-directory fuzz NAME="$1" TARGET=fuzz/selftest/crash-adapter.c SRCS= \
        CFLAGS="$2" FUZZ_TIME=60 >"$log" 2>&1 && fail "make fuzz CFLAGS=$2 found nothing: $(tail -n 20 "$log")"
    replay=$(sed -n 's/^fuzz: replay the input libFuzzer saved: //p' "$log")
    case "$replay" in
    "make replay TARGET=fuzz/selftest/crash-adapter.c NAME=$1 CFLAGS='$2'$build_var CRASH=crashes/$1/crash-"*) ;;
    *) tail -n 40 "$log"; fail "the replay line is '$replay'" ;;
    esac
    expect_on_last_screen "fuzz: replay the input libFuzzer saved: $replay"
}

# Its blocks are libc's, which may grow: it says so (-DCLAIMS_CAN_GROW), so
# no size near 4 GiB is asked of it (fuzz/ops.h). Unclaimed, libc served one
# and libFuzzer's malloc limit stopped the empty corpus's run below at it
# before the planted bug in 3 runs of 300 (an oom- input, whose replay is a
# huge_accepted, not stats_mismatch).
abort_cflags='-DSTATS_LIE_AFTER_FREE -DCLAIMS_CAN_GROW'
name=selftest-oracle-abort
step oracle-abort
fuzz_until_stopped $name "$abort_cflags"
expect_on_last_screen "halloc-fuzz: ORACLE stats_mismatch fired"
# The report's own replay line names the file libFuzzer saved (crash-<sha1>
# under -artifact_prefix), and the binary run by hand on a file names that file.
saved=${replay##*CRASH=}
expect "  reproduce: make replay CRASH=$saved (the file libFuzzer saves this input as), plus" "crashes/$name/libfuzzer.log"
input=$dir/oracle-abort.input
cp "$saved" "$input"
step oracle-abort-file
"$BUILD/fuzz/$name/libfuzzer" "$input" >"$log" 2>&1 && fail "$BUILD/fuzz/$name/libfuzzer $saved passed"
expect "  reproduce: make replay CRASH=$input, plus" "$log"
# Fuzzing into a folder named with a space and a quote: the name the
# report's replay line gives, pasted into sh, is one word, the file
# libFuzzer saved there (it was printed bare, its note run on after it).
odd="$dir/it's x"
rm -rf "$odd"
step oracle-abort-odd-folder
{ mkdir -p "$odd/corpus" && cp "$saved" "$odd/corpus/"; } || fail "cannot make $odd/corpus"
"$BUILD/fuzz/$name/libfuzzer" -artifact_prefix="$odd/" "$odd/corpus" >"$log" 2>&1 &&
    fail "$BUILD/fuzz/$name/libfuzzer on a corpus of $saved passed"
named=$(sed -n 's/^  reproduce: make replay CRASH=\(.*\) (the file libFuzzer saves this input as), plus .*/\1/p' "$log")
# In a subshell: a quote left open is a syntax error, which ends the shell.
got=$( (eval "set -- $named" && [ $# = 1 ] && printf '%s' "$1") 2>/dev/null)
{ [ "${got%/crash-*}" = "$odd" ] && cmp -s "$got" "$saved"; } ||
    { tail -n 40 "$log"; fail "fuzzing into '$odd/', the report (above) names '$named', not the file libFuzzer saved there"; }
rm -rf "crashes/$name" "$input" "$odd"

name=selftest-usable-overstated
step usable-overstated
fuzz_until_stopped $name -DUSABLE_OVERSTATED
expect "the harness was writing block " "$log"
expect_on_last_screen "halloc-fuzz: sanitizer report above was raised at op #"
step usable-overstated-replay
eval "$replay" >"$log" 2>&1 && fail "the printed replay command passed: $(tail -n 20 "$log")"
expect "the harness was writing block " "$log"
rm -rf "crashes/$name"
# A sanitizer's report the run goes on past (built to recover; here
# recovered-report.h's stand-in, in op #1's malloc of 1000 bytes, the
# harness writing only what is requested): libFuzzer took the input for a
# pass. It must stop on it as on a crash, saving it, the harness's line
# saying the report was a recovered one and naming its op.
step recovered
printf 'version 3\nmalloc 0 24\nmalloc 1 1000\n' >"$log.txt"
mkdir -p "$log.corpus" || fail "cannot make $log.corpus"
"$BUILD/fuzz/trace-tool" to-bin "$log.txt" "$log.corpus/input" || fail "trace-tool to-bin failed"
HALLOC_FUZZ_USABLE=off HALLOC_RECOVERED_AT=1000 "$BUILD/fuzz/$name/libfuzzer" -artifact_prefix="$log." -runs=0 \
    "$log.corpus" >"$log" 2>&1 && fail "libFuzzer passed an input run past a recovered report: $(tail -n 20 "$log")"
expect "halloc-fuzz: RECOVERED REPORT: the input ran to its end past a sanitizer's report, no crash: ASan reported 1 finding above (op #1): not clean" "$log"
expect "Test unit written to $log.crash-" "$log"
rm -rf "$log".txt "$log".corpus "$log".crash-*

# FUZZ_KEEP_GOING=1: libFuzzer fuzzes on past the crashes for all of
# FUZZ_TIME, saving each, and prints only their ERROR lines; the end of the
# run counts what is saved and replays the first for the harness's report.
# From an empty corpus: this adapter fails nearly every seed, and fork mode
# would spend seconds on each in its first merge.
name=selftest-oracle-abort
rm -rf "crashes/$name"
step keep-going
make --no-print-directory fuzz NAME=$name TARGET=fuzz/selftest/crash-adapter.c SRCS= CFLAGS="$abort_cflags" \
    FUZZ_TIME=3 FUZZ_KEEP_GOING=1 FROM_EMPTY=1 >"$log" 2>&1 && fail "make fuzz FUZZ_KEEP_GOING=1 passed: $(tail -n 20 "$log")"
fuzzed=$(sed -n 's/^INFO: fuzzed for \([0-9]*\) seconds, wrapping up soon$/\1/p' "$log")
[ "${fuzzed:-0}" -ge 3 ] || { tail -n 40 "$log"; fail "FUZZ_KEEP_GOING=1 stopped before FUZZ_TIME=3 (above)"; }
# Every kind libFuzzer saves a failing input as, as libfuzzer.sh counts them.
count=$(find "crashes/$name" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)
saved="$count failing inputs"
[ "$count" != 1 ] || saved="1 failing input"
expect "libFuzzer saved $saved in crashes/$name/" "$log"
expect "halloc-fuzz: ORACLE stats_mismatch fired" "$log"
first=$(sed -n 's/^---- the harness.s report of the first crash: [^ ]* -v //p' "$log" | sed 's/ ----$//')
[ "$(grep -Ev '^make(\[[0-9]+\])?: \*\*\* ' "$log" | tail -n 1)" = "fuzz: replay the first (its report above): make replay TARGET=fuzz/selftest/crash-adapter.c NAME=$name CFLAGS='$abort_cflags'$build_var CRASH=$first" ] ||
    { tail -n 20 "$log"; fail "FUZZ_KEEP_GOING=1: the last line (above) is not the replay of the first crash, $first"; }
# That replay line, run (its replay-cc built above): the report's reproduce
# line is the whole command, where the harness alone knows no variable of
# the build.
replay=$(grep -Ev '^make(\[[0-9]+\])?: \*\*\* ' "$log" | tail -n 1 | sed 's/^fuzz: replay the first (its report above): //')
step keep-going-replay
eval "$replay" >"$log" 2>&1 && fail "the printed replay command passed: $(tail -n 20 "$log")"
grep -qxF "  reproduce: $replay" "$log" ||
    { tail -n 20 "$log"; fail "make replay's report does not name its own command, '$replay', as the one that reproduces it"; }
rm -rf "crashes/$name"

# A crash that passes alone: the one seed that sets the state up is found
# and run first. Both binaries built at once: the replay is run below.
name=selftest-kept-state
adapter="TARGET=fuzz/selftest/kept-state-adapter.c NAME=$name"
rm -rf "crashes/$name"
step kept-state-build
# shellcheck disable=SC2086 # $adapter: two variables
make --no-print-directory -j2 $adapter SRCS= "$BUILD/fuzz/$name/libfuzzer" "$BUILD/fuzz/$name/replay-cc" >"$log" 2>&1 ||
    { tail -n 20 "$log"; fail "the kept-state adapter did not build (above)"; }
step kept-state
# shellcheck disable=SC2086
make --no-print-directory fuzz $adapter SRCS= FUZZ_TIME=60 >"$log" 2>&1 &&
    fail "make fuzz on the kept-state adapter found nothing: $(tail -n 20 "$log")"
expect "this input passes every time: it failed only after the inputs the fuzzer ran before it" "$log"
expect "fuzz: run in one process after 1 of the corpus's " "$log"
# The one seed run first must be one that asks a 32 KiB alignment (several
# seeds do: any of them sets the state up).
replay=$(sed -n 's/^fuzz: replay the input libFuzzer saved: //p' "$log")
seed=$(printf '%s\n' "$replay" | sed -n "s|^make replay $adapter$build_var BEFORE='\($BUILD/fuzz-work/$name/corpus/seed-corpus-[^' ]*\)' CRASH=crashes/$name/crash-.*|\1|p")
source="corpus/${seed#"$BUILD/fuzz-work/$name/corpus/seed-corpus-"}.txt"
if [ -z "$seed" ] || ! grep -Eq '^aligned [0-9]+ 32768 ' "$source"; then
    tail -n 20 "$log"
    fail "the replay line is '$replay', not one that runs first one seed asking a 32 KiB alignment"
fi
expect_on_last_screen "fuzz: replay the input libFuzzer saved: $replay"
step kept-state-replay
eval "$replay" >"$log" 2>&1 && fail "the printed replay command passed: $(tail -n 20 "$log")"
expect "replay: $seed: ok" "$log"
expect "SEGV" "$log"
# The crash file is whichever input libFuzzer ran next: its first op mallocs,
# by malloc or by hold (a malloc per block into the held pool).
grep -Eq "^halloc-fuzz: sanitizer report above was raised at op #0: (malloc|hold) " "$log" ||
    { tail -n 40 "$log"; fail "no 'halloc-fuzz: sanitizer report above was raised at op #0: malloc' (or hold) in the output above"; }
alone=$(printf '%s\n' "$replay" | sed "s| BEFORE='[^']*'||")
step kept-state-alone
eval "$alone" >"$log" 2>&1 || fail "the replay without BEFORE failed too, so the check proves nothing: $(tail -n 20 "$log")"
rm -rf "crashes/$name"
echo "fuzz-check-libfuzzer-report: an oracle's abort and a sanitizer's report each end make fuzz with the" \
    "harness's report and the replay command on the last $SCREEN lines; the report names the crash file" \
    "libFuzzer saved, or the file it ran; the printed replay command reproduces it;" \
    "FUZZ_KEEP_GOING=1 fuzzes all of FUZZ_TIME, counts what it saved and replays the first; a crash that needs" \
    "the seed before it gets a replay line that runs that seed first (BEFORE=), and fails only with it"
