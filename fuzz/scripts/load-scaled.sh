# shellcheck shell=sh
# load-scaled.sh, sourced: a wall-time limit that keeps near the CPU time it
# allows on a loaded machine (the other suites, other work beside them).
# scale_by_load SECONDS MAX sets scaled_seconds to SECONDS times the load
# per core, rounded up, at least SECONDS and at most MAX, and leaves load
# (the 1- or 5-minute load average, the larger, rounded up; empty when
# unread) and cores set. The 1-minute average lags a load that has just
# risen (a suite's own lanes starting, other work beside it): read alone
# and truncated, it gave a lab-batch row 60 s at a load near 10.
scale_by_load() {
    cores=$(nproc 2>/dev/null || echo 1)
    load=$(awk '{ l = $1 > $2 ? $1 : $2; printf "%d", l == int(l) ? l : int(l) + 1 }' /proc/loadavg 2>/dev/null)
    scaled_seconds=$(($1 * ((${load:-0} + cores - 1) / cores)))
    [ "$scaled_seconds" -ge "$1" ] || scaled_seconds=$1
    [ "$scaled_seconds" -le "$2" ] || scaled_seconds=$2
}

# scale_by_share SECONDS MAX: scale_by_load's, but by one over the share of
# a core this shell gets now when that is the larger: it spins half a second
# of wall time and counts the CPU it got (its own, in /proc/self/stat: no
# process is started). The load average counts a check at nice 5 beside six
# busy loops at nice 0 as one of seven, where the scheduler gives it a tenth
# of a core, not two sevenths; and it lags a load that has just risen. Sets
# share too (in hundredths of a core), which scale_by_share_read reuses.
scale_by_share() {
    own_cpu_ticks
    _ticks_before=$ticks
    read -r _up _ </proc/uptime
    _end=$((${_up%.*}${_up#*.} + 50)) # in hundredths of a second
    while read -r _up _ </proc/uptime && [ "${_up%.*}${_up#*.}" -lt "$_end" ]; do :; done
    # Ticks in half a second, as hundredths of the second's.
    own_cpu_ticks
    share=$(((ticks - _ticks_before) * 200 / $(getconf CLK_TCK 2>/dev/null || echo 100)))
    [ "$share" -gt 0 ] || share=1
    [ "$share" -le 100 ] || share=100
    unset _ticks_before _up _end
    scale_by_share_read "$1" "$2"
}

# scale_by_share_read SECONDS MAX: scale_by_share's limit by the share it
# read last (no second half second spun for a second limit).
scale_by_share_read() {
    scale_by_load "$1" "$2"
    _by_share=$((($1 * 100 + share - 1) / share))
    [ "$_by_share" -le "$scaled_seconds" ] || scaled_seconds=$_by_share
    [ "$scaled_seconds" -le "$2" ] || scaled_seconds=$2
    unset _by_share
}

# own_cpu_ticks sets ticks, the user and system clock ticks of this shell
# (a builtin's redirection: /proc/self is the shell; in a $(...) it would
# be a fresh subshell's). Its fields past the command's name in
# parentheses, which may hold blanks: utime, stime are the 12th and 13th.
own_cpu_ticks() {
    read -r _stat </proc/self/stat
    # shellcheck disable=SC2086 # split into its fields on purpose
    set -- ${_stat##*) }
    ticks=$((${12} + ${13}))
    unset _stat
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

# guard_by_load SECONDS sets guard_seconds, the wall-time limit of a command
# or a wait that is to end by itself, no timing test (a guard against its
# hang): SECONDS, its limit on an idle machine, times the load per core, up
# to ten times SECONDS and no more than 900 s (make check's CI gets 1200 in
# all).
guard_by_load() {
    _guard_max=$(($1 * 10))
    [ "$_guard_max" -le 900 ] || _guard_max=900
    scale_by_load "$1" "$_guard_max"
    guard_seconds=$scaled_seconds
    unset _guard_max
}

# wait_by_load SECONDS COMMAND...: runs COMMAND (a function, for a test of
# more than one command) every 0.1 s until it succeeds, for up to
# guard_by_load SECONDS of wall time, not of tries (each try takes longer
# under load); status 0 once it succeeded, else 1.
wait_by_load() {
    guard_by_load "$1"
    shift
    _wait_end=$(($(date +%s) + guard_seconds))
    until "$@"; do
        [ "$(date +%s)" -lt "$_wait_end" ] || return 1
        sleep 0.1
    done
}
