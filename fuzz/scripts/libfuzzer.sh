#!/bin/sh
# libfuzzer.sh BINARY CRASHDIR "REPLAY" ARGS...: make fuzz's libFuzzer run.
# libFuzzer's whole output goes to the terminal and to CRASHDIR/libfuzzer.log.
# When it stops on a finding, its own dump (stack, mutation, the input in hex,
# "Test unit written to") ends the output and would push halloc-fuzz's report
# off the screen, so the end of the run re-prints that report from the log,
# then the input libFuzzer saved and the command that replays it (REPLAY, the
# make command with the variables of this build, then CRASH=the file), ready
# to paste. A stop that saved nothing (a bad flag, an interrupt) says so.
# The recommended dictionary libFuzzer prints at the end of a clean run (no
# flag turns it off) goes to the log only, with one line saying where. A
# clean run ends with one line saying so: how long it fuzzed, the inputs it
# ran and their ops (the harness's HALLOC_FUZZ_STATS totals, set here and
# kept to the log unless the user set it; none under -fork, whose workers
# log apart).
# The engine's command line is printed first (make runs this one silently,
# so the replay command is not shown twice).
# FUZZ_KEEP_GOING_REPLAY=TOOL (make fuzz FUZZ_KEEP_GOING=1, with libFuzzer's
# fork mode and -ignore_crashes=1 in ARGS): the run goes on past its
# crashes, which libFuzzer saves but reports by their ERROR lines only; its
# end counts them and has TOOL, the build's replay, print the harness's
# report of the first. The harness's own stop (a HARNESS ERROR line: it can
# no longer judge inputs) ends that run too, as afl.sh ends its instances:
# libFuzzer counts that worker's exit among the crashes it ignores, and
# every later worker would stop the same way.
# FUZZ_SAVED_PREFIX=P (make fuzz-threads: threads-): the inputs are saved as
# CRASHDIR/Pcrash-..., the log is CRASHDIR/Plibfuzzer.log, and P's runs have
# a lock of their own. An input named by a 16-digit hash was saved by the
# threaded harness under ThreadSanitizer (threads-libfuzzer.c), not libFuzzer.
set -u
# shellcheck source=fuzz/scripts/alone.sh
. "$(dirname "$0")"/alone.sh
# shellcheck source=fuzz/scripts/stuck-watch.sh
. "$(dirname "$0")"/stuck-watch.sh
# shellcheck source=fuzz/scripts/log-report.sh
. "$(dirname "$0")"/log-report.sh
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh
bin=$1 crashdir=$2 replay=$3
saved_prefix=${FUZZ_SAVED_PREFIX:-}
shift 3
# The corpus (libFuzzer's first argument that is a directory) and the
# libFuzzer binary, which runs the files it is given in one process, each
# after a "Running: PATH" line: for a crash that needed the inputs before it
# (alone.sh). And FUZZ_TIME (-max_total_time), for the clean run's end.
max_time=""
for arg; do
    case $arg in
    -max_total_time=*) case ${arg#*=} in '' | *[!0-9]*) ;; *) max_time=${arg#*=} ;; esac ;;
    -*) ;;
    *) [ -d "$arg" ] && [ -z "$alone_corpus" ] && alone_corpus=$arg ;;
    esac
done
alone_in_one_process=runs_in_one_process
log=$crashdir/${saved_prefix}libfuzzer.log
# The two as prose names them (quote.sh): CRASHDIR is the user's, and a
# newline in it split a report's line.
crashdir_shown=$(name_shown "$crashdir") log_shown=$(name_shown "$log")
keep_going_replay=${FUZZ_KEEP_GOING_REPLAY:-}
# How long a world stopped by a tracer that uses no CPU is waited for (stuck-watch.sh).
stuck_seconds=${FUZZ_STUCK_SECONDS:-30}
case $stuck_seconds in '' | *[!0-9]* | 0) say "fuzz: FUZZ_STUCK_SECONDS='$(name_shown "$stuck_seconds")' is not a whole number of seconds >= 1; e.g. FUZZ_STUCK_SECONDS=60"; exit 2 ;; esac

# Files with their modification times: what this run saved is a line that
# was not there before (a new file, or an old one written again). The newest
# file instead would be an earlier run's input when this one saved none.
saved_listing() {
    find "$crashdir" -maxdepth 1 -type f \( -name "${saved_prefix}crash-*" -o -name "${saved_prefix}leak-*" \
        -o -name "${saved_prefix}timeout-*" -o -name "${saved_prefix}oom-*" -o -name "${saved_prefix}slow-unit-*" \) \
        -printf '%T@ %p\n' 2>/dev/null | sort
}

# saved_by_this_run BEFORE (saved_listing's output before the run): the
# inputs saved since, oldest first, but slow units (no failure).
saved_by_this_run() {
    saved_listing | comm -13 "$1" - | sort -n | cut -d' ' -f2- | grep -v "/${saved_prefix}slow-unit-"
}

# Copies the engine's output to the log and to the screen, where the
# recommended dictionary becomes one line. With FUZZ_KEEP_GOING=1, the
# harness's stop (its HARNESS ERROR line) kills libFuzzer (its pid in
# $pidfile), noted in $harness_stop: at once, as the line comes. mawk
# reads line by line only under -W interactive; by default it fills its
# buffer first, so a status line (INITED, NEW, pulse) or that stop waited
# for the run's end. Its writes are unbuffered then: two a line, where the
# fflush after each print makes one (8 MB of 30-byte lines: 1.5 s against
# 1.1 s buffered).
# Lines are cut into pieces of at most $piece bytes first (fold -b, one
# pass): mawk reads a record in time that grows with the square of its
# length, and an allocator that printed 16 MiB with no newline held the
# filter 1 to 5 s (64 MiB: 12 s and more), then report_from_log as long
# each time it read the log. Under -W interactive a record of 4 KiB or more
# costs mawk a new mapping for every read: 16 MiB on 64 KiB pieces took
# 1.5-2 s, on pieces of 4095 bytes (its buffer, newline included) 0.1 s.
# The lines the filter and report_from_log act on are shorter (a report's
# what line is at most 2 KiB) and stay whole; a longer one is kept, byte
# for byte, on lines of $piece bytes. fold writes each line as it comes
# (stdbuf -oL): into a pipe it would hold libFuzzer's status lines back
# 4 KiB at a time, and the HARNESS ERROR line with them.
piece=4095
screen_and_log() {
    interactive=""
    case $(awk -W version 2>&1 </dev/null) in *mawk*) interactive="-W interactive" ;; esac
    # shellcheck disable=SC2086 # none, or two words
    stdbuf -oL fold -b -w "$piece" | awk $interactive -v logfile="$log" -v user_stats="${HALLOC_FUZZ_STATS:+1}" -v stop_file="${keep_going_replay:+$harness_stop}" \
        -v pid_file="$pidfile" '
        { print > logfile; fflush(logfile) }
        stop_file != "" && !stopped && /^halloc-fuzz: HARNESS ERROR: / {
            stopped = 1; printf "" > stop_file; close(stop_file)
            if ((getline pid < pid_file) > 0 && pid ~ /^[0-9]+$/) system("kill " pid " 2>/dev/null")
        }
        user_stats == "" && /^halloc-fuzz: totals: / { next }
        /^###### Recommended dictionary\. ######$/ { in_dict = 1; next }
        in_dict && /^###### End of recommended dictionary\. ######$/ {
            in_dict = 0
            print "(libFuzzer'"'"'s recommended dictionary is in " logfile ", not shown here)"
            fflush(); next
        }
        in_dict { next }
        { print; fflush() }'
}

# The input libFuzzer says it wrote last ("Test unit written to PATH"): under
# -fork=N other jobs may save inputs too, and this is the one its report
# above explains. Empty if the log names none that exists.
input_named_in_log() {
    path=$(sed -n 's/^.*; Test unit written to \(.*\)$/\1/p' "$log" | grep -v '/slow-unit-' | tail -n 1)
    [ -n "$path" ] && [ -f "$path" ] && echo "$path"
}

# reprint_report WHAT always|if-any: report_from_log, into $report and on
# the screen under a line saying it is WHAT, re-printed; if-any: nothing
# at all when the log holds no report.
reprint_report() {
    report=$(report_from_log)
    [ -n "$report" ] || [ "$2" = always ] || return 0
    say "---- $1, re-printed from $log_shown (libFuzzer's whole output: above, and in that file) ----"
    if [ -n "$report" ]; then printf '%s\n' "$report"; fi
}

print_finding() {
    saved=$1
    reprint_report "what stopped the run" always
    case "$report" in
    *"halloc-fuzz: "*) ;;
    *"parse-fuzz: contract broken: "*)
        echo "fuzz: a trace parser (bench/trace.c or fuzz/trace.c) broke the contract fuzz/parse-fuzz.c asserts" \
            "on this input (the line above), and the harness aborted: fix the parser, or the contract if the" \
            "parser is right; the replay below prints that line again" ;;
    *"Sanitizer: CHECK failed: "*)
        echo "fuzz: the sanitizer found its own bookkeeping broken (its CHECK above), so neither it nor the" \
            "harness printed a report: memory the sanitizer keeps was unmapped or overwritten, as by a munmap" \
            "whose address or length is off (a page too many) or a write far outside the heap. What lies next" \
            "to a mapping differs in a fresh process, so the replay below may fail elsewhere or pass; then" \
            "read the allocator's munmap and mremap calls first" ;;
    *"leaked in"*)
        if [ -s "$saved" ]; then
            echo "fuzz: LeakSanitizer found memory left allocated after this input (libFuzzer's leak check), so" \
                "the harness printed no report: the replay below runs the input through the harness"
        else
            # libFuzzer charges a leak found at exit to the empty input.
            echo "fuzz: LeakSanitizer found memory still allocated when the fuzzer exited, charged to the" \
                "empty input: no op of any input left it. A library that keeps an object from startup on purpose" \
                "does this (gperftools' tcmalloc): run with ASAN_OPTIONS=detect_leaks=0; the harness's own leak" \
                "checks stay on (fuzz/ADAPTERS.md)"
        fi ;;
    *) if oom_alone_passes "$saved"; then
        echo "fuzz: libFuzzer stopped on out-of-memory, but run again alone in a fresh process this input" \
            "stays under the limit: the memory grew over the inputs run before it in this process, and its" \
            "replay will pass. Likely cause: memory that create() takes and destroy() does not give back - a" \
            "program break an sbrk heap never lowers, a mapping or arena kept after destroy() (libFuzzer's" \
            "\"Live Heap Allocations\" above count only malloc's part; fuzz/ADAPTER-EXAMPLES.md, \"An allocator with" \
            "one global heap\")"
        if [ -n "$maps_left" ]; then echo "fuzz: run alone, its second run in the process: ${maps_left#halloc-fuzz: }"; fi
        if [ -n "$twice_failed" ]; then
            echo "fuzz: run twice in one fresh process, it passed the first time and failed the second: what one" \
                "run of it keeps past destroy() is enough to fail the next"
        fi
    elif printf '%s\n' "$report" | grep -q '^SUMMARY: ThreadSanitizer: '; then
        # halt_on_error=1 (fuzz/threads.c): TSan ends the run inside the
        # input, before any oracle could see damage.
        echo "fuzz: ThreadSanitizer stopped the run at its report above, so the harness printed no report: the" \
            "replay below runs the input under TSan again and names the thread, run and op that met the race" \
            "(PROGRAMS=1 lists each thread's ops)"
    elif printf '%s\n' "$report" | grep -q '^SUMMARY: \(libFuzzer: deadly signal\|[A-Za-z]*Sanitizer: \)'; then
        # The harness reports every fault inside a run (create to destroy),
        # so this one came between inputs, in libFuzzer's own code.
        echo "fuzz: the fault above came outside any input's run (in libFuzzer's own code, between inputs), so" \
            "the harness printed no report: memory the allocator does not own was damaged by an earlier input -" \
            "a stray write, an munmap, or a program break (sbrk) lowered under malloc's heap, which only builds" \
            "without ASan (make fuzz-fast, AFL++'s main instance) share with the allocator. The replay below may" \
            "pass; make fuzz (with ASan) names the op if the fault is a stray write"
    else
        echo "fuzz: libFuzzer stopped on its own check (a timeout, out-of-memory or leak), so the harness" \
            "printed no report: the replay below runs the input through the harness, which names the op"
    fi ;;
    esac
    alone_failure=$(printf '%s\n' "$report" | failure_kind)
    explain_alone_crash "$saved"
    say "fuzz: the input is $(name_shown "$saved")"
    who="libFuzzer saved"
    case $(basename "$saved") in *crash-????????????????) who="the harness saved when ThreadSanitizer stopped the run" ;; esac
    say "fuzz: replay the input $who: $(replay_command "$saved")"
}

# replay_command SAVED: the command that replays SAVED, with the BEFORE= or
# REPEAT= explain_alone found it needs (alone.sh): every replay line of a
# crash this run looked into. SAVED quoted for sh (quote.sh): CRASHDIR is the
# user's, and may hold a space or a quote.
replay_command() {
    # shellcheck disable=SC2154 # set by alone.sh
    say "$replay$alone_before CRASH=$(name_quoted "$1")$alone_repeat"
}

# A crash the saved input does not repeat on its own in a fresh process
# needed the inputs before it, or chance (alone.sh). Only crash-* files: a
# leak or timeout may need the whole run (an out-of-memory that passes
# alone has its own message, oom_alone_passes).
explain_alone_crash() {
    case "$(basename "$1")" in crash-*) explain_alone fuzz 0 drop runs_clean_alone "$1" ;; esac
}

# An out-of-memory input that stays under the limit alone: the memory was
# taken by the inputs before it and never given back (libFuzzer's own limit,
# -rss_limit_mb, counts the whole process).
# The rerun also says what the input mapped and destroy() left mapped
# (maps_left), from the second of two runs of it in one process: a
# sanitizer's runtime maps memory of its own on first use (its allocator's
# regions, the stack depot), and the harness counts what is mapped during a
# run, so the first run's figure holds the runtime's as well. If only the
# second run failed, the first still passed alone (twice_failed says so).
oom_alone_passes() {
    case "$(basename "$1")" in oom-*) ;; *) return 1 ;; esac
    maps_left="" twice_failed=""
    alone_out=$(export HALLOC_FUZZ_MAPS_LEFT=on; runs_in_one_process "$1" "$1") || twice_failed=1
    started=$(printf '%s\n' "$alone_out" | grep -c '^Running: ')
    [ -z "$twice_failed" ] || [ "$started" -ge 2 ] || return 1
    maps_left=$(printf '%s\n' "$alone_out" |
        awk '/^Running: / { run++ } run == 2 && /^halloc-fuzz: destroy\(\) left/ { print; exit }')
}

# runs_in_one_process FILE...: the files in order, in one fresh process,
# each run once, as the replay runs them (-detect_leaks=0: libFuzzer's leak
# check runs again, in the same process, an input that frees less than it
# allocates, so a crash that needs its own earlier run failed "alone" and
# its replay passed); libFuzzer's output, a "Running: FILE" line before
# each, on stdout.
runs_in_one_process() {
    rerun=$(mktemp -d) || return 1
    stuck_guarded "$stuck_seconds" "$bin" -artifact_prefix="$rerun/" -timeout=30 -detect_leaks=0 "$@" 2>&1
    alone=$?
    rm -rf "$rerun"
    [ "$alone" = 0 ]
}

# runs_clean_alone FILE...: runs_in_one_process, its output dropped.
# shellcheck disable=SC2317 # called by its name, which explain_alone_crash hands to explain_alone
runs_clean_alone() { runs_in_one_process "$@" >/dev/null; }

# The end of a FUZZ_KEEP_GOING=1 run that saved inputs: how many, the
# harness's report of the first (libFuzzer printed none of them), and a
# replay line for it and the next few.
report_kept_going() {
    count=$(printf '%s\n' "$1" | wc -l)
    first=$(printf '%s\n' "$1" | head -n 1)
    echo "fuzz: libFuzzer fuzzed on past its crashes (FUZZ_KEEP_GOING=1) and saved $(counted "$count" "failing input");" \
        "the ERROR lines above are theirs, without the harness's reports"
    if [ -x "$keep_going_replay" ]; then
        replay_first fuzz "$keep_going_replay" "$first"
    else
        say "fuzz: $(name_shown "$keep_going_replay") is not there to print the harness's report: run the replay line below"
    fi
    say "FUZZ FAILED: libFuzzer saved $(counted "$count" "failing input") in $crashdir_shown/ (often one bug; replay one, fix," \
        "fuzz again)"
    [ "$count" -gt 1 ] && say "  the next ones:"
    printf '%s\n' "$1" | sed -n 2,6p | while IFS= read -r next; do say "  $replay CRASH=$(name_quoted "$next")"; done
    [ "$count" -gt 6 ] && say "  ... and $((count - 6)) more in $crashdir_shown/"
    say "fuzz: replay the first (its report above): $(replay_command "$first")"
}

# killed_said RC: "killed by signal N (SIGNAME: why)" in $killed, for killed_by
# and for a FUZZ_KEEP_GOING=1 run killed after it kept inputs.
killed_said() {
    sig=$(($1 - 128))
    name=$(kill -l "$sig" 2>/dev/null) || name=""
    case "$name" in
    KILL) why="the kernel's OOM killer (dmesg says so) or a kill -9; for libFuzzer's own out-of-memory report"
        why="$why instead, set rss_limit_mb below the machine's free memory in fuzz/halloc.options" ;;
    INT | TERM | HUP) why="stopped from outside" ;;
    *) why="a signal libFuzzer's handlers did not catch: was a -handle_* flag turned off?" ;;
    esac
    killed="killed by signal $sig (SIG$name: $why)"
}

# killed_by RC: one line for a fuzzer that a signal it did not catch ended
# (status 128 + the signal): libFuzzer handles SEGV, ABRT, INT and the rest
# itself, and prints its report, so this is most often the kernel's OOM
# killer (SIGKILL), and the harness gets no chance to report it.
killed_by() {
    killed_said "$1"
    ended_early "libFuzzer was $killed" "before libFuzzer was killed" \
        "libFuzzer was $killed and saved no input: the one it was running is lost; fuzz again (its last lines" \
        "above, and $log_shown, show how far it got)"
}

# rerun_stuck ARGS...: after stuck_watch killed libFuzzer hung in its
# report, the corpus once more, in one process (-runs=0), the leak check
# off (-detect_leaks=0: the deadlock needs its heap walk), under
# stuck_guarded still: memory taken across the corpus passes the limit
# again, or the same input times out, and this time the input is saved,
# where the killed run's was lost. Its output goes to the log only.
rerun_stuck() {
    saved_listing >"$before"
    echo "fuzz: the corpus run once more with -detect_leaks=0 -runs=0, to save the input:" >>"$log"
    stuck_guarded "$stuck_seconds" "$bin" "$@" -detect_leaks=0 -runs=0 >>"$log" 2>&1
    saved=$(saved_by_this_run "$before" | tail -n 1)
    if [ -n "$saved" ]; then
        say "fuzz: the corpus run once more with the leak check off (-detect_leaks=0) saved the input: $(name_shown "$saved");" \
            "replay it: $(replay_command "$saved")"
    else
        say "fuzz: the corpus run once more with the leak check off (-detect_leaks=0) saved no input either (the" \
            "input may have been a mutation the corpus does not hold): fuzz again to have it saved (its output: $log_shown)"
    fi
}

# nothing_found: the line that ends a clean run. Its seconds are libFuzzer's
# own ("Done N runs in S second(s)"), the clock -max_total_time is held to:
# this script's clock counted the process's start and exit too, and under
# TSan its exit waits a second (libFuzzer's rss thread is alive). libFuzzer
# stops once its whole seconds pass FUZZ_TIME, so a clean run says one more;
# more than that, a line before says why: libFuzzer looks at its clock only
# between inputs, and only after its whole corpus has run once (make
# fuzz-threads FUZZ_TIME=5 ran a grown corpus of 194 slow threaded inputs for
# 9 s). The last line keeps its form: lab-batch-one.sh reads it.
# Under -fork, or ^C, there is no such line: the script's clock then.
nothing_found() {
    runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -n 1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second(s)$/\1/p' "$log" | tail -n 1)
    if [ -n "$secs" ] && [ -n "$max_time" ] && [ "$secs" -gt $((max_time + 1)) ]; then
        corpus=$(sed -n 's/^#\([0-9]*\)[[:space:]]*INITED .*/\1/p' "$log" | tail -n 1)
        say "fuzz: $secs s for FUZZ_TIME=$max_time: libFuzzer looks at its clock only between inputs, and not" \
            "before its corpus (${corpus:-all its} inputs) has run once"
    fi
    # Under -fork, the last status line of libFuzzer's own process counts its workers' runs.
    [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\): cov: .*/\1/p' "$log" | tail -n 1)
    ops=$(sed -n 's/^halloc-fuzz: totals: [1-9][0-9]* programs, \([0-9]*\) ops in .*/\1/p' "$log" | tail -n 1)
    what="${runs:-its} inputs${ops:+ ($ops ops)}"
    [ "$interrupted" = 0 ] || what="$what, until interrupted (^C)"
    # Under the harness's "not judged" line, "every oracle clean" read as a contradiction.
    verdict="every oracle clean"
    ! grep -q '^halloc-fuzz: clean only on ' "$log" || verdict="every oracle judged clean"
    say "fuzz: nothing found: fuzzed ${secs:-$(($(date +%s) - started))} s, $what, $verdict (all of libFuzzer's" \
        "output: $log_shown)"
}

# ended_early WHAT BEFORE NONE...: the end of a run that stopped on no
# finding of its own (WHAT: how). An input this run saved (fork mode's
# earlier finding) is kept: the harness's report of it re-printed from the
# log, and its replay line, as print_finding has them. Else NONE.
ended_early() {
    what=$1 when=$2
    shift 2
    saved=$(input_named_in_log) || saved=$(saved_by_this_run "$before" | tail -n 1)
    if [ -n "$saved" ]; then
        reprint_report "the report of the input this run saved $when" if-any
        alone_failure=$(printf '%s\n' "$report" | failure_kind)
        explain_alone_crash "$saved"
        say "fuzz: $what; this run saved $(name_shown "$saved"): replay it: $(replay_command "$saved")"
    else
        say "fuzz: $*"
    fi
}

# The inputs a run saved are listed one a line (saved_listing, libFuzzer's
# log): a CRASHDIR named with a newline would split each into two.
case $crashdir in *"
"*)
    say "fuzz: the crash directory $crashdir_shown holds a newline, which splits the lists of saved inputs this" \
        "script reads line by line: pick a NAME= without one"
    exit 2 ;;
esac
if ! mkdir -p "$crashdir" || ! exec 9>>"$crashdir/.${saved_prefix}libfuzzer.lock"; then
    say "fuzz: cannot write in $crashdir_shown: make it a writable directory (or pick another NAME=)"
    exit 2
fi
# A second run of the same build (NAME) would truncate the first one's log
# while it is still being written, and each would then re-print a report
# from the mixture. The lock is held until the engine and its workers exit.
# A run killed from outside (a batch's memory cap, the OOM killer) may leave
# a child with the lock: the processes holding it are named, to kill.
if ! flock -n 9; then
    exec 9>&- # this run's own
    lock=$crashdir/.${saved_prefix}libfuzzer.lock
    holders=$("$(dirname "$0")"/lock-holders.sh "$lock") pids=$("$(dirname "$0")"/lock-holders.sh -p "$lock" | tr '\n' ' ')
    say "fuzz: another make fuzz of this build is running (its log is $log_shown): wait for it to end," \
        "give this run another NAME=, or fuzz with one run of JOBS=2 for two workers${holders:+; its lock, $lock, is held by $holders: if no make fuzz of this build is running, they are left over from a run killed from outside: kill -9 ${pids% }}"
    exit 2
fi
if ! : >"$log"; then
    say "fuzz: cannot write $log_shown: make $crashdir_shown a writable directory (or pick another NAME=)"
    exit 2
fi
if ! before=$(mktemp) || ! status=$(mktemp) || ! pidfile=$(mktemp); then
    echo "fuzz: mktemp failed: check that \$TMPDIR (or /tmp) is writable"
    exit 2
fi
saved_listing >"$before"
harness_stop=$status.harness-stop
echo "$bin $*"
started=$(date +%s)
# A sanitizer deadlocked with every thread stopped ends only by SIGKILL (stuck-watch.sh).
stuck=$status.stuck
stuck_watch "$pidfile" "$stuck" "$stuck_seconds" $$ "$log" </dev/null >/dev/null 2>&1 9>&- &
watcher=$!
# On ^C libFuzzer ends on its own (saving what it has); this script and the
# filter stay to print the end of the run, which says it was interrupted.
interrupted=0
trap 'interrupted=1' INT
{
    trap : INT
    # The pid written is libFuzzer's own (env execs it), which screen_and_log may kill.
    run_noting_pid "$pidfile" env HALLOC_FUZZ_STATS="${HALLOC_FUZZ_STATS:-1}" "$bin" "$@" 2>&1
    echo $? >"$status"
} | (trap '' INT; screen_and_log)
kill "$watcher" 2>/dev/null
rc=$(cat "$status")
# No status: the ^C ended the subshell that waits for libFuzzer too.
[ -n "$rc" ] || rc=130
[ "$rc" = 0 ] || [ "$interrupted" = 0 ] || rc=130
kept=""
[ -z "$keep_going_replay" ] || kept=$(saved_by_this_run "$before")
if [ -e "$harness_stop" ]; then
    [ -z "$kept" ] || report_kept_going "$kept"
    say "fuzz: the harness stopped a worker on a problem of its own (its HARNESS ERROR line above says what to" \
        "do), so this FUZZ_KEEP_GOING=1 run was stopped: each later worker would stop the same way, its inputs" \
        "unjudged (all of libFuzzer's output: $log_shown)"
    rc=2
elif [ -n "$kept" ]; then
    report_kept_going "$kept"
    # Killed, it fuzzed on for less than its time: the inputs it kept are not all there are.
    if [ "$interrupted" = 1 ]; then
        echo "fuzz: interrupted (^C) before its time was up: fuzz again for the rest"
    elif [ "$rc" -ge 128 ]; then
        killed_said "$rc"
        echo "fuzz: libFuzzer was $killed before its time was up: fuzz again for the rest"
    fi
    rc=1
elif [ "$interrupted" = 1 ] && [ "$rc" != 0 ]; then
    ended_early "interrupted (^C)" "before it was interrupted" \
        "interrupted (^C); libFuzzer saved no input (the corpus keeps what it found: the next run goes on from there)"
elif [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ]; then
    saved=$(input_named_in_log)
    [ -n "$saved" ] || saved=$(saved_by_this_run "$before" | tail -n 1)
    if [ -n "$saved" ]; then
        print_finding "$saved"
    elif grep -q '^halloc-fuzz: HARNESS ERROR: ' "$log"; then
        # fuzz_stop_if_half_blind (fuzz/run.h): the harness's own problem, said in that line.
        say "fuzz: the harness stopped libFuzzer on a problem of its own, not on a finding in the allocator: its" \
            "HARNESS ERROR line above says what to do (all of libFuzzer's output: $log_shown)"
    else
        say "fuzz: libFuzzer stopped with status $rc and saved no input: its last lines above say why" \
            "(all of its output: $log_shown)"
    fi
elif [ -s "$stuck.alarm" ]; then
    alarm_stuck_said "$stuck.alarm" "$log"
    if saved=$(input_named_in_log); then
        # The report the alarm cut, from the saved input run alone: the one re-printed below.
        echo "fuzz: the input run once more alone (-timeout=30), for the report its timeout cut:" >>"$log"
        runs_in_one_process "$saved" >>"$log" 2>&1
        say "fuzz: it had saved the input; run once more alone, it gives the report below"
        print_finding "$saved"
    else
        echo "fuzz: it saved no input (libFuzzer saves one only while it fuzzes, not when it runs files it is given): replay the file it ran for its report"
    fi
    rc=1
elif [ -s "$stuck" ] && [ "$(cut -d' ' -f1 "$stuck")" = "$(cat "$pidfile")" ]; then
    stuck_said "$stuck" "$log" "the corpus is run once more to save it (below)"
    rerun_stuck "$@"
    rc=1
elif [ "$rc" -ge 128 ]; then
    killed_by "$rc"
else
    nothing_found
fi
# Under -fork, a worker killed so: libFuzzer went on without it.
if [ -s "$stuck" ] && [ "$(cut -d' ' -f1 "$stuck")" != "$(cat "$pidfile")" ]; then
    echo "fuzz: a worker (pid $(cut -d' ' -f1 "$stuck")) was killed, hung with every thread stopped:"
    stuck_said "$stuck" "$log" | sed 's/^fuzz: //'
fi
rm -f "$before" "$status" "$pidfile" "$harness_stop" "$stuck" "$stuck.alarm"
exit "$rc"
