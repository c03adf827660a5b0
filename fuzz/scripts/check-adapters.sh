#!/bin/sh
# check-adapters.sh CC OUT HARNESS_SOURCES...: the replay driver built over
# each broken adapter in fuzz/selftest must refuse to run: exit 2 and a
# message naming the mistake.
set -eu
cc=$1 out=$2
shift 2
harness="fuzz/replay.c $*"
mkdir -p "$out"
n=0
while read -r num expect; do
    case "$num" in '#'* | '') continue ;; esac
    bin=$out/broken-$num
    # shellcheck disable=SC2086
    $cc -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O0 -Ifuzz -DBROKEN="$num" $harness \
        fuzz/selftest/broken-adapter.c -o "$bin"
    rc=0
    "$bin" corpus/split.txt >"$bin.log" 2>&1 || rc=$?
    if [ "$rc" != 2 ] || ! grep -qF "$expect" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: broken adapter $num: exit $rc, expected 2 and \"$expect\"; it printed:"
        cat "$bin.log"
        exit 1
    fi
    n=$((n + 1))
done <fuzz/selftest/broken-adapter.cases
echo "fuzz-check-adapters: $n broken adapter tables each refused with a message naming the mistake"
