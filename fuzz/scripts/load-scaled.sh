# shellcheck shell=sh
# load-scaled.sh, sourced: a wall-time limit that keeps near the CPU time it
# allows on a loaded machine (the other suites, other work beside them).
# scale_by_load SECONDS MAX sets scaled_seconds to SECONDS times the load
# per core, rounded up, at least SECONDS and at most MAX, and leaves load
# (the 1-minute load average, whole; empty when unread) and cores set.
scale_by_load() {
    cores=$(nproc 2>/dev/null || echo 1)
    load=$(cut -d. -f1 /proc/loadavg 2>/dev/null)
    scaled_seconds=$(($1 * ((${load:-0} + cores - 1) / cores)))
    [ "$scaled_seconds" -ge "$1" ] || scaled_seconds=$1
    [ "$scaled_seconds" -le "$2" ] || scaled_seconds=$2
}
