#!/bin/sh
# afl.sh OUT SEEDS WORK CRASHDIR [SECONDS] [MAKEVARS]: AFL++ with a main
# instance (persistent build, CMPLOG companion) and an ASan secondary, both
# starting from SEEDS, output in WORK/afl-out. Without SECONDS it runs until ^C.
# Like make fuzz, a run ends at its first crash: both instances stop, the
# crashes are copied to CRASHDIR (never overwriting) and the first is
# replayed through OUT/replay-cc, if built, for the harness's report; exit 1.
# FUZZ_KEEP_GOING=1 lets AFL++ collect crashes until SECONDS or ^C instead.
# FUZZ_AFL_FRESH=1 starts from an empty output directory (make check);
# FUZZ_AFL_FROM_EMPTY=1 too, and says the run is unseeded (make fuzz-afl
# FROM_EMPTY=1, whose SEEDS holds one zero byte).
set -u
# shellcheck source=fuzz/scripts/alone.sh
. "$(dirname "$0")"/alone.sh
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh
out=$1 seeds=$2 work=$3 crashdir=$4 secs=${5:-} vars=${6:-}
# The harness's timeout (AFL_HANG_TMOUT below; the replay's own -t) and its
# longest input (-G): fuzz/halloc.options', which make reads and checks
# (fuzz/build.mk: FUZZ_TIMEOUT, FUZZ_MAX_LEN) and passes here.
hang_secs=${FUZZ_TIMEOUT:-} max_len=${FUZZ_MAX_LEN:-}
case $hang_secs:$max_len in :* | *: | *[!0-9:]*)
    say "afl: FUZZ_TIMEOUT='$(name_shown "$hang_secs")' FUZZ_MAX_LEN='$(name_shown "$max_len")': each must be a whole" \
        "number, fuzz/halloc.options' timeout and max_len; run this through make fuzz-afl, which reads them from there"
    exit 2 ;;
esac
if ! mkdir -p "$work/afl-out" "$crashdir" || ! exec 9>>"$work/.afl.lock"; then
    say "afl: cannot write in $(name_shown "$work") or $(name_shown "$crashdir"): make them writable directories" \
        "(or pick another NAME=)"
    exit 2
fi
# A second run of the same build would start its own "main" instance in the
# same output directory; AFL++ refuses that with a message buried in a log.
# This script holds the lock until both instances exit; they do not inherit
# it (9>&-): an AFL++ CMPLOG fork server can outlive its afl-fuzz, stopped,
# and would keep every later run of the build out.
if ! flock -n 9; then
    exec 9>&- # this run's own
    holders=$("$(dirname "$0")"/lock-holders.sh "$work/.afl.lock") pids=$("$(dirname "$0")"/lock-holders.sh -p "$work/.afl.lock" | tr '\n' ' ')
    say "afl: another make fuzz-afl of this build is running (output $(name_shown "$work/afl-out")): wait for it" \
        "to end, or give this run another NAME=${holders:+; its lock, $(name_shown "$work/.afl.lock"), is held by $holders: if no make fuzz-afl of this build is running, they are left over from a run killed from outside: kill -9 ${pids% }}"
    exit 2
fi
from_empty=${FUZZ_AFL_FROM_EMPTY:-0}
if [ "${FUZZ_AFL_FRESH:-0}" = 1 ] || [ "$from_empty" = 1 ]; then
    rm -rf "$work/afl-out" && mkdir -p "$work/afl-out"
fi
export AFL_AUTORESUME=1
# AFL++ stops an input at its -t limit (2 s; 5 s for the ASan instance)
# and, if AFL_HANG_TMOUT is above it, runs it again in a fresh process with
# that limit before saving it as a hang. Without it (AFL++'s default is -t
# itself) one run slowed by a loaded machine was a hang that ended the run:
# 3 of 5 15 s runs failed on an allocator that stalled once for 6 s. A hang
# is now what libFuzzer and the replay call one: past the harness's timeout.
export AFL_HANG_TMOUT="${AFL_HANG_TMOUT:-$((hang_secs * 1000))}"
# Past SECONDS afl-fuzz ends itself (-V); a guard (timeout) stops one that
# did not, FUZZ_AFL_GUARD s later (60; a check's stand-in takes less).
limit="" vflag="" guard=${FUZZ_AFL_GUARD:-60}
if [ -n "$secs" ]; then
    vflag="-V $secs"
    limit="timeout $((secs + guard))"
fi
# AFL++ starts each target as a fork server in a session of its own, whose
# persistent child stops itself between inputs. When afl-fuzz ends (time
# limit, ^C) it kills its CMPLOG fork server but not always that server's
# child (4.04c: about one run in three), which then stays stopped for good,
# reparented to init in a session nothing signals: they piled up, one more
# every few runs. Every process of this run inherits HALLOC_AFL_RUN, which
# neither setsid nor a new parent takes away: those still there once both
# afl-fuzz have ended are killed.
run_id=$$.$(date +%s)
kill_leftovers() {
    for pid in $("$(dirname "$0")"/marked-pids.sh "HALLOC_AFL_RUN=$run_id"); do
        kill -9 "$pid" 2>/dev/null
    done
}
# wait_for PID: its exit status. A trapped signal (^C) ends a wait early
# with its own status, 130, which would pass for afl-fuzz's: wait again.
wait_for() {
    while :; do
        interrupted=0
        wait "$1"
        rc=$?
        [ "$interrupted" = 1 ] && [ "$rc" -gt 128 ] || return "$rc"
    done
}
# A crash file newer than this stamp is this run's: an instance that did
# not start keeps an earlier run's (AFL++ moves a resumed run's old crashes
# aside, to crashes.DATE).
stamp=$work/.afl-started
: >"$stamp"
# afl-fuzz sends what its targets print to /dev/null: with this set, the
# harness's reports go to $reports/BINARY.log instead (fuzz/afl.c), for the
# end of the run to re-print one that its replay does not repeat.
# Each instance's reported/ holds the inputs those reports name (at most
# 100: an earlier run's would leave no room for this one's).
reports=$work/afl-reports
rm -rf "$reports" "$work"/afl-out/*/reported && mkdir -p "$reports"
# Inputs no longer than libFuzzer's (-G; AFL++'s own limit is 1 MiB): the
# harness runs only the first FUZZ_MAX_OPS records of one (fuzz/ops.h), and
# mutations past them would change nothing.
# An afl.sh killed from outside (SIGKILL: a check's time limit) killed
# only its own process group, and timeout(1) puts itself and afl-fuzz in
# another: both instances fuzzed on for the hour, parent 1. Each instance's
# first process gets SIGTERM when this script ends (PR_SET_PDEATHSIG), which
# a timeout forwards to afl-fuzz's whole group; AFL++ stops on it.
stop_with_me="setpriv --pdeathsig TERM"
# shellcheck disable=SC2086
HALLOC_AFL_RUN=$run_id HALLOC_FUZZ_AFL_LOG=$reports $stop_with_me $limit afl-fuzz -i "$seeds" -o "$work/afl-out" -M main -x fuzz/halloc.dict \
    -G "$max_len" -c "$out/afl-cmplog" -t 2000 $vflag -- "$out/afl" >"$work/afl-main.log" 2>&1 9>&- &
main=$!
# shellcheck disable=SC2086
HALLOC_AFL_RUN=$run_id HALLOC_FUZZ_AFL_LOG=$reports $stop_with_me $limit afl-fuzz -i "$seeds" -o "$work/afl-out" -S asan -x fuzz/halloc.dict \
    -G "$max_len" -m none -t 5000 $vflag -- "$out/afl-asan" >"$work/afl-asan.log" 2>&1 9>&- &
second=$!
stopped=0
trap 'interrupted=1 stopped=1; kill "$main" "$second" 2>/dev/null' INT TERM HUP
# The first crash of either instance ends the run, as libFuzzer's does:
# AFL++ would fuzz on for the rest of FUZZ_TIME, or until ^C, with the bug
# it found still in (unless FUZZ_KEEP_GOING=1 asks for exactly that: the
# poller then only waits). Polled five times a second (a find over two
# small directories): once a second, each run ended up to a second after
# its crash or its afl-fuzz, and make check runs afl.sh a dozen times.
# afl.sh waits for the poller to see the done flag, so no sleep of it
# outlives the run.
# A target whose harness can no longer judge its inputs (fuzz/afl.c writes
# the reason to $harness_error) ends it too, FUZZ_KEEP_GOING=1 or not:
# afl-fuzz takes the target's exit for an input's end and forks the next.
keep_going=${FUZZ_KEEP_GOING:-0}
done_flag=$work/.afl-done stopped_flag=$work/.afl-stopped harness_error=$reports/harness-error
rm -f "$done_flag" "$stopped_flag"
# It ends with afl.sh too ($$ is afl.sh's in this subshell): an afl.sh
# killed from outside never writes the done flag, and the poller would run
# on and could kill the instances' pids after the kernel gave them to others.
(
    until [ -e "$done_flag" ] || ! kill -0 $$ 2>/dev/null; do
        if [ -e "$harness_error" ]; then
            echo "afl: the harness stopped its target (its line below): stopping both instances"
            : >"$stopped_flag"
            kill "$main" "$second" 2>/dev/null
            break
        fi
        # Its kind, not its path: a WORK named with a newline split the path.
        new=$(find "$work"/afl-out/*/crashes "$work"/afl-out/*/hangs -name 'id:*' -newer "$stamp" \
            \( -path '*/hangs/id:*' -printf 'hang\n' -o -printf 'crash\n' \) 2>/dev/null | head -n 1)
        if [ "$keep_going" != 1 ] && [ -n "$new" ]; then
            case $new in
            hang) echo "afl: AFL++ found a hang (an input still running at its -t limit, and after" \
                "$((AFL_HANG_TMOUT / 1000)) s run again alone): stopping both instances" ;;
            *) echo "afl: AFL++ found a crash: stopping both instances" ;;
            esac
            : >"$stopped_flag"
            kill "$main" "$second" 2>/dev/null
            break
        fi
        sleep 0.2
    done
) &
watcher=$!
how_long="until the first crash${secs:+ or for $secs s}"
if [ "$keep_going" = 1 ]; then
    how_long="${secs:+for $secs s}, collecting every crash (FUZZ_KEEP_GOING=1)"
    [ -n "$secs" ] || how_long="until ^C, collecting every crash (FUZZ_KEEP_GOING=1)"
fi
# What it starts from, as make fuzz names its corpus.
from="from $(name_shown "$seeds")"
[ "$from_empty" != 1 ] || from="unseeded (FROM_EMPTY=1), $from"
say "afl: running $from, $how_long (logs: $(name_shown "$work/afl-main.log"), $(name_shown "$work/afl-asan.log"))"
wait_for "$main"; rc_main=$?
wait_for "$second"; rc_second=$?
: >"$done_flag"
wait_for "$watcher"
kill_leftovers
# An instance that could not start (its output directory held by a stopped
# CMPLOG child of a run from before kill_leftovers, say) left its reason in
# its log and fuzzed nothing: its old stats and crashes are not this run's,
# and were listed as found while the other instance fuzzed alone.
# An instance still starting when this script stopped the run (a crash in
# the other's first second, an early ^C) aborts too, its fork server killed
# by afl-fuzz's own SIGKILL: no failure; like an aborted one, it fuzzed
# nothing, and its stats and crashes are an earlier run's.
[ -e "$stopped_flag" ] && stopped=1
aborted="" unstarted=""
for inst in main asan; do
    if [ "$stopped" = 1 ] && grep -q 'PROGRAM ABORT.*Fork server crashed with signal 9' "$work/afl-$inst.log"; then
        unstarted="$unstarted $inst"
    elif grep -q 'PROGRAM ABORT' "$work/afl-$inst.log"; then
        say "afl: AFL++'s $inst instance stopped (its log: $(name_shown "$work/afl-$inst.log")):"
        # Its colours dropped, then any other control character escaped (a
        # path it names, WORK's own): they reached the terminal raw.
        grep -A1 'PROGRAM ABORT' "$work/afl-$inst.log" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g; s/\x1b[()][A-Z0-9]//g; s/^/  /' |
            lines_shown
        aborted="$aborted $inst"
    fi
done
for inst in main asan; do
    case " $aborted $unstarted " in *" $inst "*) continue ;; esac
    stats="$work/afl-out/$inst/fuzzer_stats"
    [ -f "$stats" ] && grep -E '^(execs_done|execs_per_sec|saved_crashes|unique_crashes|saved_hangs) ' "$stats" | sed "s/^/  afl $inst: /"
done
# One bug often gives AFL++ many crashing inputs: name the first few, then
# one replay command, rather than a screenful of pairs. Printed after the
# stats, so the end of the run says where the crashes are and how to replay
# one (AFL++ prints no report of the harness: the replay does).
# An input AFL++ stopped at its -t limit, then at AFL_HANG_TMOUT run alone,
# is a hang (hangs/, here afl-INSTANCE-hang-id-N-...): a finding too, as
# libFuzzer's timeout is, listed after the crashes.
found=0 hangs=0 first="" first_instance="" names=""
for f in "$work"/afl-out/*/crashes/id:* "$work"/afl-out/*/hangs/id:*; do
    [ -f "$f" ] || continue
    instance=$(basename "$(dirname "$(dirname "$f")")")
    case " $aborted $unstarted " in *" $instance "*) continue ;; esac
    case $f in
    */hangs/*) what=hang tag=hang- hangs=$((hangs + 1)) ;;
    *) what=crash tag="" found=$((found + 1)) ;;
    esac
    name="afl-$instance-$tag$(basename "$f" | cut -d, -f1 | tr ':' '-')-$(cksum <"$f" | cut -d' ' -f1)"
    [ -e "$crashdir/$name" ] || cp "$f" "$crashdir/$name"
    [ -n "$first" ] || first="$crashdir/$name" first_what=$what first_instance=$instance \
        alone_corpus="$work/afl-out/$instance/queue"
    [ "$((found + hangs))" -le 5 ] && names="$names  $what: $(name_shown "$crashdir/$name")
"
done
# find_logged INSTANCE FILE: of the reports INSTANCE's binary printed while
# AFL++ ran it (its log: log, log_shown), the one whose replay line names a
# copy of FILE (fuzz/afl.c saves each input it reports): which (its number),
# and what (how it was found); which=0: none names one, the first stands in
# (a sanitizer's report names no input). A name is printed quoted for sh
# when it needs it (fuzz/crash-threads.c: '...', or $'...' for a control
# character), one line each: read back by quote.sh.
find_logged() {
    case $1 in main) log=$reports/afl.log ;; *) log=$reports/afl-$1.log ;; esac
    log_shown=$(name_shown "$log")
    which=0 what="the first report in $log_shown (none there names a copy of this input)"
    [ -s "$log" ] || return 0
    n=0
    while IFS= read -r copy; do
        n=$((n + 1))
        name_read "$copy"
        if cmp -s "$name_read" "$2"; then
            which=$n what="its report, from $log_shown"
            break
        fi
    done <<EOF
$(sed -n 's/^  reproduce: make replay .*CRASH=\(.*\), plus the variables .*/\1/p' "$log")
EOF
}

# logged_text: the report find_logged found. A report ends at its replay
# line (left out: the exact one follows) or at a sanitizer's ABORTING;
# which=0: the first, whichever it is. A sanitizer's report is followed,
# past its ABORTING, by the harness's op and replay line (its death
# callback: "sanitizer report above was raised"): the two are one report
# (the sanitizer's was dropped, so what failed was read from the harness's
# lines alone, unlike make fuzz). ASan's warnings about the huge requests
# the harness makes on purpose are noise.
logged_text() {
    [ -s "$log" ] || return 0
    awk -v which="$which" '
        /^  reproduce: / { if (++n == which || which == 0) exit; text = above = ""; next }
        /==[0-9]+==WARNING: AddressSanitizer failed to allocate / { next }
        { text = text $0 "\n" }
        /^==[0-9]+==ABORTING/ && which == 0 { exit }
        /^==[0-9]+==ABORTING/ { above = text; text = "" }
        END { if (index(text, "halloc-fuzz: sanitizer report above was raised")) text = above text; printf "%s", text }' "$log" |
        head -n 60
}

# logged_report INSTANCE FILE: for a crash whose replay passed, the report
# INSTANCE's binary printed while AFL++ ran FILE (find_logged).
logged_report() {
    find_logged "$1" "$2"
    if [ ! -s "$log" ]; then
        say "afl: its $1 instance printed no report while AFL++ ran it ($log_shown is empty)"
        return
    fi
    say "---- what the $1 instance printed when this input crashed it under AFL++: $what ----"
    logged_text
}

# AFL++ prints no report of the harness: the replay of the first crash
# does (and names a crash that passes alone as one).
# Persistent mode runs many inputs in one process, as replay -n does: a
# crash that needed the ones before it gets them from its instance's queue.
# -v: each input's "# PATH" line comes before its run (alone.sh needs it).
replay_in_one_process() { "$out/replay-cc" -n -s -v "$@"; }
alone_in_one_process=replay_in_one_process
# A hang is replayed once: replay -v stops it after its own limit (the
# timeout in fuzz/halloc.options, its default -t) and names the op.
if [ -n "$first" ] && [ -x "$out/replay-cc" ] && [ "$first_what" = hang ]; then
    say "---- the harness's report of the first hang: $out/replay-cc -v $(name_quoted "$first") ----"
    if HALLOC_FUZZ_EINVAL_FD=off "$out/replay-cc" -v "$first" 2>&1; then
        echo "afl: run alone, this input ended within the replay's $hang_secs s (fuzz/halloc.options' timeout), though AFL++ stopped it twice" \
            "(at its -t limit, then at $((AFL_HANG_TMOUT / 1000)) s run alone): slow near the limit, on a busy machine"
    fi
elif [ -n "$first" ] && [ -x "$out/replay-cc" ]; then
    # What failed, from the report the instance logged for it, as libfuzzer.sh
    # has it from its log: a crash that passes alone is told by it (alone.sh's
    # alone_failure; a finding about mappings names their placement first).
    # Only a report that names a copy of it: the first of the log may be
    # another input's.
    find_logged "$first_instance" "$first"
    [ "$which" = 0 ] || alone_failure=$(logged_text | failure_kind)
    replay_first afl "$out/replay-cc" "$first" || logged_report "$first_instance" "$first"
fi
# The aligned_alloc calls both instances' targets refused with EINVAL
# ($reports/einval, fuzz/afl.c), above a FUZZ FAILED line too, once: a
# failed run's end named none, where a clean one's does (below).
einval_said=""
say_einval() {
    [ -z "$einval_said" ] && [ -x "$out/replay-cc" ] || return 0
    einval_said=1
    "$out/replay-cc" --einval "$reports/einval" 2>&1
}
# Said before any crash it found first, which the lines after it list.
# Escaped (lines_shown), as the logs' tails are: fuzz/afl.c's line holds
# only its own text today, but it is read back from a file, as they are.
if [ -e "$harness_error" ]; then
    say_einval
    lines_shown <"$harness_error" | sed 's/^/afl: /'
    echo "FUZZ FAILED: the harness stopped AFL++ on a problem of its own, not on a finding in the allocator (the" \
        "HARNESS ERROR line above says what to do)"
fi
total=$((found + hangs))
if [ "$total" -gt 0 ]; then
    said=$(counted "$found" crash crashes)
    [ "$hangs" = 0 ] || said="$(counted "$hangs" hang) (inputs still running after $((AFL_HANG_TMOUT / 1000)) s)"
    [ "$hangs" = 0 ] || [ "$found" = 0 ] || said="$(counted "$found" crash crashes) and $said"
    say_einval
    say "FUZZ FAILED: AFL++ found $said, copied to $(name_shown "$crashdir")/:"
    printf '%s' "$names"
    [ "$total" -gt 5 ] && echo "  ... and $((total - 5)) more (often one bug; replay one, fix, fuzz again)"
    # shellcheck disable=SC2154 # set by alone.sh
    say "  replay it: make replay $vars$alone_before CRASH=$(name_quoted "$first")$alone_repeat"
    exit 1
fi
[ ! -e "$harness_error" ] || exit 2
if [ -n "$aborted" ]; then
    say_einval
    echo "FUZZ FAILED: AFL++'s${aborted} instance did not run to the end (reason above)"
    exit 2
fi
# 124: the guard had to stop it; anything else but 0 is an AFL++ failure,
# but for a ^C: the SIGTERM this script then sends kills an afl-fuzz that
# has not yet set its handlers (143), and AFL++ may exit 130.
for rc in $rc_main $rc_second; do
    if [ "$rc" -ne 0 ] && { [ "$stopped" = 0 ] || { [ "$rc" -ne 130 ] && [ "$rc" -ne 143 ]; }; }; then
        tail -n 20 "$work/afl-main.log" "$work/afl-asan.log" | lines_shown
        say_einval
        if [ "$rc" = 124 ] && [ -n "$secs" ]; then
            echo "FUZZ FAILED: afl-fuzz was still running $guard s past its time limit (-V $secs, FUZZ_TIME) and was" \
                "stopped: AFL++ did not end on its own (logs above)"
        else
            echo "FUZZ FAILED: afl-fuzz exited with status $rc (logs above)"
        fi
        exit 1
    fi
done
# What the adapter's claims left unjudged, and the aligned_alloc calls both
# instances' targets refused with EINVAL (fuzz/afl.c counts them in
# $reports/einval), as a clean make fuzz ends (AFL++ hides its targets'
# output): from the replay binary, when built.
[ ! -x "$out/replay-cc" ] || "$out/replay-cc" --unjudged "$reports/einval" 2>&1
echo "afl: no crashes"
