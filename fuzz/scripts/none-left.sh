# shellcheck shell=sh
# none-left.sh, sourced by the checks that look for processes a run left:
# check-afl.sh and check-afl-stand-in.sh (afl.sh), check-stuck-watch.sh and
# check-mem-watch.sh, which define fail MESSAGE (prints it, exits 1).
# expect_none_left MARK WHAT: no process carries MARK (NAME=VALUE, put in the
# environment of the run only), else they are listed, killed and WHAT is
# named as having left them: AFL++'s CMPLOG fork server left its stopped
# persistent child behind, one more every few runs.
# A process on its way out is not left: afl.sh's kill -9 of a leftover
# returns before the process has run to its exit, which niced at load takes
# long; so its verdict waits for no marked process to be exiting (exiting
# below), then names those that remain. A stopped leftover nobody killed is
# named at once.
expect_none_left() {
    left=$(left_once_settled "$1")
    [ -z "$left" ] && return 0
    # shellcheck disable=SC2086
    ps -o pid,ppid,stat,args -p "$(echo $left | tr ' ' ,)"
    # shellcheck disable=SC2086
    kill -9 $left
    fail "$2 left the processes above behind (killed now)"
}

# exiting PID: the process is on its way out: SIGKILL pending (kill -9 sets
# it at once, until the process runs) or exiting (PF_EXITING, 0x4, in
# /proc/PID/stat's flags). False once it has gone.
exiting() {
    awk 'FILENAME ~ /stat$/ { sub(/.*\) /, ""); split($0, f, " "); if (int(f[7] / 4) % 2) out = 1 }
         /^(SigPnd|ShdPnd):/ { if (index("13579bdf", substr($2, length($2) - 2, 1))) out = 1 } # bit 8: SIGKILL
         END { exit !out }' "/proc/$1/stat" "/proc/$1/status" 2>/dev/null
}

# The waits below: a second's tenths, times the load per core (guard_by_load).
# shellcheck source=fuzz/scripts/load-scaled.sh
. "$(dirname "$0")"/load-scaled.sh

# left_once_settled MARK: the pids of the processes carrying MARK once none
# is exiting, nor a child of an exiting one (PR_SET_PDEATHSIG's signal comes
# in its parent's exit, after the parent's environment is gone). Past 60 s
# times the load per core (one still exiting then: the kernel holds it) it
# returns them all.
left_once_settled() {
    guard_by_load 60
    settle_polls=0
    while :; do
        left="" going=""
        for pid in $("$(dirname "$0")"/marked-pids.sh "$1"); do
            ppid=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f2)
            if exiting "$pid" || { [ -n "$ppid" ] && exiting "$ppid"; }; then going="$going $pid"; else left="$left $pid"; fi
        done
        if [ -z "$going" ] || [ "$settle_polls" -ge $((guard_seconds * 10)) ]; then
            left="$left$going"
            echo "${left# }"
            return
        fi
        sleep 0.1
        settle_polls=$((settle_polls + 1))
    done
}

# await_none_left MARK: after a kill, polls until no process carries MARK,
# for up to 10 s times the load per core; false if one still does
# (then expect_none_left names them). A process sent SIGKILL is gone once it
# has been scheduled to exit, and a child PR_SET_PDEATHSIG ends dies only
# after its parent: niced at load 25 that took up to 1.1 s, and a fixed wait
# (1 s, 0.3 s) called them left. A process truly left (stopped, or blocked
# for good) stays, and costs the whole wait once, on the way to the failure.
await_none_left() {
    wait_by_load 10 none_marked "$1"
}
none_marked() { [ -z "$("$(dirname "$0")"/marked-pids.sh "$1")" ]; }
