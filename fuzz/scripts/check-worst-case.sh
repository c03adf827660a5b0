#!/bin/sh
# check-worst-case.sh REPLAY: the costliest inputs of libFuzzer's max_len
# (fuzz/halloc.options) stay far from the engines' timeout. REPLAY is an
# ASan build of an allocator that serves 4 MiB blocks (glibc's adapter).
# Each input allocates and frees 4 MiB blocks into all 64 slots, or fills
# them (or the held pool: 4096 blocks, 128 KiB) and then verifies them all
# with every op; the harness fills and checks
# a run's first FUZZ_WHOLE_BYTES whole, then by samples (fuzz/harness.h).
# Asserted on what the harness counts (HALLOC_FUZZ_STATS), not on the clock:
# at most 1 GiB of block bytes filled or checked per input, about a second
# under ASan (before the budget: 20 GiB on the engines' schedule, and a
# replay timed out at op #124). An input twice as long runs as many ops:
# a run stops at FUZZ_MAX_OPS, which is max_len's records.
set -u
replay=$1
fail() { echo "fuzz-check-replay FAILED: worst-case inputs: $*"; exit 1; }
max_len=$(sed -n 's/^max_len *= *\([0-9][0-9]*\)$/\1/p' fuzz/halloc.options)
[ -n "$max_len" ] || fail "no max_len in fuzz/halloc.options"
records=$((max_len / 4)) bound=$((1 << 30))
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
# record N OP ARG: N records of OP with the 16-bit ARG, slot i % 64 for record i.
record() {
    LC_ALL=C awk -v n="$1" -v op="$2" -v arg="$3" 'BEGIN { for (i = 0; i < n; i++)
        printf "%c%c%c%c", op, i % 64, arg % 256, int(arg / 256) }'
}
# calloc S 63 65536 (arg 0xfc01 = 64513), 4032 KiB, into each slot in turn.
record "$records" 1 64513 >"$tmp/calloc-churn"
# 64 of them, then verify-all.
{ record 64 1 64513; record $((records - 64)) 7 0; } >"$tmp/verify-all"
# The held pool full: 16 records "hold 256 24" (op 17, COUNT byte 255,
# arg 24: 4096 blocks, about FUZZ_HELD_BYTES), then verify-all.
{ for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do printf '\021\377\030\000'; done
    record $((records - 16)) 7 0; } >"$tmp/held-verify-all"
# free(NULL) (free on an empty slot), twice max_len: the cap, cheaply.
record $((records * 2)) 4 0 >"$tmp/twice-max-len"
# The bound is on those counts; the clock is only a guard against a hang, so
# it is far past the engines' timeout: on a loaded 2-core machine (load 9)
# calloc-churn took longer than halloc.options' 10 s. Each takes up to some
# 10 s of CPU: 60 s times the load per core (load-scaled.sh).
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
for f in calloc-churn verify-all held-verify-all twice-max-len; do
    guard_by_load 60
    HALLOC_FUZZ_STATS=1 "$replay" -q -t "$guard_seconds" "$tmp/$f" >"$tmp/out" 2>&1 || fail "$f did not replay clean: $(tail -n 5 "$tmp/out")"
    line=$(grep "^halloc-fuzz: stats: $tmp/$f: " "$tmp/out") || fail "$f: no stats line: $(tail -n 5 "$tmp/out")"
    # shellcheck disable=SC2086 # its words: 4 the ops, 6 the bytes
    set -- $line
    [ "$4" = "$records" ] || fail "$f ($(wc -c <"$tmp/$f") bytes) ran $4 ops, not max_len's $records: $line"
    [ "$6" -le "$bound" ] || fail "$f: $6 bytes of blocks filled or checked, over $bound: $line"
    echo "fuzz-check-replay: worst case $f: $4 ops, $6 bytes of blocks filled or checked (at most $bound)"
done
