#!/bin/sh
# minimize.sh LIBFUZZER TOOL CRASH SECONDS LOG: shrink a crashing input,
# save it as CRASH.min (binary) next to the original and print it as a text
# trace; the last shorter input that failed otherwise, as CRASH.other.min.
# libFuzzer's output goes to LOG.
#
# libFuzzer's -minimize_crash=1 keeps any shorter input that crashes, so the
# bug a user asked about can turn into another on the way (pattern_corrupted
# into a UBSan misalignment). Its loop is run here instead, one
# -minimize_crash_internal_step at a time: each shorter input it finds is
# run alone and kept only if it fails as the given one did (the same
# failure_kind, alone.sh: the ORACLE, UBSan check, signal or SUMMARY kind);
# one that fails otherwise is set aside, and after
# MIN_MISMATCHES of those in a row (environment, make minimize
# MIN_MISMATCHES=n; default 20, 0: none, only SECONDS ends it) the last
# input that matched is kept. A step that fails otherwise costs little (it
# stops at the first shorter crash), while the shorter inputs that still
# fail as the given one did can lie several steps behind a run of others:
# at 3 in a row, a 182-op input of mutant 18 stopped after 6-11 s of its 60
# at 8 to 31 bytes (6 runs); at 20, after 18-35 s at 8 bytes (once 9).
# Every run, the steps' and each lone one, stops an input after
# MIN_INPUT_TIMEOUT seconds (environment; make minimize gives make fuzz's
# timeout, fuzz/halloc.options), as libFuzzer's timeout: without it one
# shorter input that hangs held a 15 s minimisation for 1200 s (libFuzzer's
# default), past SECONDS, which libFuzzer checks only between runs.
# MIN_KEEP (environment, make minimize KEEP=; default kind) says what "as the
# given one did" holds: kind, the failure kind alone; oracle, also the op it
# stopped at by name ("release", not its number or slots); cause, also the
# first cause line, addresses masked (report_op, report_cause: the op and
# cause make rounds shows). The same kind can tell another story: a shorter
# decay bug-3 input stopped on checker_failed at a dirty page, not a clean one.
set -eu
bin=$1 tool=$2 crash=$3 secs=$4 log=$5
# Its lines name the files (CRASH, LOG, the inputs it runs) and
# MIN_MISMATCHES escaped (quote.sh's name_shown, by say), and so the failure
# kinds the runs printed, and its log's tail (lines_shown): an escape in a
# name reached the terminal, a newline split the line.
# shellcheck source=fuzz/scripts/alone.sh
. "$(dirname "$0")"/alone.sh
# shellcheck source=fuzz/scripts/report-fields.sh
. "$(dirname "$0")"/report-fields.sh
MIN_MISMATCHES=${MIN_MISMATCHES:-20}
MIN_KEEP=${MIN_KEEP:-kind}
case $MIN_KEEP in
kind | oracle | cause) ;;
*) say "minimize: KEEP=$(name_shown "$MIN_KEEP") is none of kind, oracle (and op), cause (and op and cause line)"; exit 2 ;;
esac
case $MIN_MISMATCHES in
'' | *[!0-9]*) say "minimize: MIN_MISMATCHES=$(name_shown "$MIN_MISMATCHES") is not a count; give a number (0: no limit)"; exit 2 ;;
esac
per_input=${MIN_INPUT_TIMEOUT:+-timeout=$MIN_INPUT_TIMEOUT}
case ${MIN_INPUT_TIMEOUT:-1} in
'' | *[!0-9]* | 0) say "minimize: MIN_INPUT_TIMEOUT=$(name_shown "$MIN_INPUT_TIMEOUT") is not whole seconds >= 1"; exit 2 ;;
esac
mkdir -p "$(dirname "$log")"
log_shown=$(name_shown "$log")
[ -f "$crash" ] || { say "minimize: $(name_shown "$crash"): no such file; give a crash file"; exit 2; }
base=${crash%.txt}
best=$log.best cand=$log.cand other_input=$log.other
# Read as replay reads it: a text trace (a comment or anything before its
# version line) converted, a lab trace refused, never shrunk as bytes.
"$tool" to-bin "$crash" "$best" || exit 2
: >"$log"

# failure_kept REPORT: what of the failure REPORT shows MIN_KEEP keeps.
failure_kept() {
    printf '%s' "$(failure_kind <"$1")"
    [ "$MIN_KEEP" != kind ] || return 0
    printf ', op %s' "$(report_op "$1" | sed 's/^at op #[0-9]*: \([^ ]*\).*/\1/; s/^\(in [^(]*[^( ]\) *(.*/\1/')"
    [ "$MIN_KEEP" != cause ] || printf ', cause: %s' "$(report_cause "$1")"
}

# run_alone FILE: what of its failure MIN_KEEP keeps on stdout (may be
# empty); 1 if it passed.
run_alone() {
    say "minimize: running $(name_shown "$1") alone" >>"$log"
    if "$bin" ${per_input:+"$per_input"} "$1" >"$log.run" 2>&1; then cat "$log.run" >>"$log" && return 1; fi
    cat "$log.run" >>"$log"
    failure_kept "$log.run"
}

if ! want=$(run_alone "$best"); then
    tail -n 20 "$log" | lines_shown
    say "minimize: the input does not crash when run alone, so there is nothing to shrink: it needed the" \
        "inputs run before it, or chance (make fuzz said which when it saved it; make replay REPEAT=20 tries" \
        "again). Log: $log_shown"
    exit 1
fi
# An earlier run's shorter input that failed otherwise is not this run's.
rm -f "$base.other.min" "$other_input"
end=$(($(date +%s) + secs)) mismatches=0 other="" other_saved=""
while { [ "$MIN_MISMATCHES" = 0 ] || [ "$mismatches" -lt "$MIN_MISMATCHES" ]; } && [ "$(date +%s)" -lt "$end" ]; do
    rm -f "$cand"
    left=$((end - $(date +%s)))
    [ "$left" -gt 0 ] || break # libFuzzer reads -max_total_time=0 as no limit
    # Exit 0: no shorter crash within the runs (or the input is 1 byte).
    # No RSS thread (-rss_limit_mb=0; malloc's limit is kept, at libFuzzer's
    # default): a step's first shorter input can crash within microseconds,
    # while that thread is still starting, and ASan then faults in the new
    # thread before libFuzzer saves the input (14 of 30 steps on one input).
    "$bin" -minimize_crash_internal_step=1 -runs=100000 -max_total_time="$left" ${per_input:+"$per_input"} \
        -rss_limit_mb=0 -malloc_limit_mb=2048 -exact_artifact_path="$cand" "$best" >>"$log" 2>&1 && break
    if [ ! -s "$cand" ]; then
        tail -n 20 "$log" | lines_shown
        say "minimize: libFuzzer failed while shrinking (above; log: $log_shown): if it died in its own code rather" \
            "than in an input's run, run make minimize again"
        exit 1
    fi
    failed=1
    got=$(run_alone "$cand") || failed=""
    if [ -n "$failed" ] && { [ -z "$want" ] || [ "$got" = "$want" ]; }; then
        mv "$cand" "$best"
        mismatches=0
    else
        mismatches=$((mismatches + 1))
        other="${got:-no failure when run alone} ($(wc -c <"$cand") bytes)"
        # Kept: another bug, or this one shown otherwise, worth a replay of its own.
        [ -z "$failed" ] || { mv "$cand" "$other_input" && other_saved="${got:-a failure with no ORACLE or SUMMARY line}"; }
    fi
done
stopped=""
[ "$MIN_MISMATCHES" = 0 ] || [ "$mismatches" -lt "$MIN_MISMATCHES" ] ||
    stopped=" - stopped after $MIN_MISMATCHES of those in a row; make minimize MIN_MISMATCHES=n (0: until FUZZ_TIME) tries on"
[ -z "$other" ] ||
    say "minimize: shorter inputs failed otherwise than this one (the last: $(name_shown "$other"), not" \
        "$(name_shown "$want")): kept the shortest that fails as it does$stopped"
if [ -n "$other_saved" ]; then
    mv "$other_input" "$base.other.min"
    say "minimize: the last shorter input that failed otherwise ($(name_shown "$other_saved")) is saved as" \
        "$(name_shown "$base.other.min"): replay it as this one, it may be another bug"
fi
mv "$best" "$base.min"
rm -f "$cand" "$log.run"
say "minimize: saved $(name_shown "$base.min") ($(wc -c <"$base.min") bytes, $(name_shown "${want:-a failure with no ORACLE or SUMMARY line}")," \
    "log $log_shown); as a trace:"
"$tool" to-text "$base.min"
