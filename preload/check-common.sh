# preload/check-common.sh - sourced by check.sh and the parts it runs: a failure
# said, how each line of the shim's starts, and a dying program's output.
# shellcheck shell=sh
# shellcheck disable=SC2034 # fail, who and hang_limit are the sourcing script's
fail=0
# hang_limit: the timeout of a program that is to end, not hang, at once: 10 s
# times the load per core (fuzz/scripts/load-scaled.sh), so a busy machine
# alone never reads as a hang.
# shellcheck source=fuzz/scripts/load-scaled.sh
. "$(dirname "$0")/../fuzz/scripts/load-scaled.sh"
scale_by_load 10 100
hang_limit=$scaled_seconds
say_fail() { echo "check-preload: FAIL: $*"; fail=1; }
# How each line of the shim's starts (preload/log.h, SHIM_WHO), the debug
# library's reports too: a pipeline's lines say which program spoke.
who='halloc-preload: pid [0-9][0-9]* ([^)]*): '
# output_of_death FILE VAR=VALUE... PROGRAM ARGS...: prints what PROGRAM,
# which is to die of a signal, wrote (stdout and stderr, through FILE). The
# shell's "Aborted" notice goes where the command's stderr goes, as it does
# in $(...): here the redirection is made by a shell that PROGRAM replaces,
# and the notice of the shell that waits goes to /dev/null.
output_of_death() {
    out_file=$1
    shift
    sh -c 'exec env "$@" >"$0" 2>&1' "$out_file" "$@" 2>/dev/null
    cat "$out_file"
}
