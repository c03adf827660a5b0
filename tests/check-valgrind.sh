#!/bin/sh
# check-valgrind.sh PROBE PLAIN_PROBE: memcheck sees halloc blocks as it sees
# malloc's. PROBE is tests/valgrind_probe.c linked with the valgrind variant
# (-DHALLOC_VALGRIND=1); each user mistake in it must be reported by memcheck
# at the line that makes it, and a program without mistakes must be clean.
# PLAIN_PROBE, the same program on the plain library, must not see the
# overflow or the use after free (the heap is one mmap'd area to memcheck):
# it is the client requests that make them visible.
set -u
probe=$1 plain=$2
dir=$(mktemp -d) || exit 1
log=/dev/null
fail() { echo "check-valgrind FAILED: $*"; cat "$log"; rm -rf "$dir"; exit 1; }
command -v valgrind >/dev/null || fail "valgrind is missing: apt-get install -y valgrind"

# Every run first, as many at once as there are cores (one after the other,
# these 12 valgrinds were most of this check's time), then each judged below
# in turn: a run is PROBE or PLAIN and a mode, its output in DIR/BIN-MODE.log
# and its exit status in DIR/BIN-MODE.rc. Status 99 if memcheck reported
# anything; lost-seal asks for every leak kind and sets no status of its own.
# shellcheck disable=SC2016 # expanded by the sh that xargs runs
{
    for mode in clean overflow underflow use-after-free uninitialised leak stale-after-move lost-seal; do
        echo "probe $mode"
    done
    for mode in overflow underflow use-after-free stale-after-move; do echo "plain $mode"; done
} | PROBE=$probe PLAIN=$plain xargs -P "$(nproc 2>/dev/null || echo 1)" -L1 sh -c '
    bin=$PROBE opts="--error-exitcode=99 --errors-for-leak-kinds=definite"
    [ "$1" = probe ] || bin=$PLAIN
    [ "$2" != lost-seal ] || opts=--show-leak-kinds=all
    valgrind -q --leak-check=full $opts "$bin" "$2" >"$0/$1-$2.log" 2>&1
    echo "$?" >"$0/$1-$2.rc"' "$dir"

# memcheck probe|plain MODE: that run's status, its output in $log.
memcheck() {
    log=$dir/$1-$2.log
    return "$(cat "$dir/$1-$2.rc" 2>/dev/null || echo 127)"
}

# reported MODE TEXT...: memcheck reports the mode's mistake with every TEXT.
reported() {
    mode=$1
    shift
    memcheck probe "$mode"
    rc=$?
    [ "$rc" = 99 ] || fail "$mode: memcheck reported nothing (exit $rc)"
    for text in "$@"; do
        grep -qF -- "$text" "$log" || fail "$mode: no '$text' in memcheck's report"
    done
}

memcheck probe clean || fail "clean: memcheck reported errors on a correct program (exit $?)"
grep -q '^clean: ' "$log" || fail "clean: the probe did not finish"
reported overflow "Invalid write of size 1" "main (valgrind_probe.c:" "0 bytes after a block of size"
! grep -qF "lost in loss record" "$log" ||
    fail "overflow: a block past the damaged header outlived halloc_destroy (memcheck calls it lost)"
reported underflow "Invalid write of size 1" "main (valgrind_probe.c:"
reported use-after-free "Invalid read of size 1" "main (valgrind_probe.c:" "free'd" "halloc_free"
reported uninitialised "Conditional jump or move depends on uninitialised value(s)" "main (valgrind_probe.c:"
reported leak "bytes in 1 blocks are definitely lost" "halloc_malloc"
reported stale-after-move "Invalid read of size 1" "main (valgrind_probe.c:"
# A heap whose seal is damaged: destroy unmaps only what it can vouch for,
# but ends the heap to memcheck all the same: nothing left in use, not even
# the heap struct (a 704-byte block, which a heap never destroyed leaves).
memcheck probe lost-seal
rc=$?
[ "$rc" = 0 ] || fail "lost-seal: exit $rc (3: destroy did not say ENOTRECOVERABLE)"
! grep -qF "in loss record" "$log" || fail "lost-seal: a block outlived halloc_destroy of a heap with a damaged seal"

for mode in overflow underflow use-after-free stale-after-move; do
    memcheck plain "$mode" || fail "$mode on the plain library: memcheck reported it, so the test proves nothing"
done
rm -rf "$dir"
echo "check-valgrind: memcheck reports an overflow into a header (destroy still ends every block, also with the heap's seal damaged), an underflow into the heap's" \
    "bookkeeping, a use after free, a read of" \
    "uninitialised malloc memory, a leaked block and a read of a block's old place after realloc moved it down" \
    "on a halloc heap, at the user's line; a correct" \
    "program is clean; the plain library shows none of it (the client requests do)"
