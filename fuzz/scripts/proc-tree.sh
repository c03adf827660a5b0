# proc-tree.sh, sourced by fuzz/scripts/mem-watch.sh (a make fuzz-lab-batch
# row's memory cap) and fuzz/hardening/check.sh (stopping its background
# runs on ^C): the processes under a process, found through /proc alone (no
# procps, which a lab machine may lack). One copy, so a fix reaches both.
# shellcheck shell=sh

# tree_of PID: PID and every process under it, one a line, found through
# each thread's /proc/PID/task/TID/children (a child is listed under the
# thread that forked it); the subtree of $tree_skip, if set, left out.
# Nothing for an empty PID (a background run not started yet).
tree_of() {
    [ -n "$1" ] && [ "$1" != "${tree_skip:-}" ] || return 0
    echo "$1"
    # shellcheck disable=SC2013 # the files are PIDs separated by spaces: words, not lines
    for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree_of "$child"; done
}
