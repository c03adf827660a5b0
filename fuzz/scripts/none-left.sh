# shellcheck shell=sh
# none-left.sh, sourced by the checks that run afl.sh (check-afl.sh,
# check-make-vars.sh), which define fail MESSAGE (prints it, exits 1).
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
