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

# stuck_watch PIDFILE MARK SECONDS PARENT: polled each second until the
# process PIDFILE names (written when it starts) or PARENT ends. A world
# stopped by one tracer that used no CPU for SECONDS polls in a row is a
# deadlock, not a walk (a leak check's tracer is new each time, and a walk
# of a big heap uses CPU): the stopped process and its tracer are killed
# (SIGKILL: a stopped process keeps SIGTERM pending) and MARK says
# "PROCESS TRACER SECONDS". SIGTERM ends the watch.
stuck_watch() {
    seen="" same=0
    while nap 1; do
        kill -0 "$4" 2>/dev/null || return 0
        pid=$(cat "$1" 2>/dev/null)
        [ -n "$pid" ] || continue
        kill -0 "$pid" 2>/dev/null || return 0
        # shellcheck disable=SC2046 # PIDs, one word each
        now=$(stopped_world $(tree_of "$pid"))
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
