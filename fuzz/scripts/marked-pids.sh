#!/bin/sh
# marked-pids.sh NAME=VALUE: the pids, one per line, of the processes whose
# environment holds exactly NAME=VALUE. A variable every process of a run
# inherits marks the run's processes whatever session or parent they end up
# with (afl.sh kills AFL++'s leftovers by it; the checks look for them).
# Linux: reads /proc/PID/environ (only the caller's own processes are readable).
mark=${1:?usage: marked-pids.sh NAME=VALUE}
for proc in /proc/[0-9]*; do
    grep -qxzF "$mark" "$proc/environ" 2>/dev/null && echo "${proc#/proc/}"
done
exit 0
