# stuck-watch.sh, sourced by libfuzzer.sh: a fuzzer whose sanitizer hung
# with every thread stopped, found and killed, so make fuzz ends.
#
# To walk the heap (the leak check after an input; the heap profile of
# libFuzzer's out-of-memory report) a sanitizer stops every thread of the
# process: it clones a tracer, a child of its own, which ptrace-attaches to
# each thread, and the walk runs in that tracer. LLVM 14's runtime (Debian
# 12's) can deadlock there: the memory profile's tracer, symbolizing, waits
# for the loader's lock, which the main thread holds while it waits, in its
# leak check, to stop the world itself. Every thread then stays in tracing
# stop, where SIGTERM (^C, timeout) cannot end them: make fuzz never ended
# (3 runs in 140 of an mm.c that mallocs without bound, -rss_limit_mb=256).
# shellcheck shell=sh

# tree_of PID, nap, run_noting_pid: proc-tree.sh, beside this file.
# shellcheck source=fuzz/scripts/proc-tree.sh
. "$(dirname "$0")"/proc-tree.sh

# status_field PID FIELD: a field of /proc/PID/status (empty if gone).
status_field() {
    while IFS=' 	' read -r key value; do
        [ "$key" = "$2:" ] && echo "$value" && return
    done <"/proc/$1/status" 2>/dev/null
}

# cpu_ticks PID: the user and system time PID has used (its stat's 14th
# and 15th fields; the 2nd, its name in parentheses, may hold blanks).
cpu_ticks() {
    sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f12,13
}

# stopped_world PID...: "PROCESS TRACER TICKS" for the first process that
# a child of its own traces, TICKS the tracer's CPU time. A debugger is
# not its target's child (gdb -p, run from a shell), and is left alone.
stopped_world() {
    for p; do
        tracer=$(status_field "$p" TracerPid)
        case $tracer in '' | 0) continue ;; esac
        [ "$(status_field "$tracer" PPid)" = "$p" ] || continue
        echo "$p $tracer $(cpu_ticks "$tracer")"
        return
    done
}

# tree_ticks PID...: the CPU time (clock ticks) the processes have used, in
# all; read with the shell's own read, as the watch polls every second.
tree_ticks() {
    tree_ticks=0
    for tt_pid; do
        { read -r tt_stat <"/proc/$tt_pid/stat"; } 2>/dev/null || continue
        # shellcheck disable=SC2086 # the fields after the name, one word each
        add_stat_ticks ${tt_stat##*) }
    done
    echo "$tree_ticks"
}
# add_stat_ticks FIELD...: /proc/PID/stat's fields from the 3rd; its 14th
# and 15th (user and system time) added to tree_ticks.
add_stat_ticks() {
    shift 11
    tree_ticks=$((tree_ticks + $1 + $2))
}

# A libFuzzer whose -timeout alarm came while a sanitizer was writing a
# report (UBSan's, symbolizing its stack: slow on a loaded machine) hangs
# with no tracer: the alarm's handler prints libFuzzer's own timeout report
# in that same thread, and its stack trace waits, in a futex, for the
# symbolizer's lock that the interrupted report holds (LLVM 14's runtime).
# It saved its input first ("Test unit written to .../timeout-..."), and
# then uses no CPU, nor does any process under it. ALARM_IDLE seconds of
# that after libFuzzer's ALARM line (a timeout report takes a fraction of a
# second, and its symbolizer's work is counted, being a child) is that
# hang, not a report still being written; FUZZ_STUCK_SECONDS, if fewer.
ALARM_IDLE=5
# alarm_stuck LOG PID...: true when LOG's last lines hold libFuzzer's ALARM
# line and PID... (a process and those under it) used no CPU since the last
# poll ($alarm_ticks, kept here). The log is read only then: a fuzzer at
# work uses CPU.
alarm_stuck() {
    alarm_log=$1
    shift
    ticks=$(tree_ticks "$@")
    [ "$ticks" = "${alarm_ticks:-}" ] || { alarm_ticks=$ticks; return 1; }
    tail -n 60 "$alarm_log" 2>/dev/null | grep -q '^ALARM: working on the last Unit for '
}

# stuck_watch PIDFILE MARK SECONDS PARENT [LOG]: polled each second until the
# process PIDFILE names (written when it starts) or PARENT ends. A world
# stopped by one tracer that used no CPU for SECONDS polls in a row is a
# deadlock, not a walk (a leak check's tracer is new each time, and a walk
# of a big heap uses CPU): the stopped process and its tracer are killed
# (SIGKILL: a stopped process keeps SIGTERM pending) and MARK says
# "PROCESS TRACER SECONDS". With LOG (its output), a process hung in its
# timeout report (alarm_stuck) for ALARM_IDLE polls in a row, or SECONDS if
# fewer, is killed too, and MARK.alarm says "PROCESS SECONDS". SIGTERM ends
# the watch.
stuck_watch() {
    seen="" same=0 idle=0 alarm_ticks=""
    alarm_secs=$ALARM_IDLE
    [ "$3" -ge "$alarm_secs" ] || alarm_secs=$3
    while nap 1; do
        kill -0 "$4" 2>/dev/null || return 0
        pid=$(cat "$1" 2>/dev/null)
        [ -n "$pid" ] || continue
        kill -0 "$pid" 2>/dev/null || return 0
        tree=$(tree_of "$pid")
        # shellcheck disable=SC2086 # PIDs, one word each
        if [ -n "${5:-}" ] && alarm_stuck "$5" $tree; then
            idle=$((idle + 1))
            [ "$idle" -lt "$alarm_secs" ] || { echo "$pid $idle" >"$2.alarm"; kill -9 "$pid" 2>/dev/null; }
        else
            idle=0
        fi
        # shellcheck disable=SC2086 # PIDs, one word each
        now=$(stopped_world $tree)
        if [ -z "$now" ] || [ "$now" != "$seen" ]; then
            seen=$now same=0
            continue
        fi
        same=$((same + 1))
        [ "$same" -ge "$3" ] || continue
        stuck=${now%% *} rest=${now#* }
        tracer=${rest%% *}
        echo "$stuck $tracer $3" >"$2"
        kill -9 "$stuck" "$tracer" 2>/dev/null
        seen="" same=0
    done
}

# stuck_guarded SECONDS CMD...: CMD (a libFuzzer binary run again on
# saved inputs: the same runtime, the same deadlock) with stuck_watch
# beside it; its status, and a line on stderr if the watch killed it.
stuck_guarded() {
    guard_pid=$(mktemp) || return 2
    secs=$1
    shift
    stuck_watch "$guard_pid" "$guard_pid.stuck" "$secs" $$ </dev/null >/dev/null 2>&1 9>&- &
    guard=$!
    run_noting_pid "$guard_pid" "$@"
    guard_rc=$?
    kill "$guard" 2>/dev/null
    [ ! -s "$guard_pid.stuck" ] ||
        echo "fuzz: $1, run again on a saved input, hung with every thread stopped (stuck-watch.sh) and was killed after $secs s" >&2
    rm -f "$guard_pid" "$guard_pid.stuck"
    return "$guard_rc"
}

# stuck_said MARK LOG [NEXT]: the end of a run whose libFuzzer stuck_watch
# killed; NEXT, what is done about the lost input (by default: fuzz again).
stuck_said() {
    next=${3:-"fuzz again to have the input saved (the corpus keeps what this run found)"}
    read -r _ _ secs <"$1"
    error=$(grep -m1 -E '^==[0-9]+== ?ERROR: ' "$2" | sed -E 's/^==[0-9]+== ?//')
    echo "fuzz: libFuzzer hung in its report${error:+ (${error})}: its sanitizer had stopped every thread to" \
        "walk the heap, and the tracer doing it made no progress for $secs s (LLVM 14's runtime can deadlock" \
        "there when the heap profile of an out-of-memory report meets a leak check), so make fuzz killed it. It" \
        "saved no input: ${error:+the finding is that ERROR line; }$next. FUZZ_STUCK_SECONDS=n sets the wait (all" \
        "of libFuzzer's output: $2)"
}

# alarm_stuck_said ALARM_MARK LOG: the end of a run stuck_watch killed in
# its timeout report (ALARM_MARK: its MARK.alarm): the report the alarm cut
# into, by its first line (a sanitizer's ERROR or UBSan's runtime error
# before the ALARM line).
alarm_stuck_said() {
    read -r _ secs <"$1"
    cut=$(sed -n '/^ALARM: working on the last Unit for /q; p' "$2" |
        grep -E '^==[0-9]+== ?ERROR: [A-Za-z]+Sanitizer|: runtime error: ' | tail -n 1 | sed -E 's/^==[0-9]+== ?//')
    echo "fuzz: libFuzzer's -timeout fired while ${cut:+a sanitizer wrote its report (${cut}), }the input still running," \
        "and its timeout report, printed in the same thread, waited on the symbolizer's lock the interrupted report" \
        "held (LLVM 14's runtime), using no CPU for $secs s, so make fuzz killed it (all of libFuzzer's output: $2)"
}
