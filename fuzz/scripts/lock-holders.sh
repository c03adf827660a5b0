#!/bin/sh
# lock-holders.sh [-p] FILE: the processes that have FILE open, for the
# message of a run refused because a lock on FILE is taken (libfuzzer.sh,
# afl.sh): a flock lock is held while any process keeps the open file it
# was taken on - the run that took it, or a child it handed the file to, on
# after that run was killed. /proc names the one that took it even once it
# is gone; so every process with FILE open is named: "PID 123 (its command
# line; stopped, orphaned), ...", three at most, then how many more. -p:
# only their PIDs, one a line. Nothing if none has it open (freed since).
# Reads /proc only (no procps); the caller closes its own descriptor on
# FILE first, or is listed.
set -u
pids_only=0
[ "${1:-}" = -p ] && pids_only=1 && shift
file=$(readlink -f "${1:?usage: lock-holders.sh [-p] FILE}") || exit 0
# One find over every descriptor: a readlink each took 11 s on a loaded machine.
pattern=$(printf '%s\n' "$file" | sed 's/[][*?\\]/\\&/g')
find /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -lname "$pattern" 2>/dev/null | sed 's|^/proc/\([0-9]*\)/.*|\1|' | sort -un | {
    if [ "$pids_only" = 1 ]; then
        cat
        exit 0
    fi
    n=0 said=""
    while read -r pid; do
        [ -r "/proc/$pid/cmdline" ] || continue # ended since
        n=$((n + 1))
        [ "$n" -le 3 ] || continue
        cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | cut -c1-100)
        # State and parent follow the command's name, which may hold blanks and parentheses.
        # shellcheck disable=SC2046 # the fields, one word each
        set -- $(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null)
        how=""
        case ${1:-} in T | t) how="stopped" ;; esac
        [ "${2:-}" != 1 ] || how="${how:+$how, }orphaned"
        said="${said:+$said, }PID $pid (${cmd% }${how:+; $how})"
    done
    [ "$n" -le 3 ] || said="$said and $((n - 3)) more"
    printf '%s\n' "$said" | sed '/^$/d'
}
