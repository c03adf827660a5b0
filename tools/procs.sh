# shellcheck shell=sh
# procs.sh, sourced: the machine's processes, read from /proc (Linux), so
# that a check can name what it left running or what hung without procps,
# which a minimal Debian lacks.

# procs_table: one line per process, "PID PPID PGRP STATE START_TICKS",
# from /proc/PID/stat. A command's name there may hold spaces and
# parentheses, so the fields are read after its last ")". One cat for them
# all: a process gone between the glob and its read is skipped.
procs_table() {
    cat /proc/[0-9]*/stat 2>/dev/null |
        awk '{ pid = $1; sub(/^.*\) /, ""); print pid, $2, $3, $1, $20 }'
}

# procs_running PID: the process is there and no zombie (a shell reaps its
# background job only at its wait). No process started: it runs in polls.
procs_running() {
    { read -r _stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    _stat=${_stat##*) }
    [ "${_stat%% *}" != Z ]
}

# procs_in_group PGRP: the pids of the group's live processes, one line,
# each after a space; empty when none is left. Zombies are not counted: an
# orphan's may never be reaped where nothing reaps (a container's PID 1).
procs_in_group() {
    procs_table | awk -v group="$1" '$3 == group && $4 != "Z" { printf " %s", $1 }'
}

# procs_left WAITS LISTER [ARG...]: LISTER ARG... prints pids (procs_in_group,
# say); while it prints any, it is run again 0.2 s later, up to WAITS times,
# and what it printed last is printed: nothing once all are gone. The kernel
# ends each killed process in its own time, a TERM's handler in its own too.
procs_left() {
    _waits=$1
    shift
    _left=$("$@")
    while [ -n "$_left" ] && [ "$_waits" -gt 0 ]; do
        sleep 0.2
        _left=$("$@")
        _waits=$((_waits - 1))
    done
    printf '%s' "$_left"
}

# procs_below ROOT [SKIP]: the pids of ROOT's descendants, parents first,
# one a line as "DEPTH PID START_TICKS"; SKIP's subtree (a watcher's own) is
# left out.
procs_below() {
    procs_table | awk -v root="$1" -v skip="${2:-}" '
        { start[$1] = $5; kids[$2] = kids[$2] " " $1 }
        function walk(pid, depth,   n, i, list) {
            n = split(kids[pid], list, " ")
            for (i = 1; i <= n; i++)
                if (list[i] != skip) { print depth, list[i], start[list[i]]; walk(list[i], depth + 1) }
        }
        END { walk(root, 0) }'
}

# procs_tree ROOT [SKIP]: procs_below's processes as a reader wants them:
# indented by depth, each with the seconds it has run and its command line
# (cut at 200 characters, one screen for a tree of a dozen).
procs_tree() {
    _ticks=$(getconf CLK_TCK 2>/dev/null || echo 100)
    _up=$(cut -d' ' -f1 /proc/uptime 2>/dev/null || echo 0)
    procs_below "$@" | while read -r _depth _pid _start; do
        [ -e "/proc/$_pid" ] || continue # gone since the table was read
        _args=$(tr '\0' ' ' 2>/dev/null <"/proc/$_pid/cmdline" | cut -c1-200)
        [ -n "$_args" ] || _args="[$(cut -d' ' -f2 "/proc/$_pid/stat" 2>/dev/null)]"
        awk -v d="$_depth" -v p="$_pid" -v s="$_start" -v t="$_ticks" -v u="$_up" -v a="$_args" \
            'BEGIN { printf "%*s%s  %d s  %s\n", 2 + 2 * d, "", p, u - s / t, a }'
    done
}
