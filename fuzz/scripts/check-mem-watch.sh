#!/bin/sh
# check-mem-watch.sh, run by check-lab-batch.sh: the memory cap a make
# fuzz-lab-batch row's steps run under (mem-watch.sh), on a tree of
# processes made here. A tree past the cap - a shell holding 48 MiB under
# flock, with a child stopped (as a frozen fork or tracee) and one running,
# both holding the lock - is killed whole: no process of it left, the lock
# free (a child of the one process killed was left holding a row's fuzz
# lock, and the next batch could not fuzz), the cap said. The memory of a
# fork that shares its parent's pages counts once, not once in each. A
# busy lock's holders are named (lock-holders.sh). Prints only a failure,
# and exits 1.
set -u
cd "$(dirname "$0")/../.." || exit 1
fail() {
    echo "fuzz-check-lab-batch: FAIL: $*"
    exit 1
}
dir=$(mktemp -d) || fail "mktemp"
mark=HALLOC_MEM_WATCH_CHECK=$$
# Whatever fails, none of the tree is left behind.
trap 'left=$(fuzz/scripts/marked-pids.sh "$mark"); [ -z "$left" ] || kill -9 $left 2>/dev/null; rm -rf "$dir"' EXIT
# shellcheck source=fuzz/scripts/mem-watch.sh
. fuzz/scripts/mem-watch.sh
# shellcheck source=fuzz/scripts/none-left.sh
. fuzz/scripts/none-left.sh
# The waits and a hang's guard follow the load (guard_by_load, wait_by_load).
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
# One tree_of, proc-tree.sh's, which fuzz/hardening/check.sh sources too: two
# copies drifted apart (one had tree_skip).
defs=$(grep -rl '^ *tree_of() *{' fuzz tools | tr '\n' ' ')
[ "$defs" = "fuzz/scripts/proc-tree.sh " ] ||
    fail "tree_of is defined in ${defs:-no file}: keep the one in fuzz/scripts/proc-tree.sh and source it"
# A shell holding at least MIB mebibytes, in a variable, in memory it wrote.
hold="x=\$(head -c \$((MIB << 20)) /dev/zero | tr '\\0' x)"

# Shared pages counted once: a shell holding 24 MiB or more and a fork of
# it (a subshell waiting on a FIFO, so it keeps the pages) hold together
# what the shell holds alone, not twice that; and a process named twice
# counts once (a read apart, give or take a page or two).
mkfifo "$dir/fifo" || fail "mkfifo"
# shellcheck disable=SC2016 # the shell's own script: $0 is its argument
env "$mark" MIB=24 sh -c "$hold"'; { read -r _ <"$0"; } & echo >"$0.ready"; wait' "$dir/fifo" &
parent=$!
wait_by_load 30 test -f "$dir/fifo.ready"
tree=$(tree_of "$parent" | tr '\n' ' ')
alone=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$parent/status")
# shellcheck disable=SC2086 # PIDs, one word each
both=$(tree_kb $tree) twice=$(tree_kb $tree $tree)
: >"$dir/fifo"
wait "$parent"
if [ "$(echo "$tree" | wc -w)" != 2 ] || [ "${alone:-0}" -lt $((24 << 10)) ] || [ "$both" -gt $((alone * 5 / 4)) ] ||
    [ "$twice" -gt $((both + 1024)) ]; then
    fail "a shell holding ${alone:-?} KiB and its fork sharing them (processes $tree) counted as $both KiB, named twice as $twice KiB: expected about ${alone:-?}, once"
fi

# The whole tree killed past the cap, the lock freed.
BATCH_MEM_LIMIT_MB=16
lock=$dir/.libfuzzer.lock
guard_by_load 120
start=$(date +%s)
# The stopped child is in a session of its own, as AFL++'s fork server is:
# else, orphaned, the kernel would end it (SIGHUP to a stopped orphaned
# process group). The other child runs on.
mem_capped env "$mark" MIB=48 timeout "$guard_seconds" flock "$lock" sh -c \
    'setsid sh -c "kill -STOP \$\$" & tail -f /dev/null & '"$hold"'; wait' >"$dir/tree.log" 2>&1
rc=$?
took=$(($(date +%s) - start))
[ -f "$dir/mem-capped" ] || fail "a tree holding 48 MiB ran $took s under a 16 MiB cap, not stopped (status $rc): $(cat "$dir/tree.log")"
said=$(mem_cap_said)
case "$said" in "its processes held "*" MiB, past the batch's 16 MiB memory cap, and were stopped: "*) ;;
*) fail "the cap, once past, said: $said" ;; esac
await_none_left "$mark"
left=$(fuzz/scripts/marked-pids.sh "$mark" | tr '\n' ' ')
[ -z "$left" ] || fail "after the cap fired, the tree's processes $left are left: $(for p in $left; do
    tr '\0' ' ' <"/proc/$p/cmdline"; sed 's/^.*) \(.\).*/ [\1];/' "/proc/$p/stat"; done 2>/dev/null)"
flock -n "$lock" true || fail "after the cap fired, the lock is still held: $(fuzz/scripts/lock-holders.sh "$lock")"

# A lock still held: its holder named, stopped and orphaned as it is.
env "$mark" flock "$lock" sh -c 'sh -c "kill -STOP \$\$" & exit 0'
# shellcheck disable=SC2317 # called by wait_by_load
lock_held() { [ -n "$(fuzz/scripts/lock-holders.sh -p "$lock")" ]; }
wait_by_load 10 lock_held
stopped=$(fuzz/scripts/marked-pids.sh "$mark")
said=$(fuzz/scripts/lock-holders.sh "$lock")
[ "$said" = "PID $stopped (sh -c kill -STOP \$\$; stopped, orphaned)" ] ||
    fail "lock-holders.sh on a lock a stopped orphan ($stopped) holds said: '$said'"
kill -9 "$stopped"
exit 0
