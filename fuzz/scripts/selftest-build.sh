# selftest-build.sh, sourced by the checks that build selftest adapters on
# the harness objects check-adapters.sh compiled (check-reports.sh,
# check-usable-hint.sh, check-dropin-reports.sh, check-replay-options.sh,
# check-seed-depth.sh, check-bigalign.sh, check-heap-limit.sh, check-discard.sh,
# check-mappings.sh, check-mappings-table.sh, check-quirks.sh, check-reuse-reports.sh,
# check-sanitizer-places.sh, check-replay-hang.sh, check-selftest-build.sh, which
# checks report_case): the flags and the build, once.
# Each opens with selftest_args "$@" (below); check-adapters.sh, which
# compiles the objects, sets cc (the compiler), out (its build directory) and
# hobjs (the objects, words) itself.
# shellcheck shell=sh

selftest_cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O0 -Ifuzz"

# seeds_limit: the -t of a replay that is no timing test (load-scaled.sh).
# shellcheck source=fuzz/scripts/load-scaled.sh
. "$(dirname "$0")"/load-scaled.sh
seeds_limit_by_load

# selftest_args CC OUT [HARNESS_OBJECTS...]: a check script's arguments, as
# cc, out and hobjs; without objects, those harness_objects finds in OUT.
selftest_args() {
    cc=$1 out=$2
    shift 2
    hobjs=$*
    [ -n "$hobjs" ] || harness_objects "$out"
}

# build_on_harness BIN ADAPTER [FLAGS...]: the replay driver over ADAPTER,
# built with FLAGS into BIN (BIN.o beside it); fails as the compiler does.
# FLAGS reach the link too, so a -fsanitize= among them links its runtime
# (the harness objects stay uninstrumented). Sets none of the caller's
# variables (bin is the callers' own).
build_on_harness() {
    built=$1 built_from=$2
    shift 2
    # shellcheck disable=SC2086 # $cc and $selftest_cflags are words; the harness objects one word each
    $cc $selftest_cflags "$@" -c "$built_from" -o "$built.o" && $cc "$@" "$built.o" $hobjs -o "$built"
}

# afl_objects: hobjs with the replay driver's main swapped for the AFL++
# target's (fuzz/afl.c, one input from a file, as afl-clang-fast's absence
# builds it), compiled here into OUT/afl-driver.o; fails as the compiler does.
afl_objects() {
    # shellcheck disable=SC2086 # $cc and $selftest_cflags are words
    $cc $selftest_cflags -c fuzz/afl.c -o "$out/afl-driver.o" || return 1
    # shellcheck disable=SC2086 # the objects are words
    hobjs="$(printf '%s\n' $hobjs | grep -v '/fuzz/replay\(-run\)\?\.c\.o$' | tr '\n' ' ') $out/afl-driver.o"
}

# report_case NAME[:LOG] ADAPTER DEFINES RUN CHECK...: fuzz/selftest/ADAPTER-adapter.c
# built with DEFINES into OUT/NAME (report_bin; built again only for other DEFINES)
# replays RUN into OUT/NAME.log (report_log; OUT/LOG.log if given: a log that
# is to stay beside the binary's own), which must pass every CHECK, or the
# check fails naming the case and the CHECK it missed, and prints the log.
# A caller that reads the case's log or runs its binary again after it reads
# report_log and report_bin, set until the next case (callers read the bin
# the case left: a case added in between changed what they ran, unsaid).
# Called again as it was (NAME, ADAPTER, DEFINES, RUN and the files RUN
# names alike), it checks the log that run wrote; another case that would
# write an earlier one's log is refused, naming both (a failure would print
# the other's output).
# RUN is the replay's arguments, words split at blanks; or, where a word
# holds a blank, [ WORD... ] in RUN's place, each word an argument of its
# own. VAR=VALUE words among them go to its environment, and guard:SECONDS
# runs it under timeout with guard_by_load SECONDS (a hang's end, no limit tested).
# A CHECK is one of
#   FLAGS:PATTERN    a line that grep -qFLAGS PATTERN finds, FLAGS being grep's
#                    own letters: G a basic regex, E an extended one, F a fixed
#                    string, and x for the whole line (xF: the line as given)
#   !FLAGS:PATTERN   no such line
#   exit:N           the replay's exit status is N
#   exit:!0          it is not 0
report_built='' report_runs=''
report_case() {
    report_bin=$out/${1%%:*} report_log=$out/${1#*:}.log
    report_what="$1 ($2-adapter.c${3:+ $3}) on" report_adapter=$2 report_defines=$3
    shift 3
    if [ "$1" = "[" ]; then
        shift
    else
        report_run=$1
        shift
        # shellcheck disable=SC2086 # RUN's words
        set -- $report_run ']' "$@"
    fi
    report_end=''
    for word; do
        [ "$word" = ']' ] && report_end=1 && break
        report_what="$report_what $word"
    done
    [ -n "$report_end" ] || { echo "fuzz-check-adapters FAILED: $report_what: no ] after RUN's words"; exit 1; }
    report_replay "$@"
    while [ "$1" != ']' ]; do shift; done
    shift
    for check in "$@"; do
        report_miss=$(report_check "$check" "$report_log") || {
            echo "fuzz-check-adapters FAILED: $report_what: $report_miss; it printed:"
            cat "$report_log"
            exit 1
        }
    done
}

# report_replay WORD... ] CHECK...: report_case's run of its case into
# report_log, its status report_rc; or that of the same case run before.
report_replay() {
    report_key=$report_what$(for word; do
        [ "$word" = ']' ] && break
        [ ! -f "$word" ] || { printf '\n%s ' "$word" && cksum <"$word"; }
    done)
    case $report_runs in
    *"|$report_log<"*)
        report_other=${report_runs##*"|$report_log<"}
        report_other=${report_other%%"|"*}
        report_rc=${report_other##*<}
        report_other=${report_other%<*}
        [ "$report_other" = "$report_key" ] && return
        report_first=$(echo "$report_other" | head -n 1)
        [ "$report_first" != "$report_what" ] || report_first="the same case before its input files changed"
        echo "fuzz-check-adapters FAILED: report_case $report_what would overwrite $report_log, the log of" \
            "$report_first: give one a NAME:LOG of its own"
        exit 1 ;;
    esac
    case "$report_built" in
    *"|$report_bin $report_adapter $report_defines|"*) ;;
    *)
        # shellcheck disable=SC2086 # DEFINES are words
        build_on_harness "$report_bin" "fuzz/selftest/$report_adapter-adapter.c" $report_defines ||
            { echo "fuzz-check-adapters FAILED: $report_what: cannot build $report_bin"; exit 1; }
        report_built="$report_built|$report_bin $report_adapter $report_defines|"
        ;;
    esac
    report_rc=0
    # In a group, so that the shell's own line for a run killed by a signal
    # ("Segmentation fault") goes to the log too, not among the suite's lines.
    { (report_exec "$@") || report_rc=$?; } >"$report_log" 2>&1
    report_runs="$report_runs|$report_log<$report_key<$report_rc"
}

# report_exec WORD... ] CHECK...: the replay of report_case's RUN, its words
# up to ], in place of this (sub)shell.
report_exec() {
    report_limit='' report_words=$#
    for word; do
        case $word in
        ']') break ;;
        guard:*) guard_by_load "${word#guard:}" && report_limit=$guard_seconds && continue ;;
        esac
        case ${word%%=*} in
        "$word" | '' | *[!A-Za-z0-9_]*) set -- "$@" "$word" ;;
        *) export "${word?}" ;;
        esac
    done
    shift "$report_words"
    # (Not env: it would take a binary named with an = for a variable.)
    [ -z "$report_limit" ] || exec timeout "$report_limit" "$report_bin" "$@"
    exec "$report_bin" "$@"
}

# report_check CHECK LOG: LOG passes report_case's CHECK, or this prints
# what it missed and fails.
report_check() {
    report_flags=
    case $1 in
    exit:!0)
        [ "$report_rc" != 0 ] && return 0
        echo "exit 0, expected another" && return 1 ;;
    exit:*)
        [ "$report_rc" = "${1#exit:}" ] && return 0
        echo "exit $report_rc, expected ${1#exit:}" && return 1 ;;
    !*:*) report_flags=${1%%:*} report_flags=${report_flags#!} ;;
    *:*) report_flags=${1%%:*} ;;
    esac
    case $report_flags in
    '' | *[!GEFx]*)
        echo "report_case: '$1' is no check: FLAGS:PATTERN, !FLAGS:PATTERN (FLAGS of G, E, F, x), exit:N or exit:!0"
        return 1 ;;
    esac
    report_found=0
    grep -q"$report_flags" -e "${1#*:}" "$2" || report_found=$?
    case $1:$report_found in
    *:2) echo "grep -$report_flags refused the pattern '${1#*:}'" && return 1 ;;
    !*:0) echo "a line '${1#*:}' (grep -$report_flags), which it must not print" && return 1 ;;
    !*:1 | *:0) ;;
    *) echo "no line '${1#*:}' (grep -$report_flags)" && return 1 ;;
    esac
}

# crash_case NAME[:LOG] DEFINES TRACE CHECK...: report_case of crash-adapter.c
# into OUT/crash-NAME (its log OUT/crash-LOG.log if given), replaying
# OUT/TRACE.txt.
crash_case() {
    crash_name=$1 crash_defines=$2 crash_trace=$3
    shift 3
    case $crash_name in *:*) crash_name=${crash_name%%:*}:crash-${crash_name#*:} ;; esac
    report_case "crash-$crash_name" crash "$crash_defines" "$out/$crash_trace.txt" "$@"
}

# harness_objects OUT: hobjs, the harness objects check-adapters.sh compiled
# into OUT/harness-o0 (it runs first), or the check fails saying so.
harness_objects() {
    [ -f "$1/harness-o0/fuzz/replay.c.o" ] || {
        echo "fuzz-check-adapters FAILED: $(basename "$0"): no $1/harness-o0/fuzz/replay.c.o: run make" \
            "fuzz-check-adapters once (its check-adapters.sh compiles the harness objects there), then this check runs alone"
        exit 1
    }
    hobjs=$(find "$1/harness-o0" -name '*.o')
}

# engine_stops NAME STATUS LOG: a fuzzing engine's target NAME, run on
# crash-adapter.c's -DTABLE_MEMORY_REFUSED (the kernel refuses the harness's
# table of mappings memory: an input then passes and the fuzzer would go on
# with no munmap judged), stopped instead: status 2, on the harness's one
# HARNESS ERROR line, after the line saying when, and saved nothing as a
# finding (libFuzzer's own "fuzz target exited" would have).
engine_stops() {
    if [ "$2" != 2 ] || [ "$(grep -c '^halloc-fuzz: HARNESS ERROR: the kernel refused memory for the harness.s table' "$3")" != 1 ] ||
        ! grep -q "^halloc-fuzz: HARNESS ERROR: .*: $1 stops rather than fuzz on half-blind; no finding in the allocator, no input saved; free memory or raise the address-space limit (ulimit -v) and fuzz again$" "$3" ||
        ! grep -q '^halloc-fuzz: the kernel refused memory for the harness.s table' "$3" ||
        grep -q 'fuzz target exited\|deadly signal\|Test unit written' "$3"; then
        echo "fuzz-check-adapters FAILED: table-refused under $1: exit $2, expected 2 and one HARNESS ERROR line naming $1, nothing saved; it printed:"
        cat "$3"
        exit 1
    fi
}

# seeds_must_crash BIN WHAT PATTERN: BIN, a probe that crashes once the ops
# go as deep as WHAT, replayed on every seed in corpus/, exits 1 with a line
# matching PATTERN (grep's basic regex): some seed gets there on its own.
# On the engines' schedule (-s), as a fuzzer's first run meets the seeds:
# the check and the walk of every block after every op reach no deeper, and
# were two thirds of the probes' CPU (13 s of it, now 4.7).
seeds_must_crash() {
    rc=0
    "$1" -q -s -t "$seeds_limit" corpus >"$1.log" 2>&1 || rc=$?
    if [ "$rc" != 1 ] || ! grep -q "$3" "$1.log"; then
        echo "fuzz-check-adapters FAILED: no seed in corpus/ $2 (exit $rc); it printed:"
        cat "$1.log"
        exit 1
    fi
}

# expect_why "NAME|SHORT"...: fuzz-lab-batch's row adds each explanation's
# short form to a sanitizer's cause (fuzz/scripts/report-why.sh); the one it
# reads from OUT/NAME.log must be SHORT.
expect_why() {
    for want in "$@"; do
        why=$(fuzz/scripts/report-why.sh "$out/${want%%|*}.log")
        [ "$why" = "${want#*|}" ] || {
            echo "fuzz-check-adapters FAILED: report-why.sh read '$why' from $out/${want%%|*}.log, expected '${want#*|}'"
            exit 1
        }
    done
}
