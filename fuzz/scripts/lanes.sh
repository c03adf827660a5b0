# lanes.sh, sourced by the checks that run independent steps side by side
# (check-libfuzzer.sh, check-afl-lanes.sh, check-replays.sh, check-adapters.sh,
# check-lab-batch.sh, check-threads.sh, check-make-vars.sh, bench/script-tests.sh,
# examples/malloclab/check.sh): most
# of their steps are one process at a time, so one after the other they left
# all cores but one idle. One copy, so a fix reaches all of them.
#
# lanes LABEL LOGDIR JOBS NAME COMMAND [NAME COMMAND]...
#   Runs each COMMAND (eval'd in a subshell of its own, under the caller's
#   set -e if it has one) up to JOBS at a time (empty or 0: one per core),
#   the next started as soon as one ends, in the order given: put the
#   longest first. A step's output goes to LOGDIR/NAME.log; the logs are
#   printed in step order, each once it and every step before it have
#   ended. Each step that failed is then named in one line, LABEL first,
#   with its exit status and its log. Returns 0 if every step succeeded,
#   else 1. A ^C, TERM or HUP stops every step still running (each one's
#   whole process tree) and ends the caller with 130, 143 or 129.
#   It replaces the caller's INT, TERM and HUP traps and clears them after.
#   A caller under set -e whose steps count on it calls lanes untested (not
#   left of && or ||, nor in an if): bash ignores set -e there, in the
#   steps' subshells too (dash does not), and lanes' failure then ends it.
# lanes_beside LABEL LOGDIR JOBS NAME COMMAND [NAME COMMAND]...
#   The same, in the background, beside what the caller runs next; its
#   output is held until lanes_join. It sets EXIT, INT, TERM and HUP traps
#   that stop its steps and wait for them: a caller that fails or is stopped
#   before lanes_join leaves no step running.
# lanes_join: waits for lanes_beside's steps, prints their logs and failure
#   lines, clears those traps; returns lanes' status.
# shellcheck shell=sh

# Its callers run from the top of the tree, as make does.
# shellcheck source=fuzz/scripts/proc-tree.sh
. fuzz/scripts/proc-tree.sh

lanes() {
    if [ $# -lt 5 ] || [ $(($# % 2)) = 0 ]; then
        echo "lanes: usage: lanes LABEL LOGDIR JOBS NAME COMMAND [NAME COMMAND]... (got $# arguments)" >&2
        return 2
    fi
    lanes_label=$1 lanes_dir=$2 lanes_jobs=$3
    shift 3
    case $lanes_jobs in '' | 0 | *[!0-9]*) lanes_jobs=$(nproc 2>/dev/null || echo 1) ;; esac
    lanes_errexit=
    case $- in *e*) lanes_errexit=1 ;; esac
    set +e
    lanes_open "$@" || { [ -z "$lanes_errexit" ] || set -e; return 1; }
    trap 'lanes_stop 130' INT
    trap 'lanes_stop 143' TERM
    trap 'lanes_stop 129' HUP
    lanes_next=1 lanes_running=0 lanes_shown=1
    while [ "$lanes_next" -le "$lanes_n" ] || [ "$lanes_running" -gt 0 ]; do
        if [ "$lanes_next" -le "$lanes_n" ] && [ "$lanes_running" -lt "$lanes_jobs" ]; then
            lanes_start "$lanes_next"
            lanes_next=$((lanes_next + 1)) lanes_running=$((lanes_running + 1))
            continue
        fi
        # A step's last act is to write "INDEX STATUS" here: this read
        # blocks until one ends, with no polling.
        read -r lanes_i lanes_step_rc <&8 || lanes_stop 1
        eval "lanes_rc_$lanes_i=\$lanes_step_rc; wait \"\$lanes_pid_$lanes_i\""
        lanes_running=$((lanes_running - 1))
        lanes_show
    done
    exec 8<&-
    trap - INT TERM HUP
    lanes_report
    lanes_status=$?
    [ -z "$lanes_errexit" ] || set -e
    return "$lanes_status"
}

# lanes_open NAME COMMAND...: the steps kept as lanes_name_I and lanes_cmd_I
# (I from 1 to lanes_n), and fd 8 opened on a FIFO the steps report to. It
# is opened read-write, so no open blocks and no read sees an end of file,
# and unlinked at once: nothing is left behind.
lanes_open() {
    mkdir -p "$lanes_dir" || return 1
    lanes_n=0
    while [ $# -gt 0 ]; do
        lanes_n=$((lanes_n + 1))
        eval "lanes_name_$lanes_n=\$1 lanes_cmd_$lanes_n=\$2 lanes_rc_$lanes_n= lanes_pid_$lanes_n="
        shift 2
    done
    lanes_fifo=$lanes_dir/.lanes-fifo.$$
    rm -f "$lanes_fifo"
    if ! mkfifo "$lanes_fifo" || ! exec 8<>"$lanes_fifo"; then
        echo "$lanes_label FAILED: cannot make the FIFO $lanes_fifo the steps report to (is $lanes_dir writable?)"
        return 1
    fi
    rm -f "$lanes_fifo"
}

# lanes_start I: step I in the background, its output in its log, fd 8
# closed in it (a step's own processes never hold the FIFO), its status
# written to the FIFO when it ends.
lanes_start() {
    lanes_step_name='' lanes_step_cmd=''
    eval "lanes_step_name=\$lanes_name_$1 lanes_step_cmd=\$lanes_cmd_$1"
    (
        (
            [ -z "$lanes_errexit" ] || set -e
            eval "$lanes_step_cmd"
        ) >"$lanes_dir/$lanes_step_name.log" 2>&1 8>&-
        echo "$1 $?" >&8
    ) &
    eval "lanes_pid_$1=\$!"
}

# lanes_show: the logs of the steps ended, in step order, up to the first
# step still running.
lanes_show() {
    while [ "$lanes_shown" -le "$lanes_n" ]; do
        eval "lanes_step_rc=\$lanes_rc_$lanes_shown lanes_step_name=\$lanes_name_$lanes_shown"
        [ -n "$lanes_step_rc" ] || return 0
        cat "$lanes_dir/$lanes_step_name.log"
        lanes_shown=$((lanes_shown + 1))
    done
}

# lanes_report: a line for each step that failed; status 1 if one did.
lanes_report() {
    lanes_failed=0 lanes_i=1
    while [ "$lanes_i" -le "$lanes_n" ]; do
        eval "lanes_step_rc=\$lanes_rc_$lanes_i lanes_step_name=\$lanes_name_$lanes_i"
        if [ "$lanes_step_rc" != 0 ]; then
            echo "$lanes_label FAILED: step $lanes_step_name ended with status $lanes_step_rc;" \
                "its output is above and in $lanes_dir/$lanes_step_name.log"
            lanes_failed=1
        fi
        lanes_i=$((lanes_i + 1))
    done
    return "$lanes_failed"
}

# lanes_stop STATUS: every step still running stopped, whole, and the caller
# ended with STATUS. Each tree is frozen first (SIGSTOP), then listed again,
# so no process forked meanwhile escapes; then TERM and CONT end them all.
lanes_stop() {
    trap - INT TERM HUP
    lanes_pids='' lanes_stopped='' lanes_i=1
    while [ "$lanes_i" -le "${lanes_n:-0}" ]; do
        eval "lanes_step_rc=\$lanes_rc_$lanes_i lanes_step_pid=\$lanes_pid_$lanes_i lanes_step_name=\$lanes_name_$lanes_i"
        if [ -n "$lanes_step_pid" ] && [ -z "$lanes_step_rc" ]; then
            lanes_pids="$lanes_pids $lanes_step_pid" lanes_stopped="$lanes_stopped $lanes_step_name"
        fi
        lanes_i=$((lanes_i + 1))
    done
    # The steps' own subshells are left out: each, its step ended, writes
    # its status and ends (a shell killed by a signal says "Terminated").
    lanes_tree=
    for _ in 1 2; do
        # shellcheck disable=SC2086 # PIDs, one word each
        lanes_tree=$(for p in $lanes_pids; do tree_of "$p" | sed 1d; done)
        # shellcheck disable=SC2086
        [ -z "$lanes_tree" ] || kill -STOP $lanes_tree 2>/dev/null
    done
    # shellcheck disable=SC2086
    [ -z "$lanes_tree" ] || { kill -TERM $lanes_tree 2>/dev/null; kill -CONT $lanes_tree 2>/dev/null; }
    # shellcheck disable=SC2086
    wait $lanes_pids
    echo "$lanes_label: stopped (status $1) with steps still running, now ended:${lanes_stopped:- none};" \
        "their logs are in $lanes_dir"
    exit "$1"
}

lanes_beside() {
    mkdir -p "$2" || return 1
    lanes_beside_out=$2/.lanes-output
    lanes "$@" >"$lanes_beside_out" 2>&1 &
    lanes_beside_pid=$!
    # The background lanes ignore SIGINT (as every background job of a
    # script does): a TERM stops them, and their own trap their steps.
    lanes_beside_rc=0
    # The caller's status kept: under its set -e, a trap's failing command
    # would end the trap and make its own the script's.
    trap 'lanes_beside_rc=$?; lanes_beside_stop >/dev/null 2>&1 || :; exit "$lanes_beside_rc"' EXIT
    trap 'lanes_beside_stop || :; exit 130' INT
    trap 'lanes_beside_stop || :; exit 143' TERM
    trap 'lanes_beside_stop || :; exit 129' HUP
}
lanes_beside_stop() {
    [ -z "${lanes_beside_pid:-}" ] || kill -TERM "$lanes_beside_pid" 2>/dev/null || :
    lanes_join
}

lanes_join() {
    trap - EXIT INT TERM HUP
    [ -n "${lanes_beside_pid:-}" ] || return 0
    lanes_join_rc=0
    wait "$lanes_beside_pid" || lanes_join_rc=$?
    lanes_beside_pid=
    cat "$lanes_beside_out"
    return "$lanes_join_rc"
}
