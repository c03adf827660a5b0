# shellcheck shell=sh
# none-left.sh, sourced by the checks that look for processes a run left:
# check-afl.sh and check-afl-stand-in.sh (afl.sh), check-stuck-watch.sh and
# check-mem-watch.sh, which define fail MESSAGE (prints it, exits 1).
# expect_none_left MARK WHAT: no process carries MARK (NAME=VALUE, put in the
# environment of the run only), else they are listed, killed and WHAT is
# named as having left them: AFL++'s CMPLOG fork server left its stopped
# persistent child behind, one more every few runs.
expect_none_left() {
    left=$("$(dirname "$0")"/marked-pids.sh "$1" | tr '\n' ' ')
    [ -z "$left" ] && return 0
    # shellcheck disable=SC2086
    ps -o pid,ppid,stat,args -p "$(echo $left | tr ' ' ,)"
    # shellcheck disable=SC2086
    kill -9 $left
    fail "$2 left the processes above behind (killed now)"
}

# await_none_left MARK: after a kill, polls until no process carries MARK,
# for up to NONE_LEFT_POLLS tenths of a second; false if one still does
# (then expect_none_left names them). A process sent SIGKILL is gone once it
# has been scheduled to exit, and a child PR_SET_PDEATHSIG ends dies only
# after its parent: niced at load 25 that took up to 1.1 s, and a fixed wait
# (1 s, 0.3 s) called them left. A process truly left (stopped, or blocked
# for good) stays, and costs the whole wait once, on the way to the failure.
NONE_LEFT_POLLS=100
await_none_left() {
    polls=0
    while [ -n "$("$(dirname "$0")"/marked-pids.sh "$1")" ]; do
        [ "$polls" -lt "$NONE_LEFT_POLLS" ] || return 1
        sleep 0.1
        polls=$((polls + 1))
    done
}
