# proc-tree.sh, sourced by fuzz/scripts/mem-watch.sh (a make fuzz-lab-batch
# row's memory cap), fuzz/scripts/stuck-watch.sh (libfuzzer.sh's watch for
# a sanitizer stuck with every thread stopped) and fuzz/hardening/check.sh
# (stopping its background runs on ^C): the processes under a process,
# found through /proc alone (no procps, which a lab machine may lack), and
# what a watcher of one needs. One copy, so a fix reaches all.
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

# nap SECONDS: a watcher's pause between polls, for `while nap 1; do`. The
# sleep runs in the background and is waited for, and a TERM (the watcher
# stopped) kills it and ends the watcher: a plain sleep would outlive it.
nap() {
    trap 'kill "$nap_pid" 2>/dev/null; exit 0' TERM
    sleep "$1" &
    nap_pid=$!
    wait "$nap_pid"
}

# run_noting_pid PIDFILE CMD...: CMD, its PID written to PIDFILE as it
# starts, for a watcher to read: sh execs CMD, which keeps that PID. CMD's
# stderr is the caller's (fd 3 carries it in); the waiting shell's is not,
# so a CMD the watcher killed gets no bare "Killed" from dash: the caller
# says what was killed and why.
run_noting_pid() {
    # shellcheck disable=SC2016 # expanded by that sh
    sh -c 'exec 2>&3 3>&-; echo $$ >"$0"; exec "$@"' "$@" 3>&2 2>/dev/null
}
