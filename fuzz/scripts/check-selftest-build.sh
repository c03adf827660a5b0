#!/bin/sh
# check-selftest-build.sh OUT: report_case (selftest-build.sh) itself, over
# a stand-in compiler whose programs print their arguments and environment
# (fuzz/selftest/fake-cc.sh: no adapter built, well under a second). RUN's
# words split at blanks; in its [ WORD... ] form a word holding a blank
# reaches the replay as one argument, a VAR=VALUE one its environment (such
# cases were written out by hand). A case called again as it was checks the
# log of its run, not run again; another case that would write that log,
# or the same one after its input changed, is refused before it runs,
# naming both (the later one's output overwrote the earlier's, and a
# failure could print the other's log). After a case, report_bin and
# report_log name its binary and log, and the caller's bin is left alone.
# selftest_args, the scripts' opening.
set -eu
fail() { echo "fuzz-check-adapters FAILED: report_case: $*"; exit 1; }
unset SELFTEST_NOTE SELFTEST_EXIT SELFTEST_RUNS # the stand-in programs read them
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
mkdir -p "$1"
selftest_args fuzz/selftest/fake-cc.sh "$1" "$1/no-harness.o"
bin=the-callers
report_case words fake "" "SELFTEST_NOTE=x -q -t 5 in put.txt SELFTEST_EXIT=3" exit:3 \
    "xF:arg <-q>" "xF:arg <5>" "xF:arg <put.txt>" "xF:note <x>" "!F:SELFTEST"
# What a caller reads after a case is named: report_bin and report_log; its own bin is its own.
[ "$bin|${report_bin:-}|${report_log:-}" = "the-callers|$out/words|$out/words.log" ] ||
    fail "after a case, bin|report_bin|report_log are '$bin|${report_bin:-}|${report_log:-}', expected the caller's bin and the case's binary and log"
printf 'version 2\n' >"$out/in put.txt"
rm -f "$out/runs"
report_case spaced fake "" [ "SELFTEST_NOTE=make replay CRASH=a b.txt" -t 1 "$out/in put.txt" "SELFTEST_RUNS=$out/runs" ] \
    exit:0 "xF:arg <-t>" "xF:arg <1>" "xF:arg <$out/in put.txt>" "xF:note <make replay CRASH=a b.txt>"
[ "$(grep -c '^arg ' "$out/spaced.log")" = 3 ] || fail "[ ] gave other than 3 arguments: $(cat "$out/spaced.log")"
report_case spaced fake "" [ "SELFTEST_NOTE=make replay CRASH=a b.txt" -t 1 "$out/in put.txt" "SELFTEST_RUNS=$out/runs" ] \
    exit:0 "xF:arg <1>"
[ "$(cat "$out/runs")" = run ] || fail "a case called again as it was ran again"
# (In a subshell: report_case ends a failing check with exit.)
said=$( (report_case other:spaced fake "" "-v" exit:0) 2>&1) && fail "a second case writing spaced.log ran: $said"
first="spaced (fake-adapter.c) on SELFTEST_NOTE=make replay CRASH=a b.txt -t 1 $out/in put.txt SELFTEST_RUNS=$out/runs"
[ "$said" = "fuzz-check-adapters FAILED: report_case other:spaced (fake-adapter.c) on -v would overwrite $out/spaced.log, the log of $first: give one a NAME:LOG of its own" ] ||
    fail "a second case writing spaced.log: not refused naming both cases, but: $said"
echo 'version 3' >"$out/in put.txt"
said=$( (report_case spaced fake "" [ "SELFTEST_NOTE=make replay CRASH=a b.txt" -t 1 "$out/in put.txt" "SELFTEST_RUNS=$out/runs" ] \
    exit:0) 2>&1) && fail "a case run again on a rewritten input was taken as run: $said"
[ "$said" = "fuzz-check-adapters FAILED: report_case $first would overwrite $out/spaced.log, the log of the same case before its input files changed: give one a NAME:LOG of its own" ] ||
    fail "a case run again on a rewritten input: not refused so, but: $said"
[ "$(cat "$out/runs")" = run ] || fail "a refused case ran"
said=$( (report_case unended fake "" [ -v exit:0) 2>&1) && fail "a [ with no ] ran: $said"
[ "$said" = "fuzz-check-adapters FAILED: unended (fake-adapter.c) on -v exit:0: no ] after RUN's words" ] ||
    fail "a [ with no ]: not refused, but: $said"
# A script run alone, with no objects given, finds check-adapters.sh's, or says where they come from.
said=$( (selftest_args cc "$out/none") 2>&1) && fail "selftest_args with no objects in $out/none went on: $said"
[ "$said" = "fuzz-check-adapters FAILED: check-selftest-build.sh: no $out/none/harness-o0/fuzz/replay.c.o: run make fuzz-check-adapters once (its check-adapters.sh compiles the harness objects there), then this check runs alone" ] ||
    fail "selftest_args with no objects: not refused naming the make target, but: $said"
echo "fuzz-check-adapters: report_case: RUN split at blanks, or given word by word in [ ], a word with a blank one argument" \
    "or variable; a case called again as it was not run again, a log an earlier case wrote refused, naming both cases"
