#!/bin/sh
# check-m32.sh BUILD TRACE_TOOL RANDOM: runs what `make check-m32` built with
# gcc -m32 -static under qemu-i386 ($QEMU), since the kernel need not run i386
# binaries: the demo's exact output, tests/ilp32_limits.c, tests/ilp32_bench.c
# (the bench's trace sums), every corpus trace
# with every oracle after every op, and RANDOM pseudo-random inputs (fixed
# seed) with the checks on the fuzzers' schedule (replay -s).
# TRACE_TOOL is the native trace-tool: it writes the random inputs and the
# binary form of a text trace this build refuses.
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
build=$1 tool=$2 random=$3
qemu=${QEMU:-qemu-i386}
replay=$build/fuzz/halloc/replay-cc
# Its replays are no timing tests: their -t follows the load.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
# shellcheck source=fuzz/scripts/quote.sh
. fuzz/scripts/quote.sh # counted
seeds_limit_by_load
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "check-m32 FAILED: $*" >&2
    exit 1
}

command -v "$qemu" >/dev/null 2>&1 || fail "'$qemu' is not on PATH; install qemu-user (tools/ensure-deps check does)"

# The four lines tests/test_classic.c expects of the 64-bit demo.
expected='a = 42
b: 0 1 4 9 16 25 36 49 64 81
c = custom heap allocator
re-allocation successful'
out=$("$qemu" "$build/demo") || fail "the 32-bit demo exited with status $?"
[ "$out" = "$expected" ] || fail "the 32-bit demo printed:
$out"
echo "check-m32: demo prints its four lines"

"$qemu" "$build/tests/ilp32_limits" || fail "tests/ilp32_limits.c (above)"
"$qemu" "$build/tests/ilp32_bench" || fail "tests/ilp32_bench.c (above)"

# A text trace may hold a number only a 64-bit size_t holds (an overflowing
# calloc pair): the parser must refuse it, naming the width, and the same
# program as a binary input (encoded relative to SIZE_MAX) must replay clean.
# Every trace first, as many at once as there are cores (qemu runs on one;
# one after the other they left a core idle), its status and stderr in
# TMP/corpus-N.rc and .err; then each judged in turn.
n=0
for f in corpus/* corpus/regressions/*; do
    [ -f "$f" ] || continue
    case "$f" in *.note|*.md) continue ;; esac
    n=$((n + 1))
    printf '%s %s\n' "$n" "$f"
done >"$tmp/corpus.list"
# shellcheck disable=SC2016 # expanded by the sh that xargs runs
xargs -r -P "$(nproc 2>/dev/null || echo 1)" -L1 sh -c '"$1" "$2" -q -t "$3" "$5" 2>"$0/corpus-$4.err"; echo "$?" >"$0/corpus-$4.rc"' \
    "$tmp" "$qemu" "$replay" "$seeds_limit" <"$tmp/corpus.list"
clean=0 refused=0
while read -r n f; do
    if [ "$(cat "$tmp/corpus-$n.rc")" = 0 ]; then
        clean=$((clean + 1))
        continue
    fi
    cp "$tmp/corpus-$n.err" "$tmp/err"
    grep -q "does not fit this build's 32-bit size_t" "$tmp/err" || { cat "$tmp/err" >&2; fail "$f (above)"; }
    "$tool" to-bin "$f" "$tmp/as-binary" </dev/null || fail "trace-tool could not convert $f to binary"
    "$qemu" "$replay" -q -t "$seeds_limit" "$tmp/as-binary" </dev/null || fail "$f as a binary input (above)"
    refused=$((refused + 1))
    sed 's/^/check-m32: refused as text, as it should be: /' "$tmp/err"
done <"$tmp/corpus.list"
[ "$clean" -gt 0 ] || fail "no corpus trace found; run from the repository root"
echo "check-m32: $(counted "$clean" "corpus trace") replay clean; $(counted "$refused" "64-bit-only text trace")" \
    "refused, clean as binary"

mkdir "$tmp/random" "$tmp/random-odd"
"$tool" gen "$tmp/random" "$random" 1 || fail "trace-tool gen"
# -n: one process per half (a fork per input costs seconds under qemu),
# the two halves side by side (qemu runs on one core); each stops at the
# first input that fires an oracle and names it. -s: the whole-heap check
# and block verification on the schedule libFuzzer and AFL++ judge by (the
# first ops, every 8th, the last), not after every op: under qemu those
# were 40 of the 54 CPU-s of the 300 inputs; the corpus keeps the checks
# after every op. A failure's input, replayed without -s, stops at its op.
n=0
for f in "$tmp"/random/*; do
    n=$((n + 1))
    [ $((n % 2)) = 1 ] && mv "$f" "$tmp/random-odd/"
done
"$qemu" "$replay" -q -n -s -t "$seeds_limit" "$tmp/random-odd" >"$tmp/odd.log" 2>&1 &
odd=$!
even_rc=0 odd_rc=0
"$qemu" "$replay" -q -n -s -t "$seeds_limit" "$tmp/random" >"$tmp/even.log" 2>&1 || even_rc=$?
wait "$odd" || odd_rc=$?
cat "$tmp/odd.log" "$tmp/even.log"
{ [ "$odd_rc" = 0 ] && [ "$even_rc" = 0 ]; } ||
    fail "a random input (above; make them all again with: $tool gen DIR $random 1)"
echo "check-m32: $random random inputs replay clean (checked on the fuzzers' schedule)"
