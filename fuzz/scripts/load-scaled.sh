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

# seeds_limit_by_load sets seeds_limit, the -t of a replay that is no timing
# test: of every seed, or of an op that waits on another thread. The replay
# drivers' plain default (the timeout of fuzz/halloc.options) is wall time:
# the slowest seed, corpus/held-deep.txt on a guard toy (a mapping and a
# guard page for each of its 4096 blocks), takes 0.6 s of CPU, 2.3 s of wall
# time at a load of 13 on 2 cores, and single replays ran past 10 s under
# heavier loads. Scaled by the load per core now, the CPU time an input may
# take stays near the default; a real hang still ends, in 100 s at most.
seeds_limit_by_load() {
    seeds_limit=$(sed -n 's/^timeout *= *\([0-9][0-9]*\) *$/\1/p' fuzz/halloc.options 2>/dev/null)
    scale_by_load "${seeds_limit:?no timeout = N line read from fuzz/halloc.options: run from the repository root}" 100
    seeds_limit=$scaled_seconds
}
