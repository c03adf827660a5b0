#!/bin/sh
# marked-pids.sh NAME=VALUE: the pids, one per line, of the processes whose
# environment holds exactly NAME=VALUE. A variable every process of a run
# inherits marks the run's processes whatever session or parent they end up
# with (afl.sh kills AFL++'s leftovers by it; the checks look for them).
# Linux: reads /proc/PID/environ (only the caller's own processes are readable).
# One grep reads them all: a grep per process took a second on a loaded
# machine, and afl.sh and the checks that run it call this after every run.
# A process that ended meanwhile is no error.
mark=${1:?usage: marked-pids.sh NAME=VALUE}
grep -lxzF "$mark" /proc/[0-9]*/environ 2>/dev/null | sed -n 's|^/proc/\([0-9]*\)/environ$|\1|p'
exit 0
