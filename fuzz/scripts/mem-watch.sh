# mem-watch.sh, sourced by lab-batch-one.sh (and check-mem-watch.sh, its
# test): a step of a make fuzz-lab-batch row run under the batch's memory
# cap. The sourcing script sets dir (the row's folder: mem-capped goes
# there) and BATCH_MEM_LIMIT_MB (MiB). Only /proc is read (no
# procps, which a lab machine may lack).
# shellcheck shell=sh
: "${dir?}"

# tree_of PID (and $tree_skip), nap: proc-tree.sh, beside this file (its
# sourcing scripts are in fuzz/scripts too).
# shellcheck source=fuzz/scripts/proc-tree.sh
. "$(dirname "$0")"/proc-tree.sh

# tree_kb PID...: the memory the processes hold together, in KiB: the sum
# of each one's proportional share (Pss: a page a fork shares with its
# parent counts half in each, as the replay's child shares the replay's
# heap), else, on a kernel without smaps_rollup, its RSS. Each PID once.
tree_kb() {
    for p in $(printf '%s\n' "$@" | sort -un); do
        cat /proc/"$p"/smaps_rollup 2>/dev/null || grep '^VmRSS:' /proc/"$p"/status 2>/dev/null
    done | awk '$1 == "Pss:" || $1 == "VmRSS:" { kb += $2 } END { print kb + 0 }'
}

# watch_mem PID: every fifth of a second, the memory of the processes under
# PID (this watcher's own left out) summed; past BATCH_MEM_LIMIT_MB MiB
# every one of them but PID is killed (SIGKILL), and DIR/mem-capped keeps
# the sum. All of them, not the biggest alone: a child of the one killed
# (a fork, a stopped tracee) was left orphaned, holding the lock of make
# fuzz its tree took, and the next batch's row could not fuzz. The tree is
# read again until none is left, as one may fork while the kill goes out.
# libFuzzer caps itself (-rss_limit_mb, the same figure); the replay and the
# lab traces run under ASan, whose shadow rules out RLIMIT_AS (and ASan's
# hard_rss_limit_mb does not reach the replay's forked child); the bench is
# watched too, one rule for all. Without it, an mm.c that mallocs or maps
# outside memlib without bound would grow until the machine's OOM killer.
watch_mem() {
    tree_skip=$(exec sh -c 'echo "$PPID"') # this watcher
    while nap 0.2; do
        # shellcheck disable=SC2046 # the PIDs, one word each
        kb=$(tree_kb $(tree_of "$1"))
        [ "$kb" -gt $((BATCH_MEM_LIMIT_MB << 10)) ] || continue
        echo "$((kb >> 10))" >"$dir/mem-capped"
        # The step ends at the first kill, and mem_capped then stops this
        # watcher: not before it has killed the rest.
        trap '' TERM
        rounds=0
        while under=$(tree_of "$1" | grep -vx "$1") && [ -n "$under" ] && [ "$rounds" -lt 50 ]; do
            # shellcheck disable=SC2086 # PIDs, one word each
            kill -9 $under 2>/dev/null
            rounds=$((rounds + 1))
            sleep 0.05
        done
        return 0
    done
}

# mem_capped CMD...: CMD in the foreground (a ^C reaches it), watch_mem beside it.
mem_capped() {
    rm -f "$dir/mem-capped"
    watch_mem $$ &
    watcher=$!
    "$@"
    capped_rc=$?
    kill "$watcher" 2>/dev/null
    wait "$watcher" 2>/dev/null
    return "$capped_rc"
}

# What a step stopped by watch_mem says (empty if it was not).
mem_cap_said() {
    [ -f "$dir/mem-capped" ] || return 0
    echo "its processes held $(cat "$dir/mem-capped") MiB, past the batch's $BATCH_MEM_LIMIT_MB MiB memory cap, and were stopped: mm.c takes memory outside memlib's heap (malloc, mmap, a big static array) without bound"
}
